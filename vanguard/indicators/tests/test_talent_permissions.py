"""Who may open which talent and studio page and call which endpoint: personas × URLs × expected answer.

- The talent pool is for the roster readers (the office, a branch secretary over the units his branch covers,
  a team leader, the union over its plant); a worker and a member see their own titles instead.
- The office and the union manage nominations, awards, plans and studios over the person's (plan's, studio's)
  unit; a secretary who sees a nomination cannot take its steps (403); assessors score only where they sit.
- Everyone sees the studios of his own plant.
"""

import pytest
from django.utils import timezone

from vanguard.core.testing import Case, check, expand, expect, uncovered
from vanguard.indicators import urls as app_urls
from vanguard.indicators.api import urls as api_urls
from vanguard.indicators.models import TalentAward, TalentNomination, TalentTitle
from vanguard.indicators.services.studios import studio_save
from vanguard.indicators.services.talent import talent_nominate, talent_plan_save

READERS = {"admin": 200, "dangwei": 200, "shuji": 200}
MANAGERS = {"admin": 200, "dangwei": 200}
DONE = {"admin": 302, "dangwei": 302}


def _panel(c):
    return " ".join(c.users[n].person.employee_no for n in ("banzhang", "dangyuan", "gonghui"))


def _nominate(c):
    return {"person": c.users["dangyuan"].person.pk, "title": c.free_title.pk, "year": 2026, "reasons": "技能突出"}


MATRIX = [
    Case("/indicators/talent/", expect(404, **READERS)),
    Case("/indicators/talent/export/", expect(404, **READERS)),
    Case("/indicators/talent/mine/", expect(200, admin=404)),  # the administrator has no person record
    Case("/indicators/talent/titles/", expect(200)),
    Case("/indicators/talent/titles/new/", expect(404, **MANAGERS)),
    Case(lambda c: f"/indicators/talent/titles/{c.free_title.pk}/", expect(404, **MANAGERS), label="title edit"),
    Case("/indicators/talent/nominations/", expect(200)),
    Case("/indicators/talent/nominations/new/", expect(404, **MANAGERS)),
    Case(lambda c: f"/indicators/talent/nominations/{c.nomination.pk}/", expect(404, **READERS, zhigong=200),
         label="nomination"),
    Case(lambda c: f"/indicators/talent/nominations/{c.nomination.pk}/step/",
         expect(404, **DONE, shuji=403, zhigong=403), method="post", data=lambda c: {"step": "panel",
                                                                                      "assessors": _panel(c)},
         label="nomination panel"),
    Case(lambda c: f"/indicators/talent/awards/{c.award.pk}/revoke/", expect(404, **DONE, shuji=403, zhigong=403),
         method="post", data={"reason": "违章"}, label="award revoke"),
    Case("/indicators/talent/plans/", expect(200)),
    Case("/indicators/talent/plans/export/", expect(200)),
    Case("/indicators/talent/plans/new/", expect(404, **MANAGERS)),
    Case(lambda c: f"/indicators/talent/plans/{c.plan.pk}/", expect(404, **MANAGERS), label="plan"),
    Case(lambda c: f"/indicators/talent/plans/{c.plan.pk}/", expect(404, **DONE), method="post",
         data=lambda c: {"kind": "training", "date": timezone.localdate(), "content": "培训", "hours": "2"},
         label="plan record"),
    Case("/indicators/studios/", expect(200)),
    Case("/indicators/studios/export/", expect(200)),
    Case("/indicators/studios/new/", expect(404, **MANAGERS)),
    Case(lambda c: f"/indicators/studios/{c.studio.pk}/", expect(200, outsider=404), label="studio"),
    Case(lambda c: f"/indicators/studios/{c.studio.pk}/edit/", expect(404, **MANAGERS), label="studio edit"),
    Case(lambda c: f"/indicators/studios/{c.studio.pk}/", expect(404, **DONE), method="post",
         data=lambda c: {"form": "review", "outcome": "confirmed", "reviewed_on": timezone.localdate()},
         label="studio review"),
    # API
    Case("/api/v1/talent-titles/", expect(200), api=True),
    Case(lambda c: f"/api/v1/talent-titles/{c.free_title.pk}/", expect(200), api=True, label="api title"),
    Case("/api/v1/talent-awards/", expect(200), api=True),
    Case(lambda c: f"/api/v1/talent-awards/{c.award.pk}/", expect(404, **READERS, zhigong=200), api=True,
         label="api award"),
    Case("/api/v1/talent-nominations/", expect(200), api=True),
    Case(lambda c: f"/api/v1/talent-nominations/{c.nomination.pk}/", expect(404, **READERS, zhigong=200), api=True,
         label="api nomination"),
    Case("/api/v1/talent-nominations/", expect(403, admin=201, dangwei=201), api=True, method="post", data=_nominate,
         label="api nominate"),
]  # fmt: skip


@pytest.fixture
def company(company):
    users = company.users
    zhigong, dangyuan = users["zhigong"].person, users["dangyuan"].person
    plant = users["gonghui"].role_assignments.get().unit
    skilled = TalentTitle.objects.filter(channel="skilled").order_by("pk")
    company.free_title = skilled.exclude(nominations__person=dangyuan, nominations__status__in=["nominated",
                                                                                             "assessing"]).first()  # fmt: skip
    company.nomination = talent_nominate(
        actor=users["gonghui"], person=zhigong, title=skilled.last(), year=2026, reasons="操作技能突出"
    )
    company.award = TalentAward.objects.current(timezone.localdate()).get(person=zhigong)
    company.plan = talent_plan_save(actor=users["gonghui"], data={"year": 2026, "unit": plant, "name": "轧管厂计划",
                                                                    "measures": "导师带徒"})  # fmt: skip
    company.studio = studio_save(
        actor=users["gonghui"], data={"name": "穿孔工艺创新工作室", "unit": plant, "lead": zhigong,
                                      "founded": timezone.localdate(), "level": "plant", "reconfirm_years": 3},
    )  # fmt: skip
    return company


@pytest.mark.parametrize("case,persona,expected", expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_talent_route_is_in_the_matrix(company):
    names = uncovered(MATRIX, company, [*app_urls.urlpatterns, *api_urls.urlpatterns])
    assert [n for n in names if n.startswith(("talent-", "studio-", "api-talent-"))] == []


@pytest.mark.parametrize(
    "persona,url,status",
    [
        ("gonghui", "/indicators/talent/", 200), ("gonghui", "/indicators/talent/nominations/new/", 200),
        ("banzhang", "/indicators/talent/", 200), ("banzhang", "/indicators/talent/nominations/new/", 404),
        ("banzhang", "/indicators/talent/plans/new/", 404), ("gonghui", "/indicators/studios/new/", 200),
        ("gonghui", "/indicators/talent/titles/new/", 200), ("banzhang", "/indicators/talent/titles/new/", 404),
    ],
)  # fmt: skip
def test_the_union_manages_and_the_team_leader_reads(client_as, company, persona, url, status):
    assert client_as(persona).get(url).status_code == status


def test_the_union_takes_the_steps_in_its_plant_only(client_as, company):
    client = client_as("gonghui")
    response = client.post(f"/indicators/talent/nominations/{company.nomination.pk}/step/",
                           {"step": "panel", "assessors": _panel(company)})  # fmt: skip
    assert response.status_code == 302
    assert TalentNomination.objects.get(pk=company.nomination.pk).status == "assessing"
    elsewhere = TalentAward.objects.exclude(
        person__unit__path__startswith=company.users["gonghui"].role_assignments.get().unit.path
    ).first()
    assert client.post(f"/indicators/talent/awards/{elsewhere.pk}/revoke/", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("model_name", ["talenttitle", "talentnomination", "talentaward", "talentplan",
                                        "innovationstudio"])  # fmt: skip
def test_the_admin_lists_talent_records_and_writes_none(client_as, company, model_name):
    from django.apps import apps

    from vanguard.core.testing import database_fingerprint

    row = apps.get_model("indicators", model_name).objects.order_by("pk").first()
    client = client_as("admin")
    assert client.get(f"/django-admin/indicators/{model_name}/").status_code == 200
    assert client.get(f"/django-admin/indicators/{model_name}/{row.pk}/change/").status_code == 200
    before = database_fingerprint()
    assert client.post(f"/django-admin/indicators/{model_name}/{row.pk}/change/", {}).status_code == 403
    assert database_fingerprint() == before
