"""The automatic sources as the office reads them when it designs a scheme: code, label, the subject kinds each
serves, its scoring rule and its parameters with their defaults."""

from dataclasses import dataclass

from ..choices import SubjectKind
from ..providers.base import KIND_LABELS
from ..sources import sources

# The order the office reads them in (the agreed list); a source registered later (honours) comes after.
ORDER = (
    "meeting-compliance", "study-hours", "review-ratings", "field-days", "target-progress", "project-benefits",
    "suggestions-adopted", "findings-closed", "indicator-results", "competition-placings",
)  # fmt: skip


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
    listed = sorted(sources(kind or None), key=lambda s: ORDER.index(s.code) if s.code in ORDER else len(ORDER))
    for found in listed:
        if text and not any(text in part.lower() for part in (found.code, found.label, found.doc)):
            continue
        kinds = [KIND_LABELS[k] for k in SubjectKind.values if k in found.subject_kinds]
        params = [(name, p.label, p.describe()) for name, p in found.params.items()]
        rows.append(SourceRow(found.code, found.label, kinds, found.doc, params))
    return rows
