"""Login by username or employee number, with lockout after repeated failures."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.utils import timezone

from .models import User


def find_user(login):
    login = (login or "").strip()
    if not login:
        return None
    user = User.objects.filter(username=login).first()
    if user is None:
        user = User.objects.filter(person__employee_no=login).first()
    return user


def is_locked(user):
    return user.locked_until is not None and user.locked_until > timezone.now()


def record_failure(user):
    """Count a failure; failures older than the lock window are forgotten (a slip a month ago is not held
    against today's login)."""
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    if user.last_failed_login is None or now - user.last_failed_login > window:
        User.objects.filter(pk=user.pk).update(failed_logins=1, last_failed_login=now)
    else:
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1, last_failed_login=now)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        User.objects.filter(pk=user.pk).update(locked_until=now + window, failed_logins=0)


def record_success(user):
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)


class UsernameOrEmployeeNoBackend(ModelBackend):
    """Accepts a username or a 工号; refuses a locked account even with the right password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user(username)
        if user is None or is_locked(user):
            # Run the hasher anyway, so the response time tells neither an unknown nor a locked account.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            record_success(user)
            return user
        record_failure(user)
        return None
