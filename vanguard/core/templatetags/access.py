"""``{% may "review" report %}…{% else %}…{% endmay %}``: the access policy, read in a template.

The action is an action name with a row or a model, or the name of an ``Ability``
(``{% may "orglife.compliance" %}``). It asks ``core.access.may`` for the signed-in user.
"""

from django import template

from vanguard.core import access

register = template.Library()


class MayNode(template.Node):
    def __init__(self, action, obj, allowed, refused):
        self.action, self.obj, self.allowed, self.refused = action, obj, allowed, refused

    def render(self, context):
        action = self.action.resolve(context)
        obj = self.obj.resolve(context) if self.obj is not None else None
        user = context.get("user") or getattr(context.get("request"), "user", None)
        if obj is None and isinstance(action, str):
            action = access.abilities().get(action, action)
        known = obj is not None or isinstance(action, access.Ability)
        allowed = user is not None and known and access.may(user, action, obj)
        return (self.allowed if allowed else self.refused).render(context)


@register.tag("may")
def do_may(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError('用法:{% may "动作" 对象 %}…{% else %}…{% endmay %}')
    action = parser.compile_filter(bits[1])
    obj = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    allowed = parser.parse(("else", "endmay"))
    refused = template.NodeList()
    if parser.next_token().contents == "else":
        refused = parser.parse(("endmay",))
        parser.delete_first_token()
    return MayNode(action, obj, allowed, refused)
