"""Scope enforcement: every scoped queryset answers ``.restrict(user, action)``.

The model declares what a scope may see with a classmethod
``scope_filter(scope, action) -> Q``; the scope object itself (which party orgs and
units a user's roles cover) is built by the org app and registered here, so that
core stays independent of it.
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
        scope = get_scope(user)
        if scope is None:
            return self.none()
        if scope.is_global_admin:
            return self
        scope_filter = getattr(self.model, "scope_filter", None)
        if scope_filter is None:
            # A model without a declared scope is for administrators only.
            return self.none()
        return self.filter(scope_filter(scope, action))
