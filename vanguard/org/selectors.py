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
    """Figures for the home page charts: members per org, age, education, years of membership."""
    from datetime import date

    from django.db.models import Count

    people = Person.objects.restrict(user).active()
    members = people.members()
    today = date.today()
    age_bands = [("35岁及以下", 0, 35), ("36-45岁", 36, 45), ("46-55岁", 46, 55), ("56岁及以上", 56, 200)]
    ages = {label: 0 for label, _, _ in age_bands}
    for birth in members.exclude(birth_date=None).values_list("birth_date", flat=True).iterator():
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        for label, low, high in age_bands:
            if low <= age <= high:
                ages[label] += 1
                break
    return {
        "people": people.count(),
        "members": members.count(),
        "education": list(members.values("education").annotate(n=Count("id")).order_by("-n")),
        "ages": ages,
    }
