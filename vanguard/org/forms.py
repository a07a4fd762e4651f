"""Forms of the org pages. They validate input; the services do the writes."""

from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from vanguard.core.choices import Action
from vanguard.core.forms import StyledFormMixin, VersionField
from vanguard.core.pickers import MultiPickerField, MultiPickerWidget, PickerWidget, Source, register_source

from . import selectors
from .models import PartyMembership, PartyOrg, Person, Unit
from .services import PERSON_FIELDS


class TreePathLabels:
    """Labels ``轧管厂/一作业区/甲班`` for tree nodes met in path order, without extra queries.

    The choices of a tree select are iterated in path order, so every node's nearest
    listed ancestor has been labelled before it. Top nodes (company, committee) are
    not repeated in front of every label.
    """

    def __init__(self):
        self.labels = {}

    def __call__(self, node):
        label = self.labels.get(node.path)
        if label is None:
            parent_label = ""
            if node.depth > 2:
                path = node.path
                while len(path) > 2 * node.steplen and not parent_label:
                    path = path[: -node.steplen]
                    parent_label = self.labels.get(path, "")
            label = f"{parent_label}/{node.name}" if parent_label else node.name
            self.labels[node.path] = label
        return label


class PathSelect(forms.Select):
    """A select that builds its options in Python: a company's unit tree has thousands of nodes,
    and rendering each option through a template would dominate the page."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                ("" if v is None else str(v), " selected" if str(v) in selected else "", label)
                for v, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class PathSelectMultiple(PathSelect, forms.SelectMultiple):
    pass


# A tree field offering at most this many nodes stays a plain select (a branch secretary's own
# branches, a plant's work areas): read at a glance, no typing. Longer lists become a picker.
SHORT_LIST = 30


def _node_hint(node):
    """The parent path and kind under a picker match: which 甲班, which 第一党小组."""
    parent = getattr(node, "parent_label", "")
    kind = node.get_kind_display()
    return f"{parent} · {kind}" if parent else kind


def _with_path_labels(model):
    def prepare(nodes):
        labels = selectors.path_labels(model, nodes)
        for node in nodes:
            node.path_label = labels.get(node.path) or str(node)
            node.parent_label = node.path_label.rpartition("/")[0]

    return prepare


def _tree_options(model):
    def options(user, params):
        """The nodes the user may see, of the kinds the field offers (``kind=branch,general_branch``)."""
        nodes = model.objects.restrict(user, Action.VIEW)
        known = dict(model._meta.get_field("kind").flatchoices)
        kinds = [k for k in (params.get("kind") or "").split(",") if k in known]
        return nodes.filter(kind__in=kinds) if kinds else nodes

    return options


def _search_nodes(nodes, text):
    """Name (or a party org's display name) containing ``text``, or 编码 starting with it; in tree order.
    The trees are a few thousand rows at most: a scan, no index needed."""
    match = Q(name__icontains=text) | Q(code__istartswith=text)
    if nodes.model is PartyOrg:
        match |= Q(label__icontains=text)
    return nodes.filter(match).order_by("path")


TREE_SOURCES = {
    model: register_source(
        Source(
            name=f"org.{model._meta.model_name}",
            options=_tree_options(model),
            search=_search_nodes,
            label=str,
            hint=_node_hint,
            chosen=lambda node: getattr(node, "path_label", str(node)),
            prepare=_with_path_labels(model),
        )
    )
    for model in (PartyOrg, Unit)
}


class TreeNodeWidget(PickerWidget):
    """A short list as a select of path labels; a long one as a picker searching the tree's source.

    The field gives its queryset (what may be chosen); the widget reads at most ``SHORT_LIST + 1``
    of it to decide, and for a picker the kinds on offer, so the search offers those kinds only.
    """

    empty_label = "---------"

    def __init__(self, attrs=None):
        super().__init__(source="", placeholder="输入名称搜索", attrs=attrs)
        self.queryset = None
        self.chosen = None  # the node the field cleaned, labelled: no second query to show it

    def render(self, name, value, attrs=None, renderer=None):
        model = getattr(self.queryset, "model", None)
        if model not in TREE_SOURCES:
            return self._render_select(name, value, attrs, [])
        rows = list(self.queryset.order_by("path").values_list("pk", "path", "depth", "name")[: SHORT_LIST + 1])
        if len(rows) <= SHORT_LIST:
            return self._render_select(name, value, attrs, [NodeRef(*row, model.steplen) for row in rows])
        self.source = TREE_SOURCES[model].name
        kinds = self.queryset.order_by().values_list("kind", flat=True).distinct()
        self.params = {"kind": ",".join(sorted(kinds))}
        return super().render(name, value, attrs, renderer)

    def _render_select(self, name, value, attrs, nodes):
        attrs = self.build_attrs(self.attrs, attrs)
        classes = ["form-select" if c == "form-control" else c for c in attrs.get("class", "form-select").split()]
        attrs["class"] = " ".join(dict.fromkeys(classes))
        labels = TreePathLabels()
        choices = [("", self.empty_label)] if self.empty_label is not None else []
        choices += [(str(node.pk), labels(node)) for node in nodes]
        current = "" if value is None else str(value)
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>', ((v, " selected" if v == current else "", t) for v, t in choices)
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)

    def chosen_label(self, value):
        if self.chosen is not None and str(self.chosen.pk) == str(value):
            return self.chosen.path_label
        return super().chosen_label(value)


class NodeRef(NamedTuple):
    """What an option needs of a tree node, without building a model instance per option."""

    pk: int
    path: str
    depth: int
    name: str
    steplen: int


class TreeNodeChoiceField(forms.ModelChoiceField):
    """A tree node among ``queryset``, labelled by its path so same-named teams differ.

    Shown as a select up to ``SHORT_LIST`` nodes, as a searchable picker beyond; either way the
    posted id is checked against the queryset (the user's scope), and the current node is shown.
    """

    widget = TreeNodeWidget

    def __init__(self, queryset, *, empty_label="---------", **kwargs):
        super().__init__(queryset, empty_label=empty_label, **kwargs)
        self.widget.empty_label = self.empty_label

    def _set_queryset(self, queryset):
        self._queryset = None if queryset is None else queryset.all()
        self.widget.queryset = self._queryset
        self.widget.lookup = self._labelled

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def _labelled(self, value):
        """The node ``value`` within the queryset, with its path label, in one query (None if not there)."""
        if self.queryset is None:
            return None
        try:
            chosen = self.queryset.filter(pk=value)
            # The node and its ancestors (the nodes whose path begins its path), for the label.
            ancestry = Exists(chosen.filter(path__startswith=OuterRef("path")))
            chain = list(self.queryset.model.objects.filter(ancestry).order_by("path"))
        except (ValueError, TypeError):
            return None
        if not chain or str(chain[-1].pk) != str(value):
            return None
        node = chain[-1]
        # The top node (company, committee) is not repeated in front of every label.
        node.path_label = "/".join(n.name for n in chain if n.depth > 1 or n is node)
        return node

    def to_python(self, value):
        if value in self.empty_values:
            self.widget.chosen = None
            return None
        node = self._labelled(value)
        if node is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        self.widget.chosen = node
        return node

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.queryset = result._queryset
        result.widget.lookup = result._labelled
        result.widget.chosen = None
        return result


def tree_choice(name: str, queryset, value, *, html_id: str, empty_label: str | None = "全部") -> str:
    """A tree node choice written into a hand-made form (no Django form): a select, or a picker past
    ``SHORT_LIST`` nodes, with ``value`` chosen. The view checks the submitted id itself."""
    field = TreeNodeChoiceField(queryset=queryset, required=empty_label is None, empty_label=empty_label)
    return field.widget.render(name, "" if value is None else value, attrs={"id": html_id, "class": "form-select"})


class TreeNodeMultipleWidget(MultiPickerWidget):
    """Several nodes: a short list as a multiple select of path labels; a long one as a picker of chips."""

    def __init__(self, attrs=None):
        super().__init__(source="", placeholder="输入名称搜索,可选多个", attrs=attrs)
        self.queryset = None

    def render(self, name, value, attrs=None, renderer=None):
        model = getattr(self.queryset, "model", None)
        if model not in TREE_SOURCES:
            return PathSelectMultiple(self.attrs).render(name, value, attrs)
        rows = list(self.queryset.order_by("path").values_list("pk", "path", "depth", "name")[: SHORT_LIST + 1])
        if len(rows) <= SHORT_LIST:
            labels = TreePathLabels()
            classes = ["form-select" if c == "form-control" else c for c in self.attrs.get("class", "").split()]
            select_attrs = {**self.attrs, "class": " ".join(dict.fromkeys(classes)) or "form-select"}
            select = PathSelectMultiple({"size": min(8, max(len(rows), 2)), **select_attrs})
            select.choices = [(node.pk, labels(node)) for node in (NodeRef(*row, model.steplen) for row in rows)]
            return select.render(name, value, attrs)
        self.source = TREE_SOURCES[model].name
        kinds = self.queryset.order_by().values_list("kind", flat=True).distinct()
        self.params = {"kind": ",".join(sorted(kinds))}
        return super().render(name, value, attrs, renderer)


class TreeNodeMultipleChoiceField(MultiPickerField):
    """Several tree nodes among ``queryset``: a multiple select up to ``SHORT_LIST`` nodes, chips picked
    through a search beyond; either way the posted ids are checked against the queryset."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", TreeNodeMultipleWidget())
        super().__init__(queryset, source="", **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.queryset = result._queryset
        return result


class PersonForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {"birth_date": forms.DateInput()}
        field_classes = {"unit": TreeNodeChoiceField}
        help_texts = {"id_card": "18 位,末位可为 X;将校验出生日期与校验码。", "employee_no": "全公司唯一。"}

    def __init__(self, *args, unit_queryset=None, show_id_card=True, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_queryset is not None:
            self.fields["unit"].queryset = unit_queryset.order_by("path")
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
        # A viewer who may not read the stored card sees it masked; leaving it (or blank) keeps it.
        self.keeps_id_card = not show_id_card and bool(self.instance.pk and self.instance.id_card)
        if self.keeps_id_card:
            self.fields[
                "id_card"
            ].help_text = "出于保护个人信息已脱敏显示;不修改请保留原样,如需更正请填写完整的18位身份证号。"
            self.initial["id_card"] = self.instance.id_card_masked

    def clean_id_card(self):
        card = self.cleaned_data.get("id_card") or ""
        if self.keeps_id_card and (not card.strip() or "*" in card):
            return self.instance.id_card  # unchanged: the model checks only what is typed anew
        return card


class MembershipForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()
    moved_on = forms.DateField(
        label="转接日期",
        required=False,
        widget=forms.DateInput(),
        help_text="更换党组织时填写,记入组织关系转接历史;不填则为今天。",
    )
    note = forms.CharField(label="转接说明", required=False, max_length=200)

    class Meta:
        model = PartyMembership
        fields = ["party_org", "status", "joined_on", "regularised_on", "post"]
        widgets = {"joined_on": forms.DateInput(), "regularised_on": forms.DateInput()}
        field_classes = {"party_org": TreeNodeChoiceField}

    def __init__(self, *args, party_org_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if party_org_queryset is not None:
            self.fields["party_org"].queryset = party_org_queryset.order_by("path")
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version


class TreeNodeForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()
    parent = TreeNodeChoiceField(
        label="上级", queryset=None, required=False, help_text="不选则为顶级节点(仅系统管理员可建)。"
    )

    def __init__(self, *args, parent_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_queryset.order_by("path") if parent_queryset is not None else None
        if self.instance.pk:
            del self.fields["parent"]
            if not self.is_bound:
                self.fields["version"].initial = self.instance.version
        else:
            self.order_fields(["parent"])


class PartyOrgForm(TreeNodeForm):
    class Meta:
        model = PartyOrg
        fields = ["name", "kind", "code", "founded_on", "units"]
        widgets = {"founded_on": forms.DateInput()}
        field_classes = {"units": TreeNodeMultipleChoiceField}
        help_texts = {"units": "本组织覆盖的行政单位(含其下级单位),可选多个。"}


class UnitForm(TreeNodeForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "code"]


class MoveForm(StyledFormMixin, forms.Form):
    new_parent = TreeNodeChoiceField(label="移动到", queryset=None, help_text="连同全部下级一起移动。")

    def __init__(self, *args, parent_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parent_queryset.order_by("path")


class RoleAssignmentForm(StyledFormMixin, forms.Form):
    """Grant a role to a person on a party org or a unit; opens an account if they have none."""

    employee_no = forms.CharField(label="工号", max_length=32)
    role = forms.ChoiceField(label="角色", help_text="班组长授在班组上,工会干部授在分厂/部门上,党内角色授在党组织上。")
    party_org = TreeNodeChoiceField(label="党组织", queryset=None, required=False)
    unit = TreeNodeChoiceField(label="单位", queryset=None, required=False)
    include_descendants = forms.BooleanField(label="含下级", required=False, initial=True)
    password = forms.CharField(
        label="初始密码",
        required=False,
        widget=forms.PasswordInput(render_value=True),
        help_text="该人员尚无账号时必填,账号的用户名为其工号。",
    )

    def __init__(self, *args, role_choices, party_orgs, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices
        self.fields["party_org"].queryset = party_orgs.order_by("path")
        self.fields["unit"].queryset = units.order_by("path")
        self.people = people

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        person = self.people.filter(employee_no=number).select_related("user").first()
        if person is None:
            raise forms.ValidationError("未找到该工号的人员,或其不在您的管理范围内。")
        self.person = person
        return number

    def clean(self):
        data = super().clean()
        if data.get("party_org") and data.get("unit"):
            raise forms.ValidationError("党组织和单位只能选择其一。")
        person = getattr(self, "person", None)
        if person is not None and person.user_id is None and not data.get("password"):
            self.add_error("password", "该人员尚无账号,请设置初始密码。")
        return data
