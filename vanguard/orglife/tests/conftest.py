"""Handles on the demo organisational life of the tiny demo company (seeded once for the suite by the root conftest)."""

from dataclasses import dataclass

import pytest


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


def free_field_day(person):
    """A past weekday on which ``person`` has logged no half-day on site (for a new field day)."""
    from datetime import timedelta

    from django.utils import timezone

    from vanguard.orglife.models import FieldDay

    day = timezone.localdate() - timedelta(days=1)
    taken = set(FieldDay.objects.filter(person=person).values_list("date", flat=True))
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
