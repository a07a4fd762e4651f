"""The summary tables of organisational life (``core.summaries``): held meetings per (org, month, kind) and
reviews per (org, month), what the compliance matrix counts.

The services that write meetings and reviews call ``refresh_meetings`` / ``refresh_reviews`` with the
orgs and months they touched (before and after an edit) in their own transaction. A scope is keyword
filters on the key fields: ``org_id`` or ``org_id__in``, ``month`` or ``month__gte``/``month__lte``,
``kind``; the bulk writes pass the orgs and the span of months they wrote, whose product covers every
(org, month) touched (recomputing an untouched one is harmless: it is recomputed exactly).

Class hours are not summarised: the pages that read them (a member's year, the hours short page) add
up one person's or one org's members' year, never a per-org, per-month figure.
"""

from collections import Counter

from django.db.models import Count

from vanguard.core.dates import add_months, month_start
from vanguard.core.summaries import Summary, get_summary, refresh, register_summary

from .choices import HELD_STATUSES
from .models import Meeting, MeetingCount, Review, ReviewCount

MEETINGS = "orglife.meetings"
REVIEWS = "orglife.reviews"


def _month_filters(scope, field):
    """The month lookups of a scope as ranges on the fact's ``field`` (a meeting's day: no date function per row)."""
    filters = {}
    if "month" in scope:
        filters[f"{field}__gte"], filters[f"{field}__lt"] = scope["month"], add_months(scope["month"], 1)
    if "month__gte" in scope:
        filters[f"{field}__gte"] = scope["month__gte"]
    if "month__lte" in scope:
        filters[f"{field}__lt"] = add_months(scope["month__lte"], 1)
    return filters


def _org_filters(scope):
    return {k: v for k, v in scope.items() if k in ("org_id", "org_id__in")}


def meeting_counts(**scope):
    """Held meetings per (org, month, kind) in ``scope``: grouped by day in the database, folded into months here."""
    meetings = Meeting.objects.filter(status__in=HELD_STATUSES, **_org_filters(scope), **_month_filters(scope, "date"))
    if "kind" in scope:
        meetings = meetings.filter(kind=scope["kind"])
    counts = Counter()
    for org_id, kind, day, n in meetings.order_by().values_list("org_id", "kind", "date").annotate(n=Count("id")):
        counts[(org_id, month_start(day), kind)] += n
    return [{"org_id": o, "month": m, "kind": k, "held": n} for (o, m, k), n in counts.items()]


def review_counts(**scope):
    """Reviews per (org, month) in ``scope`` (a review's month is already the month's first day)."""
    reviews = Review.objects.filter(**scope).order_by().values("org_id", "month").annotate(reviews=Count("id"))
    return [{"org_id": r["org_id"], "month": r["month"], "reviews": r["reviews"]} for r in reviews]


register_summary(
    Summary(
        name=MEETINGS,
        model=MeetingCount,
        key=("org_id", "month", "kind"),
        figures=("held",),
        compute=meeting_counts,
        label="已召开会议(组织×月×类型)",
    )
)
register_summary(
    Summary(
        name=REVIEWS,
        model=ReviewCount,
        key=("org_id", "month"),
        figures=("reviews",),
        compute=review_counts,
        label="讲评人次(组织×月)",
    )
)


def _refresh(name, places):
    """Refresh each distinct (org, day's month) of ``places`` once (an edit that moves nothing names one)."""
    summary = get_summary(name)
    for org_id, month in sorted({(org_id, month_start(day)) for org_id, day in places}):
        refresh(summary, org_id=org_id, month=month)


def refresh_meetings(*places):
    """After a meeting's write: ``places`` are (org_id, date) pairs, before and after the change."""
    _refresh(MEETINGS, places)


def refresh_reviews(*places):
    """After a review's write: ``places`` are (org_id, month) pairs, before and after the change."""
    _refresh(REVIEWS, places)


def refresh_span(name, objects, field):
    """After a bulk write: every org written for, over the span of months written (one recomputation)."""
    objects = list(objects)
    if not objects:
        return
    days = [getattr(o, field) for o in objects]
    refresh(
        get_summary(name),
        org_id__in=sorted({o.org_id for o in objects}),
        month__gte=month_start(min(days)),
        month__lte=month_start(max(days)),
    )
