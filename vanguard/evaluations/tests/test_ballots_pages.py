"""The voter's pages (我的投票, the ballot with its confirm step and the code, the published codes), the turnout
panel of the organisers and the home item; refusals in Chinese; query counts that do not grow with the round."""

import pytest
from django.test import RequestFactory

from vanguard.core.testing import database_fingerprint, fingerprint_changes, home_items, page_queries

from ..choices import RoundStatus
from ..models import Ballot, RoundEvaluator, RoundSubject, Voter
from ..services.ballots import ballot_cast, ballot_criteria, ballots_issue
from ..views.ballots import turnout_panel
from .ballot_kit import ballot_state, full_ballot, shift_window, voter_users, voting_round
from .kit import appraisal_round

MINE_QUERIES = 5
FORM_QUERIES = 8
CODES_QUERIES = 8
TURNOUT_QUERIES = 6  # 9 once closed: the names and the validity


def _form_data(round_, choice="qualified"):
    criterion = ballot_criteria(round_)[0].pk
    return {f"m-{s}-{criterion}": choice for s in full_ballot(round_)}


def test_my_ballots_lists_the_rounds_i_am_due_in_open_first(client_as, company):
    open_round = voting_round(company)
    client = client_as("dangyuan")
    queries, response = page_queries(client, "/evaluations/ballots/")
    page = response.content.decode()
    assert open_round.name in page and 'data-testid="vote"' in page and "截止" in page
    assert queries <= MINE_QUERIES
    # A second round, closed and voted: the page costs the same.
    closed = voting_round(company, scheme=open_round.scheme)
    ballot_cast(actor=company.users["dangyuan"], round_=closed, marks=full_ballot(closed))
    shift_window(closed, closed_ago=1)
    again, response = page_queries(client, "/evaluations/ballots/")
    due_in = Voter.objects.filter(person=company.users["dangyuan"].person).count()  # the demo's rounds too
    assert again == queries and response.content.decode().count('data-testid="my-ballot"') == due_in
    assert 'data-testid="voted"' in response.content.decode() and 'data-testid="codes"' in response.content.decode()


def test_the_ballot_marks_the_probationary_and_takes_choose_confirm_cast(client_as, company):
    round_ = voting_round(company)
    RoundSubject.objects.filter(pk=RoundSubject.objects.filter(round=round_).order_by("pk")[0].pk).update(graded=False)
    client = client_as("dangyuan")
    url = f"/evaluations/ballots/{round_.pk}/"
    queries, response = page_queries(client, url)
    page = response.content.decode()
    subjects = RoundSubject.objects.filter(round=round_)
    assert page.count('data-testid="subject"') == subjects.count()
    assert page.count('data-testid="probationary"') == subjects.filter(graded=False).count() == 1
    assert "优秀" in page and "不合格" in page and queries <= FORM_QUERIES
    # A subject left out: the form says which, nothing is cast.
    data = _form_data(round_)
    first = next(iter(data))
    before = ballot_state(round_)
    response = client.post(url, {**{k: v for k, v in data.items() if k != first}, "step": "review"})
    assert "请为" in response.content.decode() and ballot_state(round_) == before
    response = client.post(url, {**data, "step": "review"})
    assert response.content.decode().count('data-testid="confirm-row"') == subjects.count()
    assert ballot_state(round_) == before  # confirming is not casting
    response = client.post(url, {**data, "step": "edit"})
    assert 'data-testid="ballot-form"' in response.content.decode() and "checked" in response.content.decode()
    response = client.post(url, {**data, "step": "cast"})
    code = response.context["code"]
    assert code in response.content.decode() and response["Cache-Control"] == "no-store"
    assert Ballot.objects.filter(round=round_, cast=True, code=code).exists()
    # Back to the ballot: already voted.
    response = client.get(url)
    assert "已经投过票" in response.content.decode() and 'data-testid="ballot-form"' not in response.content.decode()
    before = ballot_state(round_)
    response = client.post(url, {**data, "step": "cast"})
    assert response.status_code == 400 and ballot_state(round_) == before


def test_the_ballot_says_why_it_cannot_be_cast(client_as, company):
    round_ = voting_round(company)
    shift_window(round_, opens_in=3)
    response = client_as("dangyuan").get(f"/evaluations/ballots/{round_.pk}/")
    assert "投票尚未开始" in response.content.decode()
    shift_window(round_, opens_in=-5, closed_ago=1)
    before = database_fingerprint(), ballot_state(round_)
    response = client_as("dangyuan").post(f"/evaluations/ballots/{round_.pk}/", {**_form_data(round_), "step": "cast"})
    assert response.status_code == 400 and "投票已于" in response.content.decode()
    assert fingerprint_changes(before[0], database_fingerprint()) == [] and ballot_state(round_) == before[1]
    # The secretary sees the round but is not on this roll: 403 with the reason.
    RoundEvaluator.objects.filter(round=round_, person=company.users["shuji"].person).update(votes=False)
    Voter.objects.filter(round=round_, person=company.users["shuji"].person).delete()
    response = client_as("shuji").get(f"/evaluations/ballots/{round_.pk}/")
    assert response.status_code == 403 and "不在本轮的投票人名单" in response.content.decode()


def test_the_counted_codes_are_published_to_the_voters_once_voting_closed(client_as, company):
    round_ = voting_round(company)
    users = voter_users(round_)
    codes = [ballot_cast(actor=user, round_=round_, marks=full_ballot(round_)) for user in users[:4]]
    url = f"/evaluations/ballots/{round_.pk}/codes/"
    client = client_as("dangyuan")
    response = client.get(url)
    assert 'data-testid="not-closed"' in response.content.decode() and codes[0] not in response.content.decode()
    shift_window(round_, closed_ago=1)
    queries, response = page_queries(client, url)
    page = response.content.decode()
    assert page.count('data-testid="counted-code"') == 4 and all(code in page for code in codes)
    assert queries <= CODES_QUERIES
    assert 'data-testid="found"' in client.get(url, {"q": codes[2].lower()}).content.decode()
    assert 'data-testid="not-found"' in client.get(url, {"q": "ZZZZZZZZZZ"}).content.decode()


def test_turnout_is_counts_while_voting_and_names_after(client_as, company):
    round_ = voting_round(company)
    users = voter_users(round_)
    for user in users[:4]:
        ballot_cast(actor=user, round_=round_, marks=full_ballot(round_))
    client = client_as("shuji")
    url = f"/evaluations/rounds/{round_.pk}/turnout/"
    queries, response = page_queries(client, url)
    page = response.content.decode()
    due = len(users)
    assert 'data-testid="voted">4<' in page and f'data-testid="due">{due}<' in page and "hx-trigger" in page
    assert 'data-testid="voted-names"' not in page and users[0].person.name not in page
    assert queries <= TURNOUT_QUERIES
    shift_window(round_, closed_ago=1)
    page = client.get(url).content.decode()
    assert 'data-testid="voted-names"' in page and "hx-trigger" not in page and 'data-testid="validity"' in page
    assert all(user.person.name in page for user in users[:4])
    assert not any(user.person.name in page.split('data-testid="voted-names"')[1] for user in users[4:])


@pytest.mark.parametrize(("persona", "shows"), [("shuji", "turnout-panel"), ("dangyuan", "turnout-mine"),
                                                 ("zhigong", None)])  # fmt: skip
def test_the_round_page_panel_shows_counts_to_organisers_and_a_voter_their_own_state(company, persona, shows):
    round_ = voting_round(company)
    request = RequestFactory().get("/")
    request.user = company.users[persona]
    html = turnout_panel(request, round_)
    assert (f'data-testid="{shows}"' in html) if shows else html == ""


def test_home_shows_a_voter_the_open_ballot_until_cast(client_as, company):
    client = client_as("dangyuan")
    already = int(home_items(client).get("evaluations.ballots_open", ("0",))[0])  # the demo's open round
    round_ = voting_round(company)
    assert home_items(client)["evaluations.ballots_open"] == (str(already + 1), "/evaluations/ballots/")
    ballot_cast(actor=company.users["dangyuan"], round_=round_, marks=full_ballot(round_))
    assert home_items(client).get("evaluations.ballots_open", ("0",))[0] == str(already)


def test_a_round_not_yet_voting_has_no_panel_and_issuing_later_is_the_same(company):
    round_ = appraisal_round(company, status=RoundStatus.SCORING)
    request = RequestFactory().get("/")
    request.user = company.users["shuji"]
    assert turnout_panel(request, round_) == ""
    ballots_issue(actor=None, round_=round_)
    assert Voter.objects.filter(round=round_).count() == Ballot.objects.filter(round=round_).count()
