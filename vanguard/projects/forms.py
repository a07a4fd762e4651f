"""Forms of the projects pages. They read input; periods, benefits and duplicates are checked by the services."""

from django import forms
from django.utils import timezone

from vanguard.core.forms import StyledFormMixin, TableFileField, VersionField
from vanguard.org.forms import TreeNodeChoiceField
from vanguard.org.models import Person

from .choices import STAGE_CHOICES, MemberRole, ProblemKind, ProjectKind, ProjectStatus, Rating, Transition


def _years():
    this = timezone.localdate().year
    return [("", "全部"), *((str(y), f"{y} 年") for y in range(this + 1, this - 5, -1))]


class ProjectFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="名称、立项编号或负责人")
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *ProjectKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ProjectStatus.choices])
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部"), *STAGE_CHOICES])
    branch = TreeNodeChoiceField(label="支部", queryset=None, required=False)
    year = forms.ChoiceField(label="年度", required=False, choices=_years)
    flagged = forms.BooleanField(label="只看缺少月度活动的", required=False)
    unlogged = forms.BooleanField(label="只看本月尚未记录活动的", required=False)
    mine = forms.BooleanField(label="只看由我记录活动的", required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = orgs


class SummaryFilterForm(StyledFormMixin, forms.Form):
    branch = TreeNodeChoiceField(label="支部", queryset=None, required=False)
    year = forms.ChoiceField(label="年度", required=False, choices=_years)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = orgs


class ProjectForm(StyledFormMixin, forms.Form):
    version = VersionField()
    kind = forms.ChoiceField(label="类型", choices=ProjectKind.choices)
    title = forms.CharField(label="项目名称", max_length=200)
    branch = TreeNodeChoiceField(label="所属支部", queryset=None)
    leader = forms.CharField(label="负责人工号", max_length=32)
    problem_kind = forms.ChoiceField(label="针对问题", choices=ProblemKind.choices)
    problem = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    objectives = forms.CharField(label="目标", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    expected_benefit = forms.CharField(
        label="预期效益(元)", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    indicator = forms.CharField(label="指标变化", max_length=200, required=False)
    plan = forms.CharField(label="实施计划与节点", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput())
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput())

    def __init__(self, *args, orgs, people, **kwargs):
        """``orgs``: the branches the user may submit for; ``people()``: those he may name as leader (his scope),
        asked for on submit only (reading a scope of people costs queries an empty form does not need)."""
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = orgs
        self.people = people

    def clean_leader(self):
        value = self.cleaned_data["leader"].strip()
        person = self.people().filter(employee_no=value, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"找不到工号为“{value}”的在职人员。")
        return person


class TransitionForm(StyledFormMixin, forms.Form):
    version = VersionField()
    action = forms.ChoiceField(label="操作", choices=Transition.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label="意见或理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label="结项总结", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    measured_benefit = forms.CharField(
        label="验收效益(元)", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    evidence = forms.CharField(label="验收依据", required=False)
    rating = forms.ChoiceField(label="评定等级", required=False, choices=[("", "请选择"), *Rating.choices])


class LogForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label="活动日期", widget=forms.DateInput())
    content = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label="取得成效", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(label="附件", required=False)


class ImportForm(StyledFormMixin, forms.Form):
    file = TableFileField(help_text="请使用导入模板；整批校验，有错误时不导入任何一行。")


class TeamMemberForm(StyledFormMixin, forms.Form):
    """A team takes any employee (a task force crosses units and branches), named by 工号: no list is offered."""

    employee_no = forms.CharField(
        label="工号", max_length=32, widget=forms.TextInput(attrs={"placeholder": "成员工号", "aria-label": "成员工号"})
    )
    role = forms.ChoiceField(
        label="角色",
        choices=[c for c in MemberRole.choices if c[0] != MemberRole.LEADER],
        widget=forms.Select(attrs={"aria-label": "角色"}),
    )
    duty = forms.CharField(
        label="分工", max_length=200, required=False,
        widget=forms.TextInput(attrs={"placeholder": "分工(可不填)", "aria-label": "分工"}),
    )  # fmt: skip

    def clean_employee_no(self):
        value = self.cleaned_data["employee_no"].strip()
        person = Person.objects.filter(employee_no=value, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"找不到工号为“{value}”的在职人员。")
        return person
