"""The indicators API: definitions (read by all, kept by the office), values with the bulk upsert other systems
(MES, ERP) push by, targets and pledges. Reads are scoped; writes go through the services."""

from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.access import may
from vanguard.core.api.base import (
    ActionsField,
    CodeRelatedField,
    NumberField,
    PolicyRelatedField,
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    ScopedViewSetMixin,
    VersionField,
)
from vanguard.core.choices import Action
from vanguard.org.models import Unit

from ..choices import ValueSource
from ..models import Indicator, IndicatorTarget, IndicatorValue, Pledge
from ..periods import month_key, month_number, parse_month
from ..selectors.values import number_param, pledge_states
from ..services import targets as target_services
from ..services.indicators import indicator_save
from ..services.values import MAX_BATCH, RowErrors, ValueRow, indicator_values_upsert


class MonthField(serializers.CharField):
    """A month as ``2026-05`` (stored as its month number)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "年月,如 2026-05")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        number = parse_month(super().to_internal_value(data))
        if number is None:
            raise serializers.ValidationError("月份格式应为 2026-05。")
        return number

    def to_representation(self, value):
        return month_key(value)


# ---------------------------------------------------------------- indicators


class IndicatorSerializer(serializers.ModelSerializer):
    weight_by = CodeRelatedField(slug_field="code", queryset=Indicator.objects.all(), required=False,
                                 allow_null=True, label="加权依据指标代码")  # fmt: skip
    minimum = NumberField(required=False, decimal_places=4, label="最小值")
    maximum = NumberField(required=False, decimal_places=4, label="最大值")
    version = VersionField()

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "kind", "unit_of_measure", "direction", "aggregation", "weight_by", "decimals",
            "minimum", "maximum", "description", "active", "order", "version",
        ]  # fmt: skip


class IndicatorViewSet(ScopedModelViewSet):
    """指标: read by everyone; the office (党委管理员) adds and changes them. ``code`` is the key values are
    pushed by."""

    queryset = Indicator.objects.select_related("weight_by").order_by("order", "pk")
    serializer_class = IndicatorSerializer
    filterset_fields = {"kind": ["exact"], "active": ["exact"], "code": ["exact"]}

    def may_create(self):
        return may(self.request.user, Action.ADD, Indicator)

    def create_object(self, data):
        return indicator_save(actor=self.request.user, indicator=Indicator(), data=data)

    def update_object(self, instance, data, version):
        return indicator_save(actor=self.request.user, indicator=instance, data=data, expected_version=version)


# ---------------------------------------------------------------- values


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, label="指标代码")
    month = MonthField(label="月份")
    value = NumberField(decimal_places=4, label="数值")

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "unit", "month", "value", "source", "updated_at", "version"]
        read_only_fields = fields


class ValueRowSerializer(serializers.Serializer):
    """One value of a pushed batch (for the schema; the rows are read in bulk)."""

    indicator = serializers.CharField(label="指标代码")
    unit = serializers.IntegerField(label="班组或单位 id")
    month = serializers.CharField(label="月份(2026-05)")
    value = serializers.CharField(label="数值")
    reason = serializers.CharField(required=False, allow_blank=True, label="更正原因(已关账月份的数值有变化时必填)")


UPSERT_RESULT = inline_serializer(
    "IndicatorValueUpsertResult",
    {name: serializers.IntegerField() for name in ("created", "updated", "unchanged", "corrected")},
)
ROW_ERRORS = inline_serializer(
    "IndicatorValueRowErrors",
    {
        "detail": serializers.CharField(),
        "errors": inline_serializer(
            "IndicatorValueRowError", {"row": serializers.CharField(), "message": serializers.CharField()}, many=True
        ),
    },
)
MONTH_FILTERS = [
    OpenApiParameter("month_from", OpenApiTypes.STR, description="起始月份(含),如 2025-06;起止都不填时只列上月"),
    OpenApiParameter("month_to", OpenApiTypes.STR, description="截止月份(含),如 2026-05"),
    OpenApiParameter("indicator", OpenApiTypes.STR, description="指标代码"),
    OpenApiParameter("unit", OpenApiTypes.INT, description="班组或单位 id"),
    OpenApiParameter("below", OpenApiTypes.BOOL, description="含 unit 下级的全部班组"),
]


def _unit_id(value):
    """A unit id as a client may send it (a whole number, not a boolean, within the database's integers)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63 else None


def _rows(data):
    """(ValueRow list grouped by reason, row errors) of a pushed list: two queries whatever its length."""
    codes = {str(r.get("indicator", "")) for r in data if isinstance(r, dict)}
    codes = {c for c in codes if len(c) <= 40 and "\x00" not in c}  # PostgreSQL refuses a NUL in a query
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    unit_ids = {r.get("unit") for r in data if isinstance(r, dict) and _unit_id(r.get("unit")) is not None}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    groups, errors = {}, []
    for n, row in enumerate(data, start=1):
        line = f"第 {n} 条"
        if not isinstance(row, dict):
            errors.append((line, "每一条应为对象(indicator、unit、month、value)"))
            continue
        indicator, unit = indicators.get(str(row.get("indicator", ""))), units.get(_unit_id(row.get("unit")))
        month = parse_month(str(row.get("month", "")))
        problem = (
            (indicator is None and f"指标代码“{str(row.get('indicator', ''))[:40]}”不存在")
            or (unit is None and f"单位“{str(row.get('unit', ''))[:20]}”不存在")
            or (month is None and "月份格式应为 2026-05")
            or (row.get("value") in (None, "") and "数值为空")
        )
        if problem:
            errors.append((line, problem))
            continue
        reason = str(row.get("reason") or "").replace("\x00", "").strip()[:2000]
        groups.setdefault(reason, []).append(ValueRow(indicator, unit, month, row["value"], line=line))
    return groups, errors


def _refused(errors):
    return Response(
        {
            "detail": "整批未保存:请改正下列各条后重新提交。",
            "errors": [{"row": r or "", "message": m} for r, m in errors],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class IndicatorValueViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):  # fmt: skip
    """指标数值: list (scoped; filters unit and below, indicator code, month range); ``POST`` a list of values
    to write them all or none, idempotent by indicator code + unit + month."""

    queryset = IndicatorValue.objects.select_related("indicator").order_by("-month", "-unit_id", "-indicator_id")
    serializer_class = IndicatorValueSerializer

    def get_queryset(self):
        rows = super().get_queryset()
        params = self.request.query_params
        if params.get("indicator"):
            rows = rows.filter(indicator__code=params["indicator"][:40].replace("\x00", ""))
        if params.get("unit"):
            pk = number_param(params["unit"])
            unit = Unit.objects.filter(pk=pk).first() if pk is not None else None
            if unit is None:
                return rows.none()
            below = str(params.get("below", "")).lower() in ("1", "true", "on")
            rows = rows.filter(unit__path__startswith=unit.path) if below else rows.filter(unit=unit)
        if not params.get("month_from") and not params.get("month_to") and self.action == "list":
            # A month at a time unless asked otherwise (last month, the one being entered): a list of a large
            # company's every month would cost what the whole table holds.
            last = month_number(timezone.localdate()) - 1
            return rows.filter(month=last)
        for name, lookup in (("month_from", "month__gte"), ("month_to", "month__lte")):
            if params.get(name):
                number = parse_month(params[name])
                rows = rows.filter(**{lookup: number}) if number is not None else rows.none()
        return rows

    @extend_schema(parameters=MONTH_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=ValueRowSerializer(many=True),
        responses={200: UPSERT_RESULT, 400: ROW_ERRORS},
        summary="批量写入指标数值(整批保存或整批不保存;重复推送不重复计数)",
    )
    def create(self, request, *args, **kwargs):
        data = request.data
        if not isinstance(data, list) or not data:
            return _refused([("", "请求体应为非空的数组,每条含 indicator、unit、month、value")])
        if len(data) > MAX_BATCH:
            return _refused([("", f"一次最多提交 {MAX_BATCH} 条,请分批提交")])
        groups, errors = _rows(data)
        totals = dict.fromkeys(("created", "updated", "unchanged", "corrected"), 0)
        with transaction.atomic():
            for reason, rows in groups.items():
                try:
                    result = indicator_values_upsert(
                        actor=request.user, rows=rows, source=ValueSource.API, reason=reason
                    )
                except RowErrors as exc:
                    errors.extend(exc.rows)
                    continue
                for name in totals:
                    totals[name] += getattr(result, name)
            if errors:
                transaction.set_rollback(True)
        if errors:
            return _refused(sorted(errors, key=lambda e: int("".join(c for c in e[0] if c.isdigit()) or 0)))
        return Response(totals)


# ---------------------------------------------------------------- targets


class IndicatorTargetSerializer(serializers.ModelSerializer):
    indicator = CodeRelatedField(slug_field="code", queryset=Indicator.objects.filter(active=True), label="指标代码")
    unit = PolicyRelatedField(IndicatorTarget, queryset=Unit.objects.all(), label="班组或单位")
    first_month = MonthField(label="起始月份")
    last_month = MonthField(label="截止月份")
    target = NumberField(decimal_places=4, allow_null=False, label="目标值")
    breakthrough = NumberField(decimal_places=4, required=False, label="突破性目标")
    version = VersionField()
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = IndicatorTarget
        fields = ["id", "indicator", "unit", "first_month", "last_month", "target", "breakthrough", "note",
                  "version", "actions"]  # fmt: skip


class IndicatorTargetViewSet(ScopedModelViewSet):
    """指标目标 and breakthrough targets (突破性指标) per indicator, unit and period; the office and the union set
    them (a second ``POST`` for the same indicator, unit and period changes the target)."""

    queryset = IndicatorTarget.objects.select_related("indicator").order_by("unit_id", "indicator_id", "first_month")
    serializer_class = IndicatorTargetSerializer
    filterset_fields = {"unit": ["exact"], "indicator": ["exact"], "first_month": ["gte"], "last_month": ["lte"]}

    def may_create(self):
        return may(self.request.user, Action.ADD, IndicatorTarget)

    def create_object(self, data):
        return target_services.target_save(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        from vanguard.core.services import check_version

        check_version(instance, version)
        fields = {"indicator": instance.indicator, "unit": instance.unit, "first_month": instance.first_month,
                  "last_month": instance.last_month, "target": instance.target,
                  "breakthrough": instance.breakthrough, "note": instance.note, **data}  # fmt: skip
        return target_services.target_save(actor=self.request.user, **fields)


# ---------------------------------------------------------------- pledges


class PledgeSerializer(serializers.ModelSerializer):
    indicator = CodeRelatedField(slug_field="code", queryset=Indicator.objects.filter(active=True), label="指标代码")
    unit = PolicyRelatedField(Pledge, queryset=Unit.objects.all(), label="班组")
    first_month = MonthField(label="起始月份")
    last_month = MonthField(label="截止月份")
    value = NumberField(decimal_places=4, allow_null=False, label="承诺值")
    state = serializers.SerializerMethodField(label="状态(进行中 / 已兑现 / 未兑现)")
    actual = serializers.SerializerMethodField(label="期间实际值(关账后)")
    version = VersionField()

    class Meta:
        model = Pledge
        fields = ["id", "indicator", "unit", "pledger", "first_month", "last_month", "value", "content", "star_team",
                  "follower", "follow_up", "state", "actual", "version"]  # fmt: skip
        read_only_fields = ["pledger", "follower", "follow_up"]

    def _state(self, obj):
        states = self.context.setdefault("_pledge_states", {})
        if obj.pk not in states:
            rows = self.root.instance
            rows = list(rows) if isinstance(rows, list | tuple) or hasattr(rows, "model") else [rows]
            states.update(pledge_states([r for r in rows if isinstance(r, Pledge)] or [obj]))
        return states[obj.pk]

    def get_state(self, obj) -> str:
        return self._state(obj)[0]

    def get_actual(self, obj) -> str | None:
        figure = self._state(obj)[1]
        return None if figure is None else f"{figure:.4f}"


class FollowSerializer(serializers.Serializer):
    follow_up = serializers.CharField(label="跟踪情况")


class PledgeViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """指标承诺: the team leader pledges for his team (``POST``); the union follows up
    (``POST …/{id}/follow/``); met or missed once every month of the period has closed."""

    queryset = Pledge.objects.select_related("indicator__weight_by").order_by("-last_month", "pk")
    serializer_class = PledgeSerializer
    filterset_fields = {"unit": ["exact"], "indicator": ["exact"], "star_team": ["exact"]}

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {k: v for k, v in body.validated_data.items() if k != "version"}
        pledge = target_services.pledge_create(actor=request.user, **data)
        return Response(self.get_serializer(pledge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowSerializer, responses=PledgeSerializer, summary="跟踪指标承诺(工会)")
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        pledge = self.get_object()
        body = FollowSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target_services.pledge_follow(actor=request.user, pledge=pledge, note=body.validated_data["follow_up"])
        return Response(self.get_serializer(self.get_queryset().get(pk=pledge.pk)).data)
