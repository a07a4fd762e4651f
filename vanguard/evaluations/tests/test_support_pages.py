"""帮促 pages as their users meet them: the list with filters and Excel, the plan page (and the helper adding a
review from a phone), the Word paper, the round panel, the finding hand-off seen from both sides, the home
items, the API; each page's queries counted."""

import datetime
import io
import re

import openpyxl
import pytest
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone

from vanguard.core.documents import docx_text
from vanguard.core.testing import home_items, page_queries
from vanguard.core.typography import ascii_punctuation_in_chinese
from vanguard.voices.models import Finding

from ..models import SupportPlan, SupportReview
from ..selectors.support import month_end
from ..views.support import round_support_panel
from .support_kit import graded_round, plan_in_progress, publish


@pytest.fixture
def plan_case(company):
    round_, plan, helpers, finding = plan_in_progress(company)
    return round_, plan, helpers, finding


def _login(client, user):
    client.force_login(user)
    return client


def test_the_list_filters_searches_and_exports(client_as, company, plan_case):
    _round, plan, _helpers, _finding = plan_case
    client = client_as("shuji")
    queries, response = page_queries(client, "/evaluations/support/")
    body = response.content.decode()
    assert plan.member.name in body and "本月待回访" in body
    assert queries <= 10, queries
    assert plan.member.name not in client.get("/evaluations/support/?status=closed").content.decode()
    assert plan.member.name in client.get(f"/evaluations/support/?q={plan.member.name}").content.decode()
    assert plan.member.name not in client.get("/evaluations/support/?q=没有这个人").content.decode()
    response = client.get("/evaluations/support/export/?status=open")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert plan.member.name in values and plan.round.name in values
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows


def test_the_list_costs_the_same_with_more_plans(client_as, company, plan_case):
    client = client_as("dangwei")
    first, _ = page_queries(client, "/evaluations/support/")
    plans = SupportPlan.objects.count()
    round_ = graded_round(company, scheme=plan_case[1].round.scheme)  # a second year: dangyuan 不合格 again
    publish(round_, company.users["shuji"])
    assert SupportPlan.objects.count() == plans + 1
    second, _ = page_queries(client, "/evaluations/support/")
    assert second == first


def test_the_plan_page_shows_group_measures_reviews_findings_and_grounds(client_as, company, plan_case):
    _round, plan, helpers, finding = plan_case
    queries, response = page_queries(client_as("shuji"), f"/evaluations/support/{plan.pk}/")
    body = response.content.decode()
    for text in (helpers[0].name + "(组长)", "每月参加主题党日并交流发言", "本月参加了主题党日", finding.number,
                 "无正当理由不参加组织生活", 'data-testid="plan-form"', 'data-testid="close-form"'):  # fmt: skip
        assert text in body, text
    assert queries <= 16, queries


def test_the_member_reads_his_plan_without_any_form(client_as, company, plan_case):
    _round, plan, _helpers, _finding = plan_case
    queries, response = page_queries(client_as("dangyuan"), f"/evaluations/support/{plan.pk}/")
    body = response.content.decode()
    assert "每月参加主题党日并交流发言" in body and "本月参加了主题党日" in body
    assert 'data-testid="plan-form"' not in body and 'data-testid="review-form"' not in body
    assert queries <= 12, queries


def test_a_helper_adds_a_review_from_his_phone(client, company, plan_case):
    _round, plan, helpers, _finding = plan_case
    helper = _login(client, helpers[1].user)
    queries, response = page_queries(helper, f"/evaluations/support/{plan.pk}/")
    body = response.content.decode()
    assert 'data-testid="review-form"' in body and 'data-testid="plan-form"' not in body
    assert queries <= 12, queries
    today = timezone.localdate()
    response = helper.post(
        f"/evaluations/support/{plan.pk}/reviews/",
        {"held_on": today.isoformat(), "change": "主动承担夜班巡检", "next_review": (today + datetime.timedelta(days=30)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    review = SupportReview.objects.get(plan=plan, change="主动承担夜班巡检")
    assert review.reviewer == helpers[1]
    home = home_items(helper)
    assert home["evaluations.support_helping"][0] == "1"


def test_a_review_dated_tomorrow_is_refused_with_a_message(client, company, plan_case):
    _round, plan, helpers, _finding = plan_case
    helper = _login(client, helpers[1].user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = helper.post(
        f"/evaluations/support/{plan.pk}/reviews/", {"held_on": tomorrow.isoformat(), "change": "x"}, follow=True
    )
    assert "回访日期不能晚于今天" in response.content.decode()
    assert not SupportReview.objects.filter(plan=plan, change="x").exists()


def test_the_finding_is_one_record_seen_from_both_sides(client_as, company, plan_case):
    _round, plan, _helpers, finding = plan_case
    assert (finding.source_kind, finding.source_ref) == ("appraisal", plan.round.name)
    assert finding.responsible_person == plan.member and finding.raised_by == company.users["shuji"].person
    assert finding.raised_unit in plan.org.units.all()
    # The finding's page says where it came from (a panel of the evaluations app) …
    body = client_as("shuji").get(f"/voices/findings/{finding.pk}/").content.decode()
    assert 'data-testid="support-origin"' in body and f"/evaluations/support/{plan.pk}/" in body
    # … and the plan shows the finding's live status: the member accepts it in voices, the plan says so.
    from vanguard.voices.services.findings import finding_transition

    finding_transition(actor=company.users["dangyuan"], finding=finding, action="accept", measure="每月按时参加")
    body = client_as("shuji").get(f"/evaluations/support/{plan.pk}/").content.decode()
    assert Finding.objects.get(pk=finding.pk).get_status_display() in body
    # The member answers for the finding and reaches his own plan from it too.
    assert (
        'data-testid="support-origin"' in client_as("dangyuan").get(f"/voices/findings/{finding.pk}/").content.decode()
    )


def test_the_word_plan_has_the_measures_and_both_signatures(client_as, company, plan_case):
    _round, plan, _helpers, _finding = plan_case
    response = client_as("shuji").get(f"/evaluations/support/{plan.pk}/plan.docx")
    text = docx_text(response.content)
    for part in ("党员帮促计划", plan.member.name, "每月参加主题党日并交流发言", "本月参加了主题党日", "支部书记（签字）",
                 "帮促对象（签字）"):  # fmt: skip
        assert part in text, part
    assert ascii_punctuation_in_chinese(text) == []
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_round_panel_shows_grounds_and_plans(company, plan_case):
    round_, plan, _helpers, _finding = plan_case
    request = RequestFactory().get("/")
    request.user = company.users["shuji"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = round_support_panel(request, round_)
    assert "无正当理由不参加组织生活" in html and f"/evaluations/support/{plan.pk}/" in html
    assert 'data-testid="open-plan"' in html  # the 基本合格 member: the secretary may open one by hand
    assert len(captured) <= 8, len(captured)
    request.user = company.users["zhigong"]
    assert round_support_panel(request, round_) == ""


def test_home_items_for_the_secretary_and_the_member(client_as, company, plan_case):
    _round, plan, _helpers, _finding = plan_case
    plan.review_due = month_end(timezone.localdate())
    plan.save(update_fields=["review_due"])
    items = home_items(client_as("shuji"))
    assert items["evaluations.support_due"] == ("1", "/evaluations/support/?status=open&due=month")
    assert home_items(client_as("dangyuan"))["evaluations.support_own"][0] == "1"
    assert "evaluations.support_due" not in home_items(client_as("zhigong"))


def test_the_api_lists_a_plan_with_its_parts_and_records_a_review(api_as, company, plan_case):
    _round, plan, _helpers, finding = plan_case
    client = api_as("shuji")
    data = client.get(f"/api/v1/support-plans/{plan.pk}/").json()
    assert (
        data["findings"] == [finding.number] and len(data["helpers"]) == 2 and data["actions"] == ["change", "report"]
    )
    response = client.post(f"/api/v1/support-plans/{plan.pk}/reviews/", {"held_on": "2026-06-15", "change": "好转"},
                           format="json")  # fmt: skip
    assert response.status_code == 201 and len(response.json()["reviews"]) == 2
    response = client.post(f"/api/v1/support-plans/{plan.pk}/close/", {"outcome": "rectify", "note": "限期",
                                                                      "version": plan.version + 1}, format="json")  # fmt: skip
    assert response.status_code == 400 and "改正期限" in response.content.decode()
    person = company.users["dangyuan"].person
    seen = SupportPlan.objects.filter(Q(member=person) | Q(helpers__person=person)).distinct().count()  # his, helping
    assert seen >= 1 and api_as("dangyuan").get("/api/v1/support-plans/").json()["count"] == seen
    assert api_as("zhigong").get("/api/v1/support-plans/").json()["count"] == 0


def test_the_office_keeps_the_situations_on_their_page(client_as, company):
    client = client_as("dangwei")
    queries, response = page_queries(client, "/evaluations/support/situations/")
    assert "理想信念动摇" in response.content.decode() and 'data-testid="situation-form"' in response.content.decode()
    assert queries <= 6, queries
    response = client.post(
        "/evaluations/support/situations/new/", {"code": "secret", "category": "纪律法规", "name": "泄露企业秘密"}
    )
    assert response.status_code == 302
    assert "泄露企业秘密" in client.get("/evaluations/support/situations/").content.decode()
    member_page = client_as("dangyuan").get("/evaluations/support/situations/").content.decode()
    assert "泄露企业秘密" in member_page and 'data-testid="situation-form"' not in member_page
