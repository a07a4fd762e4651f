"""The competitions API: competitions (read), their entries (read) and the judges' signed scores (a judge
posts his own, once per entry and period, only in a competition he judges; ``services.competitions``)."""

from rest_framework import serializers

from vanguard.core.api.base import ScopedModelViewSet, ScopedReadOnlyViewSet
from vanguard.indicators.periods import month_key

from ..models import Competition, CompetitionCategory, CompetitionEntry, Judge, JudgeScore
from ..services import competitions as services


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetitionCategory
        fields = ["id", "name"]


class CompetitionSerializer(serializers.ModelSerializer):
    """The screen token is never part of it: a board's screen link is given on its page to its organisers."""

    categories = CategorySerializer(many=True, read_only=True)
    periods = serializers.SerializerMethodField(help_text="评比周期:起止月份(YYYY-MM)和名称")

    class Meta:
        model = Competition
        fields = ["id", "name", "kind", "year", "unit", "granularity", "method", "min_judges", "judge_scale",
                  "red_flag_threshold", "bonus_cap", "description", "categories", "periods"]  # fmt: skip

    def get_periods(self, obj) -> list[dict]:
        return [{"first_month": month_key(p.first), "last_month": month_key(p.last), "label": p.label,
                 "key": f"{p.first}-{p.last}"} for p in obj.periods()]  # fmt: skip


class CompetitionViewSet(ScopedReadOnlyViewSet):
    """竞赛 (劳动竞赛, 技术比武, 青年文明号, 青安岗, 五小): what it is, its categories and periods."""

    queryset = Competition.objects.select_related("unit").prefetch_related("categories").order_by("-year", "pk")
    serializer_class = CompetitionSerializer
    filterset_fields = {"year": ["exact"], "kind": ["exact"], "method": ["exact"], "unit": ["exact"]}


class CompetitionEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetitionEntry
        fields = ["id", "competition", "category", "unit", "person", "name"]


class CompetitionEntryViewSet(ScopedReadOnlyViewSet):
    """参赛单位 (a team, or a person): in which competition and category."""

    queryset = CompetitionEntry.objects.order_by("competition_id", "category_id", "name", "pk")
    serializer_class = CompetitionEntrySerializer
    filterset_fields = {"competition": ["exact"], "category": ["exact"], "unit": ["exact"]}


class JudgeScoreSerializer(serializers.ModelSerializer):
    entry = serializers.PrimaryKeyRelatedField(queryset=CompetitionEntry.objects.select_related("competition"),
                                               label="参赛单位")  # fmt: skip
    first_month = serializers.IntegerField(label="起始月份(月份序号)", min_value=0)
    last_month = serializers.IntegerField(label="截止月份(月份序号)", min_value=0)
    score = serializers.DecimalField(max_digits=9, decimal_places=2, label="评分")
    judge = serializers.PrimaryKeyRelatedField(read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = JudgeScore
        fields = ["id", "judge", "entry", "first_month", "last_month", "score", "note", "signed_at"]


class JudgeScoreViewSet(ScopedModelViewSet):
    """评委评分: a judge signs his own score of an entry for a period, once; his own are listed (the
    organisers see all). A second score of the same entry and period is refused (400), one in a competition
    he does not judge too (403); nothing is written."""

    queryset = JudgeScore.objects.order_by("-signed_at", "-pk")
    serializer_class = JudgeScoreSerializer
    filterset_fields = {"entry": ["exact"], "entry__competition": ["exact"], "first_month": ["exact"]}
    http_method_names = ["get", "post", "head", "options"]

    def may_create(self):
        person = getattr(self.request.user, "person", None)
        return person is not None and Judge.objects.filter(person=person).exists()

    def create_object(self, data):
        return services.judge_score_sign(actor=self.request.user, **data)
