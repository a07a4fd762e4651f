"""Forms of the org pages. They validate input; the services do the writes."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from vanguard.core.forms import StyledFormMixin, VersionField

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


class TreeNodeChoiceField(forms.ModelChoiceField):
    """A select of tree nodes labelled by their full path, so same-named teams differ."""

    widget = PathSelect

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path_labels = TreePathLabels()

    def label_from_instance(self, obj):
        return self._path_labels(obj)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._path_labels = TreePathLabels()
        return result


class TreeNodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = PathSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path_labels = TreePathLabels()

    def label_from_instance(self, obj):
        return self._path_labels(obj)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._path_labels = TreePathLabels()
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
        widgets = {"founded_on": forms.DateInput(), "units": PathSelectMultiple(attrs={"size": 8})}
        field_classes = {"units": TreeNodeMultipleChoiceField}
        help_texts = {"units": "本组织覆盖的行政单位(含其下级单位);按住 Ctrl 可多选。"}


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
