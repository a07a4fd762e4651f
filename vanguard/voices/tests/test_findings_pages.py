"""Finding and visit pages: the board by state with colours and paged columns, a finding's page and its steps,
the overdue list, the rates, raising one from a visit, recording a visit; Excel and Word; query counts stay
flat as the data grows; the home page's items count the rows their links open."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from vanguard.core.documents import docx_text
from vanguard.core.testing import home_items, page_queries
from vanguard.voices.demo import build_demo_findings
from vanguard.voices.choices import BOARD_COLUMNS
from vanguard.voices.models import Finding, Visit
from vanguard.voices.selectors import findings as selectors
from vanguard.voices.services.findings import finding_extension_request, finding_transition


def board_total(body):
    return sum(int(n) for n in re.findall(r'data-testid="count-\w+">(\d+)<', body))


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    """The conversion itself is tested in core/tests/test_documents.py."""
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 finding")


def test_the_board_shows_a_column_per_state_with_coloured_cards(client_as, company):
    body = client_as("dangwei").get("/voices/findings/").content.decode()
    for state in ("open", "accepted", "rectifying", "reopened", "resolved", "closed"):
        assert f'data-testid="column-{state}"' in body
    assert board_total(body) == Finding.objects.count()
    assert 'data-colour="red"' in body  # the demo has overdue findings
    assert body.count('data-testid="card"') <= 6 * 10


def test_a_column_pages_on_its_own(client_as, company):
    client = client_as("dangwei")
    first = client.get("/voices/findings/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="next-closed"', first)
    assert link, "the demo's closed column holds more than a page"
    second = client.get("/voices/findings/" + link.group(1).replace("&amp;", "&")).content.decode()
    closed = lambda body: re.findall(r'data-testid="column-closed".*?</section>', body, re.S)[0]  # noqa: E731
    assert closed(first) != closed(second)
    assert 'data-testid="column-open"' in second


def test_a_searched_board_pages_its_matches_as_the_column_by_column_board_does(company, monkeypatch):
    """A text search reads its matches once (window functions); every column, count and page is the same as
    the state-by-state queries give, the closed column latest first, a page past the end clamped to the last."""
    monkeypatch.setattr(selectors, "BOARD_PAGE", 2)  # the tiny demo's matches span pages
    today = timezone.localdate()
    matched = selectors.finding_list(user=company.users["dangwei"], search="冷床区域照明", today=today)
    assert matched.count() > 4
    for pages in ({}, {"closed": 2, "open": 2}, {"rectifying": 99}):
        pages = {status: pages.get(status, 1) for status in BOARD_COLUMNS}
        once = selectors.finding_board(queryset=matched, pages=pages, today=today, searched=True)
        by_column = selectors.finding_board(queryset=matched, pages=pages, today=today)
        assert [(c.status, c.count, c.page, c.pages, [r.pk for r in c.rows]) for c in once] == [
            (c.status, c.count, c.page, c.pages, [r.pk for r in c.rows]) for c in by_column
        ]
        assert any(c.pages > 1 for c in once)


def test_the_board_filters_by_unit_colour_and_role(client_as, company, finding):
    client = client_as("shuji")
    team = company.users["zhigong"].person.unit
    body = client.get(f"/voices/findings/?unit={team.pk}").content.decode()
    in_team = Finding.objects.restrict(company.users["shuji"]).filter(responsible_unit__path__startswith=team.path)
    assert board_total(body) == in_team.count()
    assert finding.title in client.get(f"/voices/findings/?unit={team.pk}&q=冷床区域照明").content.decode()
    red = client.get("/voices/findings/?colour=red").content.decode()
    assert 'data-colour="blue"' not in red and 'data-colour=""' not in red
    mine = client_as("zhigong").get("/voices/findings/?role=responsible").content.decode()
    assert board_total(mine) == Finding.objects.filter(responsible_person=company.users["zhigong"].person).count()


def test_an_outsider_sees_none_of_another_plants_findings(client_as, company, finding):
    assert finding.title not in client_as("outsider").get("/voices/findings/").content.decode()
    assert client_as("outsider").get(f"/voices/findings/{finding.pk}/").status_code == 404


def test_board_overdue_rates_and_visits_read_a_constant_number_of_queries(client_as, company, finding):
    client = client_as("shuji")
    urls = ["/voices/findings/", "/voices/findings/overdue/", "/voices/findings/rates/", "/voices/visits/",
            f"/voices/findings/{finding.pk}/", f"/voices/visits/{Visit.objects.first().pk}/"]  # fmt: skip
    before = {url: page_queries(client, url)[0] for url in urls}
    build_demo_findings("tiny")  # twice the data
    after = {url: page_queries(client, url)[0] for url in urls}
    assert after == before
    assert before["/voices/findings/"] <= 16


def test_the_finding_page_shows_source_history_and_the_steps_of_each_side(client_as, company, resolved):
    raiser = client_as("shuji").get(f"/voices/findings/{resolved.pk}/").content.decode()
    assert "安全生产月专项检查" in raiser and 'data-testid="history"' in raiser
    assert 'data-testid="do-verify"' in raiser and 'data-testid="do-reopen"' in raiser
    responsible = client_as("zhigong").get(f"/voices/findings/{resolved.pk}/").content.decode()
    assert 'data-testid="do-' not in responsible  # the responsible side waits for the verification


def test_a_verification_posted_by_the_responsible_side_is_refused_with_a_message(client_as, company, resolved):
    client = client_as("zhigong")
    response = client.post(f"/voices/findings/{resolved.pk}/transition/",
                           {"action": "verify", "evidence": "好了", "version": resolved.version}, follow=True)  # fmt: skip
    assert "只有提出问题的一方" in response.content.decode()
    assert Finding.objects.get(pk=resolved.pk).status == "resolved"
    client = client_as("shuji")
    client.post(f"/voices/findings/{resolved.pk}/transition/",
                {"action": "verify", "evidence": "复查合格", "version": resolved.version})  # fmt: skip
    assert Finding.objects.get(pk=resolved.pk).closed


def test_an_extension_is_asked_and_decided_on_the_page(client_as, company, finding):
    later = finding.deadline + timedelta(days=10)
    client_as("zhigong").post(f"/voices/findings/{finding.pk}/extension/",
                              {"requested_deadline": later.isoformat(), "reason": "等灯具"})  # fmt: skip
    extension = finding.extensions.get()
    page = client_as("banzhang").get(f"/voices/findings/{finding.pk}/").content.decode()
    assert 'data-testid="approve-extension"' in page
    assert "approve-extension" not in client_as("zhigong").get(f"/voices/findings/{finding.pk}/").content.decode()
    client_as("banzhang").post(f"/voices/findings/{finding.pk}/extension/{extension.pk}/decide/",
                               {"decision": "approve", "note": "同意"})  # fmt: skip
    assert Finding.objects.get(pk=finding.pk).deadline == later


def test_a_finding_is_raised_from_a_visit_and_traced_back_to_it(client_as, company):
    shuji = company.users["shuji"]
    visit = Visit.objects.restrict(shuji).filter(visiting_unit=shuji.person.unit).first()
    client = client_as("shuji")
    form = client.get(f"/voices/findings/new/?visit={visit.pk}").content.decode()
    assert 'data-testid="source"' in form and visit.title in form
    response = client.post("/voices/findings/new/", {
        "visit": visit.pk, "title": "来料管端壁厚超差", "source_kind": "visit", "raised_unit": shuji.person.unit.pk,
        "responsible_unit": company.users["zhigong"].person.unit.pk,
        "responsible_person": company.users["zhigong"].person.employee_no,
        "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
    })  # fmt: skip
    created = Finding.objects.get(title="来料管端壁厚超差")
    assert response.status_code == 302 and created.visit == visit and created.source_kind == "visit"
    page = client.get(f"/voices/findings/{created.pk}/").content.decode()
    assert f'href="/voices/visits/{visit.pk}/"' in page
    assert "来料管端壁厚超差" in client.get(f"/voices/visits/{visit.pk}/").content.decode()


def test_a_bad_finding_form_says_what_is_wrong_and_saves_nothing(client_as, company):
    count = Finding.objects.count()
    body = client_as("shuji").post("/voices/findings/new/", {
        "title": "x", "source_kind": "inspection", "raised_unit": company.users["shuji"].person.unit.pk,
        "responsible_unit": company.team.pk, "responsible_person": "NOPE",
        "deadline": (timezone.localdate() - timedelta(days=3)).isoformat(),
    }).content.decode()  # fmt: skip
    assert "找不到工号为“NOPE”的在职人员" in body
    assert Finding.objects.count() == count


def test_a_visit_is_recorded_from_the_form(client_as, company):
    shuji = company.users["shuji"].person
    client = client_as("shuji")
    form = client.get("/voices/visits/new/").content.decode()
    assert shuji.employee_no in form  # the leader defaults to himself
    response = client.post("/voices/visits/new/", {
        "kind": "up_downstream", "title": "与下游精整工序交流", "date": timezone.localdate().isoformat(),
        "visiting_unit": shuji.unit.pk, "visited_unit": company.other_team.pk, "leader": shuji.employee_no,
        "participants": company.users["dangyuan"].person.employee_no, "summary": "管端毛刺问题",
    })  # fmt: skip
    visit = Visit.objects.get(title="与下游精整工序交流")
    assert response.status_code == 302 and set(visit.participants.all()) == {shuji, company.users["dangyuan"].person}
    listing = client.get("/voices/visits/?q=精整").content.decode()
    assert listing.count('data-testid="visit-row"') == 1


def test_a_worker_records_no_visit_and_nobody_leads_one_in_someone_elses_name(client_as, company):
    assert client_as("zhigong").get("/voices/visits/new/").status_code == 404
    count = Visit.objects.count()
    body = client_as("dangyuan").post("/voices/visits/new/", {
        "kind": "same_process", "title": "x", "date": timezone.localdate().isoformat(),
        "visiting_unit": company.team.pk, "visited_unit": company.other_team.pk,
        "leader": company.users["shuji"].person.employee_no,
    })  # fmt: skip
    assert body.status_code == 404
    assert Visit.objects.count() == count


def test_excel_exports_print_the_filtered_lists(client_as, company, finding):
    client = client_as("shuji")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/voices/findings/export/?colour=red").content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert titles and finding.title not in titles  # not overdue
    assert sheet.page_setup.orientation == "landscape"
    visits = openpyxl.load_workbook(io.BytesIO(client.get("/voices/visits/export/").content)).active
    assert visits.max_row - 2 == Visit.objects.restrict(company.users["shuji"]).count()


def test_the_notice_and_the_closure_come_from_their_templates(client_as, company, resolved):
    client = client_as("shuji")
    notice = docx_text(client.get(f"/voices/findings/{resolved.pk}/notice.docx").content)
    assert "整改通知单" in notice and "冷床区域照明不足" in notice and "安全生产月专项检查" in notice
    assert client.get(f"/voices/findings/{resolved.pk}/closure.docx").status_code == 404  # not yet closed
    finding_transition(actor=company.users["shuji"], finding=resolved, action="verify", evidence="夜班复查清晰")
    closure = docx_text(client.get(f"/voices/findings/{resolved.pk}/closure.docx").content)
    assert "问题整改销号单" in closure and "夜班复查清晰" in closure and "已加装投光灯" in closure
    assert client.get(f"/voices/findings/{resolved.pk}/closure.pdf").content.startswith(b"%PDF")


def test_home_items_count_the_rows_their_links_open(client_as, company, finding, resolved):
    zhigong = client_as("zhigong")
    items = home_items(zhigong)
    count, url = items["voices.findings_overdue_mine"]
    assert url == "/voices/findings/?role=responsible&colour=red"
    assert board_total(zhigong.get(url).content.decode()) == int(count)
    shuji = client_as("shuji")
    count, url = home_items(shuji)["voices.findings_verify"]
    assert board_total(shuji.get(url).content.decode()) == int(count) and int(count) >= 1
    count, url = home_items(shuji)["voices.findings_escalated"]
    assert url == "/voices/findings/overdue/?role=led"
    overdue = shuji.get(url).content.decode()
    assert overdue.count('data-testid="overdue-row"') == min(int(count), 25)


def test_the_head_is_asked_to_decide_an_extension(client_as, company, raised):
    from vanguard.voices.services.findings import finding_create

    fresh = finding_create(actor=company.users["shuji"], **{**raised, "title": "吊具点检记录缺失"})
    finding_extension_request(actor=company.users["zhigong"], finding=fresh,
                              requested_deadline=fresh.deadline + timedelta(days=7), reason="等备件")  # fmt: skip
    client = client_as("banzhang")
    count, url = home_items(client)["voices.extensions"]
    assert url == "/voices/findings/?role=extension" and int(count) >= 1
    assert "吊具点检记录缺失" in client.get(url).content.decode()


def test_a_unit_s_rates_open_the_board_of_exactly_the_findings_counted(client_as, company):
    client = client_as("dangwei")
    rates = client.get("/voices/findings/rates/").content.decode()
    link, total = re.search(r'href="([^"]+)" data-testid="rate-total">(\d+)<', rates).groups()
    assert board_total(client.get(link.replace("&amp;", "&")).content.decode()) == int(total)


@pytest.mark.parametrize("model", ["visit", "finding", "findingstep", "findingextension"])
def test_the_admin_lists_visits_and_findings_read_only(client_as, company, model):
    client = client_as("admin")
    assert client.get(f"/django-admin/voices/{model}/").status_code == 200
    assert client.get(f"/django-admin/voices/{model}/add/").status_code == 403
