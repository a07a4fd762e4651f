"""Forms of rounds: the list's filters, opening a round, its window, adding a subject or an evaluator."""

from django import forms

from vanguard.core.forms import StyledFormMixin
from vanguard.org.forms import TreeNodeChoiceField
from vanguard.org.models import PartyOrg, Person, Unit

from ..choices import EvaluatorKind, RoundStatus
from ..models import EvaluationScheme

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="轮次名称或组织名称")
    scheme = forms.ModelChoiceField(label="方案", queryset=EvaluationScheme.objects.all(), required=False,
                                    empty_label="全部")  # fmt: skip
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *RoundStatus.choices])
    org = TreeNodeChoiceField(PartyOrg.objects.none(), label="组织", required=False, empty_label="全部")
    closed = forms.BooleanField(label="只看投票已截止、待计算的", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["org"].queryset = orgs


class RoundForm(StyledFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(label="考评方案", queryset=EvaluationScheme.objects.filter(active=True))
    org = TreeNodeChoiceField(PartyOrg.objects.none(), label="组织单位", help_text="考评对象按方案从本组织取得")
    name = forms.CharField(label="轮次名称", max_length=100, required=False, help_text="空:按组织、年度和方案命名")
    period_start = forms.DateField(label="考评期起", widget=DATE)
    period_end = forms.DateField(label="考评期止", widget=DATE)
    voting_opens = forms.DateTimeField(label="投票开始", required=False, widget=DATETIME)
    voting_closes = forms.DateTimeField(label="投票截止", required=False, widget=DATETIME)
    quorum = forms.DecimalField(label="有效参与比例", min_value=0, max_value=1, max_digits=4, decimal_places=3,
                                initial="0.5", help_text="参与投票者须超过应到人数的这一比例")  # fmt: skip

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class RoundWindowForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="轮次名称", max_length=100)
    voting_opens = forms.DateTimeField(label="投票开始", required=False, widget=DATETIME)
    voting_closes = forms.DateTimeField(label="投票截止", required=False, widget=DATETIME)
    quorum = forms.DecimalField(label="有效参与比例", min_value=0, max_value=1, max_digits=4, decimal_places=3)


class SubjectAddForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label="工号", required=False, max_length=32)
    party_org = TreeNodeChoiceField(PartyOrg.objects.all(), label="党组织", required=False)
    unit = TreeNodeChoiceField(Unit.objects.filter(kind="team"), label="班组", required=False)
    graded = forms.BooleanField(label="参与定等", required=False, initial=True)

    def __init__(self, *args, field, **kwargs):
        """Only the field of the scheme's subject kind (a person's 工号, a party org or a team) is offered."""
        super().__init__(*args, **kwargs)
        for name in ("employee_no", "party_org", "unit"):
            if name != field:
                del self.fields[name]
        self.fields[field].required = True

    def clean_employee_no(self):
        number = (self.cleaned_data["employee_no"] or "").strip()
        if not number:
            return None
        person = Person.objects.filter(employee_no=number, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"没有工号为“{number}”的在职人员。")
        return person


class SubjectPlanForm(StyledFormMixin, forms.Form):
    plan = forms.CharField(
        label="个人目标与措施", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="一人一策:本人的工作目标、措施和时间节点,评价人对照评分",
    )  # fmt: skip


class EvaluatorAddForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label="工号", max_length=32)
    kind = forms.ChoiceField(label="评价群体", choices=EvaluatorKind.choices)
    rates = forms.BooleanField(label="署名评分", required=False, initial=True)
    votes = forms.BooleanField(label="无记名投票", required=False)

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        person = Person.objects.filter(employee_no=number, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"没有工号为“{number}”的在职人员。")
        return person
