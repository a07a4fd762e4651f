"""Reads of exchange visits for a user: the visit list with its filters, a visit's findings."""

import datetime

from django.db.models import Count, QuerySet

from vanguard.core.choices import Action
from vanguard.org.models import Unit, User

from ..models import Finding, Visit


def _unit_and_below(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path).values("pk")


def visit_list(
    *, user: User, kind: str = "", unit: Unit | None = None, date_from: datetime.date | None = None,
    date_to: datetime.date | None = None, search: str = "",
) -> QuerySet[Visit]:  # fmt: skip
    """The visits ``user`` may see, newest first; ``unit``: visiting or visited by it or a unit under it."""
    qs = Visit.objects.restrict(user, Action.VIEW)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        below = _unit_and_below(unit)
        qs = qs.filter(pk__in=Visit.objects.filter(visiting_unit__in=below).values("pk").union(
            Visit.objects.filter(visited_unit__in=below).values("pk")))  # fmt: skip
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if search:
        qs = qs.search(search)
    return qs.order_by("-date", "-id")


def visit_page_rows(*, ids: list[int]) -> list[Visit]:
    """A page of visits (in the order of ``ids``) with their units, leader and the number of findings raised."""
    rows = (
        Visit.objects.filter(pk__in=ids)
        .select_related("visiting_unit", "visited_unit", "leader")
        .annotate(finding_count=Count("findings"))
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids]


def visit_findings(*, user: User, visit: Visit, today: datetime.date) -> list[Finding]:
    """The findings a visit raised that ``user`` may see, with their colour."""
    qs = Finding.objects.restrict(user, Action.VIEW).filter(visit=visit)
    return list(qs.with_colour(today).select_related("responsible_unit", "responsible_person").order_by("id"))
