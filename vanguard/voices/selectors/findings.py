"""Reads of findings for a user: the board per unit by state, the overdue list, the rates per unit, a finding's
history and the steps a user may take. Named ``finding_<what>``, keyword-only."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from vanguard.core import access, pickers
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.scope import get_scope
from vanguard.org.forms import TREE_SOURCES
from vanguard.org.models import Unit, User

from ..choices import BOARD_COLUMNS, FINDING_TRANSITIONS, ExtensionStatus, FindingStatus, FindingTransition
from ..models import Finding, FindingExtension, FindingStep
from ..models.findings import colour_q

BOARD_PAGE = 10  # cards a column shows at a time
RATES_PAGE = 25  # units a page of the rates shows


def _unit_and_below(unit: Unit) -> QuerySet[Unit]:
    """The ids of ``unit`` and the units under it, as a subquery (findings are found by their unit's key)."""
    return Unit.objects.filter(path__startswith=unit.path).values("pk")


def finding_list(
    *, user: User, unit: Unit | None = None, colour: str = "", source_kind: str = "", status: str = "",
    search: str = "", role: str = "", unit_only: bool = False, today: datetime.date,
) -> QuerySet[Finding]:  # fmt: skip
    """The findings ``user`` may see, filtered: ``unit`` and the units under it (``unit_only``: that unit
    alone, as the rates count); ``role``: his part in them (``ROLES``)."""
    qs = Finding.objects.restrict(user, Action.VIEW)
    if unit is not None:
        qs = qs.filter(responsible_unit=unit) if unit_only else qs.filter(responsible_unit__in=_unit_and_below(unit))
    if colour:
        qs = qs.filter(colour_q(colour, today))
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.search(search)
    if role:
        qs = _by_role(qs, user, role)
    return qs


# The user's part in a finding (the board's filter and the home page's links).
ROLES = {
    "responsible": "我负责整改的",
    "raised": "我提出的",
    "led": "我负责的单位整改的",
    "verify": "待我验证销号的",
    "extension": "待我审批延期的",
}


def _by_role(qs: QuerySet[Finding], user: User, role: str) -> QuerySet[Finding]:
    scope = get_scope(user)
    person = scope.person_id if scope is not None else None
    if role == "responsible":
        return qs.filter(responsible_person_id=person) if person else qs.none()
    if role == "raised":
        return qs.filter(raised_by_id=person) if person else qs.none()
    if role == "led":
        return qs.restrict(user, Action.CHANGE)
    if role == "verify":
        return qs.restrict(user, Action.REVIEW).filter(status=FindingStatus.RESOLVED)
    if role == "extension":
        pending = finding_pending_extensions(user=user).exclude(requested_by_id=user.pk).values("finding_id")
        return qs.filter(pk__in=pending)
    return qs


# What a card shows and its colour reads: the board loads nothing else.
CARD_FIELDS = (
    "title", "status", "deadline", "blue_from", "yellow_from", "closed_on", "reopen_count",
    "responsible_unit__name", "responsible_person__name",
)  # fmt: skip


@dataclass
class Column:
    status: str
    label: str
    count: int
    rows: list
    page: int
    pages: int
    prev_url: str = ""
    next_url: str = ""


def finding_board(
    *, queryset: QuerySet[Finding], pages: dict[str, int], today: datetime.date, by_column: bool | None = None
) -> list[Column]:
    """The kanban: a column per state with its count (one grouped query) and a page of cards (one query each),
    soonest deadline first (the closed ones latest first), each with its colour (``Finding.colour_on``: the
    stored dates compared with today, on the rows loaded).

    That is for the whole table (the office with no filter), read off the (status, deadline) index. A narrowed
    set (a user's scope, a search, a filter) costs its lookup (the OR of the scope's rules, the search index)
    each time it is read: it is read once instead, every column counted and paged in one query
    (``_board_of_matches``). ``by_column`` forces one way or the other."""
    if by_column is None:
        by_column = whole_table(queryset)
    if not by_column:
        return _board_of_matches(queryset, pages, today)
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    columns = []
    for status in BOARD_COLUMNS:
        count = counts.get(status, 0)
        page, last = _column_page(pages, status, count)
        rows = []
        if count:
            start = (page - 1) * BOARD_PAGE
            rows = list(
                queryset.filter(status=status).only(*CARD_FIELDS)
                .select_related("responsible_unit", "responsible_person").order_by(*_column_order(status))[start : start + BOARD_PAGE]
            )  # fmt: skip
            for row in rows:
                row.colour = row.colour_on(today)
        columns.append(Column(status, FindingStatus(status).label, count, rows, page, last))
    return columns


def whole_table(queryset):
    """Whether ``queryset`` is every finding (no filter, or the company-wide scope's)."""
    where = queryset.query.where
    return not where or where == Finding.objects.filter(access.EVERYTHING).query.where


def _column_order(status):
    return ("-closed_on", "-id") if status == FindingStatus.CLOSED else ("deadline", "id")


def _column_page(pages, status, count):
    last = max((count - 1) // BOARD_PAGE + 1, 1)
    return min(max(pages.get(status, 1), 1), last), last


def _board_of_matches(queryset, pages, today):
    """Every column's count and the ids of its page in one query (the matches numbered within their state by
    window functions, so the search is looked up once), then those cards."""
    numbered = queryset.order_by().annotate(
        in_column=Window(Count("pk"), partition_by=[F("status")]),
        by_deadline=Window(RowNumber(), partition_by=[F("status")], order_by=[F("deadline").asc(), F("pk").asc()]),
        by_closing=Window(RowNumber(), partition_by=[F("status")], order_by=[F("closed_on").desc(), F("pk").desc()]),
    )
    wanted = Q()
    for status in BOARD_COLUMNS:
        page = max(pages.get(status, 1), 1)
        position = "by_closing" if status == FindingStatus.CLOSED else "by_deadline"
        wanted |= Q(status=status, **{f"{position}__range": ((page - 1) * BOARD_PAGE + 1, page * BOARD_PAGE)})
    shown = list(numbered.filter(wanted).values_list("pk", "status", "in_column"))
    counts = {status: n for _, status, n in shown}
    cards = Finding.objects.filter(pk__in=[pk for pk, _, _ in shown]).only(*CARD_FIELDS)
    cards = list(cards.select_related("responsible_unit", "responsible_person")) if shown else []
    missing = [s for s in BOARD_COLUMNS if s not in counts and pages.get(s, 1) > 1]
    if missing:  # a page past a column's end (it shrank since the link was made): the column by column way clamps it
        return finding_board(queryset=queryset, pages=pages, today=today, by_column=True)
    columns = []
    for status in BOARD_COLUMNS:
        key = (lambda c: (c.closed_on or datetime.date.min, c.pk)) if status == FindingStatus.CLOSED else None
        rows = [c for c in cards if c.status == status]
        rows.sort(key=key or (lambda c: (c.deadline, c.pk)), reverse=key is not None)
        for row in rows:
            row.colour = row.colour_on(today)
        page, last = _column_page(pages, status, counts.get(status, 0))
        columns.append(Column(status, FindingStatus(status).label, counts.get(status, 0), rows, page, last))
    return columns


def finding_overdue(*, user: User, unit: Unit | None = None, role: str = "", today: datetime.date) -> QuerySet[Finding]:
    """Active findings past their deadline (red), the longest overdue first."""
    qs = finding_list(user=user, unit=unit, role=role, today=today).overdue(today)
    return qs.order_by("deadline", "id")


def finding_page_rows(*, ids: list[int], today: datetime.date) -> list[Finding]:
    rows = Finding.objects.filter(pk__in=ids).select_related("responsible_unit", "responsible_person", "raised_unit")
    by_id = {row.pk: row for row in rows}
    for row in by_id.values():
        row.colour = row.colour_on(today)
    return [by_id[pk] for pk in ids]


def finding_rate_units(*, user: User, unit: Unit | None = None) -> QuerySet[Unit]:
    """The responsible units with findings the user sees, in tree order: the rows the rates page pages through."""
    findings = finding_list(user=user, unit=unit, today=datetime.date.min).order_by().values("responsible_unit_id")
    return Unit.objects.filter(pk__in=findings).order_by("path")


def finding_rates(*, user: User, unit_ids: list[int], unit: Unit | None = None) -> list[dict]:
    """Per responsible unit (of ``unit_ids``, a page): findings, closed (销号), rectification rate (closed of all),
    reopened (at least once) and reopen rate (reopened of those that reached 待验证 at least once), overdue."""
    qs = finding_list(user=user, unit=unit, today=datetime.date.min).filter(responsible_unit_id__in=unit_ids)
    rows = list(
        qs.order_by()
        .values("responsible_unit_id", "responsible_unit__name", "responsible_unit__path")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=FindingStatus.CLOSED)),
            resolved=Count("pk", filter=Q(status__in=(FindingStatus.RESOLVED, FindingStatus.CLOSED)) | Q(reopen_count__gt=0)),
            reopened=Count("pk", filter=Q(reopen_count__gt=0)),
        )
        .order_by("responsible_unit__path")
    )  # fmt: skip
    for row in rows:
        row["rectification_rate"] = row["closed"] / row["total"] if row["total"] else None
        row["reopen_rate"] = row["reopened"] / row["resolved"] if row["resolved"] else None
    return rows


def finding_history(*, finding: Finding) -> list[FindingStep]:
    return list(FindingStep.objects.filter(finding=finding).order_by("at", "id"))


def finding_transition_choices(*, user: User, finding: Finding) -> list[FindingTransition]:
    """The steps ``user`` may take on ``finding`` now: its state allows them and he holds the step's action."""
    return [
        FindingTransition(step)
        for step, (sources, _target, needed, _written) in FINDING_TRANSITIONS.items()
        if finding.status in sources and may(user, needed, finding)
    ]


def finding_pending_extensions(*, user: User) -> QuerySet[FindingExtension]:
    """Extension requests waiting for ``user``'s decision (he heads the responsible person's unit)."""
    return FindingExtension.objects.restrict(user, Action.APPROVE).filter(status=ExtensionStatus.PENDING)


def finding_raising_units(*, user: User) -> QuerySet[Unit]:
    """The units ``user`` may raise a finding for: his own unit and those above it, and the units he heads."""
    scope = get_scope(user)
    if scope is None:
        return Unit.objects.none()
    own = scope.unit_path
    ancestors = [own[:end] for end in range(Unit.steplen, len(own) + 1, Unit.steplen)]
    headed = access.choices(user, Finding, "raised_unit", Action.ADD).values("pk")
    return Unit.objects.filter(Q(path__in=ancestors) | Q(pk__in=headed)).order_by("path")


# Any unit of the company, searched like the unit tree's own picker (names of units are no secret): a visit
# crosses plants, a finding goes to whichever unit must act.
ANY_UNIT_PICKER = pickers.register_source(
    dataclasses.replace(TREE_SOURCES[Unit], name="voices.any_unit", options=lambda user, params: Unit.objects.all())
)
