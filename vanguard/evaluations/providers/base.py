"""What every automatic source shares: the subject kinds it serves (a round of another kind is refused with a
message), its parameters read from ``Criterion.params`` (a bad value is refused likewise), the round's period
(and how much of it is over), the subjects' keys, the score arithmetic and the links to the records."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vanguard.core.dates import month_number
from vanguard.org.models import PartyOrg, Unit

from ..choices import ORG_SUBJECTS, PERSON_SUBJECTS, UNIT_SUBJECTS, SubjectKind
from ..sources import Source, register_source

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
KIND_LABELS = dict(SubjectKind.choices)


def places(value, digits=CENT) -> Decimal:
    """A figure as the results keep it: two decimals, halves up."""
    return Decimal(value).quantize(digits, rounding=ROUND_HALF_UP)


def share_score(part, whole) -> Decimal:
    """``part / whole`` as a score of 0–100 (whole 0: nothing was due, a full score)."""
    if not whole:
        return HUNDRED
    return places(min(Decimal(part) / Decimal(whole), Decimal(1)) * HUNDRED)


def figure(value) -> str:
    """A figure in a line of text: ``36.5``, ``40`` (no trailing zeros, no exponent)."""
    text = f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@lru_cache(maxsize=64)
def _address(name, marker=None):
    return reverse(name, args=[marker] if marker is not None else None)


# A page's address is resolved once and the subject's id written into it: a round of 12,000 subjects would
# otherwise spend a second in the resolver alone.
_MARKER = 987654321987


def link(name, pk=None, **params) -> str:
    """A page's address (with ``pk`` in its path, for an object's page) filtered by ``params`` (empty ones left
    out)."""
    address = _address(name) if pk is None else _address(name, _MARKER).replace(str(_MARKER), str(pk))
    query = "&".join(f"{k}={quote(str(v), safe='-:')}" for k, v in params.items() if v not in (None, ""))
    return address + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Period:
    """The round's period: its days, its month numbers (``core.dates.month_number``) and the part already over
    (``until``: the period's last day or today, whichever comes first)."""

    start: date
    end: date
    until: date

    @classmethod
    def of(cls, round_):
        today = timezone.localdate()
        return cls(round_.period_start, round_.period_end, min(round_.period_end, today))

    @property
    def first_month(self):
        return month_number(self.start)

    @property
    def last_month(self):
        return month_number(self.end)

    @property
    def label(self):
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return f"{self.start.year} 年"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def subject_kind(round_) -> str:
    return round_.scheme.subject_kind


def subject_keys(subjects, kind) -> dict[int, int]:
    """{subject pk: the person, party org or unit id it stands for}, by the kind of the round."""
    field = "person_id" if kind in PERSON_SUBJECTS else "party_org_id" if kind in ORG_SUBJECTS else "unit_id"
    assert kind in PERSON_SUBJECTS | ORG_SUBJECTS | UNIT_SUBJECTS
    return {s.pk: getattr(s, field) for s in subjects if getattr(s, field) is not None}


class Param:
    """A parameter a source reads from ``Criterion.params``: its label, default and bounds (a positive number
    unless said otherwise), or a choice of text (``text=True``)."""

    def __init__(self, label, default, *, minimum=None, maximum=None, text=False, mapping=False):
        self.label, self.default, self.text, self.mapping = label, default, text, mapping
        self.minimum, self.maximum = minimum, maximum

    def read(self, name, raw):
        if raw is None or raw == "":
            return self.default
        if self.text:
            return str(raw).strip()
        if self.mapping:
            return self._mapping(name, raw)
        return self._number(name, raw)

    def _number(self, name, raw):
        try:
            value = Decimal(str(raw))
        except (ArithmeticError, ValueError):
            value = None
        if value is None or not value.is_finite():
            raise ValidationError(f"参数「{self.label}」({name})应为数字,现为「{raw}」。")
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            low = "" if self.minimum is None else f"不小于 {self.minimum}"
            high = "" if self.maximum is None else f"不大于 {self.maximum}"
            raise ValidationError(
                f"参数「{self.label}」({name})应{low}{'、' if low and high else ''}{high},现为 {raw}。"
            )
        return value

    def _mapping(self, name, raw):
        if not isinstance(raw, dict):
            raise ValidationError(f"参数「{self.label}」({name})应为“代码: 分值”的对照表。")
        values = dict(self.default)
        for key, points in raw.items():
            values[str(key)] = Param(self.label, None, minimum=ZERO, maximum=HUNDRED)._number(name, points)
        return values

    def describe(self):
        if self.mapping:
            return "、".join(f"{k}={figure(v)}" for k, v in self.default.items())
        return "(不填)" if self.default in (None, "") else figure(self.default) if not self.text else self.default


def automatic(*, code, label, kinds, doc, params=None):
    """Register the decorated ``compute(round_, subjects, params, kind, period)`` as the source ``code``: it
    refuses a round whose subjects are of a kind it does not serve and parameters out of their bounds, with a
    message, before it reads anything else."""
    params = params or {}
    kinds = frozenset(kinds)

    def wrap(function):
        def compute(round_, subjects, raw_params=None):
            kind = subject_kind(round_)
            if kind not in kinds:
                served = "、".join(KIND_LABELS[k] for k in SubjectKind.values if k in kinds)
                raise ValidationError(
                    f"自动评分来源「{label}」只适用于{served},不能用于考评对象为“{KIND_LABELS.get(kind, kind)}”的方案。"
                )
            raw_params = raw_params or {}
            if not isinstance(raw_params, dict):
                raise ValidationError(f"自动评分来源「{label}」的参数应为对照表(JSON 对象)。")
            read = {name: param.read(name, raw_params.get(name)) for name, param in params.items()}
            subjects = list(subjects)
            if not subjects:
                return {}
            return function(round_, subjects, read, kind=kind, period=Period.of(round_))

        compute.__name__ = function.__name__
        compute.__doc__ = function.__doc__
        register_source(Source(code=code, label=label, subject_kinds=kinds, compute=compute, doc=doc, params=params))
        return compute

    return wrap


# ---------------------------------------------------------------- the trees


def common_prefix(paths, steplen) -> str:
    """The longest path every one of ``paths`` starts with, cut to whole steps of the tree."""
    paths = list(paths)
    if not paths:
        return ""
    low, high = min(paths), max(paths)
    n = 0
    while n < min(len(low), len(high)) and low[n] == high[n]:
        n += 1
    return low[: n - n % steplen]


def owners_by_prefix(paths, subject_paths, steplen):
    """{path: [subject paths at or above it]}: which subjects each of ``paths`` counts for."""
    result = {}
    for path in paths:
        above = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
        result[path] = [p for p in above if p in subject_paths]
    return result


def party_orgs(ids):
    """{pk: (path, kind, founded_on, label)} of the party orgs ``ids`` (one query)."""
    rows = PartyOrg.objects.filter(pk__in=set(ids)).values_list("pk", "path", "kind", "founded_on", "label", "name")
    return {pk: (path, kind, founded, label or name) for pk, path, kind, founded, label, name in rows}


def covered_units(org_ids):
    """{party org pk: [(unit pk, path)]}: the units each org covers (its own links and those of the orgs below
    it), the top ones only (a unit below another covered one is already counted in it). Two queries."""
    orgs = party_orgs(org_ids)
    prefix = common_prefix((o[0] for o in orgs.values()), PartyOrg.steplen)
    links = PartyOrg.units.through.objects.filter(partyorg__path__startswith=prefix).values_list(
        "partyorg__path", "unit_id", "unit__path"
    )
    subject_paths = {o[0]: pk for pk, o in orgs.items()}
    found = {pk: {} for pk in orgs}
    for org_path, unit_id, unit_path in links:
        for end in range(PartyOrg.steplen, len(org_path) + 1, PartyOrg.steplen):
            if (pk := subject_paths.get(org_path[:end])) is not None:
                found[pk][unit_path] = unit_id
    result = {}
    for pk, units in found.items():
        paths = sorted(units)
        tops = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
        result[pk] = [(units[p], p) for p in tops]
    return result


def unit_paths(ids):
    return dict(Unit.objects.filter(pk__in=set(ids)).values_list("pk", "path"))


# Past this many subjects (a round of every member) a source reads the period's rows of everyone and keeps its
# subjects' own: naming ten thousand ids costs the database more than one range read of the period.
FEW = 2000


def among(column, ids) -> dict:
    """The filter narrowing ``column`` to ``ids`` when they are few, else none (the caller keeps its own)."""
    ids = sorted(set(ids))
    return {f"{column}__in": ids} if len(ids) <= FEW else {}
