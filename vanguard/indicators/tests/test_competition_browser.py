"""In a real browser: a value written moves a team up the board and gives it the red flag once the month is
closed; the team leader reads his breakdown on a phone; a judge signs a score on his phone; the workshop
screen opens without a login. Screenshots at 1366 and 390 px wide."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.indicators.choices import CompetitionKind, ScoringMethod
from vanguard.indicators.models import JudgeScore
from vanguard.indicators.periods import Period
from vanguard.indicators.services import competitions as services
from vanguard.indicators.services.values import ValueRow, indicator_month_close, indicator_values_upsert
from vanguard.org.demo import company_handles
from vanguard.org.models import Unit, UnitHeadcount

from .competition_kit import MAY, make_indicator, teams

pytestmark = pytest.mark.browser


def _labour(c, output):
    office = c.users["dangwei"]
    competition = services.competition_create(actor=office, unit=Unit.objects.get(depth=1), name="班组劳动竞赛",
                                              kind=CompetitionKind.LABOUR, year=2026)  # fmt: skip
    services.competition_entries_add(actor=office, competition=competition, category=competition.categories.get(),
                                     units=teams())  # fmt: skip
    services.competition_rule_save(actor=office, competition=competition, indicator=output, weight=100, target=100,
                                   normalisation="per_head", tiers=[(5, 3), (10, 6)])  # fmt: skip
    return competition


def test_a_value_moves_the_board_and_the_flag_and_the_leader_reads_why(open_page):
    c = company_handles()
    output = make_indicator("b-output")
    competition = _labour(c, output)
    office, heads = c.users["dangwei"], dict(UnitHeadcount.objects.values_list("unit_id", "people"))
    # 90, 91, … tonnes a head: the last team leads with 97 points.
    rows = [ValueRow(output, t, MAY, Decimal(90 + n) * heads[t.pk]) for n, t in enumerate(teams())]
    indicator_values_upsert(actor=office, rows=rows)
    indicator_month_close(actor=office, month=MAY)
    board = f"/indicators/competitions/{competition.pk}/?period={MAY}-{MAY}"
    desk = login(open_page(DESKTOP), "dangwei")
    desk.goto(board)
    desk.click("[data-testid=recompute]")  # the month was closed after the values: decide its flag now
    leader = competition.entries.get(unit=teams()[-1]).name
    expect(desk.locator("[data-testid=flag-holder]")).to_contain_text(leader)
    # A correction of the closed month for zhigong's team: it leads, and the flag moves to it.
    indicator_values_upsert(actor=office, rows=[ValueRow(output, c.team, MAY, Decimal(112) * heads[c.team.pk])],
                           reason="补录产量")  # fmt: skip
    desk.goto(board)
    own = competition.entries.get(unit=c.team).name
    expect(desk.locator("[data-testid=flag-holder]")).to_contain_text(own)
    expect(desk.locator("[data-testid=standing-row]").first).to_contain_text(own)
    desk.screenshot(path="/tmp/competition-board-1366.png", full_page=True)

    phone = login(open_page(PHONE), "banzhang")
    phone.goto(board)
    phone.screenshot(path="/tmp/competition-board-390.png", full_page=True)
    phone.click(f"[data-testid=standing-row] a:has-text('{own}')")
    expect(phone.locator("[data-testid=points]")).to_have_text("106.00")
    expect(phone.locator("[data-testid=breakdown]")).to_contain_text("达到超 10% 档,加 6 分")
    phone.screenshot(path="/tmp/competition-breakdown-390.png", full_page=True)

    screen = open_page(DESKTOP)
    screen.goto(f"/indicators/screen/{competition.screen_token}/")
    expect(screen.locator("[data-testid=screen]")).to_contain_text(own)
    screen.screenshot(path="/tmp/competition-screen-1366.png", full_page=True)


def test_a_judge_signs_on_his_phone(open_page):
    c = company_handles()
    office = c.users["dangwei"]
    competition = services.competition_create(
        actor=office, unit=Unit.objects.get(depth=1), name="焊工技术比武", kind=CompetitionKind.SKILLS, year=2026,
        granularity="quarter", method=ScoringMethod.JUDGES,
    )  # fmt: skip
    services.competition_entries_add(actor=office, competition=competition, category=competition.categories.get(),
                                     units=teams()[:3])  # fmt: skip
    services.competition_judges_set(actor=office, competition=competition, people=[c.users["shuji"].person])
    quarter = Period.quarter(2026, 2)
    phone = login(open_page(PHONE), "shuji")
    phone.goto(f"/indicators/competitions/{competition.pk}/judge/?period={quarter.first}-{quarter.last}")
    form = phone.locator("[data-testid=score-form]").first
    form.locator("[name=score]").fill("92.5")
    form.locator("button").click()
    expect(phone.locator("[data-testid=signed]").first).to_contain_text("92.50")
    phone.screenshot(path="/tmp/competition-judge-390.png", full_page=True)
    assert JudgeScore.objects.get(entry__competition=competition).score == Decimal("92.5")
