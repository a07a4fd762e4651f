"""The display names of party orgs: a name shared with another org is shown with its parent's.

``PartyOrg.label`` is ``第一党小组`` while that name is unique and ``轧管厂第一党支部 · 第一党小组``
once another org carries it too. It is derived data, kept by the tree services whenever a name
or a parent changes (no version bump, no audit event of its own: the change that caused it has one).
"""

from collections import Counter
from collections.abc import Iterable

from ..models import PartyOrg

SEPARATOR = " · "
CHUNK = 500  # names per query: well inside every database's limit of bound parameters


def _label_for(name: str, parent_name: str | None, shared: bool) -> str:
    return f"{parent_name}{SEPARATOR}{name}" if shared and parent_name else name


def party_org_labels_refresh(*, names: Iterable[str]) -> int:
    """Recompute the labels of every party org called one of ``names``; returns how many changed.

    Two queries per chunk of names (the orgs so called, their parents) and one bulk update.
    """
    names = sorted({n for n in names if n})
    changed = []
    for start in range(0, len(names), CHUNK):
        rows = list(
            PartyOrg.objects.filter(name__in=names[start : start + CHUNK]).values_list("pk", "name", "path", "label")
        )
        counts = Counter(name for _, name, _, _ in rows)
        step = PartyOrg.steplen
        wanted = {path[:-step] for _, name, path, _ in rows if counts[name] > 1 and len(path) > step}
        parents = dict(PartyOrg.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
        for pk, name, path, label in rows:
            new = _label_for(name, parents.get(path[:-step]), counts[name] > 1)
            if new != label:
                changed.append(PartyOrg(pk=pk, label=new))
    PartyOrg.objects.bulk_update(changed, ["label"], batch_size=1000)
    return len(changed)
