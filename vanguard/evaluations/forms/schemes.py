"""Forms of scheme design: the filters of the list, the scheme, one criterion, the weights of siblings, the
evaluator groups, a band, a veto, an item, a copy."""

import json

from django import forms

from vanguard.core.forms import StyledFormMixin

from .. import sources
from ..choices import Combination, EvaluatorKind, Method, SubjectKind
from ..models import Criterion, GradeBand


class SchemeFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="方案名称、代码或说明")
    subject_kind = forms.ChoiceField(label="考评对象", required=False, choices=[("", "全部"), *SubjectKind.choices])


class SchemeForm(StyledFormMixin, forms.Form):
    code = forms.SlugField(label="代码", max_length=50, help_text="英文字母、数字和连字符,如 branch-2027")
    name = forms.CharField(label="方案名称", max_length=60)
    subject_kind = forms.ChoiceField(label="考评对象", choices=SubjectKind.choices)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ballot_choices = forms.CharField(
        label="投票选项", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项:代码 名称 分值,如 excellent 优秀 100",
    )  # fmt: skip
    self_assessment = forms.BooleanField(label="要求个人自评", required=False)
    grade_probationary = forms.BooleanField(label="预备党员参与定等", required=False)
    combination = forms.ChoiceField(label="与经营业绩结合", choices=Combination.choices)
    business_weight = forms.DecimalField(label="经营业绩权重(%)", min_value=0, max_value=100, initial=0)
    party_floor = forms.DecimalField(label="党建权重下限(%)", min_value=0, max_value=100, initial=0)
    adjustment_cap = forms.DecimalField(label="加减分上限", min_value=0, initial=10)
    base_score = forms.DecimalField(label="基础分", required=False, help_text="星级支部等按基础分加减计分时填写,如 100")
    individual_plans = forms.BooleanField(label="一人一策(每人填写目标与措施,按其评分)", required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True

    def clean_ballot_choices(self):
        rows = []
        for n, line in enumerate((self.cleaned_data["ballot_choices"] or "").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3:
                raise forms.ValidationError(f"第 {n} 行应为“代码 名称 分值”三项。")
            try:
                points = int(parts[2])
            except ValueError:
                raise forms.ValidationError(f"第 {n} 行的分值“{parts[2]}”不是整数。") from None
            rows.append({"code": parts[0], "label": parts[1], "points": points})
        return rows

    @staticmethod
    def choices_text(choices):
        return "\n".join(f"{c['code']} {c['label']} {c['points']}" for c in choices or [])


def source_choices(subject_kind):
    return [("", "—"), *((s.code, s.label) for s in sources.sources(subject_kind))]


class CriterionForm(StyledFormMixin, forms.Form):
    parent = forms.ModelChoiceField(label="上级指标", queryset=Criterion.objects.none(), required=False,
                                    empty_label="(一级指标)")  # fmt: skip
    name = forms.CharField(label="指标名称", max_length=100)
    code = forms.SlugField(label="代码", max_length=50, required=False, help_text="空:自动编号")
    weight = forms.DecimalField(label="权重(%)", min_value=0, max_value=100, help_text="同级指标权重合计须为 100")
    method = forms.ChoiceField(label="评分方式", choices=[("", "由下级指标汇总"), *Method.choices], required=False)
    source = forms.ChoiceField(label="数据来源", required=False, help_text="自动评分时选择")
    params = forms.CharField(label="来源参数", required=False, help_text='JSON,如 {"indicator": "cost-per-ton"}')
    scale_max = forms.IntegerField(label="评分满分", min_value=1, initial=100)
    standard = forms.CharField(label="评分标准", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label="排序", min_value=0, initial=0)

    def __init__(self, *args, scheme, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = scheme.criteria.all()
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["source"].choices = source_choices(scheme.subject_kind)
        if instance is not None and instance.source and instance.source not in dict(self.fields["source"].choices):
            self.fields["source"].choices += [(instance.source, instance.source)]

    def clean_params(self):
        text = (self.cleaned_data["params"] or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise forms.ValidationError('来源参数须为 JSON 对象,如 {"indicator": "cost-per-ton"}。') from None
        if not isinstance(value, dict):
            raise forms.ValidationError("来源参数须为 JSON 对象。")
        return value


class GroupsForm(StyledFormMixin, forms.Form):
    """One weight per evaluator kind; an empty weight leaves the kind out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in EvaluatorKind.choices:
            self.fields[kind] = forms.DecimalField(label=f"{label}(%)", required=False, min_value=0, max_value=100)


class BandForm(StyledFormMixin, forms.Form):
    code = forms.SlugField(label="代码", max_length=30)
    label = forms.CharField(label="等次", max_length=20)
    min_score = forms.DecimalField(label="最低分", max_digits=7, decimal_places=2)
    quota = forms.DecimalField(label="名额比例上限", required=False, max_digits=5, decimal_places=4,
                               help_text="如 0.3333(三分之一);空:不限")  # fmt: skip
    stars = forms.IntegerField(label="星级", min_value=0, max_value=5, initial=0)


class VetoForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="否决事项", max_length=100)
    max_grade = forms.ModelChoiceField(label="最高可评等次", queryset=GradeBand.objects.none(), required=False,
                                       empty_label="(不评定等次)")  # fmt: skip

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_grade"].queryset = scheme.grades.all()


class ItemForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="加减分事项", max_length=100)
    points = forms.DecimalField(label="分值", max_digits=7, decimal_places=2, help_text="加分为正,扣分为负")


class CopyForm(StyledFormMixin, forms.Form):
    code = forms.SlugField(label="新方案代码", max_length=50)
    name = forms.CharField(label="新方案名称", max_length=60)
