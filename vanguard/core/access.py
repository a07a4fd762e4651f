"""Who may do what: each app declares its policy once, in ``<app>/access.py``, and everything reads it.

A ``Policy`` names, for one model, the rules that let a user do each action. A rule
says how a row is reached from the user's grants: through its party org (``InOrg``),
its unit (``InUnit``), its owner person (``Own``), a parent's policy (``Via``), a role
held anywhere (``HoldsRole``), everyone in the unit or org a row is addressed to
(``Addressed``), or every signed-in user (``Anyone``). A user may do an
action with a row when any of the action's rules lets them.

Everything else reads the declaration: ``RestrictedQuerySet.restrict(user, action)``
(lists and lookups; out of scope is 404), ``ensure_allowed`` in services (refused
writes), ``may`` in views, ``{% may %}`` in templates, the API's ``actions`` field (``allowed_rows``), the
choice lists of forms (``choices``) and ``restricted_prefetch`` for nested rows.

An ``Ability`` is an action on no particular row (open the compliance matrix, import a
roster): the roles that may do it anywhere.

The system administrator reads and changes every row of a model unless its policy says
``admin=False``, or names the only actions the bypass covers (``admin={Action.VIEW}``: the
administrator reads every letter but acknowledges only their own); for the other actions the
administrator is judged by their own grants, like anyone. Work done by the system itself runs
as ``system_actor()``: it may do every action of a model not closed to the administrator
altogether, since it records what people did elsewhere (a demo's acknowledgements, an import).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Prefetch, Q

from .choices import Action
from .exceptions import ScopeError
from .scope import get_scope

NOTHING = Q(pk__in=[])
# Keeps every row, also inside an OR (where an empty ``Q()`` would simply vanish).
EVERYTHING = ~Q(pk__in=[])
SYSTEM_USERNAME = "system"


def _prefix(path):
    return f"{path}__" if path else ""


def _when(q, when):
    """``q`` narrowed by a rule's extra condition, kept recognisable when it reaches nothing or everything."""
    if when is None or q == NOTHING:
        return q
    return when if q == EVERYTHING else q & when


def _past(path, field_name):
    """The rest of ``path`` past the field ``field_name`` ("" at the field itself), or None off that field."""
    if path == field_name:
        return ""
    return path.removeprefix(f"{field_name}__") if path.startswith(f"{field_name}__") else None


class Rule:
    """One way a user reaches rows; ``q(scope, action)`` is the filter, ``roles`` who it serves."""

    roles: frozenset = frozenset()

    def q(self, scope, action):
        raise NotImplementedError

    def reaches(self, scope):
        """Whether the rule can let this user reach any row at all (menus and buttons)."""
        return bool(scope.roles & self.roles)

    def through(self, scope, field_name):
        """The filter on the model ``field_name`` points to: what the rule lets a user put in that
        field (a form's choices). ``None`` for a rule that does not reach rows through it."""
        return None


@dataclass(frozen=True)
class InOrg(Rule):
    """Rows whose party org (through ``path``; ``""`` for PartyOrg itself) lies under a grant of ``roles``."""

    path: str
    roles: frozenset
    when: Q | None = None  # an extra condition on the row
    # Only the org a grant is placed on, not those below it: the org's own secretary answers for it.
    exact: bool = False

    def _org_q(self, scope, prefix):
        if not self.exact or scope.is_global_admin:
            return scope.party_org_q(prefix, self.roles)
        paths = [g.party_org_path for g in scope.grants if g.role in self.roles and g.party_org_path]
        return Q(**{f"{prefix}path__in": paths}) if paths else NOTHING

    def q(self, scope, action):
        q = self._org_q(scope, _prefix(self.path))
        return _when(q, self.when)

    def through(self, scope, field_name):
        rest = _past(self.path, field_name)
        return None if rest is None else self._org_q(scope, _prefix(rest))


@dataclass(frozen=True)
class InUnit(Rule):
    """Rows whose unit (through ``path``) lies under a grant of ``roles``, or under an org a grant covers."""

    path: str
    roles: frozenset
    when: Q | None = None  # an extra condition on the row

    def q(self, scope, action):
        q = scope.unit_q(_prefix(self.path), self.roles)
        return _when(q, self.when)

    def through(self, scope, field_name):
        rest = _past(self.path, field_name)
        return None if rest is None else scope.unit_q(_prefix(rest), self.roles)


@dataclass(frozen=True)
class Own(Rule):
    """The user's own rows: ``path`` is the person (or, with ``user=True``, the account) the row belongs to."""

    path: str = "person"
    user: bool = False
    when: Q | None = None

    def q(self, scope, action):
        q = Q(**{f"{self.path}_id": scope.user_id}) if self.user else scope.own_q(f"{self.path}_id")
        return _when(q, self.when)

    def reaches(self, scope):
        return self.user or scope.person_id is not None

    def through(self, scope, field_name):
        rest = _past(self.path, field_name)
        if rest is None:
            return None
        lookup = f"{rest}_id" if rest else "pk"  # at the field itself: the user's own person (or account)
        return Q(**{lookup: scope.user_id}) if self.user else scope.own_q(lookup)


@dataclass(frozen=True)
class Via(Rule):
    """Rows whose parent (through ``path``) the user may ``action`` under the parent's policy.

    ``action`` defaults to the action asked for. The parent is read in a subquery, so the
    row's table is filtered by an indexed foreign key.
    """

    path: str
    model: type = None  # the parent model; looked up from ``path`` when omitted
    action: str | None = None

    def parent(self, model):
        if self.model is not None:
            return self.model
        target = model
        for name in self.path.split("__"):
            target = target._meta.get_field(name).related_model
        return target

    def q(self, scope, action, model=None):
        parent = self.parent(model)
        rows = parent.objects.filter(policy_for(parent).q(scope, self.action or action)).values("pk")
        return Q(**{f"{self.path}__in": rows})

    def reaches(self, scope):
        return True  # decided by the parent's rules


@dataclass(frozen=True)
class HoldsRole(Rule):
    """Every row, for a user who holds one of ``roles`` anywhere (company-wide settings and scales)."""

    roles: frozenset

    def q(self, scope, action):
        return EVERYTHING if scope.has_role(*self.roles) else NOTHING


@dataclass(frozen=True)
class Addressed(Rule):
    """Everyone in scope of a row: rows addressed (through ``path``) to the user's own unit or party org,
    or to one above it (a notice to every employee of a plant reaches each of its teams)."""

    path: str
    tree: str = "unit"  # or "org"

    def q(self, scope, action):
        return scope.addressed_q(_prefix(self.path), self.tree)

    def reaches(self, scope):
        return bool(scope.unit_path if self.tree == "unit" else scope.party_org_path)


@dataclass(frozen=True)
class Anyone(Rule):
    """Every row, for every signed-in user (a company-wide rule, a notice to all employees)."""

    def q(self, scope, action):
        return EVERYTHING

    def reaches(self, scope):
        return True


@dataclass(frozen=True)
class Where(Rule):
    """A rule the kinds above cannot say; ``doc`` says it in words, ``roles`` who it serves.

    A rule of no role (a project's team, a member's own branch) may say whom it can serve at
    all with ``serves(scope) -> bool``, so menus and buttons do not offer it to everyone.
    """

    fn: Callable
    doc: str
    roles: frozenset = frozenset()
    serves: Callable | None = None

    def q(self, scope, action):
        return self.fn(scope, action)

    def reaches(self, scope):
        if self.serves is not None:
            return self.serves(scope)
        return not self.roles or bool(scope.roles & self.roles)


@dataclass
class Policy:
    """Who may do each action with the rows of ``model``."""

    model: type
    rules: dict[str, tuple[Rule, ...]]
    # The administrator's bypass: every action (True), none (False: not even the system administrator
    # reads these rows through the application) or only the actions in a set.
    admin: bool | frozenset = True
    doc: str = ""
    # Rules of different tables looked up each by its own index (``any_of``) instead of tested as one
    # OR on every row: for a model whose lists are long and whose rules each reach a user's few rows
    # (a branch's meetings, the ones she attended). Not for one whose rows are mostly read a month or
    # a target at a time: the page's own filter then narrows better than the union of all in scope.
    union: bool = False

    def admin_may(self, action):
        """Whether the administrator's bypass covers ``action``."""
        return self.admin is True or (bool(self.admin) and action in self.admin)

    def q(self, scope, action):
        if scope.is_global_admin:
            if self.admin_may(action):
                return EVERYTHING
            scope = by_grants(scope)
        found = [
            rule.q(scope, action, self.model) if isinstance(rule, Via) else rule.q(scope, action)
            for rule in self.rules.get(action, ())
        ]
        return any_of(self.model, found, union=self.union)

    def reaches(self, scope, action):
        if scope.is_global_admin:
            if self.admin_may(action):
                return True
            scope = by_grants(scope)
        return any(rule.reaches(scope) for rule in self.rules.get(action, ()))

    def roles(self, action):
        return frozenset().union(*(rule.roles for rule in self.rules.get(action, ())))

    def choice_q(self, scope, field_name, action):
        """What a user may put in ``field_name``: the rules reaching rows through that field, or None."""
        found = [q for rule in self.rules.get(action, ()) if (q := rule.through(scope, field_name)) is not None]
        return reduce(or_, found) if found else None


def any_of(model, found, *, union=False):
    """The rows of ``model`` that any of the filters ``found`` lets through.

    Filters that reach nothing are left out (an OR with one would have Django join the row's org
    with a LEFT OUTER JOIN, which the database must read from the row's side), and one that reaches
    everything stands for all. With ``union``, rules that reach rows through different tables (a
    meeting through its org's path, or through the user's attendance rows) are not one OR, for which
    the database can use no index and tests every row of the table, but ``pk IN (ids of the first
    UNION ALL ids of the second …)``: each part looked up by its own index, the page's filters and
    order applied to those ids only.
    """
    found = [q for q in found if q != NOTHING]
    if any(q == EVERYTHING for q in found):
        return EVERYTHING
    if len(found) < 2:
        return found[0] if found else NOTHING
    if not union:
        return reduce(or_, found)
    ids = [model._base_manager.order_by().filter(q).values("pk") for q in found]
    return Q(pk__in=ids[0].union(*ids[1:], all=True))


def by_grants(scope):
    """An administrator's scope without the bypass: what their own grants and person reach."""
    if not scope.is_global_admin:
        return scope
    cached = scope.__dict__.get("_by_grants")
    if cached is None:
        cached = scope.__dict__["_by_grants"] = replace(scope, is_global_admin=False)
    return cached


def _bypassed(user, scope, policy, action):
    """Whether no rule needs asking: the administrator's bypass covers ``action``, or the system works."""
    if not scope.is_global_admin:
        return False
    return policy.admin_may(action) or (policy.admin is not False and is_system(user))


@dataclass(frozen=True)
class Ability:
    """An action on no particular row: the roles that may do it, anywhere in their scope."""

    name: str
    label: str
    roles: frozenset
    admin: bool = True

    def held_by(self, scope):
        return (scope.is_global_admin and self.admin) or bool(scope.roles & self.roles)


_policies: dict[type, Policy] = {}
_abilities: dict[str, Ability] = {}


def declare(*items):
    """Register policies and abilities (called at import of ``<app>/access.py``)."""
    for item in items:
        if isinstance(item, Policy):
            _policies[item.model] = item
        else:
            _abilities[item.name] = item
    return items


def policy_for(model):
    """The model's policy; ``None`` for a model without one (administrators only)."""
    return _policies.get(model) or _policies.get(getattr(model._meta, "concrete_model", model))


def policies():
    return dict(_policies)


def abilities():
    return dict(_abilities)


def scoped_q(user, model, action=Action.VIEW):
    """The filter for the rows of ``model`` a user may ``action``; ``None`` when no filter is needed."""
    scope = get_scope(user)
    if scope is None:
        return NOTHING
    policy = policy_for(model)
    if policy is None:  # a model without a policy is for administrators only
        return None if scope.is_global_admin else NOTHING
    if _bypassed(user, scope, policy, action):
        return None
    return policy.q(scope, action)


def may(user, action, obj=None):
    """Whether ``user`` may ``action`` ``obj``: a row, a model (any row of it) or nothing (an ``Ability``).

    A row costs one query, answered once per request and row.
    """
    scope = get_scope(user)
    if scope is None:
        return False
    if isinstance(action, Ability):
        return action.held_by(scope)
    if isinstance(obj, type):
        policy = policy_for(obj)
        if policy is None:
            return scope.is_global_admin
        return _bypassed(user, scope, policy, action) or policy.reaches(scope, action)
    key = (type(obj), obj.pk, str(action))
    answers = scope.__dict__.setdefault("_may", {})
    if key not in answers:
        answers[key] = type(obj).objects.restrict(user, action).filter(pk=obj.pk).exists()
    return answers[key]


def ensure_allowed(actor, obj, action=Action.CHANGE):
    """Raise ``ScopeError`` unless ``actor`` may ``action`` ``obj``; for an ``Ability``, ``obj`` is omitted."""
    if isinstance(obj, Ability):
        obj, action = None, obj
    if not may(actor, action, obj):
        raise ScopeError()


def ensure_may(actor, ability, message="您没有权限进行此操作。"):
    """Raise ``ScopeError`` unless ``actor`` holds ``ability``."""
    if not may(actor, ability):
        raise ScopeError(message)


def choices(user, model, field_name, action=Action.ADD):
    """The party orgs, units or people a user may put in ``model.field_name`` for ``action``, as a queryset.

    Read from the rules of the model's policy that reach rows through that field (``InOrg("org")``,
    ``InOrg("person__membership__party_org")``, ``Own("person")``), so a branch secretary is
    offered their own branch and its members and never another's.
    """
    related = model._meta.get_field(field_name).related_model
    scope = get_scope(user)
    if scope is None:
        return related.objects.none()
    policy = policy_for(model)
    if policy is None:
        return related.objects.all() if scope.is_global_admin else related.objects.restrict(user, Action.VIEW)
    if _bypassed(user, scope, policy, action):
        return related.objects.all()
    q = policy.choice_q(by_grants(scope), field_name, action)
    if q is None:
        return related.objects.restrict(user, Action.VIEW)
    return related.objects.filter(q)


def restricted_prefetch(lookup, queryset, user, action=Action.VIEW):
    """A ``Prefetch`` whose rows are restricted too (NetBox's ``RestrictedPrefetch``).

    A nested list or name then cannot show a row the user may not see by itself.
    """
    return Prefetch(lookup, queryset=queryset.restrict(user, action))


def allowed_rows(user, model, pks, actions):
    """``{action: pks of rows the user may do it with}`` for the rows ``pks``, in one query.

    The API's ``actions`` field asks this once per page, so a list costs one query whatever its
    length; the answers are kept where ``may`` finds them too.
    """
    scope = get_scope(user)
    allowed, checks = {}, {}
    for action in map(str, actions):
        q = scoped_q(user, model, action)
        if q is None or q is NOTHING:
            allowed[action] = set(pks) if q is None else set()
        else:  # EXISTS per action: a rule through a to-many relation cannot repeat or hide a row
            checks[action] = Exists(model.objects.filter(q, pk=OuterRef("pk")))
    if checks:
        names = {action: f"may_{action}" for action in checks}
        rows = model.objects.filter(pk__in=pks).annotate(**{names[a]: c for a, c in checks.items()})
        found = list(rows.values("pk", *names.values()))
        for action, name in names.items():
            allowed[action] = {row["pk"] for row in found if row[name]}
    if scope is not None:
        answers = scope.__dict__.setdefault("_may", {})
        for action, yes in allowed.items():
            answers.update({(model, pk, action): pk in yes for pk in pks})
    return allowed


def system_actor():
    """The account that work done by the system itself (demo, scheduled jobs) is recorded under.

    It cannot log in (no usable password, inactive) and is allowed what the administrator is.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    user, _ = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "系统", "password": make_password(None)}
    )
    return user


def is_system(user):
    return user is not None and getattr(user, "username", None) == SYSTEM_USERNAME and not user.is_active
