"""Reads of appraisal schemes: the list with its filters, one scheme with its tree and parts."""

from collections import defaultdict

from django.db.models import Count, Q

from ..models import EvaluationScheme


def scheme_list(*, user, search="", subject_kind="", active=None):
    qs = EvaluationScheme.objects.restrict(user, "view").select_related("owner")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search) | Q(description__icontains=search))
    if subject_kind:
        qs = qs.filter(subject_kind=subject_kind)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.annotate(criteria_count=Count("criteria", distinct=True), round_count=Count("rounds", distinct=True))


def criteria_tree(scheme):
    """The scheme's criteria as ``[(criterion, depth)]`` in tree order, each with ``children_list``."""
    criteria = list(scheme.criteria.order_by("order", "pk"))
    below = defaultdict(list)
    for criterion in criteria:
        below[criterion.parent_id].append(criterion)
    rows = []

    def walk(parent_id, depth):
        for criterion in below[parent_id]:
            criterion.children_list = below[criterion.pk]
            criterion.depth = depth
            rows.append(criterion)
            walk(criterion.pk, depth + 1)

    walk(None, 0)
    return rows
