# ruff: noqa: F811  (the fixtures of competition_kit, imported by name)
"""The standings move with the values in the value write's own transaction; they are always what a full
recomputation gives; the red flag goes to a category's leader at the threshold, period by period."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.exceptions import ScopeError
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.models import CompetitionStanding, JudgeScore, RedFlag
from vanguard.indicators.periods import Period
from vanguard.indicators.services import competitions as services
from vanguard.indicators.services.standings import recompute_all
from vanguard.indicators.services.values import indicator_month_close

from .competition_kit import APRIL, MAY, labour, make_indicator, output, skills, teams, write  # noqa: F401

pytestmark = pytest.mark.django_db


def board(competition, month=MAY, category=None):
    rows = CompetitionStanding.objects.filter(competition=competition, first_month=month, last_month=month)
    if category is not None:
        rows = rows.filter(category=category)
    return {s.entry.unit: s for s in rows.select_related("entry__unit")}


def test_a_value_write_moves_the_board_in_its_own_transaction(company, labour, output):
    first, second, *_ = teams()
    write(company, output, {first: 100, second: 112})
    standings = board(labour)
    assert standings[second].rank == 1 and standings[second].points == Decimal(106)  # 12% past: +6
    assert standings[first].rank == 2 and standings[first].points == Decimal(100)
    component = standings[second].breakdown[0]
    assert (component["value"], component["target"], component["points"]) == ("112", "100", "106")
    # Teams without a value this month are not ranked at zero.
    assert all(s.rank is None and not s.stands for unit, s in standings.items() if unit not in (first, second))


def test_a_write_of_another_indicator_recomputes_nothing(company, labour, output):
    first = teams()[0]
    write(company, output, {first: 100})
    stamps = dict(CompetitionStanding.objects.filter(competition=labour).values_list("pk", "computed_at"))
    write(company, make_indicator("c-other"), {first: 5})
    assert dict(CompetitionStanding.objects.filter(competition=labour).values_list("pk", "computed_at")) == stamps


def test_standings_are_what_a_full_recomputation_gives_after_random_writes(company, labour, output):
    chance, all_teams = random.Random(15), teams()
    for _ in range(12):
        month = chance.choice([APRIL - 1, APRIL, MAY])
        picked = chance.sample(all_teams, chance.randint(1, len(all_teams)))
        write(company, output, {t: chance.choice([0, 80, 95, 100, 104, 108, 111, 130]) for t in picked}, month=month)
    fields = ("entry_id", "first_month", "points", "rank", "vetoed", "stands", "note", "breakdown")
    kept = sorted(CompetitionStanding.objects.filter(competition=labour).values_list(*fields))
    CompetitionStanding.objects.filter(competition=labour).delete()
    recompute_all(labour)
    assert sorted(CompetitionStanding.objects.filter(competition=labour).values_list(*fields)) == kept
    assert any(row[3] == 1 for row in kept)


def test_the_red_flag_goes_to_the_leader_at_the_threshold_and_moves_with_a_correction(company, labour, output):
    first, second, third, *_ = teams()
    category = labour.categories.first()
    write(company, output, {first: 100, second: 95, third: 80}, month=APRIL)
    write(company, output, {first: 85, second: 89, third: 80}, month=MAY)
    # April is closed (the demo closed the months before last): its flag went with the write. May is open.
    assert not RedFlag.objects.filter(competition=labour, first_month=MAY).exists()
    indicator_month_close(actor=company.users["dangwei"], month=MAY)  # closing May decides its flag
    flags = {f.first_month: f for f in RedFlag.objects.filter(category=category)}
    assert flags[APRIL].entry.unit == first and flags[APRIL].points == Decimal(100)
    assert flags[MAY].entry is None  # the leader (89) is short of 90: nobody holds the flag for May
    # A correction of a closed month in the value write's transaction: the flag moves to the new leader.
    write(company, output, {second: 104}, month=MAY, reason="计量表校准")
    flag = RedFlag.objects.get(category=category, first_month=MAY)
    assert flag.entry.unit == second and flag.points == Decimal(100)
    write(company, output, {first: 108}, month=MAY, reason="补录产量")
    assert RedFlag.objects.get(category=category, first_month=MAY).entry.unit == first  # it moves on
    assert RedFlag.objects.get(category=category, first_month=APRIL).entry.unit == first  # April's stays history


def test_a_veto_takes_a_team_out_with_its_reason_and_the_next_leads(company, labour, output):
    first, second, *_ = teams()
    write(company, output, {first: 110, second: 100})
    entry = labour.entries.get(unit=first)
    # 工会干部 organises her plant's competitions only; this company-wide one is the office's.
    with pytest.raises(ScopeError):
        services.veto_record(actor=company.users["gonghui"], entry=entry, first_month=MAY, last_month=MAY,
                             reason="发生一般安全事故", evidence="安监通报〔2026〕7号")  # fmt: skip
    services.veto_record(actor=company.users["dangwei"], entry=entry, first_month=MAY, last_month=MAY,
                         reason="发生一般安全事故", evidence="安监通报〔2026〕7号")  # fmt: skip
    standings = board(labour)
    assert standings[first].vetoed and standings[first].rank is None and "发生一般安全事故" in standings[first].note
    assert standings[second].rank == 1


def test_a_veto_needs_reason_and_evidence_and_an_organiser(company, labour, output):
    first = teams()[0]
    write(company, output, {first: 110})
    entry = labour.entries.get(unit=first)
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="原因和证据"):
        services.veto_record(actor=company.users["dangwei"], entry=entry, first_month=MAY, last_month=MAY,
                             reason="事故", evidence="")  # fmt: skip
    with pytest.raises(ScopeError):
        services.veto_record(actor=company.users["banzhang"], entry=entry, first_month=MAY, last_month=MAY,
                             reason="事故", evidence="通报")  # fmt: skip
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_judges_score_once_in_their_own_competition_and_the_result_stands_with_three(company, skills, labour):
    quarter = Period.quarter(2026, 2)
    entries = list(skills.entries.all())
    for name, figures in (("dangwei", (90, 80)), ("shuji", (85, 88))):
        for entry, score in zip(entries, figures, strict=False):
            services.judge_score_sign(actor=company.users[name], entry=entry, first_month=quarter.first,
                                      last_month=quarter.last, score=score)  # fmt: skip
    standing = CompetitionStanding.objects.get(entry=entries[0], first_month=quarter.first)
    assert not standing.stands and "2/3" in standing.note
    services.judge_score_sign(actor=company.users["gonghui"], entry=entries[0], first_month=quarter.first,
                              last_month=quarter.last, score=70)  # fmt: skip
    standing = CompetitionStanding.objects.get(entry=entries[0], first_month=quarter.first)
    assert standing.stands and standing.rank == 1 and standing.points is not None
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="不能重复评分"):
        services.judge_score_sign(actor=company.users["gonghui"], entry=entries[0], first_month=quarter.first,
                                  last_month=quarter.last, score=99)  # fmt: skip
    with pytest.raises(ScopeError, match="不是该竞赛的评委"):
        services.judge_score_sign(actor=company.users["gonghui"], entry=labour.entries.first(), first_month=MAY,
                                  last_month=MAY, score=99)  # fmt: skip
    with pytest.raises(ScopeError):
        services.judge_score_sign(actor=company.users["zhigong"], entry=entries[1], first_month=quarter.first,
                                  last_month=quarter.last, score=99)  # fmt: skip
    with pytest.raises(ValidationError, match="不能大于"):
        services.judge_score_sign(actor=company.users["gonghui"], entry=entries[1], first_month=quarter.first,
                                  last_month=quarter.last, score=101)  # fmt: skip
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert JudgeScore.objects.filter(entry__competition=skills).count() == 5


def test_results_are_published_once_the_period_is_over_and_then_nothing_moves_them(company, labour, output):
    first = teams()[0]
    write(company, output, {first: 100}, month=APRIL)
    office = company.users["dangwei"]
    with pytest.raises(ValidationError, match="尚未结束"):
        services.competition_results_publish(actor=office, competition=labour, first_month=MAY + 1, last_month=MAY + 1)
    result = services.competition_results_publish(actor=office, competition=labour, first_month=APRIL,
                                                  last_month=APRIL)  # fmt: skip
    assert result.published
    with pytest.raises(ValidationError, match="已公布"):
        services.veto_record(actor=office, entry=labour.entries.get(unit=first), first_month=APRIL,
                             last_month=APRIL, reason="事故", evidence="通报")  # fmt: skip
