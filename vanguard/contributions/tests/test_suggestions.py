"""A suggestion linked to its proposer's saving target: the verified benefit counts once, in 万元, in that
target and above it; undone or unlinked, it leaves; those who may not link change nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from vanguard.campaigns.models import TargetContribution
from vanguard.contributions import services, views
from vanguard.contributions.models import SuggestionContribution
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.testing import database_fingerprint
from vanguard.voices.choices import SuggestionStatus
from vanguard.voices.events import SUGGESTION_UNVERIFIED, SUGGESTION_VERIFIED, SuggestionChange
from vanguard.voices.tests.participation_kit import change, submit

from .conftest import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(company):
    """dangyuan's adopted suggestion: 空压机夜间停机."""
    return submit(company.users["dangyuan"].person, on=date(2026, 4, 8), status=SuggestionStatus.ADOPTED,
                  title="空压机夜间停机")  # fmt: skip


def verify(company, suggestion, benefit="50000"):
    """The workflow's verification step: the benefit and the state saved, then the event in the same transaction."""
    suggestion = change(suggestion, status=SuggestionStatus.VERIFIED, verified_benefit=Decimal(benefit))
    emit(SUGGESTION_VERIFIED, SuggestionChange(actor=company.users["dangwei"], suggestion=suggestion))
    return suggestion


def test_a_verified_benefit_moves_the_target_once(company, targets, suggestion):
    office = company.users["dangwei"]
    own_before, root_before = fresh(targets.own), fresh(targets.root)
    link = services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.own)
    assert not link.counted and fresh(targets.own).actual_value == own_before.actual_value
    assert SuggestionContribution.objects.get(pk=link.pk).suggestion_id == suggestion.pk

    suggestion = verify(company, suggestion)
    link.refresh_from_db()
    assert link.value == Decimal(5) and link.source_value == Decimal(50000) and "空压机夜间停机" in link.label
    assert fresh(targets.own).actual_value == own_before.actual_value + 5
    assert fresh(targets.root).contributed_value == (root_before.contributed_value or 0) + 5

    # The same verification again (a repeat, a resubmitted form): counted once.
    emit(SUGGESTION_VERIFIED, SuggestionChange(actor=office, suggestion=suggestion))
    verify(company, suggestion)
    assert fresh(targets.own).actual_value == own_before.actual_value + 5
    assert TargetContribution.objects.get(pk=link.pk).value == Decimal(5)


def test_unlinking_a_counted_suggestion_releases_its_value(company, targets, suggestion):
    office = company.users["dangwei"]
    own_before, root_before = fresh(targets.own), fresh(targets.root)
    link = services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.own)
    verify(company, suggestion)
    services.suggestion_target_unlink(actor=office, contribution=link)
    assert not TargetContribution.objects.filter(pk=link.pk).exists()
    assert not SuggestionContribution.objects.filter(pk=link.pk).exists()
    assert fresh(targets.own).actual_value == own_before.actual_value
    assert fresh(targets.root).actual_value == root_before.actual_value


def test_an_undone_verification_releases_it_and_a_new_one_counts_again(company, targets, suggestion):
    office = company.users["dangwei"]
    before = fresh(targets.own).actual_value
    link = services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.own)
    suggestion = verify(company, suggestion)
    suggestion = change(suggestion, status=SuggestionStatus.IMPLEMENTED, verified_benefit=None)
    emit(SUGGESTION_UNVERIFIED, SuggestionChange(actor=office, suggestion=suggestion))
    link.refresh_from_db()
    assert not link.counted and link.value is None and fresh(targets.own).actual_value == before
    verify(company, suggestion, benefit="30000")
    assert fresh(targets.own).actual_value == before + 3


def test_a_suggestion_verified_before_it_is_linked_counts_when_linked(company, targets, suggestion):
    verify(company, suggestion, benefit="20000")
    before = fresh(targets.own).actual_value
    link = services.suggestion_target_link(actor=company.users["shuji"], suggestion=suggestion, target=targets.own)
    assert link.counted and link.value == Decimal(2) and fresh(targets.own).actual_value == before + 2


def test_refused_links_and_unlinks_change_nothing(company, targets, suggestion):
    office, users = company.users["dangwei"], company.users
    link = services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.own)
    verify(company, suggestion)
    before = database_fingerprint()
    for name in ("zhigong", "dangyuan", "outsider"):  # dangyuan proposed it: he does not count it himself
        with pytest.raises(ScopeError):
            services.suggestion_target_link(actor=users[name], suggestion=suggestion, target=targets.milestone)
        with pytest.raises(ScopeError):
            services.suggestion_target_unlink(actor=users[name], contribution=link)
    with pytest.raises(ValidationError, match="只能关联建议人"):
        services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.other_branch)
    with pytest.raises(ValidationError, match="已关联"):
        services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.own)
    assert database_fingerprint() == before


def test_a_rejected_suggestion_links_to_nothing(company, targets, suggestion):
    change(suggestion, status=SuggestionStatus.REJECTED)
    with pytest.raises(ValidationError, match="不予采纳"):
        services.suggestion_target_link(actor=company.users["dangwei"], suggestion=suggestion, target=targets.own)
    assert not TargetContribution.objects.filter(source="voices.suggestion").exists()


def test_the_panel_and_the_target_page_show_the_counted_suggestion(company, targets, suggestion, client_as):
    office = company.users["dangwei"]
    services.suggestion_target_link(actor=office, suggestion=suggestion, target=targets.own)
    verify(company, suggestion)
    request = RequestFactory().get("/")
    request.user = office
    html = views.suggestion_targets_panel(request, suggestion)
    assert targets.own.title in html and "已计入 5 万元" in html and "解除关联并撤回计入" in html
    request.user = company.users["dangyuan"]  # the proposer sees where it counts, without the buttons
    html = views.suggestion_targets_panel(request, suggestion)
    assert "已计入 5 万元" in html and "解除关联" not in html
    page = client_as("dangwei").get(reverse("target-detail", args=[targets.own.pk]))
    assert "空压机夜间停机" in page.content.decode()


def test_the_forms_link_and_unlink_for_those_who_may(company, targets, suggestion, client_as):
    add = reverse("suggestion-target-add", args=[suggestion.pk])
    assert client_as("zhigong").post(add, {"target": targets.own.pk}).status_code == 404  # does not see it
    assert not TargetContribution.objects.filter(source="voices.suggestion").exists()
    assert client_as("dangwei").post(add, {"target": targets.own.pk}).status_code == 302
    link = TargetContribution.objects.get(source="voices.suggestion", source_id=suggestion.pk)
    remove = reverse("suggestion-target-remove", args=[link.pk])
    assert client_as("dangyuan").post(remove).status_code == 404
    assert TargetContribution.objects.filter(pk=link.pk).exists()
    assert client_as("dangwei").post(remove).status_code == 302
    assert not TargetContribution.objects.filter(pk=link.pk).exists()


def test_the_workflows_own_verification_counts_once_and_the_statistics_follow(company, targets):
    """zhigong's suggestion with dangyuan as co-proposer, through the workflow's services to a verified benefit."""
    from vanguard.voices.models import SuggestionFigures
    from vanguard.voices.services import suggestions as workflow
    from vanguard.voices.tests.conftest import IDEA

    users = company.users
    s = workflow.suggestion_submit(actor=users["zhigong"], co_proposers=[users["dangyuan"].person], **IDEA)
    s = workflow.suggestion_unit_review(actor=users["banzhang"], suggestion=s, decision="unit_pass")
    s = workflow.suggestion_expert_review(actor=users["gonghui"], suggestion=s, decision="recommend")
    s = workflow.suggestion_implement(actor=users["banzhang"], suggestion=s, implementation_cost="30000")
    link = services.suggestion_target_link(actor=users["dangwei"], suggestion=s, target=targets.own)
    before = fresh(targets.own).actual_value
    s = workflow.suggestion_verify(
        actor=users["dangwei"], suggestion=s, gross_benefit="186,000", benefit_from=date(2025, 5, 1),
        evidence="财务部效益核算单", finance_signoff="钱会计",
    )  # fmt: skip
    link.refresh_from_db()
    assert link.source_value == s.verified_benefit and link.value == s.verified_benefit / 10000
    assert fresh(targets.own).actual_value == before + link.value
    emit(SUGGESTION_VERIFIED, SuggestionChange(actor=users["dangwei"], suggestion=s))  # a repeat counts nothing
    assert fresh(targets.own).actual_value == before + link.value
    row = SuggestionFigures.objects.get(unit=s.unit, month=s.month, category=s.category)
    assert row.implemented >= 1 and row.benefit >= s.verified_benefit
