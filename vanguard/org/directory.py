"""Directory (LDAP) accounts: find the entry of a login name, check its password, map it to a person.

Library: ``ldap3``, pure Python, with this small module instead of django-auth-ldap. django-auth-ldap
needs python-ldap, a C extension built against libldap2-dev and libsasl2-dev, so every machine that
installs the requirements (developers, CI, the production image) would need those Debian packages and a
compiler. And django-auth-ldap is an authentication backend of its own, which would sign users in beside
``org.auth`` rather than through it: the lockout, the throttle per address and the login audit would not
see its attempts. Here the directory only answers two questions (which entry, is this its password) and
``org.auth.UsernameOrEmployeeNoBackend`` asks them inside the one login path.

Off unless ``LDAP_SERVER_URI`` is set (settings: ``LDAP_*``). A directory that cannot be reached raises
``DirectoryUnavailable``; the login path then falls back to local accounts.
"""

import logging
import ssl
from dataclasses import dataclass

from django.conf import settings
from ldap3 import NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPBusyResult, LDAPException, LDAPOperationResult, LDAPUnavailableResult
from ldap3.utils.conv import escape_filter_chars

from .models import Person

logger = logging.getLogger(__name__)

# Shown only after the directory has accepted the password, so it tells nothing to a guesser.
DIRECTORY_UNMATCHED = "目录账号验证通过，但本系统中没有与其工号对应的在职人员，无法登录。请联系党委组织部核对工号。"
DIRECTORY_DOWN = "目录服务暂时无法连接，目录账号现在不能登录，请稍后再试；本地账号可照常登录，请核对用户名/工号和密码。"


class DirectoryUnavailable(Exception):
    """The directory could not be reached or did not answer in time."""


@dataclass(frozen=True)
class DirectoryAccount:
    """The directory entry of a login name, and the person its employee number names (None: no one)."""

    dn: str
    employee_no: str
    person: Person | None


def directory_enabled() -> bool:
    return bool(settings.LDAP_SERVER_URI)


def _server():
    tls = None
    if settings.LDAP_START_TLS or settings.LDAP_SERVER_URI.lower().startswith("ldaps://"):
        tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=settings.LDAP_CA_FILE or None)
    return Server(settings.LDAP_SERVER_URI, get_info=NONE, connect_timeout=settings.LDAP_TIMEOUT, tls=tls)


def _connection(user=None, password=None):
    connection = Connection(
        _server(), user=user, password=password, receive_timeout=settings.LDAP_TIMEOUT, raise_exceptions=True
    )
    connection.open()
    if settings.LDAP_START_TLS:
        connection.start_tls()
    return connection


def _first_value(attributes, name):
    value = attributes.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value else ""


def directory_find(login: str) -> DirectoryAccount | None:
    """The one entry the search finds for ``login`` (None: no entry, or more than one)."""
    login = (login or "").strip()
    if not login:
        return None
    attribute = settings.LDAP_EMPLOYEE_NUMBER_ATTR
    search = settings.LDAP_USER_FILTER % {"user": escape_filter_chars(login)}
    try:
        connection = _connection()
        try:
            if settings.LDAP_BIND_DN:
                connection.rebind(user=settings.LDAP_BIND_DN, password=settings.LDAP_BIND_PASSWORD)
            connection.search(
                settings.LDAP_SEARCH_BASE, search, search_scope=SUBTREE, attributes=[attribute], size_limit=2
            )
            entries = [e for e in connection.response if e.get("type") == "searchResEntry"]
        finally:
            connection.unbind()
    except LDAPException as error:
        logger.warning("directory search failed: %s", error.__class__.__name__)
        raise DirectoryUnavailable from error
    if len(entries) != 1:
        return None
    employee_no = _first_value(entries[0]["attributes"], attribute)
    person = Person.objects.select_related("user").filter(employee_no=employee_no).first() if employee_no else None
    return DirectoryAccount(dn=entries[0]["dn"], employee_no=employee_no, person=person)


def directory_password_ok(account: DirectoryAccount, password: str) -> bool:
    """True when the directory accepts ``password`` for the entry (a bind as its DN)."""
    # An empty password would be an unauthenticated bind, which directories accept for any DN.
    if not password:
        return False
    try:
        connection = _connection()
        try:
            return bool(connection.rebind(user=account.dn, password=password))
        finally:
            connection.unbind()
    except (LDAPUnavailableResult, LDAPBusyResult) as error:
        logger.warning("directory bind failed: %s", error.__class__.__name__)
        raise DirectoryUnavailable from error
    except LDAPOperationResult:  # invalid credentials, and whatever else the directory refuses
        return False
    except LDAPException as error:
        logger.warning("directory bind failed: %s", error.__class__.__name__)
        raise DirectoryUnavailable from error
