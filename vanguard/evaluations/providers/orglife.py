"""Sources read from organisational life (``orglife``): meeting compliance (the kept judgments of the
compliance rules), class hours, monthly review grades and cadres' half-days on site."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from vanguard.core.dates import month_end, month_of, workdays
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg
from vanguard.orglife.choices import ATTENDED, HELD_STATUSES, MONTHS_IN, Audience, Subject
from vanguard.orglife.models import (
    Attendance,
    ComplianceMark,
    ComplianceRule,
    FieldDay,
    Review,
    ReviewGrade,
    TrainingRecord,
)
from vanguard.orglife.selectors import study_rules
from vanguard.orglife.summaries import founded_mask

from ..choices import SubjectKind
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
    share_score,
    subject_keys,
)

# ---------------------------------------------------------------- meeting compliance


def _due_periods(rule, period):
    """(year, last month) of each period of ``rule`` that lies inside the round's period and is over."""
    size = MONTHS_IN[rule.period]
    due = []
    for year in range(period.start.year, period.end.year + 1):
        for last in range(size, 13, size):
            starts, ends = month_of(year, last - size + 1), month_end(month_of(year, last))
            if starts >= period.start and ends <= period.until:
                due.append((year, last))
    return due


def _checked_orgs(subject_orgs):
    """({org pk: (path, kind, founded)} of the branches and party groups under the subject orgs' common path,
    that path): one query."""
    prefix = common_prefix((o[0] for o in subject_orgs.values()), PartyOrg.steplen)
    rows = PartyOrg.objects.filter(path__startswith=prefix, kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP])
    orgs = {
        pk: (path, kind, founded) for pk, path, kind, founded in rows.values_list("pk", "path", "kind", "founded_on")
    }
    return orgs, prefix


@automatic(
    code="meeting-compliance",
    label="组织生活按期开展",
    kinds=(SubjectKind.BRANCH, SubjectKind.LEADERSHIP),
    doc=(
        "考评期内已到期的三会一课、主题党日、组织生活会(各项组织生活规则的每个周期,含下属党小组的党小组会)"
        "中按期召开的比例 × 100;免于考核的周期不计。领导班子按其党组织及下属全部支部、党小组计算。"
        "数据取自组织生活考核结果汇总表。"
    ),
)
def meeting_compliance(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    subject_orgs = party_orgs(keys.values())
    orgs, prefix = _checked_orgs(subject_orgs)
    rules = list(ComplianceRule.objects.filter(is_active=True).exclude(subject=Subject.REVIEW))
    due = {rule.pk: _due_periods(rule, period) for rule in rules}
    marks = ComplianceMark.objects.filter(
        org__path__startswith=prefix, year__gte=period.start.year, year__lte=period.end.year, rule_id__in=[r.pk for r in rules],
    ).values_list("org_id", "year", "rule_id", "met", "exempt")  # fmt: skip
    kept = {(o, y, r): (m, e) for o, y, r, m, e in marks}
    by_path = {o[0]: pk for pk, o in subject_orgs.items()}
    owners = owners_by_prefix((o[0] for o in orgs.values()), set(by_path), PartyOrg.steplen)
    held, owed = defaultdict(int), defaultdict(int)
    for org_pk, (path, org_kind, founded) in orgs.items():
        for rule in rules:
            if rule.org_kind != org_kind:
                continue
            for year, last in due[rule.pk]:
                met, exempt = kept.get((org_pk, year, rule.pk)) or (0, founded_mask(rule, year, founded))
                if exempt >> last & 1 and not met >> last & 1:
                    continue
                for owner in owners[path]:
                    owed[owner] += 1
                    held[owner] += met >> last & 1
    result = {}
    for subject_pk, org_pk in keys.items():
        path = subject_orgs[org_pk][0]
        n, ok = owed[path], held[path]
        detail = (
            f"{period.label}截至 {period.until:%m-%d} 应开组织生活 {n} 次,按期召开 {ok} 次"
            if n
            else f"{period.label}截至 {period.until:%m-%d} 尚无到期的组织生活"
        )
        result[subject_pk] = SourceValue(
            score=share_score(ok, n), value=share_score(ok, n), unit="%", detail=detail,
            url=link("compliance", org=org_pk, year=period.until.year),
        )  # fmt: skip
    return result


# ---------------------------------------------------------------- class hours


def _hours(people, period):
    """{person: (hours at meetings, hours in training)} over the period: two grouped queries."""
    attended = (
        Attendance.objects.filter(
            **among("person_id", people),
            status__in=ATTENDED,
            meeting__status__in=HELD_STATUSES,
            meeting__date__gte=period.start,
            meeting__date__lte=period.end,
        )  # fmt: skip
        .order_by()
        .values_list("person_id")
        .annotate(h=Sum("meeting__class_hours"))
    )
    trained = (
        TrainingRecord.objects.filter(**among("person_id", people), date__gte=period.start, date__lte=period.end)
        .order_by()
        .values_list("person_id")
        .annotate(h=Sum("hours"))
    )
    hours = defaultdict(lambda: [ZERO, ZERO])
    for pid, h in attended:
        hours[pid][0] = Decimal(h or 0)
    for pid, h in trained:
        hours[pid][1] = Decimal(h or 0)
    return hours


@automatic(
    code="study-hours",
    label="学习培训学时",
    kinds=(SubjectKind.MEMBER, SubjectKind.CADRE, SubjectKind.WORKER),
    doc=(
        "考评期内的学时(出席已召开会议的学时 + 培训学时)对照学时要求:min(学时 ÷ 要求学时, 1) × 100。"
        "要求学时不填时按学习规则:党员、职工 40 学时,干部按干部培训规则。"
    ),
    params={"hours": Param("要求学时", None, minimum=Decimal("0.5"), maximum=Decimal(1000))},
)
def study_hours(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    goal = params["hours"]
    if goal is None:
        rules = study_rules()
        goal = rules.get(Audience.CADRE if kind == SubjectKind.CADRE else Audience.MEMBER) or Decimal(40)
    hours = _hours(keys.values(), period)
    result = {}
    for subject_pk, person_id in keys.items():
        meetings, training = hours.get(person_id, (ZERO, ZERO))
        total = meetings + training
        result[subject_pk] = SourceValue(
            score=share_score(total, goal), value=places(total), unit="学时",
            detail=f"{period.label}学时 {figure(total)} / {figure(goal)}(会议 {figure(meetings)},培训 {figure(training)})",
            url=_person_year(person_id, period),
        )  # fmt: skip
    return result


def _person_year(person_id, period):
    """A person's year of organisational life: the meetings attended, training and reviews behind the figure."""
    return link("person-year", person_id, year=period.until.year)


# ---------------------------------------------------------------- monthly reviews

REVIEW_POINTS = {"praise": Decimal(100), "affirm": Decimal(85), "remind": Decimal(60), "spur": Decimal(30)}


@automatic(
    code="review-ratings",
    label="每月讲评",
    kinds=(SubjectKind.MEMBER,),
    doc=(
        "考评期内每月讲评等级的平均分:表扬 100、肯定 85、提醒 60、鞭策 30(分值可在参数中按等级代码调整,"
        "未列出的等级按 60)。考评期内没有讲评的不计分。"
    ),
    params={"points": Param("等级分值", REVIEW_POINTS, mapping=True)},
)
def review_ratings(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    points = params["points"]
    rows = (
        Review.objects.filter(
            **among("person_id", keys.values()),
            month__gte=month_of(period.start.year, period.start.month),
            month__lte=period.end,
        )  # fmt: skip
        .order_by()
        .values_list("person_id", "grade_id")
        .annotate(n=Count("id"))
    )
    names = {pk: (code, label) for pk, code, label in ReviewGrade.objects.values_list("pk", "code", "label")}
    grades = defaultdict(list)
    for pid, grade_id, n in rows:
        grades[pid].append((*names[grade_id], n))
    result = {}
    for subject_pk, person_id in keys.items():
        mine = grades.get(person_id)
        if not mine:
            continue
        n = sum(c for _code, _label, c in mine)
        total = sum(points.get(code, Decimal(60)) * c for code, _label, c in mine)
        score = places(total / n)
        counts = "、".join(f"{label} {c}" for _code, label, c in sorted(mine, key=lambda g: -points.get(g[0], 60)))
        result[subject_pk] = SourceValue(
            score=score, value=score, unit="分",
            detail=f"{period.label}讲评 {n} 次:{counts},平均 {figure(score)} 分",
            url=_person_year(person_id, period),
        )  # fmt: skip
    return result


# ---------------------------------------------------------------- half-days on site


@automatic(
    code="field-days",
    label="深入现场",
    kinds=(SubjectKind.CADRE,),
    doc=(
        "考评期内截至今日的工作日中,有深入现场记录(至少半天)的天数所占比例 × 100"
        "(每个工作日至少半天深入现场)。工作日按法定节假日和调休计算。"
    ),
)
def field_days(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    due = workdays(period.start, period.until) if period.until >= period.start else []
    rows = (
        FieldDay.objects.filter(**among("person_id", keys.values()), date__gte=period.start, date__lte=period.until)
        .order_by()
        .values_list("person_id", "date")
        .annotate(n=Count("id"))
    )
    due_days = set(due)
    covered, halves = defaultdict(int), defaultdict(int)
    for pid, day, n in rows:
        halves[pid] += n
        covered[pid] += day in due_days
    month = period.until
    result = {}
    for subject_pk, person_id in keys.items():
        days = covered[person_id]
        result[subject_pk] = SourceValue(
            score=share_score(days, len(due)), value=Decimal(days), unit="天",
            detail=f"{period.label}截至 {period.until:%m-%d} 工作日 {len(due)} 天,深入现场 {days} 天(共 {halves[person_id]} 个半天)",
            url=link("field-days", month=f"{month:%Y-%m}", person=person_id),
        )  # fmt: skip
    return result
