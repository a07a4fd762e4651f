"""The ``group`` size of the benchmark: a group company of subsidiaries, each a copy of the large demo company.

PostgreSQL only, never in CI. The large company is seeded once through the services
(``seed_demo --size large``, kept as ``<name>_bench_large_<hash>``); the group database is a
copy of it (``CREATE DATABASE … TEMPLATE``) in which SQL replicates every row of the company
``GROUP_SUBSIDIARIES - 1`` more times (default 10 subsidiaries: 400,000 people, 4,000 branches):

* every id of copy ``k`` is the original's plus ``k × offset`` (one offset for all tables, above
  every table's largest id), so foreign keys, ``TargetContribution.source_id`` and the audit's
  ``object_id`` stay consistent by adding the same number;
* both org trees get a group root above the subsidiaries (``集团公司`` / ``集团党委``, root step
  ``0002``): a subsidiary's materialised path is the root step, its own step, then its old path
  below the company's root, one level deeper; the campaigns' target trees stay roots of their
  own, each copy's roots numbered after the last;
* unique values are made distinct: 工号, usernames and project numbers get a subsidiary prefix (``S02-``,
  ``s02.``), ID card numbers another province code with a recomputed check digit, audit hashes
  are rehashed per copy. The audit chain of the copies does not verify (``verify_audit`` would
  report it): the copies' events are linked among themselves, not to the chain's head;
* a group-level committee admin (``jituan``, password of the demo) is granted on ``集团党委``.

The result is cached as ``<name>_bench_group<N>_<hash>`` (the hash of the demo sources and of
this file) and reused while present; ``--rebuild`` rebuilds it.
"""

import hashlib
import os
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SUBSIDIARIES = int(os.environ.get("GROUP_SUBSIDIARIES", "10"))
GROUP_PERSONA = "jituan"
ROOT_STEP = "0002"  # the group's root: every rewritten path starts with it, no old one does
# Tables of settings shared by the whole installation (not copied) besides auth, sessions and the like.
SHARED = {"org_loginguard", "orglife_compliancerule", "orglife_studyrule", "orglife_reviewgrade"}
APPS = ("org_", "campaigns_", "orglife_", "projects_", "contributions_", "core_auditevent")
ORG_TREES = ("org_unit", "org_partyorg")
# A province code per copy, none of them used by the demo's regions (org.demo.REGIONS).
PROVINCES = ("31", "32", "33", "34", "35", "36", "42", "43", "44", "45", "46", "50", "51", "52")

FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.b36(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ((n / (36 ^ e)::bigint) % 36)::int + 1, 1), ''
                    ORDER BY e DESC) FROM generate_series(0, 3) AS e $$;
CREATE OR REPLACE FUNCTION pg_temp.b36_value(s text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT sum((strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(s, i, 1)) - 1)::bigint * (36 ^ (4 - i))::bigint)
  FROM generate_series(1, 4) AS i $$;
CREATE OR REPLACE FUNCTION pg_temp.id_card_check(first17 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT substr('10X98765432', (sum(substr(first17, i, 1)::int * ((2 ^ (18 - i))::int % 11)) % 11)::int + 1, 1)
  FROM generate_series(1, 17) AS i $$;
"""


def source_hash(base):
    return hashlib.sha256((base + Path(__file__).read_text()).encode()).hexdigest()[:12]


def _tables(conn):
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    ).fetchall()
    return sorted(t for (t,) in rows if t.startswith(APPS) and t not in SHARED)


def _columns(conn, table):
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s"
        " ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [c for (c,) in rows]


def _key(conn, table):
    """The primary key's column (``id``, or the one-to-one column of a table that extends another)."""
    rows = conn.execute(
        """SELECT a.attname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
           WHERE c.contype = 'p' AND t.relname = %s""",
        [table],
    ).fetchone()
    return rows[0]


def _foreign_keys(conn, table):
    """{column: referenced table} of ``table``'s single-column foreign keys."""
    rows = conn.execute(
        """SELECT a.attname, r.relname FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
           WHERE c.contype = 'f' AND t.relname = %s""",
        [table],
    ).fetchall()
    return dict(rows)


def _expression(table, column, key, fks, copied):
    """The SQL giving ``column`` of copy ``k`` (offset ``k * :off``, subsidiary number ``k + 1``)."""
    off = "(g.k * %(off)s)"
    sub = "lpad((g.k + 1)::text, 2, '0')"
    if column == key or (column in fks and fks[column] in copied):
        return f"{column} + {off}"
    if table == "campaigns_targetcontribution" and column == "source_id":
        return f"source_id + {off}"
    if table == "core_auditevent":
        if column == "object_id":
            return f"CASE WHEN object_id ~ '^[0-9]+$' THEN (object_id::bigint + {off})::text ELSE object_id END"
        if column in ("hash", "prev_hash"):
            return f"encode(sha256(convert_to({column} || g.k::text, 'UTF8')), 'hex')"
    if table in ORG_TREES:
        if column == "path":
            return f"'{ROOT_STEP}' || pg_temp.b36(g.k + 1) || substr(path, 5)"
        if column == "depth":
            return "depth + 1"
    if table == "campaigns_target" and column == "path":
        return "pg_temp.b36(pg_temp.b36_value(substr(path, 1, 4)) + g.k * %(roots)s) || substr(path, 5)"
    if table == "org_person":
        if column == "employee_no":
            return f"'S' || {sub} || '-' || employee_no"
        if column == "id_card":
            first17 = "(p.province || substr(id_card, 3, 15))"
            return f"CASE WHEN id_card = '' THEN '' ELSE {first17} || pg_temp.id_card_check({first17}) END"
    if table == "projects_project" and column == "number":
        return f"CASE WHEN number = '' THEN '' ELSE 'S' || {sub} || '-' || number END"
    if table == "org_user" and column == "username":
        return f"'s' || {sub} || '.' || username"
    return column


def replicate(conn, subsidiaries, log=print):
    """Copy every company row ``subsidiaries - 1`` times and put the group's roots above them."""
    conn.execute(FUNCTIONS)
    tables = _tables(conn)
    offset = 1
    for table in tables:
        top = conn.execute(f"SELECT coalesce(max({_key(conn, table)}), 0) FROM {table}").fetchone()[0]
        offset = max(offset, top)
    offset = 10 ** len(str(offset))
    roots = conn.execute("SELECT coalesce(max(pg_temp.b36_value(substr(path, 1, 4))), 0) FROM campaigns_target")
    params = {"off": offset, "roots": roots.fetchone()[0], "copies": subsidiaries - 1}
    provinces = ", ".join(f"({k}, '{p}')" for k, p in enumerate(PROVINCES[: subsidiaries - 1], start=1))
    counts = {}
    for table in tables:
        started = time.perf_counter()
        columns = _columns(conn, table)
        key, fks = _key(conn, table), _foreign_keys(conn, table)
        select = ", ".join(_expression(table, c, key, fks, tables) for c in columns)
        joins = f" JOIN (VALUES {provinces}) AS p(k, province) ON p.k = g.k" if table == "org_person" else ""
        if subsidiaries > 1:
            conn.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table}"
                f" CROSS JOIN generate_series(1, %(copies)s) AS g(k){joins} WHERE {table}.{key} < %(off)s",
                params,
            )
        counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        log(f"  {table}: {counts[table]} rows ({time.perf_counter() - started:.1f} s)")
    for table in ORG_TREES:  # the first subsidiary (the original rows) moves under the group root too
        conn.execute(
            f"UPDATE {table} SET path = '{ROOT_STEP}' || pg_temp.b36(1) || substr(path, 5), depth = depth + 1"
            f" WHERE id < %(off)s",
            params,
        )
    _group_roots(conn, subsidiaries, offset)
    for table in tables:
        key = _key(conn, table)
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), (SELECT coalesce(max({key}), 1) FROM {table}))"
        )
    return {"offset": offset, "rows": counts}


def _group_roots(conn, subsidiaries, offset):
    """``集团公司`` and ``集团党委`` above the subsidiaries, and the group office's login on the committee."""
    group_ids = {}
    for table, name in (("org_unit", "集团公司"), ("org_partyorg", "集团党委")):
        columns = [c for c in _columns(conn, table) if c != "id"]
        values = {"path": f"'{ROOT_STEP}'", "depth": "1", "numchild": str(subsidiaries), "name": f"'{name}'"}
        if "code" in columns:
            values["code"] = "''"
        select = ", ".join(values.get(c, c) for c in columns)
        row = conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table}"
            f" WHERE depth = 2 AND path = '{ROOT_STEP}' || pg_temp.b36(1) RETURNING id",
        ).fetchone()
        group_ids[table] = row[0]
    # The company root was given an id below the offset; the group roots take ids above every copy's.
    conn.execute(
        "INSERT INTO org_partyorg_units (partyorg_id, unit_id) VALUES (%s, %s)",
        [group_ids["org_partyorg"], group_ids["org_unit"]],
    )
    return group_ids


def group_persona(database_url):
    """The group office: a committee admin on ``集团党委``, with the demo's password (through the services)."""
    import subprocess
    import sys

    code = (
        "from vanguard.org import services; from vanguard.org.choices import Role;"
        "from vanguard.org.models import PartyOrg, Person, User; from vanguard.core.access import system_actor;"
        "from vanguard.org.demo import DEMO_PASSWORD;"
        f"root = PartyOrg.objects.get(depth=1); u = User.objects.filter(username='{GROUP_PERSONA}').first()\n"
        "if u is None:\n"
        f"    u = services.user_create(actor=system_actor(), username='{GROUP_PERSONA}', password=DEMO_PASSWORD)\n"
        "    services.role_assign(actor=system_actor(), user=u, role=Role.COMMITTEE_ADMIN, party_org=root)\n"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "vanguard.settings.local"}
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "manage.py"), "shell", "-c", code], env=env, check=True)


def database_url(base_url, name):
    return urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


def build(base_url, large_name, group_name, subsidiaries, log=print):
    """``group_name`` as a copy of ``large_name`` replicated to ``subsidiaries``; returns build facts."""
    import psycopg

    started = time.perf_counter()
    building = f"{group_name}_building"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{building}"')
        conn.execute(f'CREATE DATABASE "{building}" TEMPLATE "{large_name}"')
    copied = time.perf_counter()
    with psycopg.connect(database_url(base_url, building)) as conn:
        conn.execute("SET session_replication_role = replica")  # no triggers: the rows are consistent
        facts = replicate(conn, subsidiaries, log=log)
        conn.commit()
    replicated = time.perf_counter()
    group_persona(database_url(base_url, building))
    with psycopg.connect(database_url(base_url, building), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{group_name}"')
    return {
        "subsidiaries": subsidiaries,
        "template_copy_s": round(copied - started, 1),
        "replicate_s": round(replicated - copied, 1),
        "build_s": round(time.perf_counter() - started, 1),
        "database_bytes": size,
        "database_size": f"{size / 2**30:.1f} GiB",
        "id_offset": facts["offset"],
        "rows": facts["rows"],
        "total_rows": sum(facts["rows"].values()),
    }
