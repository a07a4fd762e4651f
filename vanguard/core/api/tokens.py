"""API tokens: issued at login, valid for ``API_TOKEN_DAYS``, ended by a password change or a lockout.

Every issue and every revocation is an audit event on the account.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .. import audit_events
from ..audit import audit


def token_expired(token):
    return token.created < timezone.now() - timedelta(days=settings.API_TOKEN_DAYS)


def token_revoke_all(*, actor, user, reason: str) -> int:
    """End the user's tokens, inside the caller's transaction; returns how many there were."""
    tokens = list(Token.objects.filter(user=user))
    for token in tokens:
        audit(actor=actor, action=audit_events.TOKEN_REVOKE, obj=user, before={"reason": reason})
        token.delete()
    return len(tokens)


@transaction.atomic
def token_issue(*, user) -> Token:
    """The user's API token: the current one while it is fresh, else a new one."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_expired(token):
        return token
    if token is not None:
        token_revoke_all(actor=user, user=user, reason="已过期")
    token = Token.objects.create(user=user)
    audit(actor=user, action=audit_events.TOKEN_CREATE, obj=user, after={"expires_in_days": settings.API_TOKEN_DAYS})
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, valid for ``API_TOKEN_DAYS`` after it was issued and never for a locked account."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed("令牌已过期，请重新获取。")
        locked_until = getattr(user, "locked_until", None)
        if locked_until is not None and locked_until > timezone.now():
            raise exceptions.AuthenticationFailed("账号已被锁定，请稍后再试。")
        return user, token
