"""Fixtures of the scheme and round tests. The automatic sources are registered by another part of the app;
``agreed_sources`` stands in for them (the agreed codes and subject kinds, scoring nothing), so a seeded scheme
checks whole here whether or not they are loaded."""

from decimal import Decimal

import pytest

from .. import sources
from ..choices import SubjectKind as K

AGREED = {
    "meeting-compliance": {K.BRANCH, K.LEADERSHIP},
    "study-hours": {K.MEMBER, K.CADRE, K.WORKER},
    "review-ratings": {K.MEMBER},
    "target-progress": {K.BRANCH, K.LEADERSHIP, K.CADRE, K.MEMBER, K.TEAM},
    "project-benefits": {K.MEMBER, K.BRANCH, K.TEAM},
    "suggestions-adopted": {K.MEMBER, K.WORKER, K.BRANCH, K.TEAM},
    "findings-closed": {K.BRANCH, K.LEADERSHIP, K.TEAM},
    "indicator-results": {K.TEAM, K.BRANCH, K.LEADERSHIP},
    "competition-placings": {K.TEAM, K.WORKER, K.MEMBER},
    "field-days": {K.CADRE},
}


@pytest.fixture
def agreed_sources(monkeypatch):
    registry = dict(sources._SOURCES)
    for code, kinds in AGREED.items():
        registry.setdefault(
            code,
            sources.Source(code, f"测试来源 {code}", frozenset(kinds), lambda r, s, p: {}),
        )
    monkeypatch.setattr(sources, "_SOURCES", registry)
    return registry


def weights(scheme, parent=None):
    return sum((c.weight for c in scheme.criteria.filter(parent=parent)), Decimal(0))
