"""Reads of the org app for a user: always restricted to the user's scope first."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from os.path import commonprefix
from typing import Any, NamedTuple, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr

from vanguard.core.access import policy_for
from vanguard.core.choices import Action
from vanguard.core.scope import get_scope

from .choices import PoliticalStatus
from .models import PartyOrg, PartyOrgHeadcount, Person, TreeNode, Unit, UnitHeadcount, User

MEMBER_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
NOTHING_Q = Q(pk__in=[])
T = TypeVar("T", bound=TreeNode)


def person_list(*, user: User, action: str = Action.VIEW) -> QuerySet[Person]:
    """People the user may see, with what a list row shows, in one query per page."""
    return (
        Person.objects.restrict(user, action)
        .select_related("unit", "membership__party_org")
        .order_by("unit__path", "employee_no")
    )


def person_page(*, user: User) -> QuerySet[Person]:
    """``person_list`` with ``may_change`` from the policy, read in the same query (a subquery per row)."""
    editable = Person.objects.restrict(user, Action.CHANGE).filter(pk=OuterRef("pk"))
    return person_list(user=user).annotate(may_change=Exists(editable))


def _node_paths(model, scope, action):
    """(path, below) of the nodes a tree's policy lets the user ``action``: its rules' roles over the grants.

    Both trees' policies reach nodes by the node's own path alone (``InOrg("")``, ``InUnit("")``).
    """
    roles = policy_for(model).roles(action)
    return scope.party_org_paths(roles) if model is PartyOrg else scope.unit_paths(roles)


def _scope_roots(model, user):
    """The top-most nodes of a tree the user may see."""
    scope = get_scope(user)
    if scope.is_global_admin:
        return model.objects.get_root_nodes()
    paths = _node_paths(model, scope, Action.VIEW)
    return model.objects.filter(path__in=[p for p, _ in paths]).order_by("path")


def scope_label(*, model: type[TreeNode], user: User, limit: int = 2) -> str:
    """Who a list covers, as its title says it: the top-most nodes of the tree the user may see.

    ``公司党委``; ``轧管厂第一党支部、轧管厂第二党支部``; past ``limit``, ``A、B等5个组织``. One query.
    """
    tops = []
    for node in _scope_roots(model, user):  # path order: an ancestor comes before its descendants
        if not any(node.path.startswith(top.path) for top in tops):
            tops.append(node)
    names = [node.name for node in tops]
    if len(names) > limit:
        return "、".join(names[:limit]) + f"等{len(names)}个{'组织' if model is PartyOrg else '单位'}"
    return "、".join(names)


def tree_children(*, model: type[T], user: User, parent: T | None = None) -> list[T]:
    """Children of ``parent`` (or the user's top nodes) that the user may see, in path order."""
    if parent is None:
        return list(_scope_roots(model, user))
    return list(_visible_children(model, user, parent))


def _visible_children(model, user, parent):
    return model.objects.restrict(user).filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("path")


class ChildrenPage(NamedTuple):
    nodes: list
    total: int  # the parent's children the user may see, all pages
    start: int

    @property
    def next_start(self) -> int | None:
        end = self.start + len(self.nodes)
        return end if end < self.total else None

    @property
    def remaining(self) -> int:
        return self.total - self.start - len(self.nodes)


def tree_children_page(*, model: type[T], user: User, parent: T, start: int = 0, size: int = 50) -> ChildrenPage:
    """``size`` children of ``parent`` from ``start``, and how many there are: a committee has 400
    branches, a page shows 50. Counted only when the page is full (one query more)."""
    qs = _visible_children(model, user, parent)
    nodes = list(qs[start : start + size + 1])
    total = start + len(nodes) if len(nodes) <= size else qs.count()
    return ChildrenPage(nodes[:size], total, start)


def _subtree_counts(queryset, path_field, nodes, steplen, **aggregates):
    """Sums over each node's subtree, in one query whatever the nodes' depths.

    ``queryset`` holds the kept head counts (one row per node, ``org.headcounts``): for each
    path length among ``nodes`` a grouped SELECT sums the rows below those nodes by the
    path's prefix of that length, and the SELECTs are joined by UNION ALL. SQL reads a few
    thousand small rows at most and returns one per node, however many people there are.
    """
    nodes = list(nodes)
    if not nodes:
        return {}
    by_length = {}
    for node in nodes:
        by_length.setdefault(len(node.path), set()).add(node.path)
    parts = []
    for length, paths in sorted(by_length.items()):
        # One prefix for the nodes of a length (siblings share their parent's path): a single LIKE
        # per kept row rather than one per node; groups of nodes not asked for are dropped below.
        common = commonprefix(sorted(paths))
        common = common[: len(common) - len(common) % steplen]
        rows = queryset.filter(**{f"{path_field}__startswith": common}) if common else queryset
        parts.append(
            rows.order_by().annotate(node_path=Substr(path_field, 1, length)).values("node_path").annotate(**aggregates)
        )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    wanted = {node.path for node in nodes}
    return {row.pop("node_path"): row for row in rows if row["node_path"] in wanted}


def party_org_counts(nodes: Iterable[PartyOrg]) -> dict[str, dict[str, int]]:
    """Members (full and probationary) in each org's subtree."""
    return _subtree_counts(
        PartyOrgHeadcount.objects.all(),
        "party_org__path",
        nodes,
        PartyOrg.steplen,
        members=Sum("members"),
        probationary=Sum("probationary"),
    )


def unit_counts(nodes: Iterable[Unit]) -> dict[str, dict[str, int]]:
    """People and members in each unit's subtree."""
    return _subtree_counts(
        UnitHeadcount.objects.all(), "unit__path", nodes, Unit.steplen, people=Sum("people"), members=Sum("members")
    )


def with_counts(nodes: list[T], counts: Mapping[str, dict[str, int]]) -> list[T]:
    """``node.counts`` for each node; a figure not counted reads 0 (a template looking up a missing
    key falls back to attribute lookups and ``dir()``, which cost more than the whole row)."""
    for node in nodes:
        node.counts = defaultdict(int, counts.get(node.path, ()))
    return nodes


def tree_path_names(model: type[TreeNode]) -> dict[str, int]:
    """Every node's full name path ``公司/轧管厂/一作业区`` → node, for matching imported names."""
    rows = model.objects.order_by("path").values_list("pk", "path", "name")
    by_path = {}
    result = {}
    for pk, path, name in rows:
        parent_full = by_path.get(path[: -model.steplen]) if len(path) > model.steplen else None
        full = f"{parent_full}/{name}" if parent_full else name
        by_path[path] = full
        result[full] = pk
    return result


def org_at_a_glance(*, user: User) -> dict[str, Any]:
    """Figures for the home page: counts, members per top org, age, education, years of membership.

    Grouped in SQL (by status and education; by birth year and year joined), banded
    here, so the number of queries and the rows read do not grow with the people.
    """
    from datetime import date

    from django.db.models import CharField
    from django.db.models.functions import Cast

    from .choices import Education, PartyOrgKind

    people = Person.objects.restrict(user).active().order_by()
    by_status = people.values_list("political_status", "education").annotate(n=Count("id"))
    totals = {"people": 0, "members": 0, "probationary": 0}
    education = {}
    for status, level, n in by_status:
        totals["people"] += n
        if status in MEMBER_STATUSES:
            totals["members"] += n
            education[level] = education.get(level, 0) + n
        if status == PoliticalStatus.PROBATIONARY:
            totals["probationary"] += n
    # The year as the first four characters of the ISO date: plain SQL on SQLite and
    # PostgreSQL alike, and far cheaper on SQLite than a per-row date function.
    years = (
        people.members()
        .annotate(
            born=Substr(Cast("birth_date", CharField()), 1, 4),
            joined=Substr(Cast("membership__joined_on", CharField()), 1, 4),
        )
        .values_list("born", "joined")
        .annotate(n=Count("id"))
    )
    ages, party_years = {}, {}
    this_year = date.today().year
    for born, joined, n in years:
        if born:
            ages[this_year - int(born)] = ages.get(this_year - int(born), 0) + n
        if joined:
            party_years[this_year - int(joined)] = party_years.get(this_year - int(joined), 0) + n
    totals["branches"] = PartyOrg.objects.restrict(user).filter(kind=PartyOrgKind.BRANCH).count()
    return {
        **totals,
        "by_org": _members_by_top_org(user),
        "ages": _bands(ages.items(), AGE_BANDS),
        "party_years": _bands(party_years.items(), PARTY_YEAR_BANDS),
        "education": [(label, education.get(value, 0)) for value, label in Education.choices]
        + ([("未填", education[""])] if education.get("") else []),
    }


AGE_BANDS = [
    ("≤30岁", 0, 30),
    ("31-35岁", 31, 35),
    ("36-40岁", 36, 40),
    ("41-45岁", 41, 45),
    ("46-50岁", 46, 50),
    ("51-55岁", 51, 55),
    ("≥56岁", 56, 999),
]
PARTY_YEAR_BANDS = [("<5年", 0, 4), ("5-10年", 5, 10), ("11-20年", 11, 20), ("21-30年", 21, 30), (">30年", 31, 999)]


def _bands(pairs, bands):
    """Sum ``(value, count)`` pairs into labelled bands ``(label, low, high)``, inclusive."""
    totals = dict.fromkeys((label for label, _, _ in bands), 0)
    for value, count in pairs:
        for label, low, high in bands:
            if low <= value <= high:
                totals[label] += count
                break
    return list(totals.items())


def _members_by_top_org(user):
    """Members per top-level party org the user sees (the children of a single top org).

    The top orgs and their children come in one query.
    """
    scope = get_scope(user)
    if scope.is_global_admin:
        near_top = Q(depth__lte=2)
    else:
        near_top = NOTHING_Q
        for path, below in _node_paths(PartyOrg, scope, Action.VIEW):
            near_top |= Q(path=path)
            if below:
                near_top |= Q(path__startswith=path, depth=len(path) // PartyOrg.steplen + 1)
    found = list(PartyOrg.objects.filter(near_top).order_by("path"))
    paths = {node.path for node in found}
    roots = [node for node in found if node.path[: -PartyOrg.steplen] not in paths]
    if len(roots) != 1:
        counts = party_org_counts(roots)
        return [(node.name, counts.get(node.path, {}).get("members", 0)) for node in roots]
    root = roots[0]
    children = [node for node in found if node.depth == root.depth + 1]
    counts = node_and_children_counts(model=PartyOrg, node=root)
    bars = [(node.name, counts.get(node.path, {}).get("members", 0)) for node in children]
    direct = counts[root.path]["members"] - sum(n for _, n in bars)
    if direct or not children:
        bars.append((f"{root.name}(直属)" if children else root.name, direct))
    return bars


def my_person(*, user: User) -> Person | None:
    """The user's own person with membership and party org (None for an account without one): one query."""
    return Person.objects.filter(user_id=user.pk).select_related("membership__party_org").first()


def path_labels(model: type[TreeNode], nodes: Iterable[TreeNode | None], *, skip_root: bool = True) -> dict[str, str]:
    """Full name paths ``轧管厂/一作业区/甲班`` for a few nodes, in one query.

    The top node (company, committee) is left out when ``skip_root``, since every
    path would begin with it.
    """
    steplen = model.steplen
    wanted = set()
    for node in nodes:
        if node is None:
            continue
        for end in range(steplen, len(node.path) + 1, steplen):
            wanted.add(node.path[:end])
    if not wanted:
        return {}
    names = dict(model.objects.filter(path__in=wanted).values_list("path", "name"))
    labels = {}
    for node in nodes:
        if node is None or node.path in labels:
            continue
        start = 2 * steplen if skip_root and len(node.path) > steplen else steplen
        parts = [names.get(node.path[:end], "") for end in range(start, len(node.path) + 1, steplen)]
        labels[node.path] = "/".join(p for p in parts if p)
    return labels


def scope_covers(*, model: type[TreeNode], user: User, path: str, action: str = Action.VIEW) -> bool:
    """Whether ``user`` may ``action`` the node at ``path``, from the scope alone (no query).

    The same answer as ``restrict()`` (the tree's policy), for many nodes at once (breadcrumbs, buttons).
    """
    scope = get_scope(user)
    if scope is None:
        return False
    if scope.is_global_admin:
        return True
    return any(path.startswith(p) if below else path == p for p, below in _node_paths(model, scope, action))


def node_and_children_counts(*, model: type[TreeNode], node: TreeNode) -> dict[str, dict[str, int]]:
    """Counts of ``node``'s subtree and of each child's subtree, in one grouped query.

    Rows are grouped by the path prefix one level below ``node``: a child's path, or
    ``node.path`` itself for what sits on the node directly; the node's total is the sum.
    """
    if model is PartyOrg:
        queryset, path_field = PartyOrgHeadcount.objects.all(), "party_org__path"
        aggregates = {"members": Sum("members"), "probationary": Sum("probationary")}
    else:
        queryset, path_field = UnitHeadcount.objects.all(), "unit__path"
        aggregates = {"people": Sum("people"), "members": Sum("members")}
    rows = (
        queryset.order_by()
        .filter(**{f"{path_field}__startswith": node.path})
        .annotate(node_path=Substr(path_field, 1, len(node.path) + model.steplen))
        .values("node_path")
        .annotate(**aggregates)
    )
    result = {row.pop("node_path"): row for row in rows}
    result[node.path] = {key: sum(row[key] for row in result.values()) for key in aggregates}
    return result


def org_at_a_glance_cached(*, user: User, timeout: int = 300) -> dict[str, Any]:
    """``org_at_a_glance`` cached per scope until the next audited write (every write is audited)."""
    import hashlib

    from django.core.cache import cache

    from vanguard.core.models import AuditHead

    scope = get_scope(user)
    head = AuditHead.objects.values_list("count", flat=True).first() or 0
    grants = sorted((g.role, g.party_org_path or "", g.unit_path or "", g.include_descendants) for g in scope.grants)
    digest = hashlib.sha256(repr((scope.is_global_admin, grants)).encode()).hexdigest()[:16]
    key = f"org-glance:{digest}:{head}"
    figures = cache.get(key)
    if figures is None:
        figures = org_at_a_glance(user=user)
        cache.set(key, figures, timeout)
    return figures
