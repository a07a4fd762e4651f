"""Forms of the value pages: a month of a team's values on a phone, the filters, the import, targets, pledges."""

from django import forms
from django.utils import timezone

from vanguard.core.forms import StyledFormMixin, TableFileField
from vanguard.core.limits import NOTE_MAX
from vanguard.org.forms import TreeNodeChoiceField

from ..periods import month_key, month_label, month_number, parse_month


def month_choices(back=24, *, ahead=0):
    """The recent months, newest first, as (``2026-05``, ``2026年5月``)."""
    now = month_number(timezone.localdate())
    return [(month_key(m), month_label(m)) for m in range(now + ahead, now - back, -1)]


class MonthField(forms.CharField):
    """A month typed or picked as ``2026-05`` (or ``2026年5月``), cleaned to its month number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.widget.input_type = "month"

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        number = parse_month(value)
        if number is None:
            raise forms.ValidationError("月份格式应为 2026-05。")
        return number


class EntryForm(StyledFormMixin, forms.Form):
    """One field per indicator of the team, prefilled; the correction reason when the month is closed."""

    reason = forms.CharField(label="更正原因", required=False, max_length=NOTE_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="该月已关账:修改数值须说明原因,作为更正记录留存。")  # fmt: skip

    def __init__(self, *args, indicators, current, closed, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            value = current.get(indicator.pk)
            self.fields[indicator.code] = forms.CharField(
                label=f"{indicator.name}({indicator.unit_of_measure})", required=False, max_length=30,
                initial="" if value is None else f"{value.normalize():f}",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}),
                help_text=indicator.get_direction_display(),
            )  # fmt: skip
        if not closed:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = False
            self.order_fields([*(i.code for i in indicators), "reason"])


class ValueFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="搜索", required=False, max_length=50, widget=forms.TextInput(attrs={"placeholder": "班组名称或编码"})
    )
    unit = TreeNodeChoiceField(label="班组或单位", queryset=None, required=False)
    below = forms.BooleanField(label="含下级班组", required=False)
    indicator = forms.ModelChoiceField(label="指标", required=False, queryset=None, empty_label="全部指标")
    first = MonthField(label="起始月份", required=False, help_text="不填起止月份时显示上月")
    last = MonthField(label="截止月份", required=False)

    def __init__(self, *args, indicators, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["unit"].queryset = units


class ImportForm(StyledFormMixin, forms.Form):
    file = TableFileField(help_text="按导入模板:月份、班组编码或名称,每项指标一列。")
    reason = forms.CharField(label="更正原因(已关账月份)", required=False, max_length=NOTE_MAX)
    dry_run = forms.BooleanField(label="仅试导入(只校验,不保存)", required=False, initial=True)


class TargetImportForm(StyledFormMixin, forms.Form):
    file = TableFileField(help_text="按导入模板:起始月份、截止月份、班组编码或名称、指标、目标值、突破性目标。")


class TargetForm(StyledFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(label="指标", queryset=None)
    unit = TreeNodeChoiceField(label="班组或单位", queryset=None)
    first_month = MonthField(label="起始月份")
    last_month = MonthField(label="截止月份")
    target = forms.CharField(label="目标值", max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    breakthrough = forms.CharField(label="突破性目标", required=False, max_length=30,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))  # fmt: skip
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, indicators, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["unit"].queryset = units


class PledgeForm(StyledFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(label="指标", queryset=None)
    unit = TreeNodeChoiceField(label="班组", queryset=None)
    first_month = MonthField(label="起始月份")
    last_month = MonthField(label="截止月份")
    value = forms.CharField(label="承诺值", max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    content = forms.CharField(label="承诺内容", required=False, max_length=300)
    star_team = forms.BooleanField(label="明星班组承诺", required=False)

    def __init__(self, *args, indicators, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["unit"].queryset = units


class FollowForm(StyledFormMixin, forms.Form):
    follow_up = forms.CharField(label="跟踪情况", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}))
