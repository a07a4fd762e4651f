"""The shared page components: the page header, a card's table and its empty row; no page writes its own."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError


def render(text, **context):
    return Template("{% load vanguard %}" + text).render(Context(context))


def test_a_table_wraps_the_pages_columns_in_the_scrolling_wrapper_and_the_tabler_classes():
    html = render("{% table %}<tbody><tr><td>{{ x }}</td></tr></tbody>{% endtable %}", x="<b>")
    assert html == (
        '<div class="table-responsive"><table class="table table-vcenter card-table">'
        "<tbody><tr><td>&lt;b&gt;</td></tr></tbody></table></div>"
    )


def test_a_table_takes_extra_classes_a_wrapper_class_a_test_id_and_a_label():
    html = render(
        '{% table class="table-sm vg-wide" vcenter=False wrapper="d-none d-md-block" testid="rows" label="错误列表" %}'
        "{% endtable %}"
    )
    assert html == (
        '<div class="table-responsive d-none d-md-block"><table class="table card-table table-sm vg-wide"'
        ' data-testid="rows" aria-label="错误列表"></table></div>'
    )


def test_a_table_refuses_an_unknown_option():
    with pytest.raises(TemplateSyntaxError, match="table"):
        render('{% table colour="red" %}{% endtable %}')
    with pytest.raises(TemplateSyntaxError, match="table"):
        render('{% table "vg-wide" %}{% endtable %}')


def test_an_empty_row_spans_the_columns_with_the_empty_state_or_a_line_of_text():
    html = render(
        '{% for x in rows %}{% empty %}{% empty_row 7 "没有符合条件的会议" icon="calendar-off" %}{% endfor %}', rows=[]
    )
    assert html.startswith('<tr><td colspan="7"><div class="empty vg-empty">')
    assert "ti-calendar-off" in html and '<p class="empty-title">没有符合条件的会议</p>' in html
    html = render('{% empty_row 4 "暂无培训记录" plain=True %}')
    assert html.strip() == '<tr><td colspan="4" class="text-secondary">暂无培训记录</td></tr>'


APP_ROOT = Path(settings.BASE_DIR) / "vanguard"
# Grids of their own, not a card's list: the compliance matrix, the month calendar, the history diffs, the
# workshop screen (a page of its own in large type, outside the shell).
OWN_TABLES = {
    "indicators/competition_screen.html",
    "orglife/compliance.html",
    "orglife/meeting_calendar.html",
    "core/object_history.html",
    "core/_audit_diff.html",
}


def _templates():
    for path in sorted(APP_ROOT.glob("**/templates/**/*.html")):
        yield path.as_posix().split("/templates/", 1)[1], path.read_text()


def test_pages_use_the_one_page_header_and_the_one_table():
    for name, text in _templates():
        if name == "base.html":
            continue
        assert "page-title" not in text and "page-header" not in text, f"{name} writes its own page header"
        if name not in OWN_TABLES:
            assert "<table" not in text, f"{name} writes its own table; use {{% table %}}"


def test_no_app_renders_a_status_badge_of_its_own():
    for path in APP_ROOT.glob("*/templatetags/*.py"):
        if path.parts[-3] != "core":
            assert "vg-badge" not in path.read_text(), f"{path} renders a badge; use core.badges.status_badge"
