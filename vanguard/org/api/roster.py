"""``POST /api/v1/people/import/``: the roster import for API clients (same checks as the page)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from vanguard.core.access import may
from vanguard.core.api.base import task_accepted
from vanguard.core.tasks import runs_in_background
from vanguard.core.uploads import check_upload

from .. import roster
from ..access import EDIT_ROSTER
from ..tasks import roster_import_start

TRUE_VALUES = {"1", "true", "yes", "on", "是"}

_error = inline_serializer(
    "RosterImportError",
    {
        "row": serializers.IntegerField(allow_null=True, help_text="Excel 中的行号"),
        "column": serializers.CharField(help_text="列名,如“身份证号”"),
        "message": serializers.CharField(help_text="中文错误说明"),
    },
)
_counts = inline_serializer(
    "RosterImportResult",
    {
        "total": serializers.IntegerField(help_text="数据行数"),
        "created": serializers.IntegerField(help_text="新增人数"),
        "updated": serializers.IntegerField(help_text="有变化而更新的人数"),
        "unchanged": serializers.IntegerField(help_text="无变化的人数"),
        "dry_run": serializers.BooleanField(),
        "written": serializers.BooleanField(help_text="是否已写入(预览时为 false)"),
        "unknown_columns": serializers.ListField(child=serializers.CharField(), help_text="未识别、不会导入的列"),
    },
)
_accepted = inline_serializer(
    "RosterImportAccepted",
    {
        "task": serializers.IntegerField(help_text="后台任务编号"),
        "status": serializers.CharField(),
        "label": serializers.CharField(),
        "progress_url": serializers.URLField(help_text="查询进度和结果的地址"),
    },
)
_errors = inline_serializer(
    "RosterImportErrors",
    {"errors": serializers.ListField(child=_error), "error_count": serializers.IntegerField()},
)


class RosterImportView(APIView):
    """Import a roster file: every row is checked; if any row is bad nothing is written."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="people_import",
        summary="花名册导入(Excel 或 CSV)",
        description=(
            "上传花名册 Excel 或 CSV 文件（UTF-8 或 GBK；列同导入模板，也认其他系统导出的列名，"
            "如 学工号、所在党支部、党籍状态；按工号新增或更新）。`dry_run=true` 只检查、不写入。"
            "任何一行有错误则整批不写入，返回 400 和逐行错误；不是表格文件或超过上传大小上限时同样返回 400，不写入。"
            "`unknown_columns` 列出未识别、不会导入的列。错误只列出前 200 处（`IMPORT_MAX_ERRORS`），"
            "`error_count` 为总数。超过 `ROSTER_BACKGROUND_ROWS` 行（默认 2000）的文件在后台处理："
            "返回 202 和任务编号 `task`、进度地址 `progress_url`（`GET /api/v1/tasks/{id}/`，"
            "完成后 `result` 中为同样的计数和错误）。"
        ),
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "Excel(.xlsx/.xls)或 CSV 文件"},
                    "dry_run": {"type": "boolean", "default": False, "description": "只预览,不写入"},
                },
                "required": ["file"],
            }
        },
        responses={200: _counts, 202: _accepted, 400: _errors},
        examples=[
            OpenApiExample(
                "错误",
                response_only=True,
                status_codes=["400"],
                value={
                    "errors": [{"row": 5, "column": "身份证号", "message": "身份证号校验位不正确,请核对。"}],
                    "error_count": 1,
                },
            ),
        ],
        tags=["people"],
    )
    def post(self, request):
        if not may(request.user, EDIT_ROSTER):
            raise PermissionDenied("您没有导入花名册的权限。")
        upload = request.FILES.get("file")
        if upload is None:
            return _bad([{"row": None, "column": "", "message": "请上传文件(字段名 file)。"}])
        try:
            check_upload(upload, "excel")
        except ValidationError as exc:
            return _bad([{"row": None, "column": "", "message": message} for message in exc.messages])
        dry_run = str(request.data.get("dry_run", "")).strip().lower() in TRUE_VALUES
        try:
            table = roster.roster_read(upload)
            rows = table.count()
            if runs_in_background(rows):
                token = roster.upload_save(request.user, upload)
                run = roster_import_start(owner=request.user, upload=token, rows=rows, dry_run=dry_run)
                return task_accepted(request, run)
            result = roster.roster_import(actor=request.user, source=table, dry_run=dry_run)
        except roster.ExcelError as exc:
            return _bad([{"row": None, "column": "", "message": str(exc)}])
        if result.errors:
            summary = result.as_dict()
            return _bad(summary["errors"], count=summary["error_count"])
        return Response(
            {
                **result.counts(),
                "dry_run": result.dry_run,
                "written": result.written,
                "unknown_columns": result.unknown_columns,
            }
        )


def _bad(errors, count=None):
    """400 with the first ``IMPORT_MAX_ERRORS`` errors and how many there are."""
    count = len(errors) if count is None else count
    return Response({"errors": errors, "error_count": count}, status=status.HTTP_400_BAD_REQUEST)
