"""自动评分来源: the sources an automatic criterion may read, with their rules, for the office designing a scheme;
filtered by subject kind and text, and as Excel."""

from django import forms
from django.shortcuts import render
from django.utils import timezone

from vanguard.core.downloads import file_response
from vanguard.core.excel import Column, report_title, write_table
from vanguard.core.forms import StyledFormMixin

from ..choices import SubjectKind
from ..selectors.sources import source_rows


class SourceFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="代码、名称或计分规则")
    kind = forms.ChoiceField(label="考评对象", required=False, choices=[("", "全部"), *SubjectKind.choices])


def _filtered(request):
    form = SourceFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, source_rows(kind=data.get("kind", ""), search=data.get("q", ""))


def source_list(request):
    form, rows = _filtered(request)
    return render(request, "evaluations/source_list.html", {"filter_form": form, "rows": rows})


EXPORT_COLUMNS = [
    Column("代码", 22),
    Column("名称", 18),
    Column("考评对象", 24),
    Column("计分规则", 80),
    Column("参数", 36),
]


def source_export(request):
    """The sources listed (the same filters), in Excel that prints."""
    _form, rows = _filtered(request)
    data = write_table(
        columns=EXPORT_COLUMNS, sheet_name="自动评分来源", title=report_title("自动评分来源一览"),
        rows=(
            [r.code, r.label, "、".join(r.kinds), r.doc, ";".join(f"{n}({label},默认 {d})" for n, label, d in r.params)]
            for r in rows
        ),
    )  # fmt: skip
    return file_response(data, f"自动评分来源-{timezone.localdate():%Y%m%d}.xlsx", "xlsx")
