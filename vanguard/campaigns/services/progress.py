"""Progress reports: submit, review, bulk import of a history."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vanguard.core.access import is_system
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.exceptions import ConcurrentEditError, ScopeError
from vanguard.core.numbers import parse_decimal
from vanguard.core.scope import get_scope
from vanguard.core.services import ensure_allowed
from vanguard.core.uploads import check_upload
from vanguard.org.models import PartyOrg

from .. import events, rollup
from ..choices import MANAGE_ROLES, CampaignStatus, ReportStatus
from ..models import Evidence, ProgressReport, Target
from ._common import _check_open


def may_report(user, target):
    """The owner reports: the person, or for an org's target a manager of that org."""
    scope = get_scope(user)
    if scope is None:
        return False
    if target.owner_person_id:
        return scope.person_id == target.owner_person_id
    return PartyOrg.objects.filter(scope.party_org_q("", MANAGE_ROLES), pk=target.owner_org_id).exists()


@transaction.atomic
def report_submit(*, actor, target, period, value=None, narrative="", files=()):
    """An owner's actual value for a period, with evidence; waits for the branch to accept it."""
    target = Target.objects.select_related("campaign").get(pk=target.pk)
    if not is_system(actor) and not may_report(actor, target):
        raise ScopeError("只有该目标的责任人可以填报进展。")
    campaign = target.campaign
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(f"活动“{campaign.title}”{campaign.get_status_display()},不能填报进展。")
    if target.numchild:
        raise ValidationError("该目标已分解到下级,进度由下级目标汇总,请在下级目标上填报。")
    if not campaign.starts_on <= period <= campaign.ends_on:
        raise ValidationError({"period": f"填报期应在活动期间({campaign.starts_on} 至 {campaign.ends_on})内。"})
    if period > timezone.localdate():
        raise ValidationError({"period": "不能填报未来期间的进展。"})
    value = parse_decimal(value, label="实际值", field="value")
    if value is None and not narrative:
        raise ValidationError({"value": "请填写实际值或工作进展。"})
    if target.is_milestone and value is not None and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": "里程碑目标请填写完成百分比(0–100)。"})
    report = ProgressReport(target=target, period=period, value=value, narrative=narrative, submitted_by=actor)
    report.full_clean()
    report.save()
    for upload in files:
        check_upload(upload, field="files")
        Evidence.objects.create(report=report, file=upload, name=upload.name[:200], size=upload.size)
    audit(actor=actor, action=events.PROGRESS_REPORT_SUBMIT, obj=report, after=snapshot(report))
    return report


def _check_not_own(actor, report):
    scope = get_scope(actor) if actor is not None else None
    if scope is not None and scope.person_id and report.target.owner_person_id == scope.person_id:
        raise ScopeError("不能审核本人目标的填报,请由上级组织审核。")


def _lock_submitted(report, expected_status=ReportStatus.SUBMITTED):
    fresh = ProgressReport.objects.select_for_update().select_related("target__campaign").get(pk=report.pk)
    if fresh.status != expected_status:
        raise ConcurrentEditError(f"该填报已被他人审核(当前:{fresh.get_status_display()}),请刷新页面。")
    return fresh


@transaction.atomic
def report_accept(*, actor, report, note=""):
    """The branch accepts a report: the target and every ancestor are recomputed (constant queries)."""
    ensure_allowed(actor, report, "review")
    report = _lock_submitted(report)
    _check_not_own(actor, report)
    _check_open(report.target.campaign, "审核填报")
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.ACCEPTED, reviewer=actor, reviewed_at=now, review_note=note, version=F("version") + 1
    )
    report.status, report.reviewer, report.reviewed_at, report.review_note = ReportStatus.ACCEPTED, actor, now, note
    # The audit event first: every audited write takes the chain head, then the targets it rolls
    # up, in that order (a project's acceptance does the same), so concurrent ones never deadlock.
    audit(
        actor=actor,
        action=events.PROGRESS_REPORT_ACCEPT,
        obj=report,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.ACCEPTED, "review_note": note},
    )
    rollup.rollup_leaf(report.target)
    return report


@transaction.atomic
def report_return(*, actor, report, note):
    """The branch returns a report with a reason; the owner submits a new one, this one stays in the history."""
    ensure_allowed(actor, report, "review")
    if not (note or "").strip():
        raise ValidationError({"review_note": "退回时请写明原因。"})
    report = _lock_submitted(report)
    _check_not_own(actor, report)
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RETURNED, reviewer=actor, reviewed_at=now, review_note=note, version=F("version") + 1
    )
    report.status, report.reviewer, report.reviewed_at, report.review_note = ReportStatus.RETURNED, actor, now, note
    audit(
        actor=actor,
        action=events.PROGRESS_REPORT_RETURN,
        obj=report,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.RETURNED, "review_note": note},
    )
    return report


@transaction.atomic
def report_bulk_import(*, actor, campaign, rows):
    """Load a history of reviewed reports at once (a campaign's past months, a migration from Excel).

    ``rows``: dicts with ``target``, ``period``, ``value``, ``narrative``, ``status`` (accepted or
    submitted) and ``reviewer``. One insert, one audit event per target (listing its reports),
    one roll-up of the tree.
    """
    ensure_allowed(actor, campaign, "change")
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
    return reports
