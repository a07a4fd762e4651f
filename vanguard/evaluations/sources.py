"""Automatic criteria (评分方式“自动”): a registry of sources that score subjects from what other apps have
recorded (meeting compliance, study hours, monthly reviews, target progress, project benefits, adopted
suggestions, closed findings, indicator results, competition placings, honours). A later app (honours)
registers its own source here; this app never imports an app to its right.

A source answers for many subjects at once, in a few queries (summary tables where they exist), and says
for each where its figure came from: ``SourceValue.url`` opens the records behind it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class SourceValue:
    """A subject's score on a source (0–100), the raw figure it came from (``value`` with its ``unit``), a
    line saying how, and the link to the records behind it."""

    score: Decimal
    value: Decimal | None = None
    unit: str = ""
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Source:
    """``compute(round_, subjects, params) -> {subject.pk: SourceValue}`` for the round's period; a subject it
    has nothing for is left out (scored 0, and the explanation says there was no record)."""

    code: str
    label: str
    subject_kinds: frozenset
    compute: Callable
    doc: str = ""
    params: dict = field(default_factory=dict)  # the parameters it reads, with their defaults


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> Source:
    if source.code in _SOURCES and _SOURCES[source.code] is not source:
        raise ValueError(f"evaluation source {source.code!r} registered twice")
    _SOURCES[source.code] = source
    return source


def source(code: str) -> Source | None:
    return _SOURCES.get(code)


def sources(subject_kind: str | None = None) -> list[Source]:
    return [s for s in _SOURCES.values() if subject_kind is None or subject_kind in s.subject_kinds]
