"""Reads of the org app for a user: always restricted to the user's scope first."""

from django.db.models import Count, Q
from django.db.models.functions import Substr

from vanguard.core.scope import get_scope

from .choices import ROSTER_VIEW_ROLES, PoliticalStatus
from .models import PartyMembership, PartyOrg, Person, Unit

MEMBER_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)


def person_list(*, user, action="view"):
    """People the user may see, with what a list row shows, in one query per page."""
    return (
        Person.objects.restrict(user, action)
        .select_related("unit", "membership__party_org")
        .order_by("unit__path", "employee_no")
    )


def _scope_roots(model, user):
    """The top-most nodes of a tree the user may see."""
    scope = get_scope(user)
    if scope.is_global_admin:
        return model.objects.get_root_nodes()
    paths = scope.party_org_paths(ROSTER_VIEW_ROLES) if model is PartyOrg else scope.unit_paths(ROSTER_VIEW_ROLES)
    return model.objects.filter(path__in=[p for p, _ in paths]).order_by("path")


def tree_children(*, model, user, parent=None):
    """Children of ``parent`` (or the user's top nodes) that the user may see, in path order."""
    if parent is None:
        return list(_scope_roots(model, user))
    qs = model.objects.restrict(user).filter(path__startswith=parent.path, depth=parent.depth + 1)
    return list(qs.order_by("path"))


def _subtree_counts(queryset, path_field, nodes, **aggregates):
    """Aggregates over each node's subtree: one grouped query per depth among ``nodes``."""
    by_length = {}
    for node in nodes:
        by_length.setdefault(len(node.path), []).append(node)
    result = {}
    for length, same_depth in by_length.items():
        prefix_q = Q()
        for node in same_depth:
            prefix_q |= Q(**{f"{path_field}__startswith": node.path})
        rows = (
            queryset.filter(prefix_q)
            .annotate(node_path=Substr(path_field, 1, length))
            .values("node_path")
            .annotate(**aggregates)
        )
        result.update({row.pop("node_path"): row for row in rows})
    return result


def party_org_counts(nodes):
    """Members (full and probationary) in each org's subtree."""
    return _subtree_counts(
        PartyMembership.objects.all(), "party_org__path", nodes,
        members=Count("id"), probationary=Count("id", filter=Q(status="probationary")),
    )


def unit_counts(nodes):
    """People and members in each unit's subtree."""
    return _subtree_counts(
        Person.objects.active(), "unit__path", nodes,
        people=Count("id"), members=Count("id", filter=Q(political_status__in=MEMBER_STATUSES)),
    )


def with_counts(nodes, counts):
    empty = {}
    for node in nodes:
        node.counts = counts.get(node.path, empty)
    return nodes


def tree_path_names(model):
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


def org_at_a_glance(*, user):
    """Figures for the home page: counts, members per top org, age, education, years of membership.

    Grouped in SQL (by birth year, by year joined), banded here, so the number of
    queries and the rows read do not grow with the number of people.
    """
    from datetime import date

    from django.db.models.functions import ExtractYear

    from .choices import Education, PartyOrgKind

    people = Person.objects.restrict(user).active()
    members = people.members().order_by()
    totals = people.order_by().aggregate(
        people=Count("id"),
        members=Count("id", filter=Q(political_status__in=MEMBER_STATUSES)),
        probationary=Count("id", filter=Q(political_status=PoliticalStatus.PROBATIONARY)),
    )
    year = date.today().year
    births = members.exclude(birth_date=None).annotate(y=ExtractYear("birth_date")).values_list("y").annotate(n=Count("id"))
    joined = (
        members.exclude(membership__joined_on=None)
        .annotate(y=ExtractYear("membership__joined_on")).values_list("y").annotate(n=Count("id"))
    )
    education = dict(members.values_list("education").annotate(n=Count("id")))
    totals["branches"] = PartyOrg.objects.restrict(user).filter(kind=PartyOrgKind.BRANCH).count()
    return {
        **totals,
        "by_org": _members_by_top_org(user),
        "ages": _bands(((year - y, n) for y, n in births), AGE_BANDS),
        "party_years": _bands(((year - y, n) for y, n in joined), PARTY_YEAR_BANDS),
        "education": [(label, education.get(value, 0)) for value, label in Education.choices]
        + ([("未填", education[""])] if education.get("") else []),
    }


AGE_BANDS = [("≤30岁", 0, 30), ("31-35岁", 31, 35), ("36-40岁", 36, 40), ("41-45岁", 41, 45),
             ("46-50岁", 46, 50), ("51-55岁", 51, 55), ("≥56岁", 56, 999)]
PARTY_YEAR_BANDS = [("<5年", 0, 4), ("5-10年", 5, 10), ("11-20年", 11, 20), ("21-30年", 21, 30),
                    (">30年", 31, 999)]


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
    """Members per top-level party org the user sees (the children of a single top org)."""
    roots = list(_scope_roots(PartyOrg, user))
    nodes = roots
    if len(roots) == 1 and roots[0].numchild:
        root = roots[0]
        nodes = list(PartyOrg.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"))
    counts = party_org_counts(nodes)
    return [(node.name, counts.get(node.path, {}).get("members", 0)) for node in nodes]


def my_summary(*, user):
    """A member's or worker's own record for their home page (no company figures)."""
    person = (
        Person.objects.filter(user_id=user.pk).select_related("unit", "membership__party_org").first()
    )
    if person is None:
        return None
    labels = path_labels(Unit, [person.unit])
    person.unit_label = labels.get(person.unit.path, person.unit.name)
    return person


def path_labels(model, nodes, *, skip_root=True):
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


def filter_choices_queryset(model, user, selected_pk=None):
    """Tree nodes for a filter select: the user's nodes down to branch / work area level.

    Deeper nodes (party groups, processes, teams) are reached from the tree pages; the
    one currently selected is kept so the select shows it.
    """
    from .choices import PartyOrgKind, UnitKind

    shallow = (
        ~Q(kind=PartyOrgKind.GROUP) if model is PartyOrg else Q(kind__in=[UnitKind.COMPANY, UnitKind.PLANT, UnitKind.AREA])
    )
    if selected_pk and str(selected_pk).isdigit():
        shallow |= Q(pk=selected_pk)
    return model.objects.restrict(user).filter(shallow).order_by("path")


def scope_covers(*, model, user, path, action="view"):
    """Whether ``user`` may ``action`` the node at ``path``, from the scope alone (no query).

    The same rule as ``restrict()``, for many nodes at once (breadcrumbs, buttons).
    """
    from .choices import ROSTER_CHANGE_ROLES

    scope = get_scope(user)
    if scope is None:
        return False
    if scope.is_global_admin:
        return True
    roles = ROSTER_VIEW_ROLES if action == "view" else ROSTER_CHANGE_ROLES
    paths = scope.party_org_paths(roles) if model is PartyOrg else scope.unit_paths(roles)
    return any(path.startswith(p) if below else path == p for p, below in paths)
