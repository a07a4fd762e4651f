"""Project benefits (``projects``): the merit projects, task forces and innovation projects accepted (验收) in
the round's period that a subject led or took part in, and the benefit measured at their acceptance."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from vanguard.org.models import PartyOrg
from vanguard.projects.choices import COMPLETED_STATUSES
from vanguard.projects.models import Project, ProjectMember

from ..choices import ORG_SUBJECTS, PERSON_SUBJECTS, SubjectKind
from ..sources import SourceValue
from .base import (
    ZERO,
    Param,
    among,
    automatic,
    common_prefix,
    figure,
    link,
    owners_by_prefix,
    party_orgs,
    places,
    subject_keys,
)

# (accepted projects, benefit in yuan) that make a full score, by kind of subject, unless the params say.
GOALS = {
    "person": (Decimal(1), Decimal(50_000)),
    "team": (Decimal(2), Decimal(200_000)),
    "org": (Decimal(3), Decimal(500_000)),
}


def _bounds(period):
    """The period as aware datetimes (``accepted_at`` is a moment): its first instant and the next day's."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return first, after


def _accepted(period, prefix=""):
    """Projects accepted in the period: by their acceptance moment, or by their end date when it was not recorded
    (projects loaded from a ledger)."""
    first, after = _bounds(period)
    when = Q(**{f"{prefix}accepted_at__gte": first, f"{prefix}accepted_at__lt": after}) | Q(
        **{
            f"{prefix}accepted_at__isnull": True,
            f"{prefix}end_date__gte": period.start,
            f"{prefix}end_date__lte": period.end,
        }
    )
    return Q(**{f"{prefix}status__in": COMPLETED_STATUSES}) & when


def _projects_of(round_, keys, kind, period):
    """{subject key: {project pk: measured benefit}} (one query)."""
    found = defaultdict(dict)
    if kind in ORG_SUBJECTS:
        orgs = party_orgs(keys.values())
        by_path = {o[0]: pk for pk, o in orgs.items()}
        prefix = common_prefix(by_path, PartyOrg.steplen)
        rows = Project.objects.filter(_accepted(period), branch__path__startswith=prefix).values_list(
            "branch__path", "pk", "measured_benefit"
        )
        owners = {}
        for path, pk, benefit in rows:
            if path not in owners:
                owners[path] = owners_by_prefix([path], set(by_path), PartyOrg.steplen)[path]
            for owner in owners[path]:
                found[by_path[owner]][pk] = benefit
        return found
    column = "person_id" if kind in PERSON_SUBJECTS else "person__unit_id"
    rows = ProjectMember.objects.filter(_accepted(period, "project__"), **among(column, keys.values())).values_list(
        column, "project_id", "project__measured_benefit"
    )
    for owner, pk, benefit in rows:
        found[owner][pk] = benefit
    return found


@automatic(
    code="project-benefits",
    label="立项攻关成效",
    kinds=(SubjectKind.MEMBER, SubjectKind.BRANCH, SubjectKind.TEAM),
    doc=(
        "考评期内验收(无验收时间的按结束日期)的立功立项、攻关、课题、五小项目(党员为其负责或参加的,支部为所属支部及下级的,班组为"
        "班组成员参加的):min(项目数 ÷ 目标项目数, 1) × 50 + min(验收效益 ÷ 目标效益, 1) × 50。"
        "目标不填时:党员 1 项、5 万元;班组 2 项、20 万元;支部 3 项、50 万元。没有验收项目的不计分。"
    ),
    params={
        "projects": Param("目标项目数", None, minimum=Decimal(1), maximum=Decimal(1000)),
        "benefit": Param("目标效益(元)", None, minimum=Decimal(1)),
    },
)
def project_benefits(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    size = "person" if kind in PERSON_SUBJECTS else "org" if kind in ORG_SUBJECTS else "team"
    goal_projects = params["projects"] or GOALS[size][0]
    goal_benefit = params["benefit"] or GOALS[size][1]
    found = _projects_of(round_, keys, kind, period)
    result = {}
    for subject_pk, key in keys.items():
        projects = found.get(key)
        if not projects:
            continue
        n, benefit = len(projects), sum((b or ZERO for b in projects.values()), ZERO)
        score = min(Decimal(n) / goal_projects, Decimal(1)) * 50 + min(benefit / goal_benefit, Decimal(1)) * 50
        result[subject_pk] = SourceValue(
            score=places(score), value=places(benefit), unit="元",
            detail=f"{period.label}验收项目 {n} 项 / {figure(goal_projects)},验收效益 {benefit:,.0f} 元 / {goal_benefit:,.0f} 元",
            url=_url(kind, key, period),
        )  # fmt: skip
    return result


def _url(kind, key, period):
    param = "person" if kind in PERSON_SUBJECTS else "branch" if kind in ORG_SUBJECTS else "unit"
    return link("project-list", stage="completed", year=period.end.year, **{param: key})
