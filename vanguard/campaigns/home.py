"""What campaigns say is due from a user on the home page (``core.home``): one or two queries each."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from vanguard.core.choices import Action
from vanguard.core.home import DANGER, WARNING, DueItem, counts, register_due

from . import selectors
from .access import COMMITMENTS, LETTERS, REPORTS
from .choices import TargetStatus
from .periods import commitment_check_period_due


def reports_to_review(viewer):
    row = selectors.report_review_queue(user=viewer.user).aggregate(n=Count("id"), oldest=Min("submitted_at"))
    oldest = row["oldest"] and timezone.localtime(row["oldest"])
    detail = f"最早一份 {oldest.month}月{oldest.day}日提交" if oldest else ""
    yield DueItem("待审核的进展填报", row["n"], reverse("review-queue"), WARNING, detail, "clipboard-check")


def letters_to_acknowledge(viewer):
    n = selectors.letter_list_to_acknowledge(user=viewer.user).filter(status="issued").count()
    yield DueItem("待确认的责任书", n, reverse("my-targets") + "#letters", WARNING, "阅读后确认", "file-certificate")


def targets_at_risk(viewer):
    """Overdue and at-risk targets the user sees, counted as the watch list counts them (one query).

    The conditions are ``TargetQuerySet.overdue`` and ``.at_risk`` (the watch list's), as ``Q`` for ``counts``."""
    late = Q(due_date__lt=viewer.today)
    figures = counts(
        selectors.target_list(user=viewer.user),
        overdue=late & ~Q(status=TargetStatus.DONE),
        at_risk=Q(status__in=[TargetStatus.AT_RISK, TargetStatus.OFF_TRACK]) & ~late,
    )
    url = reverse("watchlist")
    yield DueItem(
        "已逾期的目标", figures["overdue"], f"{url}?kind=overdue", DANGER, "", "alarm", key="campaigns.overdue"
    )
    yield DueItem(
        "有风险的目标", figures["at_risk"], f"{url}?kind=at_risk", WARNING, "进度落后或偏离", "alert-triangle"
    )


def commitment_checks(viewer):
    """Commitments whose half-yearly check is due, one line per campaign (one grouped query)."""
    due = commitment_check_period_due(viewer.today)
    if due is None:
        return
    period, late = due
    half = f"{period.year}年{'上' if period.month == 1 else '下'}半年"
    rows = (
        selectors.commitment_check_due(user=viewer.user, today=viewer.today)
        .order_by()
        .values("campaign_id", "campaign__title")
        .annotate(n=Count("id"))
        .order_by("campaign_id")
    )
    for row in rows:
        yield DueItem(
            f"待推动检查的承诺 · {row['campaign__title']}",
            row["n"],
            reverse("commitment-list", args=[row["campaign_id"]]) + "?due=1",
            DANGER if late else WARNING,
            f"{half}检查{'已逾期' if late else '本月内完成'}",
            "checkbox",
            key=f"campaigns.checks.{row['campaign_id']}",
        )


def _person_or(policy, action):
    return lambda scope: scope.person_id is not None or policy.reaches(scope, action)


register_due(
    "campaigns.reviews", reports_to_review, order=10, visible=lambda scope: REPORTS.reaches(scope, Action.REVIEW)
)
register_due("campaigns.letters", letters_to_acknowledge, order=20, visible=_person_or(LETTERS, Action.ACKNOWLEDGE))
register_due(
    "campaigns.targets",
    targets_at_risk,
    order=30,
    visible=lambda scope: scope.person_id is not None or bool(scope.roles),
)
register_due(
    "campaigns.checks",
    commitment_checks,
    order=40,
    visible=lambda scope: COMMITMENTS.reaches(scope, Action.CHANGE),
)
