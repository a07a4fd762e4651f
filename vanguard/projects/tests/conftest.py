"""Fixtures: a merit project of dangyuan in shuji's branch, built through the services."""

from datetime import timedelta

import pytest

from vanguard.core.dates import months_ago


@pytest.fixture
def proposal(company):
    """Keyword arguments for a merit project led by dangyuan in her branch, started five months ago."""
    return {
        "kind": "merit",
        "title": "降低轧辊消耗攻关",
        "problem_kind": "difficulty",
        "problem": "轧辊消耗高于同行",
        "objectives": "辊耗下降 5%",
        "expected_benefit": "120000",
        "indicator": "辊耗 0.42 → 0.40 kg/t",
        "plan": "第一季度摸底,第二季度改进",
        "start_date": months_ago(5),
        "end_date": months_ago(-6) - timedelta(days=1),
        "branch": company.branch,
        "leader": company.users["dangyuan"].person,
    }


@pytest.fixture
def project(company, proposal):
    from vanguard.projects.services import project_create

    return project_create(actor=company.users["dangyuan"], **proposal)


@pytest.fixture
def running(company, project):
    """The same project reviewed, approved and under way."""
    from vanguard.projects.services import project_transition

    users = company.users
    project = project_transition(actor=users["shuji"], project=project, action="review")
    project = project_transition(actor=users["dangwei"], project=project, action="approve")
    return project_transition(actor=users["dangyuan"], project=project, action="start")
