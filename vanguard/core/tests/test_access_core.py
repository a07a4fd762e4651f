"""Core's own policies (``core/access_core.py``): the audit trail for the administrator, a task for its owner."""

import pytest

from vanguard.core import access
from vanguard.core.access_core import AUDIT_EVENTS
from vanguard.core.choices import Action
from vanguard.core.models import AuditEvent, TaskRun

pytestmark = pytest.mark.django_db


def test_only_the_administrator_reads_the_audit_trail(users):
    event = AuditEvent.objects.order_by("id").first()
    assert AuditEvent.objects.restrict(users["admin"]).count() == AuditEvent.objects.count()
    for name in ("dangwei", "shuji", "dangyuan"):
        assert not AuditEvent.objects.restrict(users[name]).exists()
        assert not access.may(users[name], Action.VIEW, AuditEvent)
        assert not access.may(users[name], Action.VIEW, event)
    assert access.may(users["admin"], Action.VIEW, AuditEvent)
    assert AUDIT_EVENTS.reaches(access.get_scope(users["admin"]), Action.VIEW)


def test_a_task_is_read_by_whoever_started_it(users):
    task = TaskRun.objects.create(name="check", owner=users["shuji"])
    assert list(TaskRun.objects.restrict(users["shuji"]).filter(pk=task.pk)) == [task]
    assert access.may(users["admin"], Action.VIEW, task)
    assert not access.may(users["dangwei"], Action.VIEW, task)
    assert not access.may(users["shuji"], Action.CHANGE, task)  # nobody changes a task through the application


def test_the_audit_menu_follows_the_policy(client_as):
    assert "/audit/" in client_as("admin").get("/").content.decode()
    assert "/audit/" not in client_as("dangwei").get("/").content.decode()
