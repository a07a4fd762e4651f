"""Forms of the suggestion pages. They read input; the services check the rules and say what is wrong."""

from django import forms
from django.utils import timezone

from vanguard.core.dates import parse_month
from vanguard.core.forms import StyledFormMixin, TableFileField, VersionField
from vanguard.org.forms import TreeNodeChoiceField
from vanguard.org.models import Person

from ..choices import EXPERT_DECISIONS, UNIT_DECISIONS, SuggestionCategory, SuggestionStatus, SuggestionStep
from ..models import Suggestion


def _years():
    this = timezone.localdate().year
    return [("", "全部"), *((str(y), f"{y} 年") for y in range(this, this - 6, -1))]


class PhotoInput(forms.ClearableFileInput):
    """Several photos at once, straight from the phone's camera."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*,application/pdf", "capture": "environment", **(attrs or {})})


class PhotoField(forms.FileField):
    widget = PhotoInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _people_by_numbers(text: str) -> list[Person]:
    numbers = [n for n in text.replace(",", ",").replace("、", ",").replace(" ", ",").split(",") if n.strip()]
    people = {p.employee_no: p for p in Person.objects.filter(employee_no__in=numbers, is_active=True)}
    missing = [n for n in numbers if n not in people]
    if missing:
        raise forms.ValidationError(f"找不到工号为“{'、'.join(missing)}”的在职人员。")
    return list(people.values())


class SuggestionForm(StyledFormMixin, forms.Form):
    """What a proposer writes on a phone: a title, what he proposes, a category; the rest is optional."""

    title = forms.CharField(
        label="建议名称", max_length=200, widget=forms.TextInput(attrs={"placeholder": "一句话说清建议"})
    )
    content = forms.CharField(
        label="建议内容", widget=forms.Textarea(attrs={"rows": 5, "placeholder": "现状和问题是什么,建议怎么做"})
    )
    category = forms.ChoiceField(label="类别", choices=SuggestionCategory.choices, widget=forms.RadioSelect)
    expected_benefit = forms.CharField(
        label="预期效益(元/年)", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    co_proposers = forms.CharField(label="共同建议人工号", required=False, help_text="多人用逗号分隔,可不填")
    attachments = PhotoField(label="现场照片", required=False, help_text="可直接拍照,最多 6 张")

    def clean_co_proposers(self):
        return _people_by_numbers(self.cleaned_data["co_proposers"])


class SuggestionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="名称、编号或建议人")
    unit = TreeNodeChoiceField(label="单位", queryset=None, required=False)
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *SuggestionCategory.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *SuggestionStatus.choices])
    year = forms.ChoiceField(label="年度", required=False, choices=_years)
    overdue = forms.BooleanField(label="只看逾期未答复的", required=False)
    below = forms.BooleanField(label="只看下级待办的", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MonthField(forms.DateField):
    """A month as ``2026-03`` (an ``<input type="month">``) or a date."""

    widget = forms.DateInput(attrs={"type": "month"})

    def to_python(self, value):
        month = parse_month(value) if isinstance(value, str) and len(value.strip()) == 7 else None
        return month or super().to_python(value)


class ActionForm(StyledFormMixin, forms.Form):
    """Any step of a suggestion's page: the fields the step needs (its service checks them)."""

    version = VersionField()
    action = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="意见", required=False,
        choices=[("", "请选择"), *((s.value, s.label) for s in dict.fromkeys((*UNIT_DECISIONS, *EXPERT_DECISIONS)))],
    )  # fmt: skip
    reason = forms.CharField(
        label="意见或理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    within_duty = forms.BooleanField(label="属建议人本职工作范围", required=False)
    original = forms.CharField(label="原建议编号", required=False, max_length=30)
    implementation_cost = forms.CharField(label="实施费用(元)", required=False)
    gross_benefit = forms.CharField(label="12 个月效益(元)", required=False)
    benefit_from = MonthField(label="效益起算月", required=False)
    evidence = forms.CharField(label="核定依据", required=False, max_length=2000)
    finance_signoff = forms.CharField(label="财务签认人", required=False, max_length=100)
    reward_amount = forms.CharField(label="奖励金额(元)", required=False)
    title = forms.CharField(label="建议名称", required=False, max_length=200)
    content = forms.CharField(label="建议内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ChoiceField(label="类别", required=False, choices=SuggestionCategory.choices)
    expected_benefit = forms.CharField(label="预期效益(元/年)", required=False)

    def __init__(self, *args, originals=None, **kwargs):
        """``originals``: the suggestions the user may name as the original (his scope)."""
        super().__init__(*args, **kwargs)
        self.originals = originals

    def clean_original(self):
        number = self.cleaned_data["original"].strip()
        if not number:
            return None
        found = (self.originals if self.originals is not None else Suggestion.objects.none()).filter(number=number)
        original = found.first()
        if original is None:
            raise forms.ValidationError(f"找不到编号为“{number}”的建议,或它不在您的查看范围内。")
        return original


class ImportForm(StyledFormMixin, forms.Form):
    file = TableFileField(help_text="请使用导入模板;整批校验,有错误时不导入任何一行。")
    dry_run = forms.BooleanField(label="仅试导入(只校验,不保存)", required=False, initial=True)


DECISION_LABELS = {s.value: s.label for s in SuggestionStep}
