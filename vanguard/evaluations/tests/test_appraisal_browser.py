"""民主评议党员 end to end in a real browser: the branch secretary opens a round of the seeded scheme for his branch
and starts the vote; every member votes on a phone; the round computes once all have voted, 优秀 stays within its
third (probationary members take part but get no grade), the member voted 不合格 is graded so and, once published,
has a support plan; the results go out as the Word sheet for 公示."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles
from vanguard.org.models import User

from ..models import EvaluationScheme, RoundResult, SupportPlan
from ..services.rounds import round_create

pytestmark = pytest.mark.browser


def _round(c):
    scheme = EvaluationScheme.objects.get(code="democratic-appraisal")
    now = timezone.now()
    return round_create(
        actor=c.users["shuji"], scheme=scheme, org=c.branch, name="2026 年度民主评议党员(端到端)",
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
        voting_opens=now, voting_closes=now + datetime.timedelta(days=2),
    )  # fmt: skip


def _accounts(round_):
    """A sign-in for every voter (the demo gives one to the secretary and one member only)."""
    usernames = []
    for evaluator in round_.evaluators.filter(votes=True).select_related("person__user").order_by("person_id"):
        person = evaluator.person
        if person.user is None:
            person.user = User.objects.create_user(username=f"voter{person.pk}", password="vanguard-demo")
            person.save(update_fields=["user"])
        usernames.append(person.user.username)
    return usernames


def _vote(page, round_, index, voters, bad_name):
    """Voter ``index`` gives 优秀 to the ``voters - index`` first members and 合格 to the rest, so their scores
    differ; the member ``bad_name`` gets 不合格 from everyone."""
    page.goto(f"/evaluations/ballots/{round_.pk}/")
    subjects = page.locator('[data-testid="subject"]')
    expect(subjects.first).to_be_visible()
    for j in range(subjects.count()):
        subject = subjects.nth(j)
        good = "优秀" if index + j < voters else "合格"
        choice = "不合格" if bad_name in subject.inner_text() else good
        subject.locator("label", has_text=choice).first.click()
    page.click('[data-testid="review"]')
    page.click('[data-testid="cast"]')
    expect(page.locator('[data-testid="code"]')).to_be_visible()


def test_a_branch_appraises_its_members_and_supports_the_one_found_unqualified(open_page):
    c = company_handles()
    round_ = _round(c)
    graded = list(round_.subjects.filter(graded=True).select_related("person").order_by("pk"))
    assert len(graded) >= 3
    bad = next(
        s.person for s in graded if s.person_id not in {c.users["shuji"].person.pk, c.users["dangyuan"].person.pk}
    )
    usernames = _accounts(round_)

    desk = login(open_page(DESKTOP), "shuji")
    desk.goto(f"/evaluations/rounds/{round_.pk}/")
    desk.click('[data-testid="move-open"] button')
    desk.click('[data-testid="move-voting"] button')
    expect(desk.locator('[data-testid="turnout-panel"] [data-testid="due"]')).to_contain_text(str(len(usernames)))

    for index, username in enumerate(usernames):
        phone = open_page(PHONE)
        _vote(login(phone, username), round_, index, len(usernames), bad.name)
        phone.context.close()

    desk.goto(f"/evaluations/rounds/{round_.pk}/")
    expect(desk.locator('[data-testid="turnout-panel"] [data-testid="voted"]')).to_contain_text(str(len(usernames)))
    desk.click('[data-testid="compute"]')
    desk.goto(f"/evaluations/rounds/{round_.pk}/results/")
    rows = desk.locator('[data-testid="result-row"]')
    expect(rows).to_have_count(round_.subjects.count())
    excellent = rows.filter(has_text="优秀")
    assert 1 <= excellent.count() <= len(graded) // 3
    expect(rows.filter(has_text=bad.name)).to_contain_text("不合格")
    desk.screenshot(path="/tmp/appraisal-results-1366.png", full_page=True)

    desk.goto(f"/evaluations/rounds/{round_.pk}/")
    desk.click('[data-testid="publish"]')
    assert RoundResult.objects.get(round=round_, subject__person=bad).grade.code == "unqualified"
    plan = SupportPlan.objects.get(round=round_)
    assert plan.member == bad
    desk.goto("/evaluations/support/")
    expect(desk.locator('[data-testid="plan-row"]', has_text=bad.name).first).to_be_visible()

    # Ready for 公示: the Word sheet of the published results.
    sheet = desk.request.get(f"/evaluations/rounds/{round_.pk}/results/sheet.docx")
    assert sheet.ok and sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
