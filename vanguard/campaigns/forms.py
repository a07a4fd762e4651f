"""Forms of the campaigns pages. They read input; numbers are checked by the services, in Chinese."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.dates import add_months, month_end
from vanguard.core.forms import StyledFormMixin, TableFileField, VersionField
from vanguard.core.pickers import PickerField
from vanguard.org.forms import TreeNodeChoiceField, TreeNodeMultipleChoiceField
from vanguard.org.models import Person

from .choices import CAMPAIGN_FIELDS, TARGET_FIELDS, Rating, StageKind
from .models import Campaign, Commitment, Target
from .selectors import COMMITMENT_PERSON_PICKER, TARGET_OWNER_PICKER


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CampaignForm(StyledFormMixin, forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        widgets = {
            "starts_on": forms.DateInput(),
            "ends_on": forms.DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"organiser": TreeNodeChoiceField, "participants": TreeNodeMultipleChoiceField}

    def __init__(self, *args, organisers, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers.order_by("path")
        self.fields["participants"].queryset = participants.order_by("path")
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version


NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


class TargetForm(StyledFormMixin, forms.ModelForm):
    """A target's fields; numbers are text so that "abc" gets the service's Chinese message."""

    version = VersionField()
    baseline = forms.CharField(label="基准值", required=False, widget=forms.TextInput(attrs=NUMBER_ATTRS))
    target_value = forms.CharField(label="目标值", required=False, widget=forms.TextInput(attrs=NUMBER_ATTRS))
    weight = forms.CharField(label="权重", required=False, initial="1", widget=forms.TextInput(attrs=NUMBER_ATTRS))

    class Meta:
        model = Target
        fields = TARGET_FIELDS
        widgets = {
            "due_date": forms.DateInput(),
            "standard": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"owner_org": TreeNodeChoiceField}

    def __init__(self, *args, orgs, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_org"].queryset = orgs
        self.fields["owner_person"].queryset = people
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version
            for name in ("baseline", "target_value", "weight"):
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else f"{value.normalize():f}"


class DecomposeRowForm(StyledFormMixin, forms.Form):
    """One share of a target: a child org (a short list) or a member (searched: a branch has hundreds)."""

    owner = forms.ChoiceField(label="责任组织", required=False)
    person = PickerField(Person.objects.none(), source=TARGET_OWNER_PICKER.name, label="责任人", required=False)
    title = forms.CharField(label="任务内容", max_length=200, required=False)
    target_value = forms.CharField(label="分解值", required=False, widget=forms.TextInput(attrs=NUMBER_ATTRS))
    weight = forms.CharField(label="权重", required=False, widget=forms.TextInput(attrs=NUMBER_ATTRS))
    due_date = forms.DateField(label="时间节点", required=False, widget=forms.DateInput())
    standard = forms.CharField(label="工作标准", max_length=500, required=False)
    outcome = forms.CharField(label="成效", max_length=500, required=False)

    def __init__(self, *args, owner_choices=(), people=None, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—— 组织 ——"), *owner_choices]
        if people is not None:
            self.fields["person"].queryset = people
        if parent is not None:
            self.fields["person"].widget.params = {"target": parent.pk}
            self.fields["outcome"].widget.attrs["placeholder"] = parent.outcome or ""

    def clean(self):
        data = super().clean()
        if data.get("owner") and data.get("person"):
            raise ValidationError("责任组织和责任人只选一个:分给组织选组织,分给党员选责任人。")
        return data


class BaseDecomposeFormSet(forms.BaseFormSet):
    def __init__(self, *args, owner_choices=(), people=None, parent=None, **kwargs):
        self.owner_choices, self.people, self.parent = owner_choices, people, parent
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "owner_choices": self.owner_choices,
            "people": self.people,
            "parent": self.parent,
        }


DecomposeFormSet = forms.formset_factory(DecomposeRowForm, formset=BaseDecomposeFormSet, extra=6, max_num=200)


def recent_periods(campaign, today=None, count=6):
    """The last days of the most recent months inside the campaign, newest first (what a report is for)."""
    today = today or timezone.localdate()
    last = min(today, campaign.ends_on)
    periods = []
    month = last.replace(day=1)
    while len(periods) < count and month >= campaign.starts_on.replace(day=1):
        end = min(month_end(month), last) if month_end(month) > today else month_end(month)
        if end >= campaign.starts_on:
            periods.append(end)
        month = add_months(month, -1)
    return periods


class ReportForm(StyledFormMixin, forms.Form):
    """The phone form: period (the latest month preselected), value, a line of narrative, photos."""

    period = forms.DateField(label="填报期", widget=forms.DateInput())
    value = forms.CharField(
        label="实际值", required=False, widget=forms.TextInput(attrs={**NUMBER_ATTRS, "autofocus": True})
    )
    narrative = forms.CharField(label="工作进展", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="佐证材料", required=False, help_text="可选,照片或文件,每个不超过 20 MB。")

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        periods = recent_periods(target.campaign)
        if periods and not self.is_bound:
            self.fields["period"].initial = periods[0]
        unit = target.metric_unit
        if target.is_milestone:
            self.fields["value"].label = "完成百分比(%)"
        elif unit:
            self.fields["value"].label = f"实际值({unit})"
        self.fields["files"].widget.attrs["accept"] = "image/*,.pdf,.doc,.docx,.xls,.xlsx"


class ReviewForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="审核意见", max_length=200, required=False)


class StageForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="阶段", choices=StageKind.choices)
    label = forms.CharField(
        label="名称", max_length=50, widget=forms.TextInput(attrs={"placeholder": "名称,如 第一季度"})
    )
    ends_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"aria-label": "截止日期"}))
    planned_value = forms.CharField(
        label="阶段目标值", required=False, widget=forms.TextInput(attrs={**NUMBER_ATTRS, "placeholder": "阶段目标值"})
    )
    note = forms.CharField(label="阶段任务", max_length=200, required=False)


class CommitmentForm(StyledFormMixin, forms.ModelForm):
    # A branch has hundreds of members: searched by name, 工号 or pinyin, never listed.
    person = PickerField(Person.objects.none(), source=COMMITMENT_PERSON_PICKER.name, label="承诺人", required=False)

    class Meta:
        model = Commitment
        fields = ["person", "org", "content", "measure", "due_date"]
        widgets = {"due_date": forms.DateInput()}
        field_classes = {"org": TreeNodeChoiceField}

    def __init__(self, *args, people, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["org"].queryset = orgs


class CheckForm(StyledFormMixin, forms.Form):
    period = forms.DateField(label="检查半年", widget=forms.DateInput(), help_text="半年内任一天均可。")
    rating = forms.ChoiceField(label="评定结果", choices=Rating.choices)
    result = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 2}))
    remarks = forms.CharField(label="备注", max_length=200, required=False)


class ImportForm(StyledFormMixin, forms.Form):
    file = TableFileField(help_text="使用“下载模板”得到的表格；有一行出错则整表不导入。")
