"""What is due from the user: each app registers providers; the home page lists what they return.

``register_due("campaigns.reviews", provider, visible=REPORTS_REVIEWERS, order=10)`` in an app's
``home.py`` (autodiscovered, like ``access.py``). ``provider(viewer)`` returns zero or more
``DueItem``: a label, a count, the URL of the list that shows exactly the rows counted, a severity
and an optional short detail. Items counting nothing are dropped, so a provider may return counts
of zero. ``visible(scope) -> bool`` skips a provider without a query for those it is not for (the system
administrator included: a rule's ``reaches`` or an ability's ``held_by`` already answers for him).

Each provider reads with a fixed number of queries (one as a rule: a count, one grouped query, or
``counts`` for several figures of one list; never a query per row), so the home page costs the same
whatever the number of rows.
"""

import operator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, reduce

from django.db.models import Count
from django.utils import timezone

from .scope import get_scope

DANGER, WARNING, INFO = "danger", "warning", "info"  # overdue; due soon; to know
SEVERITY_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class DueItem:
    label: str
    count: object  # a number of rows, or a figure (hours short, with ``unit``)
    url: str
    severity: str = WARNING
    detail: str = ""
    icon: str = "alert-circle"
    unit: str = ""  # of a figure: "学时"; rows need none
    key: str = ""  # set to the provider's key when empty; names the item in pages and tests


@dataclass
class Viewer:
    """Who the home page is for: the user, their scope, today, and their person (or None).

    ``person`` is loaded once by the page (with ``membership``), so a provider for party members
    checks ``viewer.is_party_member`` without a query of its own.
    """

    user: object
    person: object = None
    today: date = field(default_factory=timezone.localdate)
    read: dict = field(default_factory=dict, repr=False)  # what ``once`` has read for this page

    def once(self, key, read):
        """``read()`` the first time ``key`` is asked for on this page, the same result after: what two
        providers both need (the study rules) costs one query."""
        if key not in self.read:
            self.read[key] = read()
        return self.read[key]

    @cached_property
    def scope(self):
        return get_scope(self.user)

    @property
    def is_party_member(self):
        """A member or probationary member with a membership: whom member rules (学时) are for."""
        person = self.person
        return bool(person is not None and person.is_member and getattr(person, "membership", None) is not None)


@dataclass(frozen=True)
class Provider:
    key: str
    fn: object
    order: int = 50
    visible: object = None  # ``visible(scope) -> bool``; None: everyone signed in


_providers: dict[str, Provider] = {}


def counts(queryset, **parts):
    """``{name: rows of queryset matching parts[name]}`` (``Q`` objects) in one query.

    Several figures of one list (overdue and at-risk targets) cost one pass over the rows any of them
    matches instead of one pass each. Worth it when the list is read whole anyway; figures that each
    read a narrow index range are cheaper as separate counts (measure before merging them)."""
    rows = queryset.filter(reduce(operator.or_, parts.values())).order_by()
    return rows.aggregate(**{name: Count("pk", filter=q) for name, q in parts.items()})


def register_due(key, fn, *, order=50, visible=None):
    """Register (or replace) the provider ``key``; ``fn(viewer)`` returns an iterable of ``DueItem``."""
    _providers[key] = Provider(key=key, fn=fn, order=order, visible=visible)


def providers():
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def due_items(viewer):
    """Every item due from ``viewer`` that counts something, most urgent first."""
    scope = viewer.scope
    if scope is None:
        return []
    items = []
    for provider in providers():
        if provider.visible is not None and not provider.visible(scope):
            continue
        for n, item in enumerate(provider.fn(viewer) or ()):
            if item.count:
                item = item if item.key else replace(item, key=provider.key)
                items.append((SEVERITY_ORDER.get(item.severity, 9), provider.order, n, item))
    return [item for *_, item in sorted(items, key=lambda row: row[:3])]
