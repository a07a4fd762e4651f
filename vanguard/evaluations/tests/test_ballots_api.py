"""``POST /api/v1/ballots/``: cast only; the refusals of the pages as 400/403 with Chinese messages."""

from vanguard.core.testing import database_fingerprint, fingerprint_changes

from ..models import Ballot
from ..services.ballots import ballot_criteria
from .ballot_kit import ballot_state, full_ballot, shift_window, voting_round

URL = "/api/v1/ballots/"


def _body(round_, choice="qualified", **extra):
    return {"round": round_.pk, "marks": [{"subject": s, "choice": choice} for s in full_ballot(round_)], **extra}


def _refused(api, round_, body, status, text):
    before = database_fingerprint(), ballot_state(round_)
    response = api.post(URL, body, format="json")
    assert response.status_code == status, response.json()
    assert text in str(response.json())
    assert fingerprint_changes(before[0], database_fingerprint()) == [] and ballot_state(round_) == before[1]


def test_a_voter_casts_and_gets_the_code_once(api_as, company):
    round_ = voting_round(company)
    api = api_as("dangyuan")
    response = api.post(URL, _body(round_, "excellent"), format="json")
    assert response.status_code == 201 and set(response.json()) == {"code"}
    assert Ballot.objects.get(round=round_, cast=True).code == response.json()["code"]
    _refused(api, round_, _body(round_), 400, "已经投过票")


def test_marks_may_name_the_criterion(api_as, company):
    round_ = voting_round(company)
    criterion = ballot_criteria(round_)[0].pk
    body = {"round": round_.pk, "marks": [{"subject": s, "criterion": criterion, "choice": "basic"}
                                          for s in full_ballot(round_)]}  # fmt: skip
    assert api_as("shuji").post(URL, body, format="json").status_code == 201


def test_the_refusals_are_those_of_the_pages(api_as, company):
    round_ = voting_round(company)
    api = api_as("dangyuan")
    marks = _body(round_)["marks"]
    _refused(api, round_, {"round": round_.pk, "marks": marks[1:]}, 400, "尚未选择")
    _refused(api, round_, {"round": round_.pk, "marks": [*marks, marks[0]]}, 400, "不能选择两次")
    _refused(api, round_, {"round": round_.pk, "marks": []}, 400, "选票不能为空")
    _refused(api, round_, _body(round_, "perfect"), 400, "选择无效")
    _refused(api, round_, {"marks": marks}, 400, "请指明评议轮次")
    _refused(api_as("dangwei"), round_, _body(round_), 403, "不在本轮的投票人名单")
    _refused(api_as("zhigong"), round_, _body(round_), 404, "")
    shift_window(round_, closed_ago=1)
    _refused(api, round_, _body(round_), 400, "投票已于")


def test_no_list_and_no_read_of_a_ballot(api_as, company):
    round_ = voting_round(company)
    api = api_as("admin")
    assert api.get(URL).status_code == 405
    ballot = Ballot.objects.filter(round=round_).first()
    assert api.get(f"{URL}{ballot.pk}/").status_code == 404
