"""The import itself: validate every row, write only when all are good."""

from vanguard.core.excel import Table

from .. import services
from .checks import roster_validate
from .parse import roster_read
from .result import RosterResult


def roster_import(*, actor, source, dry_run=False, today=None, progress=None):
    """Import a roster file: validate every row; write only if all rows are good (and not a dry run).

    ``source`` is a file (path, bytes, upload) or the ``Table`` already read from one.
    ``progress(done, total)`` is called as rows are checked (first half) and written
    (second half). Raises ``ExcelError`` for a file that is not a readable table
    (Excel or CSV).
    """
    table = source if isinstance(source, Table) else roster_read(source)
    total = table.count()
    report = (lambda done: progress(done, total * 2)) if progress else None
    rows, errors, counts = roster_validate(actor=actor, table=table, today=today, progress=report)
    result = RosterResult(**counts, errors=errors, dry_run=dry_run, table=table, unknown_columns=table.unrecognised())
    if errors or dry_run:
        return result
    if not rows:
        result.written = True  # nothing to change
        return result
    services.person_bulk_upsert(
        actor=actor, rows=rows, progress=(lambda done: progress(total + done, total * 2)) if progress else None
    )
    result.written = True
    return result
