"""Recording a visit (交流走访): led by a department head, by him or the visiting unit's heads; bad input refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.org.choices import SECTION_AND_ABOVE
from vanguard.org.models import Person
from vanguard.voices.services.visits import visit_create, visit_update


@pytest.fixture
def visit_data(company):
    shuji = company.users["shuji"].person
    return {
        "kind": "up_downstream", "title": "与精整工序交流", "visiting_unit": shuji.unit, "leader": shuji,
        "visited_unit": company.other_team, "date": timezone.localdate(), "summary": "管端毛刺",
        "participants": [company.users["dangyuan"].person],
    }  # fmt: skip


def test_the_leader_records_his_visit_with_its_participants(company, visit_data):
    visit = visit_create(actor=company.users["shuji"], **visit_data)
    assert set(visit.participants.all()) == {visit_data["leader"], company.users["dangyuan"].person}
    assert list(AuditEvent.objects.for_object(visit).values_list("action", flat=True)) == ["visit.create"]
    visit = visit_update(actor=company.users["shuji"], visit=visit, data={"summary": "管端毛刺,已约定复查"},
                         expected_version=visit.version)  # fmt: skip
    assert visit.summary == "管端毛刺,已约定复查" and visit.version == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"visited_unit": None}, "请选择被走访的单位"),
        ({"kind": "customer", "visited_unit": None}, "走访客户须填写客户名称"),
        ({"title": " "}, "请填写走访主题"),
        ({"date": timezone.localdate() + timedelta(days=2)}, "走访日期"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(company, visit_data, changes, message):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match=message):
        visit_create(actor=company.users["shuji"], **{**visit_data, **changes})
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_visit_is_led_by_a_department_head(company, visit_data):
    with pytest.raises(ValidationError, match="科级及以上干部"):
        visit_create(actor=company.users["shuji"], **{**visit_data, "leader": company.users["zhigong"].person})


def test_nobody_records_a_visit_another_unit_made_under_another_leader(company, visit_data):
    other_head = (
        Person.objects.filter(cadre_level__in=SECTION_AND_ABOVE, is_active=True)
        .exclude(unit__path__startswith=company.users["shuji"].person.unit.path).first()
    )  # fmt: skip
    before = database_fingerprint()
    with pytest.raises(ScopeError, match="只有带队领导本人或走访单位的负责人"):
        visit_create(actor=company.users["shuji"], **{**visit_data, "visiting_unit": other_head.unit,
                                                       "leader": other_head})  # fmt: skip
    assert fingerprint_changes(before, database_fingerprint()) == []
