"""Demo organisational life on top of the tiny demo company, seeded once for this app's tests."""

from dataclasses import dataclass

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from vanguard.orglife.demo import build_demo_orglife
    from vanguard.orglife.models import Meeting

    with django_db_blocker.unblock():
        if not Meeting.objects.exists():
            build_demo_orglife("tiny")


@dataclass
class Life:
    """Handles: the secretary's branch meetings, a group of it, dangyuan, the rules."""

    branch_meeting: object  # a recorded general meeting of shuji's branch
    other_meeting: object  # a recorded meeting of the other branch
    group: object  # dangyuan's party group
    dangyuan: object
    shuji: object
    general_rule: object


def free_day(org, kind, before=None):
    """A past weekday on which ``org`` holds no meeting of ``kind`` (for a new record)."""
    from datetime import timedelta

    from django.utils import timezone

    from vanguard.orglife.models import Meeting

    day = before or timezone.localdate() - timedelta(days=1)
    taken = set(Meeting.objects.filter(org=org, kind=kind).values_list("date", flat=True))
    while day in taken or day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def life(company):
    from vanguard.orglife.models import ComplianceRule, Meeting

    dangyuan = company.users["dangyuan"].person
    return Life(
        branch_meeting=Meeting.objects.filter(org=company.branch, kind="general", status="recorded").first(),
        other_meeting=Meeting.objects.filter(org=company.other_branch, status="recorded").first(),
        group=dangyuan.membership.party_org,
        dangyuan=dangyuan,
        shuji=company.users["shuji"].person,
        general_rule=ComplianceRule.objects.get(subject="general", org_kind="branch"),
    )
