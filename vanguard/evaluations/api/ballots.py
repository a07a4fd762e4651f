"""``POST /api/v1/ballots/``: cast one's ballot. No list and no retrieve: a ballot is read by no one.

The answer carries the code (计票码) once; refusals are those of the pages: 403 not a voter of the round,
400 outside the window, voted already or a ballot not filled in, 404 a round the user cannot see."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import EvaluationRound
from ..services.ballots import ballot_cast

ID_MAX = 2**63 - 1  # a larger number is no id (and SQLite would overflow on it)


class MarkSerializer(serializers.Serializer):
    subject = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text="考评对象 id(轮次的 subjects)")
    criterion = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        required=False,
        allow_null=True,
        default=None,
        help_text="投票指标 id;方案只有一项投票指标时可省略",
    )
    choice = serializers.CharField(max_length=30, help_text="方案 ballot_choices 中的 code")


class BallotCastSerializer(serializers.Serializer):
    round = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="评议轮次 id", error_messages={"required": "请指明评议轮次(round)。"}
    )
    marks = MarkSerializer(
        many=True, allow_empty=False, help_text="对每一位考评对象的选择", error_messages={"empty": "选票不能为空。"}
    )


class BallotCastView(APIView):
    """投票: one ballot per voter and round, inside the voting window, every subject chosen."""

    @extend_schema(
        request=BallotCastSerializer,
        responses={201: inline_serializer("BallotReceipt", {"code": serializers.CharField(help_text="计票码")})},
    )
    def post(self, request):
        serializer = BallotCastSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # A voter of the round always sees it (``access.ROUND``): the scope is read only for a refusal.
        round_ = get_object_or_404(EvaluationRound.objects.select_related("scheme"), pk=data["round"])
        marks = {(m["subject"], m["criterion"]): m["choice"] for m in data["marks"]}
        try:
            if len(marks) != len(data["marks"]):
                raise DjangoValidationError("同一考评对象不能选择两次。")
            code = ballot_cast(actor=request.user, round_=round_, marks=_single_criterion(round_, marks))
        except DjangoValidationError:
            if not EvaluationRound.objects.restrict(request.user, "view").filter(pk=round_.pk).exists():
                raise Http404 from None  # a round the user cannot see answers as if it did not exist
            raise
        return Response({"code": code}, status=status.HTTP_201_CREATED)


def _single_criterion(round_, marks):
    """Marks sent without a criterion mean the scheme's only ballot criterion (``{subject_id: choice}``)."""
    if all(criterion is None for _subject, criterion in marks):
        return {subject: choice for (subject, _none), choice in marks.items()}
    return marks
