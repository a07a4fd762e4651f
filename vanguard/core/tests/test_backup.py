"""Backup and restore: the demo's database and uploads go into one archive and come back whole in an empty instance.

The restore runs as an administrator runs it: ``manage.py restore`` in another process, against a
database of its own (a second SQLite file, or a second PostgreSQL database), then ``verify_audit``.
"""

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from vanguard.core.backup import MANIFEST, _sqlite_counts, backup, database_counts, read_manifest
from vanguard.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]
UPLOADS = {
    "attachments/2026/06/支部会议纪要.pdf": os.urandom(70_000),
    "documents/templates/模板.docx": b"PK\x03\x04" + os.urandom(3_000),
    "empty.txt": b"",
}


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _instance_env(var_dir, database_url):
    """Another instance of the application: its own database and its own uploads directory."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "vanguard.settings.local",
        "DATABASE_URL": database_url,
        "VANGUARD_VAR_DIR": str(var_dir),
    }


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, data in UPLOADS.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return settings.MEDIA_ROOT


def _assert_uploads_identical(media_root):
    restored = {p.relative_to(media_root).as_posix() for p in Path(media_root).rglob("*") if p.is_file()}
    assert restored == set(UPLOADS)
    for name, data in UPLOADS.items():
        assert (Path(media_root) / name).read_bytes() == data


def _assert_restored_and_chain_verifies(env, manifest, counts_of_restored):
    done = _manage("verify_audit", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"审计链完整:共 {manifest['tables']['core_auditevent']} 条事件" in done.stdout
    assert counts_of_restored == manifest["tables"]


def test_backup_writes_the_manifest_first_with_counts_and_migrations(company, uploads, tmp_path):
    (tmp_path / "backups").mkdir()
    path, manifest = backup(tmp_path / "backups")
    assert path.parent == tmp_path / "backups" and path.name.startswith("vanguard-backup-")
    with tarfile.open(path) as archive:
        names = archive.getnames()
    assert names[:2] == [MANIFEST, manifest["database"]]
    assert {n.removeprefix("media/") for n in names[2:]} == set(UPLOADS)
    assert read_manifest(path) == manifest
    assert manifest["engine"] == connection.vendor and manifest["tables"] == database_counts()
    assert manifest["tables"]["core_auditevent"] == AuditEvent.objects.count() > 0
    assert ["core", "0001_initial"] in manifest["migrations"]
    assert manifest["media"] == {"files": 3, "bytes": sum(len(d) for d in UPLOADS.values())}


def test_sqlite_backup_restores_into_an_empty_instance(company, uploads, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: the PostgreSQL round trip is the test below")
    path, manifest = backup(tmp_path / "demo.tar.gz")
    instance = tmp_path / "instance"
    database = instance / "restored.sqlite3"
    env = _instance_env(instance, f"sqlite:///{database}")

    done = _manage("restore", str(path), env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "已恢复" in done.stdout
    with sqlite3.connect(database) as restored:
        counts = _sqlite_counts(restored)
    _assert_restored_and_chain_verifies(env, manifest, counts)
    _assert_uploads_identical(instance / "media")

    again = _manage("backup", f"{tmp_path / 'again'}/", env=env)  # the file database, as a server backs it up
    assert again.returncode == 0, again.stderr[-2000:]
    [second] = (tmp_path / "again").glob("vanguard-backup-*.tar.gz")
    assert read_manifest(second)["tables"] == manifest["tables"]

    refused = _manage("restore", str(path), env=env)
    assert refused.returncode != 0
    assert "目标数据库不是空的" in refused.stderr and "--force" in refused.stderr
    forced = _manage("restore", "--force", str(path), env=env)
    assert forced.returncode == 0, forced.stderr[-2000:]


def test_restore_refuses_a_database_in_use(company, uploads, tmp_path):
    path, _ = backup(tmp_path / "demo.tar")
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="目标数据库不是空的.*--force"):
        call_command("restore", str(path))
    assert AuditEvent.objects.count() == events


def test_restore_refuses_an_archive_from_the_other_engine(company, uploads, tmp_path):
    path, _ = backup(tmp_path / "demo.tar")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with tarfile.open(path) as archive, tarfile.open(tmp_path / "other.tar", "w") as out:
        for member in archive:
            data = archive.extractfile(member).read()
            if member.name == MANIFEST:
                data = data.replace(f'"engine": "{connection.vendor}"'.encode(), f'"engine": "{other}"'.encode())
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="不能直接恢复"):
        call_command("restore", "--force", str(tmp_path / "other.tar"))


@pytest.mark.postgresql
def test_postgresql_backup_restores_into_a_second_database(company, uploads, tmp_path):
    import psycopg

    from vanguard.core.backup import _pg_connect, _pg_counts

    path, manifest = backup(tmp_path / "demo.tar.gz")
    params = connection.settings_dict
    second = f"{params['NAME']}_restore"
    with _pg_connect("default") as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{second}"')
        admin.execute(f'CREATE DATABASE "{second}"')
    try:
        url = f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST']}:{params['PORT']}/{second}"
        instance = tmp_path / "instance"
        env = _instance_env(instance, url)
        done = _manage("restore", str(path), env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        with psycopg.connect(
            dbname=second, user=params["USER"], password=params["PASSWORD"], host=params["HOST"], port=params["PORT"]
        ) as restored:
            counts = _pg_counts(restored.cursor())
        _assert_restored_and_chain_verifies(env, manifest, counts)
        _assert_uploads_identical(instance / "media")
        refused = _manage("restore", str(path), env=env)
        assert refused.returncode != 0 and "目标数据库不是空的" in refused.stderr
        forced = _manage("restore", "--force", str(path), env=env)
        assert forced.returncode == 0, forced.stderr[-2000:]
        assert _manage("verify_audit", env=env).returncode == 0
    finally:
        with _pg_connect("default") as admin:
            admin.autocommit = True
            admin.execute(f'DROP DATABASE IF EXISTS "{second}" WITH (FORCE)')
