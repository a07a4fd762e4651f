"""The summary tables of organisational life (``core.summaries``): held meetings per org, kind and month, and
reviews per org and month, what the compliance matrix counts.

A row holds a year of one org (and kind), a column per month: the matrix of a company's 2,000 orgs reads
some 10,000 rows instead of 30,000 meetings and 140,000 reviews. The services that write meetings and
reviews call ``refresh_meetings`` / ``refresh_reviews`` with the orgs and days they touched (before and
after an edit) in their own transaction. A scope is keyword filters on the key fields: ``org_id`` or
``org_id__in``, ``year`` or ``year__gte``/``year__lte``, ``kind``; the bulk writes pass the orgs and the
span of years they wrote, whose product covers every row touched (recomputing an untouched one is
harmless: it is recomputed exactly).

Class hours are not summarised: the pages that read them (a member's year, the hours short page) add
up one person's or one org's members' year, never a per-org, per-month figure.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count

from vanguard.core.summaries import Summary, get_summary, refresh, register_summary

from .choices import HELD_STATUSES
from .models import MONTH_FIELDS, Meeting, MeetingCount, Review, ReviewCount

MEETINGS = "orglife.meetings"
REVIEWS = "orglife.reviews"


def _filters(scope, field):
    """A scope as filters on the facts: orgs as they are, years as ranges of the fact's ``field`` (no date
    function per row)."""
    filters = {k: v for k, v in scope.items() if k in ("org_id", "org_id__in")}
    first, last = scope.get("year", scope.get("year__gte")), scope.get("year", scope.get("year__lte"))
    if first is not None:
        filters[f"{field}__gte"] = date(first, 1, 1)
    if last is not None:
        filters[f"{field}__lte"] = date(last, 12, 31)
    return filters


def _rows(counts, key):
    """{(key…, year): [12 counts]} as the summary's rows."""
    return [{**dict(zip(key, k, strict=True)), **dict(zip(MONTH_FIELDS, v, strict=True))} for k, v in counts.items()]


def meeting_counts(**scope):
    """Held meetings per (org, year, kind) and month in ``scope``: grouped by day in the database, by month here."""
    meetings = Meeting.objects.filter(status__in=HELD_STATUSES, **_filters(scope, "date"))
    if "kind" in scope:
        meetings = meetings.filter(kind=scope["kind"])
    counts = defaultdict(lambda: [0] * 12)
    for org_id, kind, day, n in meetings.order_by().values_list("org_id", "kind", "date").annotate(n=Count("id")):
        counts[(org_id, day.year, kind)][day.month - 1] += n
    return _rows(counts, ("org_id", "year", "kind"))


def review_counts(**scope):
    """Reviews per (org, year) and month in ``scope`` (a review's month is the month's first day)."""
    reviews = Review.objects.filter(**_filters(scope, "month"))
    counts = defaultdict(lambda: [0] * 12)
    for org_id, month, n in reviews.order_by().values_list("org_id", "month").annotate(n=Count("id")):
        counts[(org_id, month.year)][month.month - 1] += n
    return _rows(counts, ("org_id", "year"))


register_summary(
    Summary(
        name=MEETINGS,
        model=MeetingCount,
        key=("org_id", "year", "kind"),
        figures=MONTH_FIELDS,
        compute=meeting_counts,
        label="已召开会议(组织×月×类型)",
    )
)
register_summary(
    Summary(
        name=REVIEWS,
        model=ReviewCount,
        key=("org_id", "year"),
        figures=MONTH_FIELDS,
        compute=review_counts,
        label="讲评人次(组织×月)",
    )
)


def _refresh(name, places):
    """Refresh each distinct (org, year) of ``places`` once (an edit that moves nothing names one)."""
    summary = get_summary(name)
    scopes = sorted({(org_id, day.year) for org_id, day in places})
    for org_id, year in scopes:
        refresh(summary, org_id=org_id, year=year)


def refresh_meetings(*places):
    """After a meeting's write: ``places`` are (org_id, date) pairs, before and after the change."""
    _refresh(MEETINGS, places)


def refresh_reviews(*places):
    """After a review's write: ``places`` are (org_id, month) pairs, before and after the change."""
    _refresh(REVIEWS, places)


def refresh_span(name, objects, field):
    """After a bulk write: every org written for, over the span of years written (one recomputation)."""
    objects = list(objects)
    if not objects:
        return
    years = [getattr(o, field).year for o in objects]
    refresh(
        get_summary(name), org_id__in=sorted({o.org_id for o in objects}), year__gte=min(years), year__lte=max(years)
    )
