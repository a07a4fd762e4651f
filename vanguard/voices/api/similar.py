"""``GET /api/v1/suggestions/similar/``: the suggestions the user may see that read most like a text."""

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors.similar import similar_suggestions
from ..similarity import DUPLICATE_THRESHOLD, MAX_QUERY_CHARS, MIN_SCORE

MAX_LIMIT = 50


class SimilarQuerySerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_QUERY_CHARS, trim_whitespace=True,
        help_text=f"要比对的文字(建议名称和内容),1–{MAX_QUERY_CHARS} 字",
        error_messages={
            "required": "请提供要比对的文字(text)。",
            "blank": "要比对的文字(text)不能为空。",
            "max_length": f"要比对的文字过长,请不超过 {MAX_QUERY_CHARS} 字。",
        },
    )  # fmt: skip
    limit = serializers.IntegerField(
        required=False, default=10, min_value=1, max_value=MAX_LIMIT,
        help_text=f"最多返回几条,默认 10,最多 {MAX_LIMIT}",
        error_messages={
            "invalid": "limit 须为整数。",
            "min_value": "limit 至少为 1。",
            "max_value": f"limit 最多为 {MAX_LIMIT}。",
            "max_string_length": "limit 须为整数。",
        },
    )  # fmt: skip


_results = inline_serializer(
    "SimilarSuggestions",
    {
        "results": serializers.ListField(
            child=inline_serializer(
                "SimilarSuggestion",
                {
                    "id": serializers.IntegerField(),
                    "title": serializers.CharField(help_text="建议名称"),
                    "score": serializers.FloatField(help_text="相似度,0–1,越大越相似"),
                },
            ),
        ),
    },
)


class SimilarSuggestionsView(APIView):
    """The closest suggestions to a text, among those the user may see."""

    @extend_schema(
        operation_id="suggestions_similar",
        summary="相似建议查询",
        description=(
            "按文字相似度(汉字单字和相邻两字的 TF-IDF 余弦)返回当前用户可见的最相近的建议,由高到低。"
            f"`score` 在 0–1 之间;达到 {DUPLICATE_THRESHOLD} 时很可能是同一条建议(阈值依据见 README"
            f"“Similar suggestions”),低于 {MIN_SCORE} 的不返回。`text` 为空或超过 {MAX_QUERY_CHARS} 字、"
            f"`limit` 不是 1–{MAX_LIMIT} 的整数时返回 400 和中文说明。"
        ),
        parameters=[SimilarQuerySerializer],
        responses={200: _results},
        examples=[
            OpenApiExample(
                "结果",
                response_only=True,
                value={"results": [{"id": 1203, "title": "压缩空气管网漏气巡检", "score": 0.62}]},
            ),
        ],
        tags=["suggestions"],
    )
    def get(self, request):
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = similar_suggestions(request.user, query.validated_data["text"], limit=query.validated_data["limit"])
        results = [{"id": s.pk, "title": s.title, "score": round(score, 4)} for s, score in found]
        return Response({"results": results})
