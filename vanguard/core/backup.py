"""Backup and restore of one instance: the database and the uploaded files, in one tar archive.

An archive holds ``manifest.json`` first (when, which engine, rows per table, the applied
migrations, the uploaded files), then the database (``database.sqlite3``, a copy taken with
SQLite's online backup API; or ``database.dump``, ``pg_dump``'s custom format), then the
uploaded files under ``media/``. The counts are taken from the same snapshot as the copy,
so a restore can be checked against them.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"
MEDIA_PREFIX = "media/"
# Tables that ``migrate`` fills on a fresh database: rows here do not make a database "in use".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission", "django_site"}


@dataclass(frozen=True)
class Snapshot:
    """What a backup took: the database file and what it holds."""

    path: Path
    counts: dict
    migrations: list


def _engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ValidationError(f"不支持的数据库类型:{vendor}。")
    return vendor


# ---------------------------------------------------------------- SQLite


def _sqlite_counts(conn):
    tables = [
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}


def _applied_migrations(rows):
    return sorted([app, name] for app, name in rows)


def _sqlite_snapshot(alias, workdir):
    """Copy the live database with the online backup API, on a connection of its own.

    In WAL mode the copy reads one consistent state while writers keep writing. An in-memory
    database (the test suite's) has no file to open twice: its connection serialises it.
    """
    connection = connections[alias]
    path = Path(workdir) / SQLITE_MEMBER
    if connection.is_in_memory_db():
        connection.ensure_connection()
        source = sqlite3.connect(":memory:")
        source.deserialize(connection.connection.serialize())
    else:
        source = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        counts = _sqlite_counts(target)
        migrations = (
            _applied_migrations(target.execute("SELECT app, name FROM django_migrations"))
            if "django_migrations" in counts
            else []
        )
    finally:
        source.close()
        target.close()
    return Snapshot(path=path, counts=counts, migrations=migrations)


def _sqlite_restore(alias, database_file):
    """Write the archive's pages over the configured database file, through SQLite, so WAL files stay consistent."""
    connection = connections[alias]
    connection.close()
    source = sqlite3.connect(database_file)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


# ---------------------------------------------------------------- PostgreSQL


def pg_binary(name):
    """``pg_dump``/``pg_restore``: from ``PG_BIN_DIR``, else the PATH, else Debian's newest versioned directory."""
    configured = getattr(settings, "PG_BIN_DIR", "")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise ValidationError(f"找不到 {name}:请安装 PostgreSQL 客户端,或设置 PG_BIN_DIR。")
    return str(candidates[-1])


def _pg_env(alias):
    """The connection as libpq variables, so the password never appears on a command line."""
    params = connections[alias].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    env["PGDATABASE"] = params["NAME"]
    if params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = params["OPTIONS"]["sslmode"]
    return env


def _pg_connect(alias):
    """A connection of its own (not Django's), so a snapshot is not caught in a caller's transaction."""
    import psycopg

    params = connections[alias].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("server_side_binding", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params)


def _pg_counts(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_snapshot(alias, workdir):
    """Count the rows and dump the database in one exported snapshot: the counts describe exactly the dump."""
    path = Path(workdir) / POSTGRES_MEMBER
    with _pg_connect(alias) as conn, conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        counts = _pg_counts(cursor)
        migrations = []
        if "django_migrations" in counts:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = _applied_migrations(cursor.fetchall())
        done = subprocess.run(
            [pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
             f"--file={path}"],
            env=_pg_env(alias), capture_output=True, text=True,
        )  # fmt: skip
        conn.rollback()
    if done.returncode != 0:
        raise ValidationError(f"pg_dump 失败:{done.stderr.strip()[-1000:]}")
    return Snapshot(path=path, counts=counts, migrations=migrations)


def _pg_restore(alias, dump_file, *, clean):
    connections[alias].close()
    command = [pg_binary("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if clean:
        command += ["--clean", "--if-exists"]
    params = connections[alias].settings_dict
    done = subprocess.run(
        [*command, f"--dbname={params['NAME']}", str(dump_file)], env=_pg_env(alias), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise ValidationError(f"pg_restore 失败:{done.stderr.strip()[-1000:]}")


# ---------------------------------------------------------------- the live database


def database_counts(alias="default"):
    """Rows per table of the configured database, as the manifest records them."""
    if _engine(alias) == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with _pg_connect(alias) as conn, conn.cursor() as cursor:
        return _pg_counts(cursor)


def database_in_use(alias="default"):
    """True when any table other than what ``migrate`` fills on a fresh database has rows."""
    return any(count for table, count in database_counts(alias).items() if table not in BOOKKEEPING_TABLES)


# ---------------------------------------------------------------- archives


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def archive_path(target, now=None):
    """A directory gets a dated file name; anything else is the file to write."""
    is_dir = target.is_dir() if isinstance(target, Path) else str(target).endswith(os.sep) or Path(target).is_dir()
    target = Path(target)
    if is_dir:
        target.mkdir(parents=True, exist_ok=True)
        now = timezone.localtime(now or timezone.now())
        return target / f"vanguard-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    return target


def backup(target, *, alias="default"):
    """Write an archive of the database and the uploaded files; returns (path, manifest)."""
    engine = _engine(alias)
    path = archive_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="vanguard-backup-") as workdir:
        taken_at = timezone.now()
        snapshot = (_sqlite_snapshot if engine == "sqlite" else _pg_snapshot)(alias, workdir)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": taken_at.isoformat(),
            "engine": engine,
            "django": django.get_version(),
            "database": snapshot.path.name,
            "tables": snapshot.counts,
            "migrations": snapshot.migrations,
            "media": {"files": len(files), "bytes": sum(f.stat().st_size for f in files)},
        }
        mode = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, mode) as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
            archive.add(snapshot.path, arcname=snapshot.path.name)
            for file in files:
                archive.add(file, arcname=MEDIA_PREFIX + file.relative_to(media_root).as_posix(), recursive=False)
        partial.replace(path)  # a half-written archive never carries the final name
    return path, manifest


def read_manifest(path):
    with tarfile.open(path) as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise ValidationError("备份文件中没有 manifest.json,不是本系统的备份。")
        return json.load(member)


def _unknown_migrations(manifest):
    """Migrations the archive has applied that this code does not know: the backup is newer than the code."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]


def pending_migrations(manifest):
    """Migrations this code has that the archive had not applied: ``migrate`` brings the restored copy up to date."""
    from django.db.migrations.loader import MigrationLoader

    applied = {tuple(pair) for pair in manifest["migrations"]}
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        if (app, name) not in applied
    )


def check_restorable(manifest, *, alias="default", force=False):
    """The reasons a restore may not go ahead, in Chinese; empty when it may."""
    problems = []
    engine = _engine(alias)
    if manifest.get("format") != FORMAT_VERSION:
        problems.append(f"备份格式版本 {manifest.get('format')} 不受支持。")
    if manifest.get("engine") != engine:
        problems.append(f"备份来自 {manifest.get('engine')} 数据库,当前配置的是 {engine},不能直接恢复。")
        return problems
    if force:
        return problems
    if database_in_use(alias):
        problems.append("目标数据库不是空的:恢复会覆盖其中的数据。确认要覆盖时,请加 --force 重新执行。")
    unknown = _unknown_migrations(manifest)
    if unknown:
        problems.append(
            f"备份中有当前代码没有的数据库迁移({', '.join(unknown[:5])}…),请先升级代码;确认要恢复时加 --force。"
        )
    return problems


def _extract_media(archive, media_root):
    media_root = Path(media_root)
    restored = 0
    for member in archive:
        if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
            continue
        relative = Path(member.name[len(MEDIA_PREFIX) :])
        if relative.is_absolute() or ".." in relative.parts:
            raise ValidationError(f"备份中的文件路径不安全:{member.name}")
        destination = media_root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(destination, "wb") as out:
            shutil.copyfileobj(source, out)
        os.utime(destination, (member.mtime, member.mtime))
        restored += 1
    return restored


def restore(path, *, alias="default", force=False):
    """Restore an archive into the configured database and MEDIA_ROOT; returns the manifest."""
    manifest = read_manifest(path)
    problems = check_restorable(manifest, alias=alias, force=force)
    if problems:
        raise ValidationError(problems)
    with tempfile.TemporaryDirectory(prefix="vanguard-restore-") as workdir, tarfile.open(path) as archive:
        name = manifest["database"]
        member = archive.getmember(name)
        database_file = Path(workdir) / name
        with archive.extractfile(member) as source, open(database_file, "wb") as out:
            shutil.copyfileobj(source, out)
        if manifest["engine"] == "sqlite":
            _sqlite_restore(alias, database_file)
        else:
            _pg_restore(alias, database_file, clean=force)
        _extract_media(archive, settings.MEDIA_ROOT)
    # Cached pages, counts and sessions describe the database as it was before.
    cache.clear()
    return manifest
