"""Progress reports: submit, review, bulk import of a history."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vanguard.core.access import ensure_allowed, may
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.exceptions import ConcurrentEditError, ScopeError
from vanguard.core.numbers import parse_decimal
from vanguard.core.scope import get_scope
from vanguard.core.uploads import atomic_with_files, check_upload, file_facts
from vanguard.org.models import User

from .. import events, rollup, summaries
from ..choices import CampaignStatus, ReportStatus
from ..models import Campaign, Evidence, ProgressReport, Target
from ._common import _check_open


@atomic_with_files()
def report_submit(
    *,
    actor: User,
    target: Target,
    period: date,
    value: Decimal | str | None = None,
    narrative: str = "",
    files: Iterable[UploadedFile] = (),
) -> ProgressReport:
    """An owner's actual value for a period, with evidence; waits for the branch to accept it."""
    target = Target.objects.select_related("campaign").get(pk=target.pk)
    if not may(actor, Action.REPORT, target):
        raise ScopeError("只有该目标的责任人可以填报进展。")
    campaign = target.campaign
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(f"活动“{campaign.title}”{campaign.get_status_display()},不能填报进展。")
    if target.numchild:
        raise ValidationError("该目标已分解到下级,进度由下级目标汇总,请在下级目标上填报。")
    if not campaign.starts_on <= period <= campaign.ends_on:
        raise ValidationError({"period": f"填报期应在活动期间({campaign.starts_on} 至 {campaign.ends_on})内。"})
    not_in_future(period, "填报期", field="period", hint="期末之后再填报该期进展")
    value = parse_decimal(value, label="实际值", field="value")
    if value is None and not narrative:
        raise ValidationError({"value": "请填写实际值或工作进展。"})
    if target.is_milestone and value is not None and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": "里程碑目标请填写完成百分比(0–100)。"})
    files = [check_upload(upload, field="files") for upload in files]  # every file before any is stored
    report = ProgressReport(target=target, period=period, value=value, narrative=narrative, submitted_by=actor)
    report.full_clean()
    report.save()
    evidence = [file_facts(upload) for upload in files]
    for upload in files:
        Evidence.objects.create(report=report, file=upload, name=upload.name[:200], size=upload.size)
    audit(
        actor=actor, action=events.PROGRESS_REPORT_SUBMIT, obj=report, after={**snapshot(report), "evidence": evidence}
    )
    summaries.reports_changed(target=target, months=[period])
    return report


def _ensure_may_review(actor, report):
    """Refuse a report the actor may not review; a reviewer refused their own target's report is told why."""
    if may(actor, Action.REVIEW, report):
        return
    if may(actor, Action.REVIEW, ProgressReport):
        person_id = get_scope(actor).person_id
        if person_id and ProgressReport.objects.filter(pk=report.pk, target__owner_person_id=person_id).exists():
            raise ScopeError("不能审核本人目标的填报,请由上级组织审核。")
    raise ScopeError()


def _lock_submitted(report, expected_status=ReportStatus.SUBMITTED):
    # The report's row alone, and FOR NO KEY UPDATE: a plain FOR UPDATE (of every joined row) would block
    # the key-share lock that a concurrent report on the same target takes at its commit (the deferred
    # foreign key check) while that transaction holds the audit chain's head: a deadlock on PostgreSQL.
    fresh = (
        ProgressReport.objects.select_for_update(no_key=True, of=("self",))
        .select_related("target__campaign")
        .get(pk=report.pk)
    )
    if fresh.status != expected_status:
        raise ConcurrentEditError(f"该填报已被他人审核(当前:{fresh.get_status_display()}),请刷新页面。")
    return fresh


@transaction.atomic
def report_accept(*, actor: User, report: ProgressReport, note: str = "") -> ProgressReport:
    """The branch accepts a report: the target and every ancestor are recomputed (constant queries)."""
    _ensure_may_review(actor, report)
    report = _lock_submitted(report)
    _check_open(report.target.campaign, "审核填报")
    # The audit event first: every audited write takes the chain head, then the targets it rolls
    # up, in that order (a project's acceptance does the same), so concurrent ones never deadlock.
    _record_review(actor, report, ReportStatus.ACCEPTED, note, events.PROGRESS_REPORT_ACCEPT)
    rollup.rollup_leaf(report.target)
    summaries.report_reviewed(report=report)
    return report


@transaction.atomic
def report_return(*, actor: User, report: ProgressReport, note: str) -> ProgressReport:
    """The branch returns a report with a reason; the owner submits a new one, this one stays in the history."""
    _ensure_may_review(actor, report)
    if not (note or "").strip():
        raise ValidationError({"review_note": "退回时请写明原因。"})
    report = _lock_submitted(report)
    _record_review(actor, report, ReportStatus.RETURNED, note, events.PROGRESS_REPORT_RETURN)
    summaries.reports_changed(target=report.target, months=[report.period])
    return report


def _record_review(actor, report, status, note, event):
    """Write a submitted report's review (status, reviewer, time, note) and its audit event."""
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=status, reviewer=actor, reviewed_at=now, review_note=note, version=F("version") + 1
    )
    report.status, report.reviewer, report.reviewed_at, report.review_note = status, actor, now, note
    audit(
        actor=actor, action=event, obj=report,
        before={"status": ReportStatus.SUBMITTED}, after={"status": status, "review_note": note},
    )  # fmt: skip


@transaction.atomic
def report_bulk_create(*, actor: User, campaign: Campaign, rows: Iterable[dict]) -> list[ProgressReport]:
    """Load a history of reviewed reports at once (a campaign's past months, a migration from Excel).

    ``rows``: dicts with ``target``, ``period``, ``value``, ``narrative``, ``status`` (accepted or
    submitted) and ``reviewer``. One insert, one audit event per target (listing its reports),
    one roll-up of the tree.
    """
    ensure_allowed(actor, campaign, Action.CHANGE)
    now = timezone.now()
    reports = []
    for row in rows:
        status = row.get("status", ReportStatus.ACCEPTED)
        reports.append(
            ProgressReport(
                target=row["target"],
                period=row["period"],
                value=parse_decimal(row.get("value"), field="value"),
                narrative=row.get("narrative", ""),
                status=status,
                submitted_by=row.get("submitted_by"),
                submitted_at=row.get("submitted_at", now),
                reviewer=row.get("reviewer") if status != ReportStatus.SUBMITTED else None,
                reviewed_at=row.get("reviewed_at", now) if status != ReportStatus.SUBMITTED else None,
            )
        )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    # One event per target, listing its reports: a history of 100,000 reports is 5,000 events, not 100,000.
    by_target = {}
    for r in reports:
        by_target.setdefault(r.target_id, (r.target, []))[1].append(
            {"id": r.pk, "period": r.period, "value": r.value, "status": r.status}
        )
    audit_many(
        actor=actor,
        action=events.PROGRESS_REPORT_IMPORT,
        changes=[(target, None, {"reports": rows}) for target, rows in by_target.values()],
    )
    rollup.rollup_campaign(campaign)
    for campaign_id in {campaign.pk} | {r.target.campaign_id for r in reports}:
        summaries.campaign_reports_changed(campaign_id=campaign_id)
    return reports
