"""Sources read from the voices app: suggestions adopted (合理化建议被采纳) and findings closed on time (问题按期
整改销号). A branch or a leadership team answers for the units its party org covers (``PartyOrg.units``)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from vanguard.core.dates import month_number
from vanguard.org.models import Unit
from vanguard.voices.choices import ADOPTED_STATES, FindingStatus
from vanguard.voices.models import Finding, Suggestion, SuggestionFigures

from ..choices import ORG_SUBJECTS, PERSON_SUBJECTS, SubjectKind
from ..sources import SourceValue
from .base import (
    Param,
    among,
    automatic,
    common_prefix,
    covered_units,
    figure,
    link,
    share_score,
    subject_keys,
)

# Adopted suggestions that make a full score, by kind of subject, unless the params say.
ADOPTED_GOALS = {"person": Decimal(1), "team": Decimal(3), "org": Decimal(5)}


def _units_of(keys, kind):
    """{subject key: [(unit pk, path)]}: a team itself, or the units a party org covers (two queries)."""
    if kind in ORG_SUBJECTS:
        return covered_units(keys.values())
    paths = dict(Unit.objects.filter(pk__in=set(keys.values())).values_list("pk", "path"))
    return {pk: [(pk, path)] for pk, path in paths.items()}


def _unit_links(units):
    """{subject key: the one unit whose list shows its records}: the unit itself, or the nearest above all of
    the units it answers for (one query for all the subjects that cover several)."""
    links, wanted = {}, {}
    for key, found in units.items():
        if len(found) == 1:
            links[key] = found[0][0]
        elif found:
            wanted[key] = common_prefix((p for _pk, p in found), Unit.steplen)
    if wanted:
        pks = dict(Unit.objects.filter(path__in=set(wanted.values())).values_list("path", "pk"))
        links.update({key: pks.get(path) for key, path in wanted.items()})
    return links


@automatic(
    code="suggestions-adopted",
    label="合理化建议被采纳",
    kinds=(SubjectKind.MEMBER, SubjectKind.WORKER, SubjectKind.BRANCH, SubjectKind.TEAM),
    doc=(
        "考评期内提交并被采纳(含已实施、效益已核定、已奖励)的合理化建议条数:min(条数 ÷ 目标条数, 1) × 100。"
        "党员、职工按本人提出的;班组按本班组的;支部按其覆盖单位的(取自建议月度汇总表)。"
        "目标条数不填时:个人 1 条、班组 3 条、支部 5 条。"
    ),
    params={"goal": Param("目标条数", None, minimum=Decimal(1), maximum=Decimal(10_000))},
)
def suggestions_adopted(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    months = {"month__gte": month_number(period.start), "month__lte": month_number(period.end)}
    if kind in PERSON_SUBJECTS:
        goal = params["goal"] or ADOPTED_GOALS["person"]
        rows = (
            Suggestion.objects.filter(**among("proposer_id", keys.values()), status__in=ADOPTED_STATES, **months)
            .order_by()
            .values_list("proposer_id")
            .annotate(n=Count("id"))
        )
        counts = dict(rows)
        units = {}
    else:
        goal = params["goal"] or ADOPTED_GOALS["org" if kind in ORG_SUBJECTS else "team"]
        units = _units_of(keys, kind)
        wanted = {pk for found in units.values() for pk, _path in found}
        rows = (
            SuggestionFigures.objects.filter(unit_id__in=sorted(wanted), **months)
            .order_by()
            .values_list("unit_id")
            .annotate(n=Sum("adopted"))
        )
        by_unit = dict(rows)
        counts = {key: sum(by_unit.get(pk, 0) for pk, _path in found) for key, found in units.items()}
    links = _unit_links(units)
    result = {}
    for subject_pk, key in keys.items():
        n = counts.get(key, 0)
        if kind in PERSON_SUBJECTS:
            url = link("suggestion-list", proposer=key, adopted=1, year=period.end.year)
        else:
            url = link("suggestion-list", unit=links.get(key), adopted=1, year=period.end.year)
        result[subject_pk] = SourceValue(
            score=share_score(n, goal), value=Decimal(n), unit="条",
            detail=f"{period.label}被采纳的合理化建议 {n} 条 / {figure(goal)}", url=url,
        )  # fmt: skip
    return result


@automatic(
    code="findings-closed",
    label="问题按期整改销号",
    kinds=(SubjectKind.BRANCH, SubjectKind.LEADERSHIP, SubjectKind.TEAM),
    doc=(
        "整改期限在考评期内且已到的问题(责任单位为班组本身,或支部、领导班子所覆盖的单位及其下级)中,"
        "在期限内整改完成并已销号的比例 × 100(批准延期的按延后的期限)。没有到期问题的得满分。"
    ),
)
def findings_closed(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    units = _units_of(keys, kind)
    tops = {path: pk for found in units.values() for pk, path in found}
    prefix = common_prefix(tops, Unit.steplen)
    on_time = Q(status=FindingStatus.CLOSED, resolved_on__lte=F("deadline"))
    rows = (
        Finding.objects.filter(
            responsible_unit__path__startswith=prefix, deadline__gte=period.start, deadline__lte=period.until
        )
        .order_by()
        .values_list("responsible_unit__path")
        .annotate(n=Count("id"), ok=Count("id", filter=on_time))
    )
    due, closed = defaultdict(int), defaultdict(int)
    for path, n, ok in rows:
        for end in range(Unit.steplen, len(path) + 1, Unit.steplen):
            if path[:end] in tops:
                due[path[:end]] += n
                closed[path[:end]] += ok
    links = _unit_links(units)
    result = {}
    for subject_pk, key in keys.items():
        found = units.get(key) or []
        n, ok = sum(due[p] for _pk, p in found), sum(closed[p] for _pk, p in found)
        detail = (
            f"{period.label}截至 {period.until:%m-%d} 到期问题 {n} 个,按期整改销号 {ok} 个"
            if n
            else f"{period.label}截至 {period.until:%m-%d} 没有到期的问题"
        )
        result[subject_pk] = SourceValue(
            score=share_score(ok, n), value=share_score(ok, n), unit="%", detail=detail,
            url=link("finding-board", unit=links.get(key), due_from=period.start, due_to=period.until),
        )  # fmt: skip
    return result
