"""Reads of the projects app for a user: the ledger, missing monthly logs, summaries, a member's projects,
the steps and the branches a user may pick. Named ``project_<what>``, keyword-only."""

import datetime
from datetime import timedelta
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from vanguard.core import access
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.dates import add_months, month_number, month_start
from vanguard.core.scope import get_scope
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg, User

from .access import own_branch
from .choices import ACTIVE_STATUSES, BRANCH_KINDS, COMPLETED_STATUSES, STAGES, TRANSITIONS, ProjectStatus, Transition
from .models import Project, ProjectMember, ProjectStep

MONEY = DecimalField(max_digits=16, decimal_places=2)


def _last_closed_month_end(today: datetime.date | None = None) -> datetime.date:
    """The last day of the month before ``today``'s: the current month is not over, so not yet missing."""
    today = today or timezone.localdate()
    return month_start(today) - timedelta(days=1)


def with_missing_months(queryset: QuerySet[Project], today: datetime.date | None = None) -> QuerySet[Project]:
    """Annotate ``missing_months``: months of the period up to last month without any log.

    Counted in SQL for every row at once, from kept figures: the months from the start to the earlier of
    the end and last month (stored month numbers), less the months that carry a log up to last month
    (``ProjectLogTally``: all of them, less the current month when the latest log falls in it, as no
    log is dated after today). No date function and no log is read per row. Only active projects count.
    """
    cutoff = _last_closed_month_end(today)
    last = Least("end_month", Value(month_number(cutoff)))
    expected = Greatest(last - F("start_month") + 1, Value(0))
    logged = Coalesce("log_tally__months", 0) - Case(
        When(log_tally__last_month__gt=cutoff, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return queryset.annotate(logged_months=logged, expected_months=expected).annotate(
        missing_months=Greatest(expected - logged, Value(0))
    )


def flagged_projects(queryset: QuerySet[Project], today: datetime.date | None = None) -> QuerySet[Project]:
    """Active projects with at least one month without a log."""
    return with_missing_months(queryset.filter(status__in=ACTIVE_STATUSES), today).filter(missing_months__gt=0)


def project_ledger(
    *, user: User, kind: str = "", status: str = "", branch: PartyOrg | None = None, year: int | None = None,
    search: str = "", flagged: bool = False, unlogged: bool = False, mine: bool = False,
    today: datetime.date | None = None, stage: str = "",
) -> QuerySet[Project]:  # fmt: skip
    """The ledger's rows; ``mine``: only those the user logs (their leader, or their branch's managers)."""
    qs = Project.objects.restrict(user, Action.VIEW).select_related("branch", "leader")
    if mine:
        qs = qs.restrict(user, Action.CHANGE)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if stage in STAGES:
        qs = qs.filter(status__in=STAGES[stage])
    if branch is not None:
        qs = qs.filter(branch_id__in=_branch_and_below(branch))
    if year:
        qs = qs.in_year(int(year))
    if search:
        qs = qs.search(search)
    qs = with_missing_months(qs, today)
    if flagged:
        qs = qs.filter(status__in=ACTIVE_STATUSES, missing_months__gt=0)
    if unlogged:
        qs = without_log_this_month(qs, today)
    return qs.order_by("-start_date", "-id")


def project_page_rows(*, ids: list[int], today: datetime.date | None = None) -> list[Project]:
    """The ledger's rows for a page of ids (in that order), with their branch, leader and months missing logs.

    The page's ids come first from the ledger's filters alone, in the order of an index; joining
    every project to its branch and leader before sorting would read them all to show 25.
    """
    rows = with_missing_months(Project.objects.filter(pk__in=ids).select_related("branch", "leader"), today)
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids]


def without_log_this_month(queryset: QuerySet[Project], today: datetime.date | None = None) -> QuerySet[Project]:
    """Active projects running this month with no log for it yet (due by the month's end)."""
    today = today or timezone.localdate()
    month = month_start(today)
    running = queryset.filter(status__in=ACTIVE_STATUSES, start_date__lte=today, end_date__gte=month)
    # The latest log (kept in ``ProjectLogTally``) falls in this month when there is one: none is dated later.
    return running.filter(Q(log_tally__isnull=True) | Q(log_tally__last_month__lt=month))


def project_missing_months(*, project: Project, today: datetime.date | None = None) -> list[datetime.date]:
    """The months of ``project`` (up to last month) without a log, for its page."""
    cutoff = _last_closed_month_end(today)
    end = min(project.end_date, cutoff)
    logged = set(project.logs.values_list("month", flat=True))
    months = []
    month = project.start_date.replace(day=1)
    while month <= end:
        if month not in logged:
            months.append(month)
        month = add_months(month, 1)
    return months


def _branch_and_below(branch: PartyOrg) -> QuerySet[PartyOrg]:
    """The ids of ``branch`` and the orgs under it, as a subquery: the projects are then found by their branch's
    key in an index, not by joining each of them to its branch's path."""
    return PartyOrg.objects.filter(path__startswith=branch.path).values("pk")


def _summary_scope(user, branch, year):
    qs = Project.objects.restrict(user, Action.VIEW)
    if branch is not None:
        qs = qs.filter(branch_id__in=_branch_and_below(branch))
    if year:
        qs = qs.in_year(int(year))
    return qs


def project_summary_branches(
    *, user: User, branch: PartyOrg | None = None, year: int | None = None
) -> QuerySet[PartyOrg]:
    """The branches with projects in the summary's scope, in the tree's order: the rows the page pages through."""
    scope = _summary_scope(user, branch, year).order_by().values("branch_id")
    return PartyOrg.objects.filter(pk__in=scope).order_by("path")


def project_summary_rows(
    *, user: User, branch: PartyOrg | None = None, year: int | None = None, today: datetime.date | None = None,
    branch_ids: list[int] | None = None,
) -> list[dict]:  # fmt: skip
    """A row per branch with projects (of ``branch_ids``, a page of them, or all): counts, accepted benefit and
    months missing logs; one grouped query that reads the projects' index and kept figures, never their logs."""
    qs = _summary_scope(user, branch, year)
    if branch_ids is not None:
        qs = qs.filter(branch_id__in=branch_ids)
    return list(
        with_missing_months(qs, today)
        .order_by()
        .values("branch_id", "branch__label", "branch__path")
        .annotate(
            total=Count("id"),
            active=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
            completed=Count("id", filter=Q(status__in=COMPLETED_STATUSES)),
            proposed=Count("id", filter=Q(status__in=STAGES["applied"])),
            benefit=Coalesce(
                Sum("measured_benefit", filter=Q(status__in=COMPLETED_STATUSES)), Value(0), output_field=MONEY
            ),
            missing=Coalesce(Sum("missing_months", filter=Q(status__in=ACTIVE_STATUSES)), 0),
        )
        .order_by("branch__path")
    )


def project_summary_totals(
    *, user: User, branch: PartyOrg | None = None, year: int | None = None, today: datetime.date | None = None
) -> dict:
    """The summary's totals over every branch in scope, whichever page of branches is shown: the counts and the
    benefit by status from the projects' index alone, the months missing logs from the active ones' kept figures."""
    scope = _summary_scope(user, branch, year).order_by()
    groups = scope.values("status").annotate(
        n=Count("id"), benefit=Coalesce(Sum("measured_benefit"), Value(0), output_field=MONEY)
    )
    missing = with_missing_months(scope.filter(status__in=ACTIVE_STATUSES), today).aggregate(
        n=Coalesce(Sum("missing_months"), 0)
    )["n"]
    by_status = {g["status"]: g for g in groups}

    def added(field, statuses):
        return sum((by_status[s][field] for s in statuses if s in by_status), 0)

    return {
        "by_status": [(s, label, by_status[s]["n"] if s in by_status else 0) for s, label in ProjectStatus.choices],
        "total": added("n", ProjectStatus.values),
        "active": added("n", ACTIVE_STATUSES),
        "completed": added("n", COMPLETED_STATUSES),
        "accepted_benefit": Decimal(added("benefit", COMPLETED_STATUSES)),
        "missing_months": missing,
    }


def project_summary(
    *, user: User, branch: PartyOrg | None = None, year: int | None = None, today: datetime.date | None = None,
    branch_ids: list[int] | None = None,
) -> tuple[list[dict], dict]:  # fmt: skip
    """The summary page: a row per branch (of ``branch_ids`` when given) and the totals of every branch in scope."""
    rows = project_summary_rows(user=user, branch=branch, year=year, today=today, branch_ids=branch_ids)
    return rows, project_summary_totals(user=user, branch=branch, year=year, today=today)


def project_worked_on(*, user: User, today: datetime.date | None = None) -> QuerySet[Project]:
    """The projects a person leads or works on, with months missing logs (all of them in the user's scope: the
    policy lets a leader and a team member see their project)."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id is None:
        return Project.objects.none()
    # The ids first, each side by its index: as one condition (leader OR member) PostgreSQL expects half
    # the projects and joins every person to them.
    led = Project.objects.filter(leader_id=person_id).values_list("pk", flat=True).order_by()
    team = ProjectMember.objects.filter(person_id=person_id).values_list("project_id", flat=True).order_by()
    qs = Project.objects.filter(pk__in=list(led.union(team))).select_related("branch", "leader")
    return with_missing_months(qs, today).order_by("-start_date", "-id")


def project_timeline(*, project: Project) -> list[ProjectStep]:
    return list(ProjectStep.objects.filter(project=project).select_related("actor").order_by("at", "id"))


def project_transition_choices(*, user: User, project: Project) -> list[Transition]:
    """The steps ``user`` may take on ``project`` now (the buttons of its page): its state allows them and the
    user holds the step's action (``choices.TRANSITIONS``, ``access.PROJECT``); one query per action at most."""
    return [
        Transition(step)
        for step, (sources, _target, needed, _reason) in TRANSITIONS.items()
        if project.status in sources and may(user, needed, project)
    ]


# A ledger or summary filter takes a branch and everything under it, so the offices above count too.
FILTER_KINDS = (PartyOrgKind.COMMITTEE, *BRANCH_KINDS)


def project_branch_choices(*, user: User, action: str = Action.VIEW) -> QuerySet[PartyOrg]:
    """The party orgs ``user`` may pick as a project's branch: to filter (VIEW) those whose projects his roles
    read; to submit (ADD) those the branch rule reaches and, for a party member, his own branch."""
    orgs = access.choices(user, Project, "branch", action)
    if action == Action.VIEW:
        return orgs.filter(kind__in=FILTER_KINDS).order_by("path")
    scope = get_scope(user)
    own = own_branch(scope) if scope is not None else PartyOrg.objects.none()
    mine = PartyOrg.objects.filter(Q(pk__in=orgs.values("pk")) | Q(pk__in=own))
    return mine.filter(kind__in=BRANCH_KINDS).order_by("path")
