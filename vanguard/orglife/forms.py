"""Forms of the orglife pages. They read input; dates, hours and duplicates are checked by the services."""

from django import forms
from django.utils import timezone

from vanguard.core.forms import StyledFormMixin, TableFileField, VersionField
from vanguard.core.numbers import parse_decimal
from vanguard.org.forms import TreeNodeChoiceField
from vanguard.org.models import Person

from .choices import (
    CentralGroupRole,
    HalfDay,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    TrainingCategory,
    TrainingChannel,
)
from .models import ComplianceRule


class PersonNumberField(forms.CharField):
    """A person given by employee number (工号), looked up among ``people``."""

    def __init__(self, *args, people=None, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "工号", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)
        self.people = people

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = (self.people if self.people is not None else Person.objects).filter(employee_no=value.strip()).first()
        if person is None:
            raise forms.ValidationError(f"找不到工号为“{value}”的人员(或不在您的范围内)。")
        return person


class MeetingEditForm(StyledFormMixin, forms.Form):
    version = VersionField()
    org = TreeNodeChoiceField(label="党组织", queryset=None)
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    form = forms.ChoiceField(label="活动形式", choices=MeetingForm.choices, initial=MeetingForm.PLAIN)
    title = forms.CharField(label="主题", max_length=200)
    date = forms.DateField(label="日期", widget=forms.DateInput())
    start_time = forms.TimeField(label="开始时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label="地点", max_length=100, required=False)
    host = PersonNumberField(label="主持人工号", required=False)
    recorder = PersonNumberField(label="记录人工号", required=False)
    topics = forms.CharField(label="议题", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    class_hours = forms.CharField(
        label="学时", required=False, help_text="每位出席者计入的学时;不填按会议类型默认。",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip
    held = forms.BooleanField(label="会议已召开(随后记录出勤)", required=False)

    def __init__(self, *args, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["host"].people = people
        self.fields["recorder"].people = people

    def clean_class_hours(self):
        return parse_decimal(self.cleaned_data.get("class_hours"), label="学时")


class MinutesForm(StyledFormMixin, forms.Form):
    version = VersionField()
    minutes = forms.CharField(
        label="会议记录", widget=forms.Textarea(attrs={"rows": 12}),
        help_text="可直接粘贴 Word 或网页中的文字;保存时去掉脚本、样式和链接,保留段落、列表和表格。",
    )  # fmt: skip
    resolutions = forms.CharField(label="决议事项", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="附件")


class MeetingFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="主题、议题或地点")
    org = TreeNodeChoiceField(label="党组织", queryset=None, required=False)
    kind = forms.ChoiceField(label="会议类型", required=False, choices=[("", "全部"), *MeetingKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *MeetingStatus.choices])
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput())

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class TrainingForm(StyledFormMixin, forms.Form):
    person = PersonNumberField(label="工号")
    title = forms.CharField(label="培训名称", max_length=200)
    category = forms.ChoiceField(label="类别", choices=TrainingCategory.choices)
    channel = forms.ChoiceField(label="方式", choices=TrainingChannel.choices)
    provider = forms.CharField(label="举办单位", max_length=100, required=False)
    date = forms.DateField(label="日期", widget=forms.DateInput())
    hours = forms.CharField(label="学时", widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].people = people


class ImportForm(StyledFormMixin, forms.Form):
    file = TableFileField(help_text="请使用导入模板；整批校验，有错误时不导入任何一行。")


class FieldDayForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput())
    half = forms.ChoiceField(label="时段", choices=HalfDay.choices)
    place = forms.CharField(label="现场", max_length=100)
    problems_found = forms.CharField(label="发现问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    problems_solved = forms.CharField(label="解决问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("half", HalfDay.AM if timezone.localtime().hour < 12 else HalfDay.PM)


class RuleForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ComplianceRule
        fields = ["period", "minimum", "basis", "is_active"]


class ExemptionForm(StyledFormMixin, forms.Form):
    org = TreeNodeChoiceField(label="党组织", queryset=None)
    rule = forms.ModelChoiceField(
        label="规则", queryset=ComplianceRule.objects.all(), required=False, empty_label="全部规则"
    )
    starts_on = forms.DateField(label="起始日期", widget=forms.DateInput())
    ends_on = forms.DateField(label="截止日期", widget=forms.DateInput())
    reason = forms.CharField(label="原因", max_length=200, help_text="如:年中新成立的支部。")

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class CentralGroupForm(StyledFormMixin, forms.Form):
    """A person put on a committee's central study group, by employee number."""

    person = PersonNumberField(label="工号")
    role = forms.ChoiceField(label="组内职务", choices=CentralGroupRole.choices, initial=CentralGroupRole.MEMBER)
    joined_on = forms.DateField(label="加入日期", widget=forms.DateInput(), initial=timezone.localdate)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].people = people


class StarTitleForm(StyledFormMixin, forms.Form):
    """A team leader named 明星班组长, by employee number."""

    person = PersonNumberField(label="工号")
    awarded_on = forms.DateField(label="命名日期", widget=forms.DateInput(), initial=timezone.localdate)
    citation = forms.CharField(label="事迹或依据", max_length=200, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].people = people
