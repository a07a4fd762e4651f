"""Fixtures of the voices tests, built through the services.

Visits and findings: the people below.

The raising side is the secretary persona (``shuji``, head of his work area through his branch); the
responsible side is the worker persona's team: ``zhigong`` answers for the finding, ``banzhang`` leads the
team (his head, who decides extensions). ``outsider`` works in another plant and sees none of it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

# ---------------------------------------------------------------- visits and findings


@pytest.fixture
def raised(company):
    """Keyword arguments of a finding an inspection raised: shuji's area against zhigong's team, in 20 days."""
    users = company.users
    return {
        "title": "冷床区域照明不足",
        "description": "夜班巡检看不清管端标识",
        "source_kind": "inspection",
        "source_ref": "安全生产月专项检查",
        "raised_unit": users["shuji"].person.unit,
        "raised_by": users["shuji"].person,
        "responsible_unit": users["zhigong"].person.unit,
        "responsible_person": users["zhigong"].person,
        "deadline": timezone.localdate() + timedelta(days=20),
    }


@pytest.fixture
def finding(company, raised):
    from vanguard.voices.services.findings import finding_create

    return finding_create(actor=company.users["shuji"], **raised)


@pytest.fixture
def resolved(company, finding):
    """The same finding accepted, under way and resolved by zhigong."""
    from vanguard.voices.services.findings import finding_transition

    zhigong = company.users["zhigong"]
    finding = finding_transition(actor=zhigong, finding=finding, action="accept", measure="加装投光灯两盏")
    finding = finding_transition(actor=zhigong, finding=finding, action="start")
    return finding_transition(actor=zhigong, finding=finding, action="resolve", rectification="已加装投光灯")
