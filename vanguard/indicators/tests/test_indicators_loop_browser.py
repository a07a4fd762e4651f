"""赛指标 end to end in a real browser: the office imports a month of values from Excel and a team moves up a
labour competition's board past the red flag; the team leader's pledge for that month shows as met; a veto takes
the team out with its reason on the breakdown, and the flag goes back to the next leader."""

from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.indicators.choices import CompetitionKind
from vanguard.indicators.models import IndicatorPeriod
from vanguard.indicators.services import competitions as services
from vanguard.indicators.services.targets import pledge_create
from vanguard.indicators.services.values import ValueRow, indicator_values_upsert
from vanguard.org.demo import company_handles
from vanguard.org.models import Unit

from .competition_kit import APRIL, make_indicator, teams

pytestmark = pytest.mark.browser


def _competition(office, output):
    """A monthly labour competition of every team: 100 points at 100 t, pro rata below, tiers past it."""
    competition = services.competition_create(actor=office, unit=Unit.objects.get(depth=1), name="班组产量劳动竞赛",
                                              kind=CompetitionKind.LABOUR, year=2026)  # fmt: skip
    services.competition_entries_add(actor=office, competition=competition, category=competition.categories.get(),
                                     units=teams())  # fmt: skip
    services.competition_rule_save(actor=office, competition=competition, indicator=output, weight=100, target=100,
                                   tiers=[(5, 3), (10, 6)])  # fmt: skip
    return competition


def _workbook(path, output, team, value):
    """The import template's layout: 月份, 班组编码, 班组名称 (with its process: team names repeat), a column per indicator."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["月份", "班组编码", "班组名称", output.name])
    sheet.append(["2026-04", "", f"{team.get_parent().name}/{team.name}", value])
    book.save(path)
    return path


def test_an_imported_month_passes_the_red_flag_a_pledge_is_met_and_a_veto_says_why(open_page, tmp_path):
    c = company_handles()
    office, own = c.users["dangwei"], c.team
    assert IndicatorPeriod.objects.filter(month=APRIL).exists()  # the demo closed April: imports are corrections
    output = make_indicator("loop-output")
    competition = _competition(office, output)
    others = [t for t in teams() if t != own]
    # April as first reported: the others 90, 91, …; zhigong's team 80. The best of the others holds the flag.
    figures = {t: Decimal(90 + n) for n, t in enumerate(others)} | {own: Decimal(80)}
    indicator_values_upsert(actor=office, rows=[ValueRow(output, t, APRIL, v) for t, v in figures.items()],
                            reason="首次填报")  # fmt: skip
    pledge_create(actor=c.users["banzhang"], indicator=output, unit=own, first_month=APRIL, last_month=APRIL,
                  value=Decimal(105), content="4 月产量突破 105 吨")  # fmt: skip
    leader, mine = (competition.entries.get(unit=u).name for u in (others[-1], own))
    board = f"/indicators/competitions/{competition.pk}/?period={APRIL}-{APRIL}"

    desk = login(open_page(DESKTOP), "dangwei")
    desk.goto(board)
    expect(desk.locator("[data-testid=flag-holder]")).to_contain_text(leader)

    # The corrected month from Excel: 112 t puts zhigong's team first, past the flag's 90 points.
    desk.goto("/indicators/values/import/")
    desk.set_input_files("input[type=file]", str(_workbook(tmp_path / "四月产量.xlsx", output, own, 112)))
    desk.fill("[name=reason]", "计量表校准后补录")
    desk.uncheck("[name=dry_run]")
    desk.click("button:has-text('校验并导入')")
    expect(desk.locator("[data-testid=imported]")).to_contain_text("更正 1 个")
    desk.goto(board)
    expect(desk.locator("[data-testid=standing-row]").first).to_contain_text(mine)
    expect(desk.locator("[data-testid=flag-holder]")).to_contain_text(mine)
    desk.screenshot(path="/tmp/indicators-loop-board-1366.png", full_page=True)

    # The team leader's pledge for April (every month of it closed): met, from the values.
    phone = login(open_page(PHONE), "banzhang")
    phone.goto("/indicators/pledges/")
    row = phone.locator("[data-testid=pledge-row]", has_text=output.name)
    expect(row).to_contain_text("已兑现")
    expect(row).to_contain_text("112")
    phone.screenshot(path="/tmp/indicators-loop-pledge-390.png", full_page=True)

    # A safety incident: the office vetoes the team for April; it leaves the ranking, the flag goes back.
    entry = competition.entries.get(unit=own)
    desk.goto(f"/indicators/competitions/{competition.pk}/veto/?entry={entry.pk}")
    desk.select_option("[name=period]", f"{APRIL}-{APRIL}")
    desk.fill("[name=reason]", "4 月 12 日发生一般安全事故")
    desk.fill("[name=evidence]", "安监通报〔2026〕12号")
    desk.click("[data-testid=save]")
    expect(desk.locator("[data-testid=flag-holder]")).to_contain_text(leader)
    expect(desk.locator("[data-testid=standing-row]", has_text=mine)).to_contain_text("一票否决")

    phone.goto(f"/indicators/competitions/entries/{entry.pk}/?period={APRIL}-{APRIL}")
    expect(phone.locator("[data-testid=vetoed]")).to_be_visible()
    expect(phone.locator("[data-testid=summary]")).to_contain_text("4 月 12 日发生一般安全事故")
    phone.screenshot(path="/tmp/indicators-loop-veto-390.png", full_page=True)
