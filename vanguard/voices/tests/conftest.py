"""Fixtures of the suggestion tests: zhigong's suggestion, built through the services, at each step.

zhigong works in banzhang's team, in 轧管厂 where gonghui is the union cadre; dangwei is the office.
"""

from datetime import date

import pytest

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
