"""Text search through an index: names, 工号, pinyin keys, meeting and project titles.

A model declares once which of its text fields are searched and how::

    PERSON_SEARCH = TextIndex(
        "org_person",
        contains=("name",),                                   # the text anywhere in the field
        prefix={"employee_no": None, "name_pinyin": pinyin},  # the field starts with the text
    )

``matching(index, text)`` is the one search: a ``Q`` (None for no text) that finds the rows whose
``contains`` fields hold the text anywhere, or whose ``prefix`` fields start with it (a prefix
field may name a function that turns the typed text into its key, or returns "" to skip the field),
ignoring the case of ASCII letters on both engines. It finds exactly the rows a ``LIKE '%…%'`` would; only the
path to them changes:

- **SQLite**: the ``contains`` fields are indexed by an FTS5 table with the trigram tokenizer
  (``<table>_search``), kept in step with the table by triggers (insert, update of a searched
  field, delete), so bulk loads and raw updates keep it right too. It is contentless and each
  field is indexed with two end marks (``\\x03\\x03``): every one- or two-character piece of a
  field then starts some trigram of the index, and its ``fts5vocab`` table (``<table>_search_vocab``)
  lists those trigrams. One small query to that table plans the search: a text of three
  characters or more matches as an FTS5 phrase (its trigrams next to each other); a shorter one
  as the trigrams that start with it (王军 → 王军伟, 王军␃, …). When those trigrams are too many
  (a single common character, 64+) or the text is in a quarter of the table or more (a word such
  as 学习 that nearly every meeting has), the index cannot narrow anything, and the plain ``LIKE``
  is checked on the rows the page's other filters (scope, kind, dates) select instead.
  A ``prefix`` field has a ``COLLATE NOCASE`` index, which is what SQLite needs to answer
  ``LIKE '…%'`` from an index.
- **PostgreSQL**: ``pg_trgm`` GIN indexes on ``UPPER(field)`` of the ``contains`` fields answer
  Django's ``icontains`` for a text of three characters or more (a shorter one has no trigram:
  the planner scans), and b-tree indexes on ``UPPER(field)`` answer the prefix fields'
  ``istartswith``. No extra query.

The text is taken literally: ``%``, ``_``, ``*``, ``"`` and brackets are characters like any other.
``CreateTextIndex`` is the migration operation that builds the index on either engine.

SQLite cannot alter most columns in place: Django then copies the table into a new one, and the
triggers, which belong to the old table, are gone. ``repair_text_indexes`` runs after every
``migrate`` (``post_migrate``) and rebuilds a registered index whose triggers are missing.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.migrations.operations.base import Operation
from django.db.models import Q
from django.db.models.expressions import RawSQL

# Two end marks after every indexed field: a one- or two-character piece at a field's end
# still begins a trigram. A control character never typed into a name or a title.
END = "\x03\x03"
MAX_TERMS = 64  # trigrams a short text may expand to before the index stops helping
MAX_ROWS = 2000  # rows the index always returns itself
MAX_SHARE = 0.25  # past this share of the table, the other filters' rows are checked instead
MAX_GRAMS = 32  # trigrams of a long text looked up to plan it


@dataclass(frozen=True)
class TextIndex:
    """The searched fields of one table: ``contains`` anywhere, ``prefix`` from the start."""

    table: str
    contains: tuple[str, ...]
    prefix: Mapping[str, Callable[[str], str] | None] = field(default_factory=dict)
    using: str | None = None  # the database alias; the default router's choice when None

    @property
    def fts(self) -> str:
        return f"{self.table}_search"


_indexes: dict[str, TextIndex] = {}


def register_text_index(index: TextIndex) -> TextIndex:
    """Declare ``index`` (once, beside its model) so ``repair_text_indexes`` keeps it built."""
    _indexes[index.table] = index
    return index


def registered_text_indexes() -> list[TextIndex]:
    return list(_indexes.values())


def clean(text) -> str:
    """The text as searched: stripped, without control characters (never typed, and the end marks)."""
    return "".join(ch for ch in str(text or "") if ch.isprintable()).strip()


def matching(index: TextIndex, text, *, model=None) -> Q | None:
    """The rows whose fields match ``text`` as a ``Q`` (None when there is no text)."""
    text = clean(text)
    if not text:
        return None
    match = _contains_q(index, text, model)
    for name, key in index.prefix.items():
        typed = key(text) if key else text
        if typed:
            match |= Q(**{f"{name}__istartswith": typed})
    return match


def search(queryset, index: TextIndex, text):
    """``queryset`` narrowed to the rows matching ``text`` (all of it for no text)."""
    match = matching(index, text, model=queryset.model)
    return queryset if match is None else queryset.filter(match)


# ---------------------------------------------------------------- SQLite: plan with the vocabulary


def _like_q(index, text):
    match = Q()
    for name in index.contains:
        match |= Q(**{f"{name}__icontains": text})
    return match


def _contains_q(index, text, model):
    alias = index.using or (router.db_for_read(model) if model is not None else "default")
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return _like_q(index, text)
    expression = _fts_expression(connection, index, text)
    if expression is None:
        return _like_q(index, text)
    if expression == "":
        return Q(pk__in=[])  # a trigram of the text is nowhere: no row can hold it
    return Q(pk__in=RawSQL(f'SELECT rowid FROM "{index.fts}" WHERE "{index.fts}" MATCH %s', [expression]))


def _folds_simply(text):
    """Whether Python's lower case is the tokenizer's: ASCII and caseless scripts (Chinese)."""
    return all(ch.isascii() or ch.lower() == ch == ch.upper() for ch in text)


def _quoted(term):
    return '"' + term.replace('"', '""') + '"'


def _narrows(rows, table_rows):
    """Whether reading ``rows`` ids from the index beats checking the text on the other filters' rows.

    A text in a quarter of the table or more (学习, in the topics of every meeting) hardly narrows
    it: the rows the page's other filters select are then fewer to check. Below 2,000 rows the
    index always answers.
    """
    return rows <= max(MAX_ROWS, (table_rows or 0) * MAX_SHARE)


def _fts_expression(connection, index, text):
    """The FTS5 query for ``text``; "" when nothing can match; None when the index does not narrow."""
    if not _folds_simply(text):
        return _quoted(text) if len(text) >= 3 else None  # FTS5 folds it; a short one is scanned
    folded = text.lower()
    # The terms with the rows holding each, and the table's size (its newest id: one step down its key).
    select = f'SELECT term, doc, (SELECT max(id) FROM "{index.table}") FROM "{index.fts}_vocab"'
    with connection.cursor() as cursor:
        if len(folded) >= 3:
            # Any of its trigrams bounds the rows a text is in: a few of a long text are enough.
            grams = sorted({folded[i : i + 3] for i in range(len(folded) - 2)})[:MAX_GRAMS]
            cursor.execute(f"{select} WHERE term IN ({', '.join(['%s'] * len(grams))})", grams)
            found = cursor.fetchall()
            if len(found) < len(grams):
                return ""
            return _quoted(text) if _narrows(min(doc for _, doc, _ in found), found[0][2]) else None
        after = folded[:-1] + chr(ord(folded[-1]) + 1)
        cursor.execute(f"{select} WHERE term >= %s AND term < %s LIMIT %s", [folded, after, MAX_TERMS + 1])
        terms = cursor.fetchall()
    if not terms:
        return ""
    if len(terms) > MAX_TERMS or not _narrows(sum(doc for _, doc, _ in terms), terms[0][2]):
        return None
    return " OR ".join(_quoted(term) for term, _, _ in terms)


# ---------------------------------------------------------------- the index, built by a migration


def _sqlite_create(table, contains, prefix):
    fts, cols = f"{table}_search", ", ".join(f'"{c}"' for c in contains)

    def values(row):
        return ", ".join(f"coalesce({row}.\"{c}\", '') || char(3, 3)" for c in contains)

    changed = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in contains)
    return [
        f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5({cols}, content='', tokenize='trigram')",
        f'CREATE VIRTUAL TABLE "{fts}_vocab" USING fts5vocab("{fts}", \'row\')',
        f'INSERT INTO "{fts}"(rowid, {cols}) SELECT t.id, {values("t")} FROM "{table}" t',
        f'CREATE TRIGGER "{fts}_insert" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, {cols}) VALUES (new.id, {values("new")}); END',
        f'CREATE TRIGGER "{fts}_delete" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, {cols}) VALUES (\'delete\', old.id, {values("old")}); END',
        f'CREATE TRIGGER "{fts}_update" AFTER UPDATE OF {cols} ON "{table}" WHEN {changed} BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, {cols}) VALUES (\'delete\', old.id, {values("old")}); '
        f'INSERT INTO "{fts}"(rowid, {cols}) VALUES (new.id, {values("new")}); END',
        *(f'CREATE INDEX "{fts}_{p}" ON "{table}" ("{p}" COLLATE NOCASE)' for p in prefix),
    ]


def _sqlite_drop(table, contains, prefix):
    fts = f"{table}_search"
    return [
        *(f'DROP TRIGGER IF EXISTS "{fts}_{event}"' for event in ("insert", "delete", "update")),
        f'DROP TABLE IF EXISTS "{fts}_vocab"',
        f'DROP TABLE IF EXISTS "{fts}"',
        *(f'DROP INDEX IF EXISTS "{fts}_{p}"' for p in prefix),
    ]


def _postgresql_create(table, contains, prefix):
    fts = f"{table}_search"
    return [
        # Trusted since PostgreSQL 13: the database's owner may create it.
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        # The expressions Django writes for icontains and istartswith: UPPER("field"::text) LIKE UPPER(%s).
        *(f'CREATE INDEX "{fts}_{c}" ON "{table}" USING gin (UPPER("{c}"::text) gin_trgm_ops)' for c in contains),
        *(f'CREATE INDEX "{fts}_{p}" ON "{table}" (UPPER("{p}"::text) text_pattern_ops)' for p in prefix),
    ]


def _postgresql_drop(table, contains, prefix):
    # The extension stays: other indexes may use it, and dropping it needs more rights than creating.
    return [f'DROP INDEX IF EXISTS "{table}_search_{c}"' for c in (*contains, *prefix)]


def missing_parts(index: TextIndex, using: str = "default") -> list[str]:
    """The SQLite objects of ``index`` that are not in the database (none on PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    fts = index.fts
    wanted = [fts, f"{fts}_vocab", *(f"{fts}_{event}" for event in ("insert", "delete", "update"))]
    wanted += [f"{fts}_{p}" for p in index.prefix]
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(wanted))
        cursor.execute(f"SELECT name FROM sqlite_master WHERE name IN ({marks})", wanted)
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in wanted if name not in present]


def repair_text_indexes(using: str = "default", **kwargs) -> list[str]:
    """Rebuild every registered SQLite index that lost a part (a table copied by a migration); their tables."""
    connection = connections[using]
    repaired, tables = [], connection.introspection.table_names()
    for index in registered_text_indexes():
        if index.table not in tables or not missing_parts(index, using):
            continue
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for sql in (*_sqlite_drop(index.table, index.contains, index.prefix),
                        *_sqlite_create(index.table, index.contains, index.prefix)):  # fmt: skip
                cursor.execute(sql)
        repaired.append(index.table)
    return repaired


_DDL = {"sqlite": (_sqlite_create, _sqlite_drop), "postgresql": (_postgresql_create, _postgresql_drop)}


class CreateTextIndex(Operation):
    """Build the search index of ``table`` (see the module's docstring); reversible.

    Takes the table and field names as written in the migration, so the history does not move
    with the model. On another database engine it does nothing: the search then scans.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, table, contains, prefix=()):
        self.table, self.contains, self.prefix = table, list(contains), list(prefix)

    def deconstruct(self):
        kwargs = {"table": self.table, "contains": self.contains, "prefix": self.prefix}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass  # no model state: the index lives beside the table

    def _run(self, schema_editor, which):
        ddl = _DDL.get(schema_editor.connection.vendor)
        if ddl:
            for sql in ddl[which](self.table, self.contains, self.prefix):
                schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, 0)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, 1)

    def describe(self):
        return f"Create the search index of {self.table}"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_search_index"
