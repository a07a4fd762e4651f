"""Plain-tuple inserts for the few loads of a million rows (the demo's attendance, an import of a year).

``bulk_create`` builds a model instance per row and prepares every field of it, which costs far more
than the database does at that size; ``insert_rows`` sends the tuples as they are with ``executemany``.
The values must already be what the column stores (ids, strings, dates, numbers) and every column
without a database default must be named: nothing runs ``save()``, defaults or signals. Only services
call it, inside their transaction, for rows they built themselves.
"""

from itertools import islice

from django.db import connection

PREPARED = frozenset({"JSONField", "DateTimeField"})


def insert_rows(model, fields, rows, *, batch_size=5000) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table; the number inserted."""
    meta = model._meta
    quote = connection.ops.quote_name
    model_fields = [meta.get_field(name) for name in fields]
    columns = ", ".join(quote(field.column) for field in model_fields)
    # The kinds whose stored form differs by database: JSON (text or jsonb), a moment (naive UTC text on SQLite).
    prepared = [i for i, field in enumerate(model_fields) if field.get_internal_type() in PREPARED]
    if prepared:
        rows = (_prepared(row, prepared, model_fields) for row in rows)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
    rows, count = iter(rows), 0
    with connection.cursor() as cursor:
        while batch := list(islice(rows, batch_size)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _prepared(row, positions, fields):
    row = list(row)
    for i in positions:
        row[i] = fields[i].get_db_prep_save(row[i], connection)
    return row
