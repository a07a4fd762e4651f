"""Login by username or employee number, with lockout after repeated failures.

Failures are counted where they come from. Guesses at one account from one client address lock that
account for that address (``LOGIN_MAX_FAILURES``); an address that keeps failing is refused for every
account (``LOGIN_ADDRESS_MAX_FAILURES``); and only past a higher count from anywhere does the account
itself lock (``LOGIN_ACCOUNT_MAX_FAILURES``), which also ends its API tokens. So anonymous requests
cannot keep the owner out from his own desk, and parallel guesses cannot try more passwords than the
count allows: each attempt holds its counters' rows (``select_for_update``) while its password is checked.

With a directory configured (``org.directory``), a login name the directory knows is that entry's person's
account, and its password is right when the directory accepts it (or it is the account's local password);
every other name is looked up locally as before. Both go through the same counters and the same audit.
A refusal with something to tell the user (the directory is down, or names no one here) is left on the
request as ``login_refusal``, which the login form and the token endpoint show instead of the generic message.
"""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.api.tokens import token_revoke_all
from vanguard.core.audit import audit

from . import events
from .directory import (
    DIRECTORY_DOWN,
    DIRECTORY_UNMATCHED,
    DirectoryUnavailable,
    directory_enabled,
    directory_find,
    directory_password_ok,
)
from .models import LoginGuard, User

logger = logging.getLogger(__name__)


def find_user(login):
    login = (login or "").strip()
    if not login:
        return None
    user = User.objects.filter(username=login).first()
    if user is None:
        user = User.objects.filter(person__employee_no=login).first()
    return user


def client_address(request):
    """The client's address: the proxy's header when one is configured, else the socket's peer."""
    meta = getattr(request, "META", {}) or {}
    header = settings.CLIENT_ADDRESS_HEADER
    raw = (meta.get(header) if header else None) or meta.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(raw.split(",")[0].strip()))
    except ValueError:
        return "unknown"


def is_locked(user):
    return user.locked_until is not None and user.locked_until > timezone.now()


def _window():
    return timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def _guard(key):
    LoginGuard.objects.get_or_create(key=key)
    return LoginGuard.objects.select_for_update().get(key=key)


def _guard_locked(guard, now):
    return guard.locked_until is not None and guard.locked_until > now


def _count(guard, now, limit):
    """One more failure on ``guard`` (old ones forgotten); True when this one reaches ``limit`` and locks it."""
    recent = guard.last_failed is not None and now - guard.last_failed <= _window()
    guard.failures = guard.failures + 1 if recent else 1
    guard.last_failed = now
    locked = guard.failures >= limit
    if locked:
        guard.locked_until, guard.failures = now + _window(), 0
    guard.save(update_fields=["failures", "last_failed", "locked_until"])
    return locked


def _lock_account(user, now):
    """Past the account-wide count: the account locks everywhere and its API tokens end."""
    User.objects.filter(pk=user.pk).update(locked_until=now + _window(), failed_logins=0, last_failed_login=now)
    token_revoke_all(actor=system_actor(), user=user, reason="账号锁定")


def _record_failure(user, pair, address, now):
    # Rows are locked in one order on every path (guards, then the account, then the audit chain's
    # head). The account is locked "no key": audit rows and tokens that point at it check their
    # foreign key at commit (FOR KEY SHARE), and must not wait for a failure that waits for them.
    account = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    audit(actor=system_actor(), action=events.LOGIN_FAILED, obj=user, after={"address": address})
    if _count(pair, now, settings.LOGIN_MAX_FAILURES):
        audit(actor=system_actor(), action=events.LOGIN_LOCKOUT, obj=user, after={"address": address})
    recent = account.last_failed_login is not None and now - account.last_failed_login <= _window()
    failures = account.failed_logins + 1 if recent else 1
    if failures >= settings.LOGIN_ACCOUNT_MAX_FAILURES:
        _lock_account(user, now)
        audit(actor=system_actor(), action=events.LOGIN_LOCKOUT, obj=user, after={"address": "*"})
    else:
        User.objects.filter(pk=user.pk).update(failed_logins=failures, last_failed_login=now)


def _record_success(user, pair, address):
    if pair.failures or pair.locked_until:
        pair.failures, pair.locked_until = 0, None
        pair.save(update_fields=["failures", "locked_until"])
    account = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if account.failed_logins or account.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit(actor=user, action=events.LOGIN, obj=user, after={"address": address})


def _hash_anyway(password):
    # Run the hasher on every refusal, so the response time tells neither an unknown nor a locked account.
    User().set_password(password)


def _note(request, message):
    if request is not None:
        request.login_refusal = message


def _directory_account(request, login):
    """The directory's entry for ``login``; None when there is no directory, it is down, or has no such entry."""
    if not directory_enabled():
        return None
    try:
        return directory_find(login)
    except DirectoryUnavailable:
        _note(request, DIRECTORY_DOWN)
        return None


def _directory_password_ok(request, account, password):
    try:
        return directory_password_ok(account, password)
    except DirectoryUnavailable:
        _note(request, DIRECTORY_DOWN)
        return False


def _user_of(account):
    return account.person.user if account.person is not None else None


class UsernameOrEmployeeNoBackend(ModelBackend):
    """Accepts a username, a 工号 or a directory account; refuses a locked account (for this address) even
    with the right password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        address, now = client_address(request), timezone.now()
        # The directory search checks no password, so it runs before the counters' rows are held.
        account = _directory_account(request, username)
        with transaction.atomic():
            by_address = _guard(f"*@{address}")
            user = find_user(username) if account is None else _user_of(account)
            if _guard_locked(by_address, now) or (user is None and account is None):
                _hash_anyway(password)
                _count(by_address, now, settings.LOGIN_ADDRESS_MAX_FAILURES)
                return None
            if user is None:
                return _first_directory_login(request, account, password, by_address, address, now)
            pair = _guard(f"{user.pk}@{address}")
            if _guard_locked(pair, now) or is_locked(user):
                _hash_anyway(password)
                return None
            if _password_ok(request, user, account, password) and self.user_can_authenticate(user):
                _record_success(user, pair, address)
                return user
            _count(by_address, now, settings.LOGIN_ADDRESS_MAX_FAILURES)
            _record_failure(user, pair, address, now)
        return None


def _password_ok(request, user, account, password):
    if account is not None and _directory_password_ok(request, account, password):
        return True
    return user.check_password(password)


def _first_directory_login(request, account, password, by_address, address, now):
    """A directory account whose person has no login here yet, or that names no person at all."""
    if not _directory_password_ok(request, account, password):
        _count(by_address, now, settings.LOGIN_ADDRESS_MAX_FAILURES)
        return None
    person = account.person
    if person is None or not person.is_active:
        _note(request, DIRECTORY_UNMATCHED)
        audit(
            actor=system_actor(),
            action=events.LOGIN_UNMATCHED,
            obj=("ldap.entry", account.employee_no or "-", account.dn[:200]),
            after={"address": address, "employee_no": account.employee_no},
        )
        return None
    # The person has no login yet: open one for them rather than refuse. Safer than the alternative
    # (the office opening accounts with local passwords to hand out): the account gets no usable local
    # password, so it can only be used through the directory and is shut with the directory entry; it
    # gets no roles, so it sees what the office has granted that person and nothing more; and only a
    # person on the roster and in post gets one. An existing account of the person is always reused, so
    # roles granted to it, its history and a deactivation by the office all stay in force.
    from .services import person_account_open_by_directory

    user = person_account_open_by_directory(actor=system_actor(), person=person)
    _record_success(user, _guard(f"{user.pk}@{address}"), address)
    return user
