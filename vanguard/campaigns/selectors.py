"""Reads of the campaigns app for a user: always restricted to the user's scope first."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Least
from django.utils import timezone

from vanguard.core import access, pickers
from vanguard.core.access import EVERYTHING, may
from vanguard.core.choices import Action
from vanguard.core.dates import add_months
from vanguard.core.numbers import parse_id
from vanguard.core.scope import get_scope
from vanguard.org.models import PartyOrg, Person, User

from .access import REVIEW_ROLES, VIEW_ROLES
from .allocation import ChildFigures
from .choices import Aggregation, ReportStatus, TargetStatus
from .models import (
    Campaign,
    Commitment,
    CommitmentCheck,
    ProgressReport,
    ReportMonth,
    ReportMonthTotal,
    ResponsibilityLetter,
    Target,
    TargetContribution,
)
from .periods import commitment_check_period_due

TARGET_ROW = ("owner_person", "owner_org")


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    return (
        Campaign.objects.restrict(user)
        .select_related("organiser")
        .annotate(target_count=Count("targets", distinct=True))
        .order_by("-starts_on", "-id")
    )


def target_list(*, user: User, campaign: Campaign | None = None) -> QuerySet[Target]:
    qs = Target.objects.restrict(user).select_related(*TARGET_ROW)
    if campaign is None:
        candidates = _targets_seen_in_orgs(user)
        return qs if candidates is None else qs.filter(pk__in=candidates)
    candidates = _targets_near(user, campaign)
    # The candidates are of this campaign already: a filter on it would have the database walk the campaign.
    return qs.filter(campaign=campaign) if candidates is None else qs.filter(pk__in=candidates)


def _targets_near(user: User, campaign: Campaign) -> list[int] | None:
    """For a user who does not see the whole campaign: the targets owned in or by the orgs they see."""
    if sees_whole_campaign(user, campaign):
        return None
    candidates = _targets_in_orgs(user, VIEW_ROLES)
    return None if candidates is None else [pk for pk, in_campaign in candidates if in_campaign == campaign.pk]


def _targets_seen_in_orgs(user: User) -> list[int] | None:
    """Across campaigns (the watch list, the home's counts): the targets of the orgs the user sees; None when
    there is nothing to narrow (every org; or none, when the rule reaches a member's own targets by key)."""
    scope = get_scope(user)
    if scope is None or not scope.party_org_paths(VIEW_ROLES):
        return None
    candidates = _targets_in_orgs(user, VIEW_ROLES)
    return None if candidates is None else [pk for pk, _campaign in candidates]


def _targets_in_orgs(user: User, roles) -> list[tuple[int, int]] | None:
    """The ids (and campaign ids) of the targets whose owner org, owner's party org or organiser lies in the orgs where the
    user holds ``roles``, and the user's own; None when those orgs are every org (nothing to narrow).

    The scope rule (``restrict``) still decides; this only lets the database start from the few
    targets it can allow (``access.through_target`` reaches a target through those three orgs or
    its owner), fetched by key, instead of testing the rule on every target or report of the company.
    Read once a request.
    """
    scope = get_scope(user)
    if scope is None or scope.is_global_admin:
        return None
    in_orgs = scope.party_org_q("", roles)
    if in_orgs == EVERYTHING:
        return None
    cached = scope.__dict__.setdefault("_campaign_targets", {})
    if roles not in cached:
        orgs = PartyOrg.objects.filter(in_orgs).values("pk")
        people = Q(owner_person__in=Person.objects.filter(membership__party_org__in=orgs).values("pk"))
        if scope.person_id is not None:
            people |= Q(owner_person_id=scope.person_id)
        organised = Q(campaign__in=Campaign.objects.filter(organiser__in=orgs).values("pk"))
        # A union, one index each: an OR across the three would have the database scan every target.
        by_org, by_person, by_organiser = (
            Target.objects.order_by().filter(q).values_list("pk", "campaign_id")
            for q in (Q(owner_org__in=orgs), people, organised)
        )
        cached[roles] = list(by_org.union(by_person, by_organiser))
    return cached[roles]


def target_top_list(*, user: User, campaign: Campaign) -> list[Target]:
    """The highest targets of ``campaign`` the user may see (the roots for the office, a branch's own for its secretary)."""
    base = Target.objects.filter(campaign=campaign)
    if may(user, Action.CHANGE, campaign):
        return list(base.filter(depth=1).select_related(*TARGET_ROW))
    paths = list(target_list(user=user, campaign=campaign).values_list("path", flat=True))
    tops, kept = [], None
    for path in sorted(paths):
        if kept is not None and path.startswith(kept):
            continue
        tops.append(path)
        kept = path
    return list(base.filter(path__in=tops).select_related(*TARGET_ROW))


def target_children(*, user: User, parent: Target) -> QuerySet[Target]:
    """The children of ``parent`` that the user may see, in path order."""
    return (
        target_list(user=user)
        .filter(
            path__gte=parent.path + "0" * Target.steplen,
            path__lte=parent.path + "Z" * Target.steplen,
            depth=parent.depth + 1,
        )
        .order_by("path")
    )


def target_child_list(*, user: User, parent: Target) -> list[Target]:
    """All the children of ``parent`` that the user may see (a form that shares the parent among them)."""
    return list(target_children(user=user, parent=parent))


def target_child_page(*, user: User, parent: Target, offset: int, limit: int) -> tuple[list[Target], int]:
    """A page of the visible children of ``parent`` (``limit`` from ``offset``, in path order) and how many there are."""
    children = target_children(user=user, parent=parent)
    return list(children[offset : offset + limit]), children.count()


def target_child_figures(children: QuerySet[Target]) -> ChildFigures:
    """The allocation figures of ``children`` summed in one query, so a parent of 400 is checked without reading them."""
    valued = Q(target_value__isnull=False)
    row = children.order_by().aggregate(
        count=Count("id"),
        missing=Count("id", filter=Q(target_value__isnull=True)),
        total=Sum("target_value", filter=valued),
        weighted=Sum(F("target_value") * F("weight"), filter=valued, output_field=DecimalField()),
        weight=Sum("weight", filter=valued),
    )
    return ChildFigures(**{name: value if value is not None else Decimal(0) for name, value in row.items()})


def target_child_lists(*, user: User, parents: list[Target], limit: int) -> dict[str, list[Target]] | None:
    """The visible children of several parents in one query, grouped by parent; None when more than ``limit``."""
    if not parents:
        return {}
    q = Q(pk__in=[])
    for parent in parents:
        q |= Q(
            path__gte=parent.path + "0" * Target.steplen,
            path__lte=parent.path + "Z" * Target.steplen,
            depth=parent.depth + 1,
        )
    rows = list(target_list(user=user).filter(q).order_by("path")[: limit + 1])
    if len(rows) > limit:
        return None
    grouped = {p.path: [] for p in parents}
    for row in rows:
        grouped[row.path[: -Target.steplen]].append(row)
    return grouped


def target_status_counts(targets: QuerySet[Target], *, today: date | None = None) -> dict[str, int]:
    """Counts per displayed status (overdue applied as of today) of a target queryset, in one query."""
    today = today or timezone.localdate()
    row = targets.order_by().aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=TargetStatus.DONE)),
        overdue=Count("id", filter=Q(due_date__lt=today) & ~Q(status=TargetStatus.DONE)),
        at_risk=Count("id", filter=Q(status=TargetStatus.AT_RISK, due_date__gte=today)),
        off_track=Count("id", filter=Q(status=TargetStatus.OFF_TRACK, due_date__gte=today)),
        on_track=Count("id", filter=Q(status=TargetStatus.ON_TRACK, due_date__gte=today)),
        not_started=Count("id", filter=Q(status=TargetStatus.NOT_STARTED, due_date__gte=today)),
    )
    return row


def target_completion_by_org(*, user: User, campaign: Campaign) -> list[dict]:
    """Weighted completion per owner org over the org-owned targets the user sees (one grouped query)."""
    rows = (
        target_list(user=user, campaign=campaign)
        .filter(owner_org__isnull=False, owner_person__isnull=True)
        .order_by()
        .values("owner_org__label", "owner_org__path")
        .annotate(targets=Count("id"), total_weight=Sum("weight"), weighted=Sum(_weighted_progress()))
        .order_by("owner_org__path")
    )
    result = []
    for row in rows:
        if row["owner_org__path"] and len(row["owner_org__path"]) == PartyOrg.steplen and len(rows) > 1:
            continue  # the committee itself: its figure is the whole, shown above
        pct = float(row["weighted"] / row["total_weight"]) if row["total_weight"] else 0
        result.append({"org": row["owner_org__label"], "pct": round(pct, 1), "targets": row["targets"]})
    return result


def _weighted_progress() -> CombinedExpression:
    return F("weight") * Least(F("progress_pct"), Value(100), output_field=DecimalField())


def report_trend(*, user: User, campaign: Campaign) -> dict:
    """Per month: reports accepted, submitted and returned, and the cumulative total of the first additive target.

    Read from the summary tables (``campaigns.summaries``) in one grouped query: the totals of the
    overall targets for whoever sees the whole campaign, else the rows of the targets the user sees
    (a report is seen with its target). The months run without gaps from the first report to the last.
    ``total`` is what the first target's leaves had reached by the end of the month (each leaf's
    latest accepted report, carried over the months it did not report); None before the first and
    after the last accepted report, so a month not reported yet is not drawn as a collapse to zero.
    """
    first = (
        Target.objects.filter(campaign=campaign, depth=1, aggregation=Aggregation.SUM)
        .exclude(target_value=None)
        .order_by("path")
        .first()
    )
    if sees_whole_campaign(user, campaign):
        rows = ReportMonthTotal.objects.filter(root__campaign=campaign)
    else:
        rows = ReportMonth.objects.filter(target__in=target_list(user=user, campaign=campaign).values("pk"))
    on_line = Q(root_id=first.pk if first else None)
    rows = (
        rows.order_by()
        .values("month")
        .annotate(
            accepted=Sum("accepted"),
            submitted=Sum("submitted"),
            returned=Sum("returned"),
            counted=Sum("leaf_accepted", filter=on_line),
            gain=Sum("gain", filter=on_line),
        )
        .order_by("month")
    )
    counted = {r["month"].strftime("%Y-%m"): r for r in rows}
    if not counted:
        return {"months": [], "metric": first}
    gains = {month: float(r["gain"] or 0) for month, r in counted.items() if r["counted"]}
    months, running = [], 0.0
    last_gain = max(gains, default="")
    for month in _month_range(min(counted), max(counted)):
        running += gains.get(month, 0.0)
        row = counted.get(month, {"accepted": 0, "submitted": 0, "returned": 0})
        reached = gains and min(gains) <= month <= last_gain
        figures = {k: row[k] for k in ("accepted", "submitted", "returned")}
        months.append({"month": month, **figures, "total": round(running, 4) if reached else None})
    return {"months": months, "metric": first}


def sees_whole_campaign(user: User, campaign: Campaign) -> bool:
    """Whether the user sees every target of ``campaign``: the administrator, or a roster role over its
    organiser (``access.through_target``'s rule on ``campaign__organiser``); one query at most."""
    scope = get_scope(user)
    if scope is None:
        return False
    if scope.is_global_admin:
        return True
    answers = scope.__dict__.setdefault("_whole_campaign", {})  # asked by several reads of one page
    if campaign.pk not in answers:
        orgs = PartyOrg.objects.filter(scope.party_org_q("", VIEW_ROLES), pk=campaign.organiser_id)
        answers[campaign.pk] = orgs.exists()
    return answers[campaign.pk]


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    result = []
    while f"{year:04d}-{month:02d}" <= last:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def target_watchlist(
    *, user: User, kind: str, campaign: Campaign | None = None, today: date | None = None, leaves: bool = False
) -> QuerySet[Target]:
    """Due (within 30 days), at-risk (at risk or off track) or overdue targets the user sees, worst first.

    The other kinds are the dashboard's figures (``target_status_counts``): all, done, on track and
    not started (these two while not overdue); ``leaves`` keeps the leaf targets those figures count.
    """
    today = today or timezone.localdate()
    qs = target_list(user=user, campaign=campaign).select_related("campaign")
    if leaves:
        qs = qs.leaves()
    current = qs.filter(due_date__gte=today)
    qs = {
        "due": lambda: qs.due_soon(today),
        "at_risk": lambda: qs.at_risk(today),
        "overdue": lambda: qs.overdue(today),
        "all": lambda: qs,
        "done": lambda: qs.filter(status=TargetStatus.DONE),
        "on_track": lambda: current.filter(status=TargetStatus.ON_TRACK),
        "not_started": lambda: current.filter(status=TargetStatus.NOT_STARTED),
    }[kind]()
    return qs.order_by("due_date", "progress_pct", "path")


def target_own_list(*, user: User) -> list[Target]:
    """The person's own targets in open campaigns, with what the phone page shows, in two queries."""
    scope = get_scope(user)
    if scope is None or scope.person_id is None:
        return []
    targets = list(
        Target.objects.filter(owner_person_id=scope.person_id)
        .select_related("campaign", "owner_org")
        .exclude(campaign__status="draft")
        .order_by("campaign__status", "due_date", "path")
    )
    latest = {}
    for report in ProgressReport.objects.filter(target__in=[t.pk for t in targets]).order_by("target_id", "-id"):
        latest.setdefault(report.target_id, report)
    for t in targets:
        t.latest_report = latest.get(t.pk)
    return targets


def report_list_behind(*, user: User, target: Target) -> QuerySet[ProgressReport]:
    """The accepted reports of every leaf under ``target`` (what its roll-up is made of), newest first."""
    return (
        ProgressReport.objects.restrict(user)
        .filter(target__path__startswith=target.path, target__campaign_id=target.campaign_id)
        .select_related("target__owner_person", "target__owner_org", "submitted_by__person", "reviewer__person")
        .order_by("-period", "-id")
    )


def report_list_of_month(*, user: User, campaign: Campaign, month: date) -> QuerySet[ProgressReport]:
    """The reports of ``campaign`` for periods in ``month`` that the user sees (a figure of the dashboard's trend)."""
    reports = ProgressReport.objects.restrict(user).filter(
        target__campaign=campaign, period__gte=month, period__lt=add_months(month, 1)
    )
    if (candidates := _targets_near(user, campaign)) is not None:
        reports = reports.filter(target__in=candidates)
    return reports.select_related(
        "target__owner_person", "target__owner_org", "submitted_by__person", "reviewer__person"
    ).order_by("-period", "-id")


def contribution_list_behind(*, user: User, target: Target) -> QuerySet[TargetContribution]:
    """The results linked to ``target`` and every target below it (counted ones are in its figures)."""
    return (
        TargetContribution.objects.restrict(user)
        .filter(target__path__startswith=target.path, target__campaign_id=target.campaign_id)
        .select_related("target__owner_person", "target__owner_org")
        .order_by("-counted_on", "-id")
    )


def report_review_queue(*, user: User) -> QuerySet[ProgressReport]:
    """Submitted reports the user may accept or return (never of their own targets), oldest first."""
    if not may(user, Action.REVIEW, ProgressReport):
        return ProgressReport.objects.none()
    reports = ProgressReport.objects.restrict(user, Action.REVIEW)
    if (candidates := _targets_in_orgs(user, REVIEW_ROLES)) is not None:
        reports = reports.filter(target__in=[pk for pk, _campaign in candidates])
    return (
        reports.filter(status=ReportStatus.SUBMITTED)
        .select_related("target__campaign", "target__owner_person", "target__owner_org")
        .prefetch_related("evidence")
        .order_by("submitted_at", "id")
    )


LETTER_ROW = ("campaign", "issuer_org", "recipient_person", "recipient_org")
LETTER_ORDER = ("campaign_id", "status", "recipient_org__path", "recipient_person__employee_no")


def letter_list(
    *, user: User, campaign: Campaign | None = None, unacknowledged: bool = False
) -> QuerySet[ResponsibilityLetter]:
    qs = ResponsibilityLetter.objects.restrict(user).select_related(*LETTER_ROW)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if unacknowledged:
        qs = qs.filter(status="issued")
    return qs.order_by(*LETTER_ORDER)


def letter_list_to_acknowledge(*, user: User) -> QuerySet[ResponsibilityLetter]:
    """The letters the user acknowledges as their recipient (the administrator acknowledges none for others)."""
    return (
        ResponsibilityLetter.objects.restrict(user, Action.ACKNOWLEDGE)
        .select_related(*LETTER_ROW)
        .order_by(*LETTER_ORDER)
    )


def commitment_list(*, user: User, campaign: Campaign) -> QuerySet[Commitment]:
    return (
        Commitment.objects.restrict(user)
        .filter(campaign=campaign)
        .select_related("person", "org")
        .prefetch_related("checks__checked_by__person")
        .order_by("due_date", "id")
    )


def commitment_check_list(*, user: User, campaign: Campaign, period: date | None = None) -> QuerySet[CommitmentCheck]:
    qs = (
        CommitmentCheck.objects.restrict(user)
        .filter(commitment__campaign=campaign)
        .select_related("commitment__person__membership__party_org", "commitment__org", "checked_by__person")
    )
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("-period", "commitment__org__path", "commitment__person__employee_no")


def target_owner_orgs(*, user: User, parent: Target) -> QuerySet[PartyOrg]:
    """The orgs a target may be split among: two levels below the parent's org, within the user's scope.

    Read from the rules by which the user decomposes targets (``Target.owner_org``).
    """
    base_org = parent.owner_org or parent.campaign.organiser
    return (
        access.choices(user, Target, "owner_org", Action.DECOMPOSE)
        .filter(path__startswith=base_org.path, depth__gt=base_org.depth, depth__lte=base_org.depth + 2)
        .order_by("path")
    )


def target_owner_people(*, user: User, parent: Target) -> QuerySet[Person]:
    """The members a target may be split among: those of the parent's org, within the user's scope
    (``Target.owner_person``). Hundreds in a branch: forms search it (``core.pickers``), never list it."""
    base_org = parent.owner_org or parent.campaign.organiser
    return (
        access.choices(user, Target, "owner_person", Action.DECOMPOSE)
        .filter(membership__party_org__path__startswith=base_org.path)
        .order_by("employee_no")
    )


def _owner_people_for(user: User, params) -> QuerySet[Person]:
    """The people picker's options: the members the user may give a share of target ``params["target"]``."""
    target_id = parse_id(params.get("target"))
    parent = (
        Target.objects.restrict(user, Action.DECOMPOSE).select_related("owner_org", "campaign__organiser")
        .filter(pk=target_id).first() if target_id else None
    )  # fmt: skip
    return Person.objects.none() if parent is None else target_owner_people(user=user, parent=parent)


TARGET_OWNER_PICKER = pickers.register_source(
    pickers.Source(
        name="campaigns.target_owner",
        options=_owner_people_for,
        # The roster's own matcher (name, 工号, pinyin), so the picker finds whoever the people list finds.
        search=lambda people, text: people.search(text),
        label=lambda p: f"{p.name}({p.employee_no})",
        hint=lambda p: str(p.membership.party_org) if getattr(p, "membership", None) else "",
        related=("membership__party_org",),
    )
)


def commitment_people(*, user: User) -> QuerySet[Person]:
    """The members a commitment may be made for: the party members in the user's scope (a member: herself)."""
    return Person.objects.restrict(user).filter(membership__isnull=False).order_by("employee_no")


COMMITMENT_PERSON_PICKER = pickers.register_source(
    pickers.Source(
        name="campaigns.commitment_person",
        options=lambda user, params: commitment_people(user=user),
        search=lambda people, text: people.search(text),
        label=TARGET_OWNER_PICKER.label,
        hint=TARGET_OWNER_PICKER.hint,
        related=TARGET_OWNER_PICKER.related,
    )
)


def commitment_check_due(*, user: User, today: date | None = None) -> QuerySet[Commitment]:
    """Active commitments of open campaigns the user checks, without a check for the half year due."""
    due = commitment_check_period_due(today)
    if due is None or not may(user, Action.CHANGE, Commitment):
        return Commitment.objects.none()
    period, _late = due
    return (
        Commitment.objects.restrict(user, Action.CHANGE)
        .filter(status="active", campaign__status="active")
        .exclude(pk__in=CommitmentCheck.objects.filter(period=period).values("commitment_id"))
    )
