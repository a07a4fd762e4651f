"""The automatic sources as the office reads them when it designs a scheme: code, label, the subject kinds each
serves, its scoring rule and its parameters with their defaults."""

from dataclasses import dataclass

from ..choices import SubjectKind
from ..providers.base import KIND_LABELS
from ..sources import sources


@dataclass(frozen=True)
class SourceRow:
    code: str
    label: str
    kinds: list  # labels of the subject kinds served, in the order of ``SubjectKind``
    doc: str
    params: list  # (name, label, default as text)


def source_rows(*, kind: str = "", search: str = "") -> list[SourceRow]:
    """The registered sources serving ``kind`` (all when empty) whose code, label or rule holds ``search``."""
    text = search.strip().lower()
    rows = []
    for found in sources(kind or None):
        if text and not any(text in part.lower() for part in (found.code, found.label, found.doc)):
            continue
        kinds = [KIND_LABELS[k] for k in SubjectKind.values if k in found.subject_kinds]
        params = [(name, p.label, p.describe()) for name, p in found.params.items()]
        rows.append(SourceRow(found.code, found.label, kinds, found.doc, params))
    return rows
