"""In a real browser: a visit recorded on a phone raises a finding; the visited side resolves it on a phone and
the visiting side verifies it (销号); another one it reopens. Screenshots of the board, the finding page and
the visit form at 1366 and 390 px wide."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles
from vanguard.voices.models import Finding, Visit

pytestmark = pytest.mark.browser


def _raise(page, visit, title, users):
    page.goto(f"/voices/visits/{visit.pk}/")
    page.click("[data-testid=raise-finding]")
    page.fill("#id_title", title)
    page.fill("#id_responsible_person", users["zhigong"].person.employee_no)
    # The responsible unit comes from the visit: the unit visited.
    expect(page.locator("[name=responsible_unit]")).to_have_value(str(visit.visited_unit_id))
    page.fill("#id_deadline", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=source]")).to_contain_text(visit.title)
    return Finding.objects.get(title=title)


def _step(page, finding, action, field=None, text=""):
    page.goto(f"/voices/findings/{finding.pk}/")
    form = page.locator(f"form:has([data-testid=do-{action}])")
    if field:
        form.locator(f"[name={field}]").fill(text)
    form.locator(f"[data-testid=do-{action}]").click()
    page.wait_for_load_state("networkidle")


def test_a_visit_raises_findings_resolved_verified_and_reopened(open_page):
    users = company_handles().users
    shuji = users["shuji"].person
    phone = login(open_page(PHONE), "shuji")
    phone.goto("/voices/visits/new/")
    phone.screenshot(path="/tmp/voices-visit-form-390.png", full_page=True)
    phone.select_option("#id_kind", "up_downstream")
    phone.fill("#id_title", "与精整工序交流管端质量")
    team = users["zhigong"].person.unit
    if phone.locator("select#id_visited_unit").count():  # a short unit tree is a select, a long one a picker
        phone.select_option("#id_visited_unit", str(team.pk))
    else:
        phone.fill("#id_visited_unit", team.name)
        phone.locator("#id_visited_unit-results [role=option]", has_text=team.get_parent().name).first.click()
    phone.fill("#id_summary", "下游反映管端毛刺,双方现场查看")
    phone.click("[data-testid=save]")
    visit = Visit.objects.get(title="与精整工序交流管端质量")
    assert visit.leader == shuji and visit.visiting_unit == shuji.unit

    desk = login(open_page(DESKTOP), "shuji")
    desk.goto("/voices/visits/new/")
    desk.screenshot(path="/tmp/voices-visit-form-1366.png", full_page=True)
    first = _raise(desk, visit, "管端毛刺超标", users)
    second = _raise(desk, visit, "管端标识不清", users)

    worker = login(open_page(PHONE), "zhigong")
    for finding in (first, second):
        _step(worker, finding, "accept", "measure", "增加去毛刺工序检查")
        _step(worker, finding, "start")
        _step(worker, finding, "resolve", "rectification", "已增加检查并培训")
    worker.goto(f"/voices/findings/{first.pk}/")
    expect(worker.locator("[data-testid=do-verify]")).to_have_count(0)
    worker.screenshot(path="/tmp/voices-finding-390.png", full_page=True)

    _step(desk, first, "verify", "evidence", "现场抽检 20 支无毛刺")
    _step(desk, second, "reopen", "note", "标识仍有模糊")
    first.refresh_from_db(), second.refresh_from_db()
    assert first.closed and (second.status, second.reopen_count) == ("reopened", 1)
    desk.goto(f"/voices/findings/{first.pk}/")
    expect(desk.locator("[data-testid=closed]")).to_contain_text("现场抽检 20 支无毛刺")
    desk.screenshot(path="/tmp/voices-finding-1366.png", full_page=True)

    board = login(open_page(DESKTOP), "dangwei")
    board.goto("/voices/findings/")
    expect(board.locator("[data-testid=column-closed]")).to_be_visible()
    board.screenshot(path="/tmp/voices-board-1366.png", full_page=True)
    board_phone = login(open_page(PHONE), "dangwei")
    board_phone.goto("/voices/findings/")
    board_phone.screenshot(path="/tmp/voices-board-390.png", full_page=True)
