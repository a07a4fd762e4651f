"""合理化建议统计: a unit and its children by year or month, category columns, targets marked, a monthly
trend, and the same table in Excel. Every figure opens the ledger of its suggestions."""

from datetime import date
from decimal import Decimal
from html import escape

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from vanguard.core.access import may
from vanguard.core.dates import plausible_year
from vanguard.core.downloads import file_response
from vanguard.core.excel import AMOUNT, INTEGER, NUMBER, PERCENT, TEXT, Column, period_label, report_title, write_table
from vanguard.core.views import get_scoped_object
from vanguard.org.models import Unit
from vanguard.org.selectors import scope_label

from .. import statistics as stats
from ..access import SEE_STATISTICS

LEDGER = "suggestion-list"
_STATES_QUERY = {
    figure: f"&{stats.ledger_query(states=states)}" if states else "" for figure, states in stats.FIGURE_STATES.items()
}


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _ledger_url():
    """The ledger's address, or None while no ledger is installed (the figures then show without links)."""
    try:
        return reverse(LEDGER)
    except NoReverseMatch:
        return None


def _statistics(request):
    if not may(request.user, SEE_STATISTICS):
        raise Http404
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year)
    if not plausible_year(year, today):
        year = today.year
    month = _int(request.GET.get("month"))
    month = month if month in range(1, 13) else None
    node = None
    if request.GET.get("unit"):
        node = get_scoped_object(request, Unit, pk=_int(request.GET["unit"], 0))
    start = max(_int(request.GET.get("start"), 0), 0)
    return stats.statistics(user=request.user, year=year, month=month, today=today, node=node, start=start)


def _pct(value):
    return "—" if value is None else f"{value * 100:.1f}%"


def _num(value, places=2):
    return "—" if value is None else f"{value:,.{places}f}"


def _cells(row, data, ledger):
    """The figures of a row as the table shows them: text, the ledger link, and a met (True) / missed (False) mark."""

    # The row's filter once, each figure's states or category added to it (a page has 40 rows of 20 links).
    base = f"{ledger}?{stats.ledger_query(unit_id=row.unit.pk, year=data.year, month=data.month)}" if ledger else ""

    def link(figure="suggestions", category=None):
        if not ledger:
            return ""
        return base + (f"&{stats.ledger_query(category=category)}" if category else _STATES_QUERY[figure])

    target = row.target
    cells = [{"text": f"{row.people:,}", "url": ""}]
    cells += [{"text": f"{row.by_category.get(code, 0):,}", "url": link(category=code)} for code, _ in data.categories]
    cells += [
        {"text": f"{row.suggestions:,}", "url": link(), "strong": True},
        {
            "text": _num(row.per_head),
            "url": link(),
            "met": row.per_head_met,
            "title": f"目标 {_num(row.per_head_expected)}" if target else "",
        },
        {"text": f"{row.participants:,}", "url": ""},
        {
            "text": _pct(row.participation),
            "url": "",
            "met": row.participation_met,
            "title": f"目标 {target.participation:.0f}%" if target else "",
        },
        {"text": f"{row.adopted:,}", "url": link("adopted")},
        {"text": _pct(row.adoption_rate), "url": link("adopted")},
        {"text": f"{row.implemented:,}", "url": link("implemented")},
        {
            "text": _pct(row.implementation_rate),
            "url": link("implemented"),
            "met": row.implementation_met,
            "title": f"目标 {target.implementation:.0f}%" if target else "",
        },
        {"text": _num(row.benefit, 0), "url": link("benefit")},
        {"text": _num(row.reward_paid, 0), "url": link("reward_paid")},
    ]
    return cells


_MARKS = {True: ' <span aria-label="达到目标">✓</span>', False: ' <span aria-label="未达目标">✗</span>'}
_COLOURS = {True: " text-success", False: " text-danger"}


def _cells_html(cells):
    """The row's figure cells, written here: 20 cells a row through the template (or ``format_html``) cost more
    than the rest of the page. The texts are figures; the links and titles are escaped."""
    parts = []
    for c in cells:
        met = c.get("met")
        css = "text-end text-nowrap" + _COLOURS.get(met, "") + (" fw-bold" if c.get("strong") else "")
        text = f'<a class="text-reset" href="{escape(c["url"])}">{c["text"]}</a>' if c["url"] else c["text"]
        attrs = f' title="{escape(c["title"])}"' if c.get("title") else ""
        if met is not None:
            attrs += f' data-met="{"yes" if met else "no"}"'
        parts.append(f'<td class="{css}"{attrs}>{text}{_MARKS.get(met, "")}</td>')
    return mark_safe("".join(parts))  # noqa: S308  (figures, escaped links and titles)


def _trend_chart(data):
    """Suggestions and the adopted per month (bars), and the share of the headcount taking part (line)."""
    people = data.total.people if data.total else sum(r.people for r in data.rows)
    today = timezone.localdate()
    # This year's months to come have no figures yet: left blank, not drawn as zeros.
    trend = [m for m in data.trend if (data.year, m["month"]) <= (today.year, today.month)]
    months = [f"{m['month']}月" for m in data.trend]
    ratio = [round(float(Decimal(m["participants"]) * 100 / people), 1) if people else 0 for m in trend]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["建议数", "采纳数", "参与率(%)"], "top": 0},
        "grid": {"left": 48, "right": 48, "bottom": 32, "top": 48},
        "xAxis": {"type": "category", "data": months},
        "yAxis": [{"type": "value", "name": "条"}, {"type": "value", "name": "%", "splitLine": {"show": False}}],
        "series": [
            {"name": "建议数", "type": "bar", "data": [m["suggestions"] for m in trend]},
            {"name": "采纳数", "type": "bar", "data": [m["adopted"] for m in trend]},
            {"name": "参与率(%)", "type": "line", "yAxisIndex": 1, "data": ratio},
        ],
    }


def suggestion_statistics(request):
    data = _statistics(request)
    ledger = _ledger_url()
    rows = [{"row": r, "cells": _cells(r, data, ledger), "drill": r.unit.numchild > 0} for r in data.rows]
    total = {"row": data.total, "cells": _cells(data.total, data, ledger)} if data.total else None
    for line in (*rows, *([total] if total else [])):
        line["html"] = _cells_html(line["cells"])
    today = timezone.localdate()
    context = {
        "data": data,
        "rows": rows,
        "total": total,
        "years": list(range(today.year, today.year - 5, -1)),
        "months": range(1, 13),
        "parent": Unit.objects.get_parent(data.node) if data.node is not None and data.node.depth > 1 else None,
        "trend_chart": _trend_chart(data),
        "missed": sum(r.missed for r in data.rows),
        "end": data.start + len(data.rows),
    }
    return render(request, "voices/suggestion_statistics.html", context)


def _period(data):
    if data.month:
        return f"{data.year}年{data.month}月"
    return period_label(*_year_bounds(data.year))


def _year_bounds(year):
    return date(year, 1, 1), date(year, 12, 31)


def suggestion_statistics_export(request):
    """The statistics of the unit shown and all its children (not a page of them), as a sheet that prints."""
    data = _statistics(request)
    if data.count > len(data.rows):
        data = stats.statistics(
            user=request.user, year=data.year, month=data.month, today=timezone.localdate(), node=data.node,
            page_size=data.count,
        )  # fmt: skip
    categories = [label for _, label in data.categories]
    columns = [
        Column("单位", 24, kind=TEXT), Column("人数", 8, kind=INTEGER),
        *(Column(label, 7, kind=INTEGER) for label in categories),
        Column("建议数", 8, kind=INTEGER), Column("人均", 7, kind=NUMBER), Column("参与人数", 9, kind=INTEGER),
        Column("参与率", 8, kind=PERCENT), Column("采纳数", 8, kind=INTEGER), Column("采纳率", 8, kind=PERCENT),
        Column("实施数", 8, kind=INTEGER), Column("实施率", 8, kind=PERCENT), Column("核定效益(元)", 14, kind=AMOUNT),
        Column("已发奖励(元)", 12, kind=AMOUNT), Column("未达目标", 16, kind=TEXT),
    ]  # fmt: skip
    codes = [code for code, _ in data.categories]

    def values(row, name):
        missed = [
            label
            for label, met in (
                ("人均", row.per_head_met),
                ("参与率", row.participation_met),
                ("实施率", row.implementation_met),
            )
            if met is False
        ]
        return [
            name, row.people, *(row.by_category.get(code, 0) for code in codes), row.suggestions,
            _rounded(row.per_head), row.participants, row.participation, row.adopted, row.adoption_rate,
            row.implemented, row.implementation_rate, row.benefit, row.reward_paid, "、".join(missed),
        ]  # fmt: skip

    lines = [values(r, r.unit.name) for r in data.rows]
    if data.total is not None:
        lines.append(values(data.total, f"{data.total.unit.name}(合计)"))
    where = data.node.name if data.node is not None else scope_label(model=Unit, user=request.user)
    title = report_title("合理化建议统计", where, _period(data))
    content = write_table(columns=columns, rows=lines, sheet_name="合理化建议统计", title=title)
    return file_response(content, f"合理化建议统计-{data.year}{data.month or ''}.xlsx", "xlsx")


def _rounded(value):
    return None if value is None else value.quantize(Decimal("0.01"))
