"""Forms of the 帮促 pages. They read input; the services check the rules."""

from django import forms

from vanguard.core.forms import StyledFormMixin, VersionField
from vanguard.org.forms import TreeNodeChoiceField

from ..choices import SupportOutcome, SupportStatus
from ..selectors.support import DUE_MONTH


class PlanFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="帮促对象姓名、工号或评议轮次")
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *SupportStatus.choices])
    org = TreeNodeChoiceField(label="党组织", queryset=None, required=False)
    due = forms.ChoiceField(label="回访", required=False, choices=[("", "全部"), (DUE_MONTH, "本月待回访")])
    mine = forms.ChoiceField(label="我的", required=False, choices=[("", "全部"), ("helping", "我参加帮促的")])

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class PlanForm(StyledFormMixin, forms.Form):
    version = VersionField()
    shortcomings = forms.CharField(label="存在的主要问题", widget=forms.Textarea(attrs={"rows": 3}))
    goal = forms.CharField(label="帮促目标", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    helpers = forms.ModelMultipleChoiceField(
        label="帮促小组成员", queryset=None, widget=forms.CheckboxSelectMultiple, help_text="本支部的党员"
    )
    leader = forms.ModelChoiceField(label="组长", queryset=None)
    review_due = forms.DateField(label="下次回访", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helpers"].queryset = people
        self.fields["helpers"].widget.attrs["class"] = "form-check-input"  # the mixin styles it as a text box
        self.fields["leader"].queryset = people
        self.fields["helpers"].label_from_instance = self.fields["leader"].label_from_instance = lambda p: (
            f"{p.name}({p.employee_no})"
        )


class MeasureForm(StyledFormMixin, forms.Form):
    measure = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = VersionField()
    content = forms.CharField(label="措施", widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label="完成时限", widget=forms.DateInput(attrs={"type": "date"}))
    responsible = forms.ModelChoiceField(label="落实人", queryset=None)
    done_on = forms.DateField(label="完成日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people
        self.fields["responsible"].label_from_instance = lambda p: p.name


class ReviewForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="回访日期", widget=forms.DateInput(attrs={"type": "date"}))
    change = forms.CharField(label="转变情况", widget=forms.Textarea(attrs={"rows": 3}))
    next_review = forms.DateField(label="下次回访", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CloseForm(StyledFormMixin, forms.Form):
    version = VersionField()
    outcome = forms.ChoiceField(label="处置结果", choices=SupportOutcome.choices)
    note = forms.CharField(label="处置说明", widget=forms.Textarea(attrs={"rows": 2}))
    rectify_by = forms.DateField(
        label="改正期限", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="限期改正时填写"
    )


class FindingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="问题", max_length=200)
    description = forms.CharField(label="问题描述", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="整改期限", widget=forms.DateInput(attrs={"type": "date"}))


class GroundForm(StyledFormMixin, forms.Form):
    situation = forms.ModelChoiceField(label="情形", queryset=None)
    note = forms.CharField(label="具体表现", required=False, max_length=2000)

    def __init__(self, *args, situations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].queryset = situations


class SituationForm(StyledFormMixin, forms.Form):
    version = VersionField()
    code = forms.SlugField(label="代码", max_length=40)
    category = forms.CharField(label="类别", max_length=20)
    name = forms.CharField(label="情形", max_length=200)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label="排序", required=False, min_value=0, max_value=999)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)
