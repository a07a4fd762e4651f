"""The left navigation: each app registers its module; the shell shows what a user may use."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "point"
    # ``visible(scope) -> bool``; None means every signed-in user.
    visible: object = None


@dataclass
class NavModule:
    key: str
    label: str
    icon: str
    order: int
    items: list = field(default_factory=list)


_modules = {}


def register_module(key, label, icon, order, items):
    _modules[key] = NavModule(key=key, label=label, icon=icon, order=order, items=list(items))


def modules_for(scope):
    result = []
    for module in sorted(_modules.values(), key=lambda m: m.order):
        items = [i for i in module.items if i.visible is None or scope.is_global_admin or i.visible(scope)]
        if items:
            result.append(NavModule(module.key, module.label, module.icon, module.order, items))
    return result
