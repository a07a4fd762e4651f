"""Stored files follow the transaction: a refused or failed upload leaves no file on disk and no row."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vanguard.campaigns.tests import conftest as campaigns_fixtures
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.orglife.tests import conftest as orglife_fixtures

pytestmark = pytest.mark.django_db
demo, life = campaigns_fixtures.demo, orglife_fixtures.life

PDF = b"%PDF-1.4\n%evidence\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(media):
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _pdf(name="台账.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_report_whose_second_file_is_refused_stores_neither(company, demo, media):
    from vanguard.campaigns import services

    before = database_fingerprint()
    page = SimpleUploadedFile("照片.html", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        services.report_submit(
            actor=company.users["dangyuan"], target=demo.dangyuan_target, period=timezone.localdate(), value="1",
            files=[_pdf(), page],
        )  # fmt: skip
    assert stored(media) == []
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_failure_after_the_files_were_stored_deletes_them(company, demo, media, monkeypatch):
    from vanguard.campaigns import services
    from vanguard.campaigns.services import progress

    def broken_audit(**kwargs):
        raise ValidationError("审计写入失败")

    monkeypatch.setattr(progress, "audit", broken_audit)
    with pytest.raises(ValidationError):
        services.report_submit(
            actor=company.users["dangyuan"], target=demo.dangyuan_target, period=timezone.localdate(), value="1",
            files=[_pdf("一.pdf"), _pdf("二.pdf")],
        )  # fmt: skip
    assert stored(media) == []


def test_a_meeting_attachment_refused_after_it_was_stored_leaves_no_file(company, life, media, monkeypatch):
    from vanguard.orglife import services
    from vanguard.orglife.services import meetings

    monkeypatch.setattr(meetings, "audit", lambda **kwargs: (_ for _ in ()).throw(ValidationError("失败")))
    with pytest.raises(ValidationError):
        services.attachment_add(actor=company.users["shuji"], meeting=life.branch_meeting, file=_pdf())
    assert stored(media) == []


def test_a_project_log_whose_participants_fail_leaves_no_file(company, media, monkeypatch):
    from vanguard.projects import services
    from vanguard.projects.choices import ACTIVE_STATUSES
    from vanguard.projects.models import Project

    project = Project.objects.filter(status__in=ACTIVE_STATUSES, start_date__lte=timezone.localdate()).first()
    actor = project.leader.user if project.leader and project.leader.user else company.users["admin"]
    before = database_fingerprint()
    with pytest.raises(TypeError):
        services.project_log_create(
            actor=actor, project=project, date=timezone.localdate(), content="现场攻关", participants=[object()],
            attachment=_pdf(),
        )  # fmt: skip
    assert stored(media) == []
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_report_event_records_each_evidence_file(company, demo, media):
    import hashlib

    from vanguard.campaigns import services

    report = services.report_submit(
        actor=company.users["dangyuan"], target=demo.dangyuan_target, period=timezone.localdate(), value="1",
        files=[_pdf("一.pdf")],
    )  # fmt: skip
    event = AuditEvent.objects.for_object(report).get()
    assert event.after["evidence"] == [{"name": "一.pdf", "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}]
    assert len(stored(media)) == 1
