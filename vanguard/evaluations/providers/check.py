"""Every source over a full round of each kind it serves (every member, every branch, every team … of the
company), in a transaction rolled back: what ``manage.py evaluation_sources_check`` prints and the benchmark
times. A source that fails, or scores out of 0–100, is reported, not hidden."""

import datetime
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vanguard.org.choices import SECTION_AND_ABOVE, PartyOrgKind, PoliticalStatus, UnitKind
from vanguard.org.models import PartyOrg, Person, Unit

from ..choices import SubjectKind
from ..models import EvaluationRound, EvaluationScheme, RoundSubject
from ..sources import sources


@dataclass
class Checked:
    code: str
    kind: str
    subjects: int
    scored: int
    seconds: float
    queries: int
    low: float | None = None
    high: float | None = None
    sample: str = ""
    error: str = ""


def subjects_of_kind(kind):
    """(field, ids): everyone or everything of ``kind`` in the company (workers: 12,000 people at most)."""
    if kind == SubjectKind.MEMBER:
        members = [PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY]
        return "person_id", list(Person.objects.filter(political_status__in=members).values_list("pk", flat=True))
    if kind == SubjectKind.WORKER:
        return "person_id", list(Person.objects.filter(is_active=True).values_list("pk", flat=True)[:12_000])
    if kind == SubjectKind.CADRE:
        return "person_id", list(Person.objects.filter(cadre_level__in=SECTION_AND_ABOVE).values_list("pk", flat=True))
    if kind == SubjectKind.BRANCH:
        return "party_org_id", list(PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).values_list("pk", flat=True))
    if kind == SubjectKind.LEADERSHIP:
        above = PartyOrg.objects.filter(kind__in=[PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH])
        return "party_org_id", list(above.values_list("pk", flat=True))
    return "unit_id", list(Unit.objects.filter(kind=UnitKind.TEAM).values_list("pk", flat=True))


def full_round(kind, actor, year=None):
    """A round of ``year`` (this one) over every subject of ``kind``, written in bulk."""
    year = year or timezone.localdate().year
    scheme = EvaluationScheme.objects.create(
        code=f"sources-check-{kind}", name=f"自动来源检查 {kind}", subject_kind=kind
    )
    round_ = EvaluationRound.objects.create(
        scheme=scheme, name=f"自动来源检查 {kind}", org=PartyOrg.objects.get_root_nodes().first(),
        period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31), created_by=actor,
    )  # fmt: skip
    field, ids = subjects_of_kind(kind)
    RoundSubject.objects.bulk_create((RoundSubject(round=round_, **{field: pk}) for pk in ids), batch_size=2000)
    return EvaluationRound.objects.select_related("scheme").get(pk=round_.pk)


def check_sources(actor, *, year=None, codes=None) -> list[Checked]:
    """Each source (``codes``: those only) over a full round of each kind it serves; nothing is kept."""
    reverse("evaluation-sources")  # the resolver loads once per process, before the first round is timed
    found = []
    with transaction.atomic():
        rounds = {}
        for registered in sources():
            if codes and registered.code not in codes:
                continue
            for kind in (k for k in SubjectKind.values if k in registered.subject_kinds):
                if kind not in rounds:
                    round_ = full_round(kind, actor, year)
                    rounds[kind] = (round_, list(round_.subjects.all()))
                found.append(_check(registered, *rounds[kind], kind))
        transaction.set_rollback(True)
    return found


def _counted(queries):
    """The source's own queries, without the savepoint that keeps a failing one from spoiling the rest."""
    return sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])


def _check(registered, round_, subjects, kind):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = registered.compute(round_, subjects, {})
        except Exception as exc:  # noqa: BLE001  (reported with the others)
            return Checked(
                registered.code, kind, len(subjects), 0, time.perf_counter() - started, len(queries), error=repr(exc)
            )
        seconds = time.perf_counter() - started
    checked = Checked(registered.code, kind, len(subjects), len(result), seconds, _counted(queries))
    if result:
        scores = [float(v.score) for v in result.values()]
        checked.low, checked.high = min(scores), max(scores)
        sample = max(result.values(), key=lambda v: v.score)
        checked.sample = f"{sample.detail} → {sample.url}"
        if checked.low < 0 or checked.high > 100:
            checked.error = f"得分超出 0–100:{checked.low}–{checked.high}"
    return checked
