"""Reads of talent for a user: the talent pool (人才库) and what it shows of each person, read from the apps
that keep the facts (training hours from ``orglife``, projects from ``projects``, adopted suggestions from
``voices``, contest placings from the competitions), never typed again; nominations, plans and studios.

Each figure of a page is one grouped query over the page's people, so a page costs the same whatever the
size of the company.
"""

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from vanguard.core.choices import Action
from vanguard.core.dates import month_number
from vanguard.core.excel import AMOUNT, CODE, DATE, INTEGER, NUMBER, Column, neutralise, report_title, write_table
from vanguard.core.exports import counted, register_export
from vanguard.org.models import Person
from vanguard.orglife.models import TrainingRecord
from vanguard.projects.choices import ProjectStatus
from vanguard.projects.models import ProjectMember
from vanguard.voices.choices import ADOPTED_STATES
from vanguard.voices.models import Suggestion

from ..choices import AwardStatus, NominationStatus
from ..models import InnovationStudio, TalentAward, TalentNomination, TalentPlan

POOL_PAGE = 25
# Projects that never went ahead do not count as a person's work.
NOT_UNDERTAKEN = (ProjectStatus.PROPOSED, ProjectStatus.RETURNED, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)
POOL_STATES = {"current": "在期", "due": "聘期将满或已满待复评", "expired": "已到期", "all": "全部"}
REASSESS_AHEAD_DAYS = 90  # a re-assessment is organised before the term ends


def contest_placings(person_ids, year) -> dict[int, list[str]]:
    """Each person's contest placings of ``year`` (技术比武 名次), as short labels: the one place where the
    competitions' results enter the pool. Only results made final (公布) count, ranked (not vetoed), in one query."""
    from ..models import CompetitionResult, CompetitionStanding

    final = CompetitionResult.objects.filter(
        competition_id=OuterRef("competition_id"), first_month=OuterRef("first_month"),
        last_month=OuterRef("last_month"), published=True,
    )  # fmt: skip
    rows = (
        CompetitionStanding.objects.filter(entry__person_id__in=list(person_ids), competition__year=year,
                                           rank__isnull=False)
        .filter(Exists(final))
        .order_by("entry__person_id", "rank", "competition__name")
        .values_list("entry__person_id", "competition__name", "rank")
    )  # fmt: skip
    placings = {}
    for person_id, name, rank in rows:
        placings.setdefault(person_id, []).append(f"{name} 第{rank}名")
    return placings


@dataclass
class PoolRow:
    person: Person
    awards: list = field(default_factory=list)
    placings: list = field(default_factory=list)
    training_hours: Decimal = Decimal(0)
    projects: int = 0
    suggestions: int = 0


def _awards_in(state, today):
    awards = TalentAward.objects.all()
    if state == "current":
        return awards.current(today)
    if state == "due":
        return awards.due_for_reassessment(today, today + datetime.timedelta(days=REASSESS_AHEAD_DAYS))
    if state == "expired":
        return awards.expired(today)
    return awards.exclude(status=AwardStatus.REVOKED)


def pool_people(*, user, today, state="current", channel="", title=None, unit=None, search=""):
    """The people of the pool ``user`` sees: holders of a title (in force, expired, or either) over his units,
    filtered by channel, title, unit and name or 工号."""
    awards = _awards_in(state, today).restrict(user, Action.VIEW)
    if title is not None:
        awards = awards.filter(title=title)
    people = Person.objects.filter(pk__in=awards.values("person_id"))
    if channel:
        people = people.filter(channel=channel)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if search:
        people = people.search(search)
    return people.order_by("employee_no")


def pool_rows(*, user, person_ids, year, today) -> list[PoolRow]:
    """The pool's rows for one page of people: titles and the figures read from the other apps."""
    people = Person.objects.filter(pk__in=person_ids).select_related("unit").order_by("employee_no")
    rows = {p.pk: PoolRow(person=p) for p in people}
    awards = (
        TalentAward.objects.restrict(user, Action.VIEW)
        .filter(person_id__in=rows)
        .exclude(status=AwardStatus.REVOKED)
        .select_related("title")
        .order_by("-valid_to")
    )
    for award in awards:
        award.in_force = award.counts_on(today)
        rows[award.person_id].awards.append(award)
    for pid, figures in person_figures(list(rows), year).items():
        for name, value in figures.items():
            setattr(rows[pid], name, value)
    for pid, placings in contest_placings(list(rows), year).items():
        rows[pid].placings = placings
    return list(rows.values())


def person_figures(person_ids, year) -> dict[int, dict]:
    """Training hours, projects and adopted suggestions of ``year`` per person: a grouped query each."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    found = defaultdict(dict)
    hours = (
        TrainingRecord.objects.filter(person_id__in=person_ids, date__gte=first, date__lte=last)
        .values("person_id")
        .annotate(total=Sum("hours"))
    )
    for row in hours:
        found[row["person_id"]]["training_hours"] = row["total"]
    projects = (
        ProjectMember.objects.filter(
            person_id__in=person_ids,
            project__start_month__lte=month_number(last), project__end_month__gte=month_number(first),
        )
        .exclude(project__status__in=NOT_UNDERTAKEN)
        .values("person_id")
        .annotate(n=Count("project_id", distinct=True))
    )  # fmt: skip
    for row in projects:
        found[row["person_id"]]["projects"] = row["n"]
    adopted = (
        Suggestion.objects.filter(proposer_id__in=person_ids, status__in=ADOPTED_STATES, submitted_on__year=year)
        .values("proposer_id")
        .annotate(n=Count("pk"))
    )
    for row in adopted:
        found[row["proposer_id"]]["suggestions"] = row["n"]
    return found


def my_awards(*, person, today):
    awards = list(person.talent_awards.select_related("title").order_by("-valid_to"))
    for award in awards:
        award.in_force = award.counts_on(today)
    return awards


# ---------------------------------------------------------------- nominations, plans, studios


def awaiting_my_scores(user):
    """Nominations under assessment on whose panel ``user`` sits and which he has not scored yet."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    return TalentNomination.objects.filter(status=NominationStatus.ASSESSING, panel__pk=person_id).exclude(
        scores__assessor_id=person_id
    )


def nomination_list(*, user, status="", year=None, title=None, search="", todo=""):
    qs = TalentNomination.objects.restrict(user, Action.VIEW)
    if todo == "score":
        qs = qs.filter(pk__in=awaiting_my_scores(user).values("pk"))
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if title is not None:
        qs = qs.filter(title=title)
    if search:
        qs = qs.filter(person__in=Person.objects.search(search))
    return qs.order_by("-year", "-pk")


def nomination_sheet(*, nomination):
    """The panel with each assessor's scores per criterion and total (three queries)."""
    criteria = list(nomination.title.criteria.all())
    panel = list(nomination.panel.order_by("name"))
    scores = defaultdict(dict)
    for s in nomination.scores.all():
        scores[s.assessor_id][s.criterion_id] = s.score
    rows = []
    for person in panel:
        mine = scores.get(person.pk, {})
        cells = [mine.get(c.pk) for c in criteria]
        done = all(v is not None for v in cells)
        rows.append({"person": person, "cells": cells, "total": sum(cells) if done else None, "done": done})
    return criteria, rows


def plan_list(*, user, year=None, unit=None):
    qs = TalentPlan.objects.restrict(user, Action.VIEW).select_related("unit")
    if year:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.annotate(trained=Sum("records__hours"), paid=Sum("records__amount"), lines=Count("records")).order_by(
        "-year", "unit__path", "pk"
    )


def studio_list(*, user, level="", unit=None, search="", due_before=None):
    qs = InnovationStudio.objects.restrict(user, Action.VIEW).select_related("unit", "lead")
    if due_before is not None:
        qs = qs.filter(revoked=False, reconfirm_due__lt=due_before)
    if level:
        qs = qs.filter(level=level)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if search:
        qs = qs.filter(Q(name__contains=search) | Q(lead__name__contains=search))
    return qs.annotate(member_count=Count("members", distinct=True)).order_by("unit__path", "pk")


# ---------------------------------------------------------------- exports (declared at start-up: ``apps.py``)

POOL_EXPORT = "indicators.talent_pool"
PLAN_LEDGER_EXPORT = "indicators.talent_plan_ledger"
STUDIO_EXPORT = "indicators.studio_registry"

POOL_COLUMNS = [
    Column("工号", 12, kind=CODE), Column("姓名", 10), Column("单位", 24), Column("人才通道", 10), Column("称号(聘期)", 40),
    Column("竞赛名次", 24), Column("培训学时", 10, kind=NUMBER), Column("参与项目", 8, kind=INTEGER),
    Column("采纳建议", 8, kind=INTEGER),
]  # fmt: skip
PLAN_COLUMNS = [
    Column("年度", 8, kind=INTEGER), Column("单位", 24), Column("规划", 24), Column("通道", 10), Column("类别", 8),
    Column("日期", 12, kind=DATE), Column("人员", 10), Column("内容", 30), Column("学时", 8, kind=NUMBER),
    Column("金额(元)", 12, kind=AMOUNT),
]  # fmt: skip
STUDIO_COLUMNS = [
    Column("工作室", 24), Column("单位", 24), Column("领办人", 10), Column("级别", 10), Column("命名日期", 12, kind=DATE),
    Column("成员数", 8, kind=INTEGER), Column("下次复核", 12, kind=DATE), Column("状态", 10), Column("创新方向", 30),
]  # fmt: skip


def _award_label(award):
    return f"{award.title.name}({award.valid_from:%Y.%m}–{award.valid_to:%Y.%m}{'' if award.in_force else ',已到期'})"


@register_export(POOL_EXPORT, "人才库")
def pool_export(user, params, progress):
    from django.utils import timezone

    from ..views.talent import filtered_pool

    today = timezone.localdate()
    _form, people, year = filtered_pool(user, params, today)
    ids = list(people.values_list("pk", flat=True))

    def rows():
        for start in range(0, len(ids), 500):
            for row in pool_rows(user=user, person_ids=ids[start : start + 500], year=year, today=today):
                p = row.person
                yield [p.employee_no, p.name, p.unit.name, p.get_channel_display(),
                       "、".join(_award_label(a) for a in row.awards), "、".join(row.placings),
                       row.training_hours or 0, row.projects, row.suggestions]  # fmt: skip

    data = write_table(columns=POOL_COLUMNS, rows=counted(rows(), len(ids), progress), sheet_name="人才库",
                       title=report_title(f"人才库({year}年)"))  # fmt: skip
    return data, f"人才库-{today:%Y%m%d}.xlsx"


@register_export(PLAN_LEDGER_EXPORT, "人才培养使用规划执行台账")
def plan_ledger_export(user, params, progress):
    from django.utils import timezone

    from ..models import TalentPlanRecord
    from ..views.talent import filtered_plans

    _form, plans = filtered_plans(user, params)
    records = TalentPlanRecord.objects.filter(plan__in=plans.values("pk")).select_related("plan__unit", "person")
    total = records.count()
    rows = (
        [r.plan.year, r.plan.unit.name, r.plan.name, r.plan.get_channel_display() or "三支队伍", r.get_kind_display(),
         r.date, r.person.name if r.person else "", r.content, r.hours, r.amount]
        for r in counted(records.order_by("plan__year", "plan_id", "date", "pk").iterator(chunk_size=2000), total,
                         progress)
    )  # fmt: skip
    name = f"人才培养使用规划执行台账-{timezone.localdate():%Y%m%d}"
    if params.get("format") == "csv":
        return _csv(PLAN_COLUMNS, rows), f"{name}.csv"
    data = write_table(
        columns=PLAN_COLUMNS, rows=rows, sheet_name="执行台账", title=report_title("人才培养使用规划执行台账")
    )
    return data, f"{name}.xlsx"


def _csv(columns, rows) -> bytes:
    """A ledger as CSV for other systems: UTF-8 with a BOM (Excel opens it in Chinese), formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.title for c in columns])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode()


@register_export(STUDIO_EXPORT, "职工创新工作室")
def studio_export(user, params, progress):
    from django.utils import timezone

    from ..views.studios import filtered_studios

    today = timezone.localdate()
    _form, qs = filtered_studios(user, params)
    total = qs.count()
    rows = (
        [s.name, s.unit.name, s.lead.name, s.get_level_display(), s.founded, s.member_count + 1, s.reconfirm_due,
         "已撤销命名" if s.revoked else ("逾期未复核" if s.reconfirm_overdue(today) else "正常"), s.focus]
        for s in counted(qs.iterator(chunk_size=2000), total, progress)
    )  # fmt: skip
    data = write_table(
        columns=STUDIO_COLUMNS, rows=rows, sheet_name="创新工作室", title=report_title("职工创新工作室名录")
    )
    return data, f"职工创新工作室-{today:%Y%m%d}.xlsx"
