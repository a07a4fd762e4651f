"""指标: what is measured, its monthly values per team or unit, the months closed, and the targets and
pledges set against them.

Months are stored as one integer, ``year * 12 + month - 1`` (``vanguard.indicators.periods``), so a period
is a range of stored columns and a trend is one indexed range scan.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from vanguard.core.limits import NOTE_MAX, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Person, Unit

from ..choices import Aggregation, Direction, IndicatorKind, ValueSource

VALUE_DIGITS = {"max_digits": 18, "decimal_places": 4}


class Indicator(BaseModel):
    """一项指标: how it is measured and which way is better. ``code`` is the key other systems (MES, ERP) push
    values by; ``weight_by`` is the output indicator whose values weight a ``weighted`` aggregation."""

    code = models.SlugField("指标代码", max_length=40, unique=True)
    name = NameField("指标名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=IndicatorKind.choices)
    unit_of_measure = models.CharField("计量单位", max_length=30)
    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    aggregation = models.CharField("汇总方式", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    weight_by = models.ForeignKey(
        "self", verbose_name="加权依据指标", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="按产量加权平均时,用哪项指标的数值作权重",
    )  # fmt: skip
    decimals = models.PositiveSmallIntegerField("小数位数", default=2, validators=[MaxValueValidator(4)])
    minimum = models.DecimalField("最小值", null=True, blank=True, **VALUE_DIGITS)
    maximum = models.DecimalField("最大值", null=True, blank=True, **VALUE_DIGITS)
    description = models.TextField("说明", max_length=NOTE_MAX, blank=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指标"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name}({self.unit_of_measure})"


class IndicatorPeriod(models.Model):
    """A month closed for values: its values change from then on only through a correction with a reason
    (``ValueCorrection``). A month without a row is open."""

    month = models.PositiveIntegerField("月份", unique=True)
    closed_at = models.DateTimeField("关账时间")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="关账人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "已关账月份"
        ordering = ["-month"]

    def __str__(self):
        from ..periods import month_label

        return month_label(self.month)


class IndicatorValueQuerySet(RestrictedQuerySet):
    def in_months(self, first, last):
        return self.filter(month__gte=first, month__lte=last)


class IndicatorValue(models.Model):
    """One indicator's value for one team or unit in one month: one row per indicator, unit and month, so a
    repeated push replaces (never doubles) and a changed value in a closed month is a correction."""

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey(Unit, verbose_name="班组或单位", on_delete=models.PROTECT, related_name="indicator_values")
    month = models.PositiveIntegerField("月份")
    value = models.DecimalField("数值", **VALUE_DIGITS)
    source = models.CharField("来源", max_length=10, choices=ValueSource.choices, default=ValueSource.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "指标数值"
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "month"], name="indicator_value_once"),
        ]
        # A leaderboard reads one indicator's month across all teams.
        indexes = [
            models.Index(fields=["indicator", "month"], name="indicator_value_month"),
            # The list and the API page through a month's values of every unit in this order (read backwards).
            models.Index(fields=["month", "unit", "indicator"], name="indicator_value_by_month"),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.month} {self.value}"


class ValueCorrection(models.Model):
    """A value changed after its month closed: the old and new figure and why (the value keeps the new)."""

    value = models.ForeignKey(
        IndicatorValue, verbose_name="指标数值", on_delete=models.CASCADE, related_name="corrections"
    )
    old_value = models.DecimalField("原数值", **VALUE_DIGITS)
    new_value = models.DecimalField("更正为", **VALUE_DIGITS)
    reason = models.TextField("更正原因", max_length=NOTE_MAX)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="更正人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "指标数值更正"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.old_value} → {self.new_value}"


class IndicatorTarget(BaseModel):
    """A target for one indicator, team or unit and period (a month, a quarter or a year: ``first_month`` to
    ``last_month``), with its breakthrough target (突破性指标) beyond the economic-responsibility figure."""

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="targets")
    unit = models.ForeignKey(
        Unit, verbose_name="班组或单位", on_delete=models.PROTECT, related_name="indicator_targets"
    )
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    target = models.DecimalField("目标值", **VALUE_DIGITS)
    breakthrough = models.DecimalField("突破性目标", null=True, blank=True, **VALUE_DIGITS)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标目标"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "first_month", "last_month"], name="indicator_target_once"
            ),
            models.CheckConstraint(
                condition=models.Q(last_month__gte=models.F("first_month")), name="indicator_target_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.unit.name}"


class Pledge(BaseModel):
    """指标承诺: a team leader (or a star team through its leader) pledges a figure for an indicator and period;
    the union (工会干部) follows it up. Met or missed is judged from the values once every month of the
    period has closed (``selectors``), never typed."""

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="pledges")
    unit = models.ForeignKey(Unit, verbose_name="班组", on_delete=models.PROTECT, related_name="pledges")
    pledger = models.ForeignKey(Person, verbose_name="承诺人", on_delete=models.PROTECT, related_name="pledges")
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    value = models.DecimalField("承诺值", **VALUE_DIGITS)
    content = models.CharField("承诺内容", max_length=300, blank=True)
    follower = models.ForeignKey(
        Person, verbose_name="跟踪人(工会)", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    follow_up = models.TextField("跟踪情况", max_length=NOTE_MAX, blank=True)
    star_team = models.BooleanField("明星班组承诺", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "指标承诺"
        constraints = [
            models.CheckConstraint(condition=models.Q(last_month__gte=models.F("first_month")), name="pledge_period"),
        ]

    def __str__(self):
        return f"{self.unit.name} {self.indicator.name} {self.value}"


class IndicatorRollup(models.Model):
    """Summary table (``indicators.rollup``): one indicator's month for a unit above the teams, added up from
    its teams' values (``summaries.py``). The unit's figure follows the indicator's aggregation: ``sum`` and
    ``last`` read ``total``, ``mean`` reads ``total / count``, ``weighted`` reads ``weighted_total /
    weight_total`` (the weights are the same team's values of ``weight_by`` in that month)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    total = models.FloatField(default=0)
    count = models.PositiveIntegerField(default=0)
    weighted_total = models.FloatField(default=0)
    weight_total = models.FloatField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指标月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "month"], name="indicator_rollup_key"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.indicator_id} {self.month}"

    def figure(self, aggregation):
        """The unit's figure of the month by ``aggregation`` (None when there is nothing to read)."""
        return rollup_figure(aggregation, self.total, self.count, self.weighted_total, self.weight_total)


def rollup_figure(aggregation, total, count, weighted_total, weight_total):
    if not count:
        return None
    if aggregation == Aggregation.MEAN:
        return total / count
    if aggregation == Aggregation.WEIGHTED:
        return weighted_total / weight_total if weight_total else None
    return total
