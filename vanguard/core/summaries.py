"""Summary tables: the per-org, per-month counts that pages aggregate, kept beside the facts.

A page that shows 400 branches × 12 months reads 4,800 kept figures instead of scanning every
meeting, report or log of the year. An app declares each summary once::

    register_summary(Summary(
        name="orglife.meetings",
        model=MeetingCount,                         # the table: key fields + figure fields
        key=("org_id", "month", "kind"),
        figures=("held",),
        compute=meeting_counts,                     # compute(**scope) -> iterable of dicts (key + figures)
    ))

``compute`` reads the facts with one grouped query and returns the rows that should exist for a
*scope*: keyword filters on key fields (``org_id=3, month=date(2026, 6, 1)``), or everything when
called without any. The service that writes a fact calls ``refresh(summary, **scope)`` for the
scope it touched (the old and the new one after an edit), in its own transaction: the rows of
that scope are computed afresh and replace the kept ones, so a write, an edit and a delete are
all the same small step, and the table never drifts from the facts. ``rebuild`` recomputes a
whole table (``manage.py rebuild_summaries``, the demo after its bulk loads, a migration that
creates a table); ``differences`` compares the kept rows with a recomputation (tests, ``--check``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, models, transaction


@dataclass(frozen=True)
class Summary:
    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    figures: tuple[str, ...]
    compute: Callable[..., Iterable[dict]]
    label: str = ""

    def row_key(self, row: dict) -> tuple:
        return tuple(row[k] for k in self.key)


_summaries: dict[str, Summary] = {}


def register_summary(summary: Summary) -> Summary:
    if summary.name in _summaries and _summaries[summary.name] != summary:
        raise ValueError(f"summary {summary.name!r} is registered twice")
    _summaries[summary.name] = summary
    return summary


def registered() -> list[Summary]:
    return list(_summaries.values())


def get_summary(name: str) -> Summary:
    return _summaries[name]


def _nonzero(summary, rows):
    """Rows whose figures are all zero are not kept: an absent row reads as zero."""
    return [r for r in rows if any(r[f] for f in summary.figures)]


@transaction.atomic
def refresh(summary: Summary, **scope) -> None:
    """Replace the kept rows of ``scope`` (key-field filters) with the ones computed from the facts now."""
    if not scope:
        raise ValueError("refresh a scope; rebuild() recomputes a whole table")
    _take_turns()
    rows = _nonzero(summary, summary.compute(**scope))
    summary.model.objects.filter(**scope).delete()
    summary.model.objects.bulk_create([summary.model(**r) for r in rows])


def _take_turns():
    """Refreshes take turns by the audit chain's head, locked to the end of the transaction (PostgreSQL;
    SQLite writes one at a time anyway): a refresh that waited then computes from the facts of the write
    it waited for, instead of both inserting the same keys. Every audited write takes that lock, so all
    take it first and in one order; a lock of the summaries' own, taken before the head by one service
    and after it by another, could deadlock."""
    from .audit import lock_head

    if connection.vendor == "postgresql":
        lock_head()


@transaction.atomic
def rebuild(summary: Summary, *, batch_size: int = 5000) -> int:
    """Recompute the whole table from the facts; the number of rows kept."""
    if connection.vendor == "postgresql":
        # A refresh running meanwhile waits for the new table instead of writing into the old one.
        # (Not the audit head: a migration that fills a new table may run before the audit's tables exist.)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(summary.model._meta.db_table)} IN EXCLUSIVE MODE")
    rows = _nonzero(summary, summary.compute())
    summary.model.objects.all().delete()
    summary.model.objects.bulk_create([summary.model(**r) for r in rows], batch_size=batch_size)
    return len(rows)


def rebuild_all(stdout=None) -> None:
    for summary in registered():
        n = rebuild(summary)
        if stdout is not None:
            stdout.write(f"  汇总表 {summary.label or summary.name}:{n} 行")


def differences(summary: Summary) -> list[tuple]:
    """(key, kept figures, recomputed figures) wherever the table and the facts disagree; [] when equal."""
    fields = (*summary.key, *summary.figures)
    kept = {summary.row_key(r): tuple(r[f] for f in summary.figures) for r in summary.model.objects.values(*fields)}
    fresh = {summary.row_key(r): tuple(r[f] for f in summary.figures) for r in _nonzero(summary, summary.compute())}
    zero = tuple(0 for _ in summary.figures)
    return [
        (key, kept.get(key, zero), fresh.get(key, zero))
        for key in sorted(kept.keys() | fresh.keys(), key=repr)
        if kept.get(key, zero) != fresh.get(key, zero)
    ]
