"""Production settings as an administrator runs them: the static files collect, and every page finds its files."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _static_paths_in_templates():
    pattern = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")
    return {
        path
        for template in (ROOT / "vanguard").rglob("templates/**/*.html")
        for path in pattern.findall(template.read_text())
    }


def test_collectstatic_in_production_settings_names_every_file_the_pages_load(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vanguard.settings.production",
        "DJANGO_SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "VANGUARD_VAR_DIR": str(tmp_path),
        "VANGUARD_STATIC_ROOT": str(tmp_path / "static"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    wanted = _static_paths_in_templates()
    assert "vendor/tabler/css/tabler.min.css" in wanted
    assert wanted <= set(manifest)
    for name in wanted:  # hashed copies exist, so a long cache lifetime is safe
        assert (tmp_path / "static" / manifest[name]).is_file()


def test_production_refuses_to_start_without_a_database_url(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "vanguard.settings.production", "DJANGO_SECRET_KEY": "test-secret"}
    env["VANGUARD_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "生产模式需要设置 DATABASE_URL" in done.stderr
    assert not list(tmp_path.glob("*.sqlite3"))
