"""Who may open which competition page and call which endpoint: personas × URLs × expected answer.

The 轧管厂 runs a 技术比武 of two of its teams (zhigong's 一作业区甲班 and 二作业区乙班), judged by dangyuan,
shuji and gonghui. Everyone working in the plant sees the board; the outsider (炼钢厂) does not. A team's
breakdown is read by its people and the roster readers over it; the office organises (vetoes, publish, the
screen link); only judges have a score sheet, and each posts his own score. The workshop screen opens with
its token and nothing else.
"""

import pytest

from vanguard.core.testing import Case, check, expand, expect, uncovered
from vanguard.indicators.choices import CompetitionKind, ScoringMethod
from vanguard.indicators.models import Competition
from vanguard.indicators.periods import Period
from vanguard.indicators.services import competitions as services
from vanguard.org.models import Unit

Q2 = Period.quarter(2026, 2)
SEES = expect(200, outsider=404)
OFFICE = expect(404, admin=200, dangwei=200)
OFFICE_POSTS = expect(404, admin=302, dangwei=302)


def page(c, suffix=""):
    return f"/indicators/competitions/{c.competition.pk}/{suffix}"


def breakdown(entry):
    return lambda c: f"/indicators/competitions/entries/{getattr(c, entry).pk}/?period={Q2.first}-{Q2.last}"


def _score(c):
    return {"entry": c.own_entry.pk, "first_month": Q2.first, "last_month": Q2.last, "score": "88.5"}


MATRIX = [
    Case("/indicators/competitions/", expect(200)),
    Case("/indicators/competitions/export/?kind=skills", expect(200)),
    Case("/indicators/competitions/new/", OFFICE),
    Case(lambda c: page(c, "setup/"), OFFICE, label="setup"),
    Case(
        lambda c: page(c, "setup/"),
        OFFICE_POSTS,
        method="post",
        label="add judges",
        data=lambda c: {"part": "judges", "j-numbers": c.users["zhigong"].person.employee_no},
    ),  # fmt: skip
    Case(lambda c: page(c), SEES, label="board"),
    Case(lambda c: page(c, f"results.xlsx?period={Q2.first}-{Q2.last}"), SEES, label="results excel"),
    Case(breakdown("own_entry"), SEES, label="own team's breakdown"),
    Case(breakdown("other_entry"), OFFICE, label="another team's breakdown"),
    Case(lambda c: page(c, "judge/"), expect(404, shuji=200, dangyuan=200), label="judge sheet"),
    Case(
        lambda c: page(c, "judge/"),
        expect(404, shuji=302, dangyuan=302),
        method="post",
        data=lambda c: {"entry": c.own_entry.pk, "score": "90"},
        label="judge signs on the page",
    ),  # fmt: skip
    Case(lambda c: page(c, "veto/"), OFFICE, label="veto form"),
    Case(
        lambda c: page(c, "veto/"),
        OFFICE_POSTS,
        method="post",
        label="veto",
        data=lambda c: {
            "entry": c.own_entry.pk,
            "period": f"{Q2.first}-{Q2.last}",
            "reason": "发生一般安全事故",
            "evidence": "安监通报〔2026〕7号",
        },
    ),  # fmt: skip
    Case(
        lambda c: page(c, "publish/"),
        OFFICE_POSTS,
        method="post",
        data={"period": f"{Q2.first - 3}-{Q2.first - 1}"},
        label="publish",
    ),
    Case(lambda c: page(c, "recompute/"), OFFICE_POSTS, method="post", label="recompute"),
    Case(lambda c: page(c, "screen-token/"), OFFICE_POSTS, method="post", label="new screen link"),
    Case(lambda c: f"/indicators/screen/{c.competition.screen_token}/", expect(200, anonymous=200), label="screen"),
    # API
    Case("/api/v1/competitions/", expect(200), api=True),
    Case(lambda c: f"/api/v1/competitions/{c.competition.pk}/", SEES, api=True, label="api competition"),
    Case("/api/v1/competition-entries/", expect(200), api=True),
    Case(lambda c: f"/api/v1/competition-entries/{c.own_entry.pk}/", SEES, api=True, label="api entry"),
    Case("/api/v1/judge-scores/", expect(200), api=True),
    Case(
        lambda c: f"/api/v1/judge-scores/{c.score.pk}/",
        expect(404, admin=200, dangwei=200, dangyuan=200),
        api=True,
        label="api a judge's own score",
    ),  # fmt: skip
    Case(
        "/api/v1/judge-scores/",
        expect(403, shuji=201, dangyuan=201),
        api=True,
        method="post",
        data=_score,
        label="api judge score",
    ),  # fmt: skip
]


@pytest.fixture
def company(company):
    office, plant = company.users["dangwei"], Unit.objects.get(path=company.team.path[: 2 * Unit.steplen])
    competition = services.competition_create(
        actor=office, unit=plant, name="轧管厂焊工技术比武", kind=CompetitionKind.SKILLS, year=2026,
        granularity="quarter", method=ScoringMethod.JUDGES, min_judges=3,
    )  # fmt: skip
    other = Unit.objects.get(path=plant.path + "000200010002")
    services.competition_entries_add(actor=office, competition=competition, category=competition.categories.get(),
                                     units=[company.team, other])  # fmt: skip
    judges = [company.users[name].person for name in ("dangyuan", "shuji", "gonghui")]
    services.competition_judges_set(actor=office, competition=competition, people=judges)
    company.competition = competition
    company.own_entry = competition.entries.get(unit=company.team)
    company.other_entry = competition.entries.get(unit=other)
    company.score = services.judge_score_sign(actor=company.users["dangyuan"], entry=company.other_entry,
                                              first_month=Q2.first, last_month=Q2.last, score=80)  # fmt: skip
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_competition_route_is_in_the_matrix(company):
    from vanguard.indicators import urls
    from vanguard.indicators.api import urls as api_urls

    missing = uncovered(MATRIX, company, [*urls.urlpatterns, *api_urls.urlpatterns])
    assert [name for name in missing if "competition" in name or "judge" in name] == []


def test_the_union_organises_her_plants_competitions_and_not_the_companys(client_as, company):
    union = client_as("gonghui")
    assert union.get(page(company, "veto/")).status_code == 200
    company_wide = services.competition_create(
        actor=company.users["dangwei"], unit=Unit.objects.get(depth=1), name="公司劳动竞赛",
        kind=CompetitionKind.LABOUR, year=2026,
    )  # fmt: skip
    assert union.get(f"/indicators/competitions/{company_wide.pk}/veto/").status_code == 404


def test_the_screen_token_opens_its_board_and_nothing_else(client, company):
    competition = company.competition
    other = services.competition_create(
        actor=company.users["dangwei"], unit=Unit.objects.get(depth=1), name="公司青安岗评比",
        kind=CompetitionKind.SAFETY_POST, year=2026,
    )  # fmt: skip
    token = competition.screen_token
    screen = client.get(f"/indicators/screen/{token}/")
    assert screen.status_code == 200 and "轧管厂焊工技术比武" in screen.content.decode()
    assert "公司青安岗评比" not in screen.content.decode() and 'http-equiv="refresh"' in screen.content.decode()
    assert "<form" not in screen.content.decode()  # read-only
    # The token names one board: with it, no other board, page or API answers.
    assert client.get(f"/indicators/competitions/{other.pk}/?token={token}").status_code == 302
    assert client.get(f"/indicators/competitions/{competition.pk}/?token={token}").status_code == 302
    assert client.get(f"/indicators/competitions/entries/{company.own_entry.pk}/?token={token}").status_code == 302
    assert client.get(f"/api/v1/competitions/?token={token}").status_code in (401, 403)
    assert client.get("/api/v1/competitions/", HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)
    assert client.get(f"/indicators/screen/{token}x/").status_code == 404
    assert client.get(f"/indicators/screen/{other.screen_token[:10]}/").status_code == 404
    assert "screen_token" not in client.get("/indicators/screen/" + token + "/").content.decode()
    # Regenerating revokes: the old link answers nothing, the new one shows the board.
    new = services.competition_screen_token_regenerate(actor=company.users["dangwei"], competition=competition)
    assert client.get(f"/indicators/screen/{token}/").status_code == 404
    assert client.get(f"/indicators/screen/{new}/").status_code == 200
    assert not Competition.objects.filter(screen_token=token).exists()


def test_the_api_never_gives_the_screen_token(api_as, company):
    body = api_as("dangwei").get(f"/api/v1/competitions/{company.competition.pk}/").json()
    assert "screen_token" not in body and company.competition.screen_token not in str(body)
