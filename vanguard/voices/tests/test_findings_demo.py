"""The demo's visits and findings: every state, overdue and reopened ones, extensions, traceable sources."""

from django.db.models import F, Q
from django.utils import timezone

from vanguard.voices.choices import FindingSource, FindingStatus
from vanguard.voices.models import Finding, FindingExtension, FindingStep, Visit


def test_the_demo_has_findings_in_every_state_some_overdue_reopened_and_extended(company):
    today = timezone.localdate()
    assert set(Finding.objects.values_list("status", flat=True)) == set(FindingStatus.values)
    assert Finding.objects.overdue(today).exists()
    assert Finding.objects.filter(reopen_count__gt=0, status=FindingStatus.CLOSED).exists()
    assert set(FindingExtension.objects.values_list("status", flat=True)) >= {"pending", "approved"}
    assert Visit.objects.filter(kind="customer").exists() and Visit.objects.exclude(kind="customer").exists()


def test_every_demo_finding_names_its_source_and_has_its_history(company):
    sourced = (
        Q(source_kind=FindingSource.VISIT, visit__isnull=False) | Q(source_kind=FindingSource.MEETING, meeting__isnull=False)
        | Q(source_kind=FindingSource.SUGGESTION, suggestion__isnull=False)
        | Q(source_kind__in=(FindingSource.APPRAISAL, FindingSource.INSPECTION)) & ~Q(source_ref="")
    )  # fmt: skip
    assert not Finding.objects.exclude(sourced).exists()
    assert not Finding.objects.exclude(pk__in=FindingStep.objects.values("finding_id")).exists()
    closed = Finding.objects.filter(status=FindingStatus.CLOSED)
    assert not closed.filter(Q(closed_on=None) | Q(evidence="")).exists()
    # A closed finding was verified by its raiser.
    assert not closed.exclude(closed_by=F("raised_by")).exists()


def test_the_demo_personas_find_work_on_their_home_page(client_as, company):
    from vanguard.core.testing import home_items

    assert any(key.startswith("voices.") for key in home_items(client_as("zhigong")))
    assert any(key.startswith("voices.") for key in home_items(client_as("shuji")))
