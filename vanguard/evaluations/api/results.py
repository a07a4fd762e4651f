"""The ratings and results API. Evaluators write their own signed ratings (through ``services.results``);
organisers and the committee read them; results are read as ``access.RESULT`` allows."""

from rest_framework import mixins, serializers, viewsets

from vanguard.core.api.base import NumberField, ScopedReadOnlyViewSet, ScopedViewSetMixin, ServiceWriteMixin

from ..models import Criterion, EvaluationRound, Rating, RoundResult, RoundSubject
from ..services import results as services


class RatingSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=EvaluationRound.objects.all(), label="轮次")
    subject = serializers.PrimaryKeyRelatedField(queryset=RoundSubject.objects.all(), label="考评对象")
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all(), label="指标")
    score = NumberField(decimal_places=2, label="评分")
    evaluator_name = serializers.CharField(source="evaluator.person.name", read_only=True, label="评价人")

    class Meta:
        model = Rating
        fields = ["id", "round", "subject", "criterion", "score", "comment", "evaluator_name", "updated_at"]
        read_only_fields = ["updated_at"]


class RatingViewSet(ScopedViewSetMixin, ServiceWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """署名评分: an evaluator posts a rating (the same evaluator, subject and criterion again replaces it);
    each rating shows who gave it."""

    queryset = Rating.objects.select_related("evaluator__person").order_by(
        "round_id", "subject_id", "criterion_id", "pk"
    )
    serializer_class = RatingSerializer
    filterset_fields = {"round": ["exact"], "subject": ["exact"], "criterion": ["exact"]}

    def create_object(self, data):
        subject = data["subject"]
        if subject.round_id != data["round"].pk:
            from django.core.exceptions import ValidationError

            raise ValidationError({"subject": "该考评对象不属于本轮次。"})
        return services.rating_save(
            actor=self.request.user, round_=data["round"], subject=subject, criterion=data["criterion"],
            score=data["score"], comment=data.get("comment", ""),
        )  # fmt: skip


class ResultSerializer(serializers.ModelSerializer):
    subject_name = serializers.SerializerMethodField(label="考评对象")
    grade = serializers.CharField(source="grade.code", read_only=True, default=None, label="等次代码")
    grade_label = serializers.CharField(source="grade.label", read_only=True, default=None, label="等次")

    class Meta:
        model = RoundResult
        fields = [
            "id", "round", "subject", "subject_name", "party_score", "business_score", "adjustment", "total",
            "grade", "grade_label", "rank", "vetoed", "explanation",
        ]  # fmt: skip

    def get_subject_name(self, obj) -> str:
        return str(obj.subject.subject)


class ResultViewSet(ScopedReadOnlyViewSet):
    """考评结果: the committee over the round's org and the office above; a subject their own once published."""

    queryset = RoundResult.objects.select_related(
        "grade", "subject__person", "subject__party_org", "subject__unit"
    ).order_by("round_id", "rank", "pk")
    serializer_class = ResultSerializer
    filterset_fields = {"round": ["exact"], "grade__code": ["exact"], "vetoed": ["exact"]}
