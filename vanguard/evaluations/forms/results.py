"""Forms of the results area: the results' filters, reopening a round, recording a veto or an adjustment."""

from django import forms
from django.db.models import Q

from ..choices import RoundStatus
from ..models import AdjustmentItem, RoundSubject, VetoRule


class ResultFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "姓名、工号、组织"}))
    grade = forms.ChoiceField(label="等次", required=False)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        bands = [(b.code, b.label) for b in round_.scheme.grades.order_by("-min_score")] if round_ else []
        self.fields["grade"].choices = [("", "全部等次"), *bands, ("none", "未定等")]


class ReopenForm(forms.Form):
    to = forms.ChoiceField(label="退回到", choices=[(RoundStatus.SCORING, "评分中"), (RoundStatus.VOTING, "投票中")])
    reason = forms.CharField(label="原因", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如:计票有误"}))


class _CaseForm(forms.Form):
    # A round may have thousands of subjects: named by 工号 or name instead of a list of them all.
    subject = forms.CharField(label="考评对象", max_length=100, help_text="填写工号或姓名、组织名称")
    note = forms.CharField(label="情况说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_

    def clean_subject(self):
        text = self.cleaned_data["subject"].strip()
        found = list(
            RoundSubject.objects.filter(round=self.round)
            .filter(Q(person__employee_no=text) | Q(person__name=text) | Q(party_org__name=text) | Q(unit__name=text))
            .select_related("person", "party_org", "unit")[:2]
        )
        if not found:
            raise forms.ValidationError(f"本轮没有考评对象“{text}”。")
        if len(found) > 1:
            raise forms.ValidationError(f"“{text}”不止一人,请填写工号。")
        return found[0]


class VetoForm(_CaseForm):
    rule = forms.ModelChoiceField(label="否决事项", queryset=VetoRule.objects.none())
    evidence = forms.CharField(label="依据(文号或链接)", max_length=300, required=False)

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, round_=round_, **kwargs)
        self.fields["rule"].queryset = VetoRule.objects.filter(scheme_id=round_.scheme_id)


class AdjustmentForm(_CaseForm):
    item = forms.ModelChoiceField(label="加减分事项", queryset=AdjustmentItem.objects.none())

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, round_=round_, **kwargs)
        self.fields["item"].queryset = AdjustmentItem.objects.filter(scheme_id=round_.scheme_id)
