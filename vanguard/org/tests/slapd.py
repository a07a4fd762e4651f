"""A real OpenLDAP server for the directory-login tests: ``slapd`` on a free loopback port.

``Slapd`` writes a slapd.conf (mdb backend; core, cosine and inetOrgPerson schemas) into a temporary
directory, starts slapd in the foreground on ``127.0.0.1``, loads entries with ``ldapadd`` and stops
the server on ``stop()`` (``VANGUARD_SLAPD`` names another slapd). Without slapd installed the tests skip,
except when ``VANGUARD_REQUIRE_LDAP=1`` (CI), where they fail instead.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SUFFIX = "dc=vanguard,dc=test"
PEOPLE = f"ou=people,{SUFFIX}"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "slapd-root-secret"
SCHEMAS = ("core", "cosine", "inetorgperson")
SLAPD = os.environ.get("VANGUARD_SLAPD") or shutil.which("slapd") or "/usr/sbin/slapd"
LDAPADD = shutil.which("ldapadd") or "/usr/bin/ldapadd"
MODULES = "/usr/lib/ldap"


def require_slapd():
    missing = [p for p in (SLAPD, LDAPADD) if not Path(p).exists()]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (Debian packages slapd, ldap-utils)"
    if os.environ.get("VANGUARD_REQUIRE_LDAP") == "1":
        pytest.fail(f"目录登录测试无法运行:{reason}", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slapd:
    """One slapd process with its own configuration and database, gone after ``stop()``."""

    def __init__(self):
        self.home = Path(tempfile.mkdtemp(prefix="vanguard-slapd-"))
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process = None

    def _config(self):
        (self.home / "data").mkdir()
        includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
        conf = f"""{includes}
modulepath {MODULES}
moduleload back_mdb
pidfile {self.home}/slapd.pid
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {self.home}/data
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
"""
        path = self.home / "slapd.conf"
        path.write_text(conf)
        return path

    def start(self):
        conf = self._config()
        self.process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", self.uri, "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                time.sleep(0.05)
                continue
            self.add(f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Vanguard\ndc: vanguard\n")
            self.add(f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n")
            return self
        self.stop()
        raise RuntimeError("slapd did not start within 15 s")

    def add(self, ldif):
        subprocess.run(
            [LDAPADD, "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PASSWORD],
            input=ldif.encode(),
            check=True,
            capture_output=True,
        )

    def add_person(self, uid, password, employee_no):
        self.add(
            f"dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\n"
            f"employeeNumber: {employee_no}\nuserPassword: {password}\n"
        )

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)
