"""Fixtures of the suggestion tests: zhigong's suggestion, built through the services, at each step.

zhigong works in banzhang's team, in 轧管厂 where gonghui is the union cadre; dangwei is the office.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from vanguard.voices.services.suggestions import (
    suggestion_expert_review,
    suggestion_implement,
    suggestion_submit,
    suggestion_unit_review,
    suggestion_verify,
)

IDEA = {
    "title": "加热炉烟道加装余热回收换热器",
    "content": "环形炉排烟温度约 450℃,热量白白排掉。建议在烟道加装换热器预热助燃空气,预计节约煤气 5%。",
    "category": "cost",
    "expected_benefit": "200,000",
}


@pytest.fixture
def idea():
    return dict(IDEA)


@pytest.fixture
def submitted(company, idea):
    return suggestion_submit(actor=company.users["zhigong"], **idea)


@pytest.fixture
def unit_reviewed(company, submitted):
    return suggestion_unit_review(actor=company.users["banzhang"], suggestion=submitted, decision="unit_pass")


@pytest.fixture
def adopted(company, unit_reviewed):
    return suggestion_expert_review(actor=company.users["gonghui"], suggestion=unit_reviewed, decision="recommend")


@pytest.fixture
def implemented(company, adopted):
    return suggestion_implement(actor=company.users["banzhang"], suggestion=adopted, implementation_cost="30000")


@pytest.fixture
def verified(company, implemented):
    return suggestion_verify(
        actor=company.users["dangwei"], suggestion=implemented, gross_benefit="186,000", benefit_from=date(2025, 5, 1),
        evidence="财务部效益核算单", finance_signoff="钱会计",
    )  # fmt: skip


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
