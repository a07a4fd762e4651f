"""Scope enforcement: every scoped queryset answers ``.restrict(user, action)``.

What a user may see or do is declared per model in ``<app>/access.py`` (``core.access``);
the scope object itself (which party orgs and units a user's roles cover) is built by
the org app and registered here, so that core stays independent of it.
"""

from django.db import models

_scope_builder = None


def register_scope_builder(builder):
    """Called once by the org app: ``builder(user) -> scope``."""
    global _scope_builder
    _scope_builder = builder


def get_scope(user):
    """The user's scope, built once per user object (one request)."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_vanguard_scope", None)
    if cached is None:
        cached = _scope_builder(user)
        user._vanguard_scope = cached
    return cached


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may see or do."""

    def restrict(self, user, action="view"):
        from .access import NOTHING, scoped_q

        q = scoped_q(user, self.model, action)
        if q is None:
            return self
        return self.none() if q is NOTHING else self.filter(q)
