"""Login by username or employee number, with lockout after repeated failures.

Failures are counted where they come from. Guesses at one account from one client address lock that
account for that address (``LOGIN_MAX_FAILURES``); an address that keeps failing is refused for every
account (``LOGIN_ADDRESS_MAX_FAILURES``); and only past a higher count from anywhere does the account
itself lock (``LOGIN_ACCOUNT_MAX_FAILURES``), which also ends its API tokens. So anonymous requests
cannot keep the owner out from his own desk, and parallel guesses cannot try more passwords than the
count allows: each attempt holds its counters' rows (``select_for_update``) while its password is checked.
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.api.tokens import token_revoke_all
from vanguard.core.audit import audit

from . import events
from .models import LoginGuard, User


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


class UsernameOrEmployeeNoBackend(ModelBackend):
    """Accepts a username or a 工号; refuses a locked account (for this address) even with the right password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        address, now = client_address(request), timezone.now()
        with transaction.atomic():
            by_address = _guard(f"*@{address}")
            user = find_user(username)
            if _guard_locked(by_address, now) or user is None:
                _hash_anyway(password)
                _count(by_address, now, settings.LOGIN_ADDRESS_MAX_FAILURES)
                return None
            pair = _guard(f"{user.pk}@{address}")
            if _guard_locked(pair, now) or is_locked(user):
                _hash_anyway(password)
                return None
            if user.check_password(password) and self.user_can_authenticate(user):
                _record_success(user, pair, address)
                return user
            _count(by_address, now, settings.LOGIN_ADDRESS_MAX_FAILURES)
            _record_failure(user, pair, address, now)
        return None
