"""Forms of the visit and finding pages (交流走访, 问题清单). They read input; the services check the rules."""

import re

from django import forms

from vanguard.core.forms import StyledFormMixin, VersionField
from vanguard.core.pickers import PickerWidget
from vanguard.org.forms import SHORT_LIST, TreeNodeChoiceField, TreeNodeWidget
from vanguard.org.models import Person, Unit

from .choices import FindingColour, FindingSource, FindingTransition, VisitKind
from .models.findings import DUE
from .selectors.findings import ROLES


class AnyUnitWidget(TreeNodeWidget):
    """A unit anywhere in the company (a visit crosses plants; a finding goes to the unit that must act), picked
    by searching the whole unit tree (``selectors.findings.ANY_UNIT_PICKER``): names of units are no secret."""

    def render(self, name, value, attrs=None, renderer=None):
        rows = list(self.queryset.order_by("path").values_list("pk", "path", "depth", "name")[: SHORT_LIST + 1])
        if len(rows) <= SHORT_LIST:
            return super().render(name, value, attrs, renderer)
        self.source, self.params = "voices.any_unit", {}
        return PickerWidget.render(self, name, value, attrs, renderer)


class AnyUnitField(TreeNodeChoiceField):
    widget = AnyUnitWidget

    def __init__(self, **kwargs):
        super().__init__(Unit.objects.all(), **kwargs)


class PersonNumberField(forms.CharField):
    """One person by 工号, anyone active in the company (the responsible person may sit in another plant)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = Person.objects.filter(employee_no=value.strip(), is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"找不到工号为“{value.strip()}”的在职人员。")
        return person


class PeopleNumbersField(forms.CharField):
    """Several people by 工号, separated by spaces, commas or 、."""

    def clean(self, value):
        value = super().clean(value)
        numbers = [n for n in re.split(r"[\s,,、;;]+", value or "") if n]
        people = list(Person.objects.filter(employee_no__in=numbers, is_active=True))
        missing = sorted(set(numbers) - {p.employee_no for p in people})
        if missing:
            raise forms.ValidationError(f"找不到工号为 {'、'.join(missing)} 的在职人员。")
        return people


class VisitFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="主题、纪要或带队领导姓名")
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *VisitKind.choices])
    unit = AnyUnitField(label="单位", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput())


class VisitForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="走访类型", choices=VisitKind.choices)
    title = forms.CharField(label="主题", max_length=200)
    date = forms.DateField(label="走访日期", widget=forms.DateInput(attrs={"type": "date"}))
    visiting_unit = AnyUnitField(label="走访单位")
    visited_unit = AnyUnitField(label="被走访单位", required=False)
    customer = forms.CharField(label="客户名称", max_length=200, required=False, help_text="走访客户时填写")
    leader = PersonNumberField(label="带队领导工号", max_length=32, help_text="部门负责人(科级及以上)")
    participants = PeopleNumbersField(
        label="参加人员工号", required=False, help_text="多个工号用空格或逗号分开",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    summary = forms.CharField(label="走访纪要", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_leader(self):
        leader = self.cleaned_data["leader"]
        if leader is None:
            raise forms.ValidationError("请填写带队领导的工号。")
        return leader


class FindingFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="问题或编号")
    unit = AnyUnitField(label="责任单位", required=False)
    # A choice, not a check box: the filter bar shows selects and text boxes.
    unit_only = forms.ChoiceField(label="范围", required=False, choices=[("", "含下级单位"), ("on", "仅本单位")])
    colour = forms.ChoiceField(
        label="预警",
        required=False,
        choices=[("", "全部"), *((value, text) for value, text in FindingColour.choices if value), (DUE, "蓝色或黄色")],
    )
    source_kind = forms.ChoiceField(label="来源", required=False, choices=[("", "全部"), *FindingSource.choices])
    role = forms.ChoiceField(label="与我有关", required=False, choices=[("", "全部"), *ROLES.items()])


class RatesFilterForm(StyledFormMixin, forms.Form):
    unit = AnyUnitField(label="单位", required=False)


class FindingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="问题", max_length=200)
    description = forms.CharField(label="问题描述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_kind = forms.ChoiceField(label="来源", choices=FindingSource.choices)
    source_ref = forms.CharField(label="来源说明", max_length=200, required=False, help_text="考评或检查的名称、文号")
    raised_unit = TreeNodeChoiceField(label="提出单位", queryset=None)
    responsible_unit = AnyUnitField(label="责任单位")
    responsible_person = PersonNumberField(label="责任人工号", max_length=32)
    measure = forms.CharField(label="整改要求或措施", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="整改期限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, raising_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_unit"].queryset = raising_units

    def clean_responsible_person(self):
        person = self.cleaned_data["responsible_person"]
        if person is None:
            raise forms.ValidationError("请填写责任人的工号。")
        return person


class FindingStepForm(StyledFormMixin, forms.Form):
    version = VersionField()
    action = forms.ChoiceField(choices=FindingTransition.choices, widget=forms.HiddenInput)
    note = forms.CharField(label="说明", required=False)
    rectification = forms.CharField(label="整改情况", required=False)
    evidence = forms.CharField(label="销号依据", required=False)
    measure = forms.CharField(label="整改措施", required=False)
    deadline = forms.DateField(label="新的整改期限", required=False)


class ExtensionForm(StyledFormMixin, forms.Form):
    requested_deadline = forms.DateField(label="申请延至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "批准"), ("refuse", "不批准")], widget=forms.HiddenInput)
    note = forms.CharField(label="审批意见", required=False)
