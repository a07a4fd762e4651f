"""A user's place in the organisation: which party orgs and units their roles cover.

Built once per request (two small queries) and turned into ORM filters over the
materialised paths, so every scoped queryset narrows itself in SQL.
"""

from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.db.models import Q

from vanguard.core.access import EVERYTHING, NOTHING, is_system

from .choices import Role


@dataclass(frozen=True)
class Grant:
    role: str
    party_org_path: str | None
    unit_path: str | None
    include_descendants: bool
    place: str = ""
    org_units: tuple = ()  # paths of the units the granted party org itself is linked to


def _paths_q(prefix, paths):
    """OR of path filters; ``paths`` holds (path, include_descendants) pairs.

    A single path stays a plain filter, not an OR with ``NOTHING``: inside an OR Django joins the
    org with a LEFT OUTER JOIN, which the database must read from the row's side (every row)
    rather than from the few orgs the path selects.
    """
    found = [Q(**{f"{prefix}{'path__startswith' if below else 'path'}": path}) for path, below in paths]
    return reduce(or_, found) if found else NOTHING


def _collapse(paths):
    """Drop paths already covered by an ancestor path that includes descendants.

    In sorted order a subtree's paths follow its root, so only the last kept root can cover a
    path: one pass, however many units a committee's orgs are linked to.
    """
    kept = []
    covering = None
    for path, below in sorted(set(paths)):
        if covering is not None and path.startswith(covering):
            continue
        kept.append((path, below))
        if below:
            covering = path
    return kept


@dataclass
class Scope:
    user_id: int
    person_id: int | None
    is_global_admin: bool
    grants: list[Grant] = field(default_factory=list)
    person_name: str = ""  # shown in the top bar
    unit_path: str = ""  # the user's own unit and party org, for rows addressed to everyone in them
    party_org_path: str = ""
    cadre_level: str = ""  # the user's own, for the rules that are for cadres (on-site days)
    _unit_paths: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def roles(self):
        return frozenset(g.role for g in self.grants)

    @property
    def label(self):
        """Roles and places in words, e.g. ``支部书记 · 轧管一支部``."""
        if not self.grants:
            return "本人"
        return ";".join(f"{Role(g.role).label} · {g.place}" if g.place else Role(g.role).label for g in self.grants[:3])

    def has_role(self, *roles):
        return self.is_global_admin or bool(self.roles.intersection(roles))

    def party_org_paths(self, roles):
        return _collapse(
            (g.party_org_path, g.include_descendants) for g in self.grants if g.role in roles and g.party_org_path
        )

    @cached_property
    def _covered_units(self):
        """Units linked to any party org a grant covers, per role. The granted orgs' own links come with the
        grants; those of the orgs below them in one query, which for a user of one role leaves out the units
        the own links already cover (a committee linked to the company's top unit covers every unit: its 400
        branches' links are not read)."""
        from .models import PartyOrg

        by_role = {}
        org_grants = [g for g in self.grants if g.party_org_path]
        found = [(g.party_org_path, path) for g in org_grants for path in g.org_units]
        below = NOTHING
        for g in org_grants:
            if g.include_descendants:
                below |= Q(partyorg__path__startswith=g.party_org_path) & ~Q(partyorg__path=g.party_org_path)
        if below != NOTHING:
            links = PartyOrg.units.through.objects.filter(below).values_list("partyorg__path", "unit__path")
            # Units are covered per role: leaving out what the own links cover is right for one role only.
            if len({g.role for g in org_grants}) == 1:
                for path, _ in _collapse((path, True) for _, path in found):
                    links = links.exclude(unit__path__startswith=path)
            found += list(links)
        for org_path, unit_path in found:
            for g in org_grants:
                inside = (
                    org_path.startswith(g.party_org_path) if g.include_descendants else org_path == g.party_org_path
                )
                if inside:
                    by_role.setdefault(g.role, set()).add(unit_path)
        return by_role

    def unit_paths(self, roles):
        # Asked by every scoped queryset of a page, with the same few role sets: read once each.
        key = frozenset(roles)
        if key not in self._unit_paths:
            paths = [(g.unit_path, g.include_descendants) for g in self.grants if g.role in roles and g.unit_path]
            for role in roles:
                paths.extend((p, True) for p in self._covered_units.get(role, ()))
            self._unit_paths[key] = _collapse(paths)
        return self._unit_paths[key]

    @cached_property
    def _roots(self):
        """Paths of the top nodes of both trees, in one query; read only when a grant reaches a top node."""
        from django.db.models import CharField, Value

        from .models import PartyOrg, Unit

        def tops(model, tree):
            return model.objects.filter(depth=1).order_by().values_list("path", Value(tree, output_field=CharField()))

        roots = {"org": set(), "unit": set()}
        for path, tree in tops(Unit, "unit").union(tops(PartyOrg, "org"), all=True):
            roots[tree].add(path)
        return roots

    def _covers_all(self, tree, paths):
        """Whether ``paths`` hold every top node of the tree with its descendants (a company-wide grant)."""
        from .models import Unit

        tops = {path for path, below in paths if below and len(path) == Unit.steplen}
        return bool(tops) and tops >= self._roots[tree]

    def addressed_q(self, prefix, tree):
        """Rows addressed (through ``prefix``) to a node holding the user's own unit or party org, or above it."""
        from .models import Unit

        own = self.unit_path if tree == "unit" else self.party_org_path
        ancestors = [own[:end] for end in range(Unit.steplen, len(own) + 1, Unit.steplen)]
        return Q(**{f"{prefix}path__in": ancestors}) if ancestors else NOTHING

    def own_q(self, lookup):
        """The user's own records through ``lookup`` (a person id field); nothing for a user without a person."""
        return Q(**{lookup: self.person_id}) if self.person_id else NOTHING

    def party_org_q(self, prefix, roles):
        """Filter on a party org reached through ``prefix`` (``""`` for PartyOrg itself)."""
        if self.is_global_admin:
            return Q()
        paths = self.party_org_paths(roles)
        return EVERYTHING if self._covers_all("org", paths) else _paths_q(prefix, paths)

    def unit_q(self, prefix, roles):
        """Filter on a unit reached through ``prefix``: granted units and units covered by granted orgs."""
        if self.is_global_admin:
            return Q()
        paths = self.unit_paths(roles)
        return EVERYTHING if self._covers_all("unit", paths) else _paths_q(prefix, paths)


def build_scope(user):
    from .models import Person, RoleAssignment

    rows = RoleAssignment.objects.filter(user_id=user.pk).values_list(
        "pk", "role", "party_org__path", "unit__path", "include_descendants", "party_org__label", "unit__name",
        "party_org__units__path",
    )  # fmt: skip
    grants, org_units = {}, {}
    for pk, role, org_path, unit_path, below, org_name, unit_name, linked in rows:
        grants.setdefault(pk, (role, org_path, unit_path, below, org_name or unit_name or ""))
        if linked:
            org_units.setdefault(pk, []).append(linked)
    grants = [Grant(*grant, org_units=tuple(sorted(org_units.get(pk, ())))) for pk, grant in grants.items()]
    person = Person.objects.filter(user_id=user.pk).values_list(
        "pk", "name", "unit__path", "membership__party_org__path", "cadre_level"
    )
    person_id, person_name, unit_path, org_path, cadre_level = person.first() or (None, "", None, None, "")
    is_admin = user.is_superuser or is_system(user) or any(g.role == Role.SYSTEM_ADMIN for g in grants)
    return Scope(
        user_id=user.pk, person_id=person_id, is_global_admin=is_admin, grants=grants, person_name=person_name,
        unit_path=unit_path or "", party_org_path=org_path or "", cadre_level=cadre_level,
    )  # fmt: skip
