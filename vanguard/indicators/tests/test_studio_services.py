"""Innovation studios (职工创新工作室): registered by the union over its plant, yearly projects linked to a 五小
project rather than retyped (one studio per project), 复核 moving the next due date or withdrawing the name;
refusals change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.models import InnovationStudio, StudioProject
from vanguard.indicators.services.studios import studio_project_save, studio_review_record, studio_save
from vanguard.projects.models import Project


@pytest.fixture
def studio(company):
    users = company.users
    founded = timezone.localdate() - timedelta(days=365 * 4)
    return studio_save(
        actor=users["gonghui"], members=[users["dangyuan"].person, users["zhigong"].person],
        data={"name": "穿孔工艺创新工作室", "unit": users["gonghui"].role_assignments.get().unit,
              "lead": users["zhigong"].person, "founded": founded, "level": "company", "reconfirm_years": 3},
    )  # fmt: skip


def test_a_studio_is_registered_with_its_next_review_and_members(company, studio):
    assert studio.reconfirm_due == studio.founded.replace(year=studio.founded.year + 3) - timedelta(days=1)
    assert studio.reconfirm_overdue(timezone.localdate())
    assert list(studio.members.all()) == [company.users["dangyuan"].person]  # the lead is not his own member
    assert AuditEvent.objects.for_object(studio).get().action == "studio.save"


def test_a_project_linked_to_a_five_small_project_takes_its_title_once(company, studio):
    project = Project.objects.filter(kind="innovation").exclude(studio_projects__isnull=False).first()
    row = studio_project_save(actor=company.users["gonghui"], studio=studio, year=2026, title="别的名字",
                              funding=Decimal(20000), project=project)  # fmt: skip
    assert row.title == project.title and row.project == project
    other = studio_save(actor=company.users["dangwei"], data={
        "name": "另一个工作室", "unit": studio.unit, "lead": company.users["dangyuan"].person,
        "founded": timezone.localdate(), "level": "plant", "reconfirm_years": 3})  # fmt: skip
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="已登记在其他工作室"):
        studio_project_save(actor=company.users["gonghui"], studio=other, year=2026, project=project)
    merit = Project.objects.exclude(kind="innovation").first()
    with pytest.raises(ValidationError, match="不是五小项目"):
        studio_project_save(actor=company.users["gonghui"], studio=other, year=2026, project=merit)
    with pytest.raises(ScopeError):
        studio_project_save(actor=company.users["zhigong"], studio=studio, year=2026, title="自己登记")
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_review_confirms_for_another_period_or_withdraws_the_name(company, studio):
    today = timezone.localdate()
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="复核意见"):
        studio_review_record(actor=company.users["gonghui"], studio=studio, outcome="rectify")
    with pytest.raises(ScopeError):
        studio_review_record(actor=company.users["shuji"], studio=studio, outcome="confirmed")
    assert fingerprint_changes(before, database_fingerprint()) == []
    studio_review_record(actor=company.users["gonghui"], studio=studio, outcome="confirmed")
    studio.refresh_from_db()
    assert studio.reconfirm_due == today.replace(year=today.year + 3) - timedelta(days=1)
    assert not studio.reconfirm_overdue(today)
    studio_review_record(actor=company.users["gonghui"], studio=studio, outcome="revoked", note="连续两年无成果")
    studio.refresh_from_db()
    assert studio.revoked and not InnovationStudio.objects.filter(pk=studio.pk, revoked=False).exists()
    with pytest.raises(ValidationError, match="已撤销命名"):
        studio_review_record(actor=company.users["gonghui"], studio=studio, outcome="confirmed")


def test_the_union_of_another_plant_cannot_register_here(company, studio):
    before = database_fingerprint()
    with pytest.raises(ScopeError):
        studio_save(actor=company.users["banzhang"], data={
            "name": "班组工作室", "unit": studio.unit, "lead": company.users["zhigong"].person,
            "founded": timezone.localdate(), "level": "plant", "reconfirm_years": 3})  # fmt: skip
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert StudioProject.objects.filter(studio=studio).count() == 0
