"""Demo suggestions: workers of every unit propose (texts from ``texts.py``: plant ideas and their
rewordings), and the suggestions stand in every state of the workflow, with their review history, some
overdue, near-duplicates marked as such (credit to the first) and rewarded ones within their tier.

Deterministic for a size and a day; built with bulk writes after the demo company.
"""

import functools
import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.dates import add_months, workdays
from vanguard.org.choices import SECTION_AND_ABOVE, CadreLevel, UnitKind
from vanguard.org.models import Person, Unit, User
from vanguard.orglife.models import Meeting

from . import events
from .choices import (
    REGULATION_1986_TIERS,
    WAITING_STATES,
    ExtensionStatus,
    FindingSource,
    FindingStatus,
    SuggestionStatus,
    SuggestionStep,
    VisitKind,
)
from .models import CoProposer, Finding, FindingExtension, FindingStep, Suggestion, SuggestionReview, Visit
from .services.findings import finding_bulk_create
from .services.suggestions import reply_deadlines, suggestion_bulk_create, workflow_defaults_ensure
from .texts import draw_texts

S = SuggestionStatus
SUGGESTIONS = {"tiny": 300, "small": 3000, "large": 30000}
DUPLICATE_SHARE = 0.15  # of the texts that reword an earlier idea
MARKED_SHARE = 0.7  # of those the reviewers caught (the others are still in the workflow)
# Where the other suggestions stand (weights).
STATE_MIX = (
    (S.SUBMITTED, 8), (S.UNIT_REVIEWED, 6), (S.RETURNED, 5), (S.REJECTED, 12), (S.ADOPTED, 10),
    (S.IMPLEMENTED, 8), (S.VERIFIED, 6), (S.REWARDED, 20),
)  # fmt: skip
# The steps that lead to each state from submission.
PATHS = {
    S.SUBMITTED: (),
    S.UNIT_REVIEWED: (SuggestionStep.UNIT_PASS,),
    S.RETURNED: (SuggestionStep.UNIT_PASS, SuggestionStep.RETURN),
    S.REJECTED: (SuggestionStep.UNIT_PASS, SuggestionStep.REJECT),
    S.DUPLICATE: (SuggestionStep.DUPLICATE,),
    S.ADOPTED: (SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND),
    S.IMPLEMENTED: (SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND, SuggestionStep.IMPLEMENT),
    S.VERIFIED: (SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND, SuggestionStep.IMPLEMENT, SuggestionStep.VERIFY),
    S.REWARDED: (
        SuggestionStep.UNIT_PASS, SuggestionStep.RECOMMEND, SuggestionStep.IMPLEMENT, SuggestionStep.VERIFY,
        SuggestionStep.REWARD,
    ),
}  # fmt: skip
STEP_TO = {
    SuggestionStep.UNIT_PASS: S.UNIT_REVIEWED, SuggestionStep.RECOMMEND: S.ADOPTED, SuggestionStep.RETURN: S.RETURNED,
    SuggestionStep.REJECT: S.REJECTED, SuggestionStep.DUPLICATE: S.DUPLICATE, SuggestionStep.IMPLEMENT: S.IMPLEMENTED,
    SuggestionStep.VERIFY: S.VERIFIED, SuggestionStep.REWARD: S.REWARDED,
}  # fmt: skip
REASONS = {
    SuggestionStep.RETURN: ("请补充现状数据和效益测算依据。", "措施不够具体,请写明实施位置和做法。"),
    SuggestionStep.REJECT: (
        "该问题已列入年度技改项目,不再单独立项。",
        "投入大于收益,暂不采纳。",
        "现有工艺条件下无法实施。",
    ),
}
# Days a suggestion spends at each step before the next, as demo data reads plausibly.
STEP_DAYS = (3, 12)


class SuggestionsDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size = size
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-suggestions-{size}")
        self.tz = timezone.get_current_timezone()
        rows = Person.objects.filter(is_active=True, unit__isnull=False).order_by("employee_no")
        self.people = list(rows.values_list("pk", "unit_id"))
        by_unit = {}
        for pk, unit in self.people:
            by_unit.setdefault(unit, []).append(pk)
        self.by_unit = by_unit
        workflow_defaults_ensure()
        self.deadlines = reply_deadlines()
        first = add_months(self.today, -40)
        self.workdays = workdays(first, self.today + timedelta(days=200))
        self.workday_index = {day: n for n, day in enumerate(self.workdays)}

    def add_workdays(self, day, n):
        """``core.dates.add_workdays`` on the calendar read once (a query per suggestion would be thousands)."""
        while day not in self.workday_index:
            day += timedelta(days=1)
        return self.workdays[self.workday_index[day] + n]

    def pick_state(self):
        return self.rng.choices([s for s, _ in STATE_MIX], weights=[w for _, w in STATE_MIX])[0]

    def dates(self, state, steps):
        """The submission day and the day of each step: finished ones long enough ago for 12 months of benefit."""
        rng = self.rng
        # The benefit is verified once its 12 months from the month after implementation are over.
        span = [rng.randint(395, 430) if step == SuggestionStep.VERIFY else rng.randint(*STEP_DAYS) for step in steps]
        # Waiting: the last step recent, some past their deadline, most not. Settled: any time in the last years.
        back = sum(span) + rng.randint(0, 30 if state in WAITING_STATES else 500)
        submitted = self.today - timedelta(days=back)
        days, day = [], submitted
        for n in span:
            day += timedelta(days=n)
            days.append(min(day, self.today))
        return submitted, days

    def build(self):
        if not self.people:
            return 0
        rng, total = self.rng, SUGGESTIONS.get(self.size, SUGGESTIONS["tiny"])
        texts = draw_texts(rng, total, duplicate_share=DUPLICATE_SHARE)
        plan = []  # (text, state, proposer, unit)
        for text in texts:
            state = self.pick_state()
            if text.duplicate_of is not None and rng.random() < MARKED_SHARE:
                state = S.DUPLICATE
            pk, unit = rng.choice(self.people)
            plan.append((text, state, pk, unit))
        self.give_persona_one(plan)
        # Numbers by year in the order of submission, as the service gives them.
        rows, reviews, co = [], {}, {}
        for i, (text, state, proposer, unit) in enumerate(plan):
            steps = PATHS[state]
            submitted, days = self.dates(state, steps)
            if state == S.DUPLICATE:  # a duplicate comes after its original, and is caught within days
                first = rows[text.duplicate_of].submitted_on
                submitted = min(max(submitted, first + timedelta(days=rng.randint(1, 20))), self.today)
                days = [min(submitted + timedelta(days=rng.randint(*STEP_DAYS)), self.today)]
            row = Suggestion(
                title=text.title, content=text.content, category=text.category, expected_benefit=text.expected_benefit,
                proposer_id=proposer, unit_id=unit, status=state, submitted_on=submitted,
            )  # fmt: skip
            self.outcome(row, steps, days, text)
            last = days[-1] if days else submitted
            row.due_date = self.add_workdays(last, self.deadlines[state]) if state in self.deadlines else None
            rows.append(row)
            reviews[i] = self.history(row, steps, submitted, days)
            mates = [p for p in self.by_unit.get(unit, ()) if p != proposer]
            if mates and rng.random() < 0.15:
                co[i] = [CoProposer(person_id=p) for p in rng.sample(mates, min(len(mates), rng.randint(1, 2)))]
        order = sorted(range(len(rows)), key=lambda n: (rows[n].submitted_on, n))
        seq = {}
        for n in order:
            year = rows[n].submitted_on.year
            if year not in seq:  # after the year's last number (a demo built again adds to it)
                last = Suggestion.objects.filter(number__startswith=f"JY{year}-").order_by("-number").first()
                seq[year] = int(last.number[-5:]) if last else 0
            seq[year] += 1
            rows[n].number = f"JY{year}-{seq[year]:05d}"
        created = suggestion_bulk_create(
            actor=system_actor(), suggestions=rows, reviews=reviews, co_proposers=co, action=events.SUGGESTION_IMPORT
        )
        self.link_duplicates(created, plan)
        if self.stdout:
            marked = sum(1 for _t, state, _p, _u in plan if state == S.DUPLICATE)
            self.stdout.write(f"  voices: {len(created)} suggestions, {marked} marked as duplicates")
        return len(created)

    def give_persona_one(self, plan):
        """The worker persona proposes at least one suggestion at every size, so his own page shows the same
        parts at every scale (a random draw over 40,000 people may leave him out)."""
        zhigong = User.objects.filter(username="zhigong").values_list("person__pk", "person__unit_id").first()
        if plan and zhigong and zhigong[0] and all(proposer != zhigong[0] for _, _, proposer, _ in plan):
            text, state, _, _ = plan[-1]
            plan[-1] = (text, state, *zhigong)

    def outcome(self, row, steps, days, text):
        """The figures the steps wrote: cost, the benefit of 12 months net of it, the reward within its tier."""
        rng = self.rng
        if SuggestionStep.RECOMMEND in steps:
            row.within_duty = rng.random() < 0.05
        if SuggestionStep.IMPLEMENT in steps:
            row.implementation_cost = Decimal(rng.randrange(0, 50) * 1000)
        if SuggestionStep.VERIFY in steps:
            implemented = days[steps.index(SuggestionStep.IMPLEMENT)]
            row.benefit_from = add_months(implemented, 1)
            expected = text.expected_benefit or Decimal(rng.randrange(2, 30) * 1000)
            row.gross_benefit = (expected * Decimal(rng.uniform(0.5, 1.3))).quantize(Decimal("1"))
            row.verified_benefit = row.gross_benefit - row.implementation_cost
            row.benefit_evidence = "财务部效益核算单"
            row.finance_signoff = "财务部"
        if SuggestionStep.REWARD in steps:
            net = max(row.verified_benefit, Decimal(0))
            for low, high, least, most, certificate in REGULATION_1986_TIERS:
                if net >= low and (high is None or net < high):
                    row.reward_amount = Decimal(rng.randint(least, most) // 50 * 50)
                    row.reward_certificate = certificate
                    break

    def history(self, row, steps, submitted, days):
        at = datetime.combine(submitted, time(9), tzinfo=self.tz)
        found = [SuggestionReview(step=SuggestionStep.SUBMIT, to_status=S.SUBMITTED, actor_name="演示数据", at=at)]
        status = S.SUBMITTED
        for step, day in zip(steps, days, strict=True):
            reason = self.rng.choice(REASONS[step]) if step in REASONS else ""
            if step == SuggestionStep.DUPLICATE:
                reason = "与此前提交的建议重复"
            when = datetime.combine(day, time(15), tzinfo=self.tz)
            found.append(
                SuggestionReview(
                    step=step,
                    from_status=status,
                    to_status=STEP_TO[step],
                    reason=reason,
                    actor_name="演示数据",
                    at=when,
                )  # fmt: skip
            )
            status = STEP_TO[step]
        return found

    def link_duplicates(self, created, plan):
        """Point each marked duplicate at the first suggestion of its idea (the credit stays there)."""
        changed = []
        for i, (text, state, _p, _u) in enumerate(plan):
            if state == S.DUPLICATE and text.duplicate_of is not None:
                row = created[i]
                row.duplicate_of_id = created[text.duplicate_of].pk
                changed.append(row)
        Suggestion.objects.bulk_update(changed, ["duplicate_of"], batch_size=2000)
        # The later proposer joined some of the originals as co-proposer, as the page offers.
        proposer_of = {row.pk: row.proposer_id for row in created}
        joined = {}
        for row in changed[::3]:
            proposer, original = row.proposer_id, row.duplicate_of_id
            if proposer != proposer_of[original] and (original, proposer) not in joined:
                joined[(original, proposer)] = CoProposer(suggestion_id=original, person_id=proposer, joined=True)
        taken = set(
            CoProposer.objects.filter(suggestion_id__in=[o for o, _ in joined]).values_list(
                "suggestion_id", "person_id"
            )
        )
        CoProposer.objects.bulk_create([c for key, c in joined.items() if key not in taken], batch_size=2000)


@transaction.atomic
def build_demo_suggestions(size, stdout=None, today=None):
    demo = SuggestionsDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---------------------------------------------------------------- visits and findings

VISITS = {"tiny": 16, "small": 120, "large": 2000}
FINDINGS = {"tiny": 80, "small": 900, "large": 30000}
FINDING_MIX = (
    (FindingStatus.OPEN, 12), (FindingStatus.ACCEPTED, 10), (FindingStatus.RECTIFYING, 24),
    (FindingStatus.REOPENED, 5), (FindingStatus.RESOLVED, 11), (FindingStatus.CLOSED, 38),
)  # fmt: skip
SOURCE_MIX = (
    (FindingSource.VISIT, 55), (FindingSource.MEETING, 12), (FindingSource.SUGGESTION, 5),
    (FindingSource.APPRAISAL, 13), (FindingSource.INSPECTION, 15),
)  # fmt: skip
PROBLEMS = (
    "穿孔机导板磨损超限仍在使用", "来料管端壁厚超差未及时反馈", "交接班记录不全,设备隐患未交代", "下游反映管体外表划伤",
    "冷床区域照明不足", "吊具点检记录缺失", "废油未按规定回收", "工序间在制品堆放超高", "质检数据录入滞后一天",
    "客户反映包装标识不清", "加热炉温度曲线偏离工艺卡", "备件库账实不符",
)  # fmt: skip
MEASURES = ("建立台账,按周检查", "修订作业指导书并培训到人", "增设检测点,每班复核", "明确责任人,限期整改到位")
INSPECTIONS = ("安全生产月专项检查", "质量体系内审", "设备点检专项检查", "6S 现场检查")
APPRAISALS = ("四好班组考评", "季度党建考核", "星级作业区评比")
CUSTOMERS = ("某油田物资供应处", "某管道工程公司", "某石化装备公司")
# How long ago findings in each state were raised (days); the active ones: (0, 45).
RAISED_DAYS_AGO = {FindingStatus.CLOSED: (20, 170), FindingStatus.RESOLVED: (5, 60)}
# Steps of the loop in order, with the action that reaches each state.
PATH = (
    ("accept", FindingStatus.OPEN, FindingStatus.ACCEPTED),
    ("start", FindingStatus.ACCEPTED, FindingStatus.RECTIFYING),
    ("resolve", FindingStatus.RECTIFYING, FindingStatus.RESOLVED),
)


@functools.cache
def _stamp(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


class FindingsDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size, self.stdout = size, stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-findings-{size}")
        self.asked = 0  # extension requests made so far
        self.load()

    def load(self):
        areas = list(Unit.objects.filter(kind=UnitKind.AREA).order_by("path").values_list("pk", "path"))
        self.areas = [pk for pk, _ in areas]
        self.plant_of = {pk: path[: Unit.steplen * 2] for pk, path in areas}
        self.heads = defaultdict(list)  # area -> section-level cadres in it
        cadres = Person.objects.filter(is_active=True, cadre_level__in=SECTION_AND_ABOVE, unit__kind=UnitKind.AREA)
        for pid, unit in cadres.order_by("employee_no").values_list("pk", "unit_id"):
            self.heads[unit].append(pid)
        self.areas = [a for a in self.areas if self.heads[a]]
        # The teams under each area and their 班组长, who answer for most findings.
        self.teams = defaultdict(list)
        paths = dict(areas)
        leaders = Person.objects.filter(is_active=True, cadre_level=CadreLevel.TEAM_LEADER, unit__kind=UnitKind.TEAM)
        for pid, unit, path in leaders.order_by("employee_no").values_list("pk", "unit_id", "unit__path"):
            for area, area_path in paths.items():
                if path.startswith(area_path):
                    self.teams[area].append((unit, pid))
                    break
        self.meetings = list(Meeting.objects.order_by("-date", "id").values_list("pk", flat=True)[:500])
        self.suggestions = list(Suggestion.objects.order_by("id").values_list("pk", flat=True)[:500])
        self.personas = dict(
            User.objects.filter(username__in=("shuji", "zhigong"), person__isnull=False).values_list(
                "username", "person__pk"
            )
        )
        self.persona_units = dict(Person.objects.filter(pk__in=self.personas.values()).values_list("pk", "unit_id"))

    def build(self):
        if len(self.areas) < 2:
            return 0, 0
        visits = self.build_visits()
        findings = self.build_findings(visits)
        if self.stdout:
            self.stdout.write(f"  voices: {len(visits)} visits, {findings} findings")
        return len(visits), findings

    # ---------------------------------------------------------------- visits

    def build_visits(self):
        rng, rows, people = self.rng, [], []
        for i in range(VISITS.get(self.size, VISITS["tiny"])):
            visiting = self.areas[i % len(self.areas)]
            kind = rng.choices(list(VisitKind), weights=(4, 5, 1))[0]
            same_plant = [a for a in self.areas if a != visiting and self.plant_of[a] == self.plant_of[visiting]]
            others = [a for a in self.areas if a != visiting]
            visited = None if kind == VisitKind.CUSTOMER else rng.choice(same_plant or others)
            leader = rng.choice(self.heads[visiting])
            day = self.today - timedelta(days=rng.randint(1, 180))
            rows.append(Visit(
                kind=kind, title=f"{VisitKind(kind).label}交流({i + 1:04d})", visiting_unit_id=visiting,
                visited_unit_id=visited, customer=rng.choice(CUSTOMERS) if visited is None else "", leader_id=leader,
                date=day, summary="双方交流工序衔接情况,查找影响质量和效率的问题,明确整改责任。",
            ))  # fmt: skip
            people.append({leader, *rng.sample(self.heads[visiting], min(2, len(self.heads[visiting])))})
        created = Visit.objects.bulk_create(rows, batch_size=2000)
        through = Visit.participants.through
        links = [through(visit_id=v.pk, person_id=p) for v, ps in zip(created, people, strict=True) for p in ps]
        through.objects.bulk_create(links, batch_size=5000)
        return created

    # ---------------------------------------------------------------- findings

    def _responsible(self, area):
        """A team of the area and its leader, or the area itself and one of its heads."""
        if self.teams[area] and self.rng.random() < 0.7:
            return self.rng.choice(self.teams[area])
        return area, self.rng.choice(self.heads[area])

    def _source(self, visits):
        rng = self.rng
        kind = rng.choices([k for k, _ in SOURCE_MIX], weights=[w for _, w in SOURCE_MIX])[0]
        if (
            kind == FindingSource.MEETING
            and not self.meetings
            or kind == FindingSource.SUGGESTION
            and not self.suggestions
        ):
            kind = FindingSource.INSPECTION
        source = {"source_kind": kind}
        if kind == FindingSource.VISIT:
            visit = rng.choice(visits)
            raised_unit, raised_by = visit.visiting_unit_id, visit.leader_id
            area = visit.visited_unit_id or rng.choice(self.areas)
            source["visit_id"] = visit.pk
            return source, raised_unit, raised_by, area, visit.date
        raised_unit = rng.choice(self.areas)
        area = raised_unit if kind != FindingSource.INSPECTION else rng.choice(self.areas)
        if kind == FindingSource.MEETING:
            source["meeting_id"] = rng.choice(self.meetings)
        elif kind == FindingSource.SUGGESTION:
            source["suggestion_id"] = rng.choice(self.suggestions)
        else:
            source["source_ref"] = rng.choice(APPRAISALS if kind == FindingSource.APPRAISAL else INSPECTIONS)
        return source, raised_unit, rng.choice(self.heads[raised_unit]), area, None

    def _persona_pair(self, i):
        """Every twentieth finding: raised by the secretary persona's side against the worker persona's team,
        so the demo logins find work in every state."""
        shuji, zhigong = self.personas.get("shuji"), self.personas.get("zhigong")
        if i % 20 or not (shuji and zhigong):
            return None
        return self.persona_units[shuji], shuji, self.persona_units[zhigong], zhigong

    def build_findings(self, visits):
        rng, today = self.rng, self.today
        total = FINDINGS.get(self.size, FINDINGS["tiny"])
        year_seq = defaultdict(int)
        for number in Finding.objects.exclude(number="").values_list("number", flat=True):
            year, n = number[2:].split("-")
            year_seq[int(year)] = max(year_seq[int(year)], int(n))
        findings, steps, extensions = [], {}, {}
        for i in range(total):
            source, raised_unit, raised_by, area, visited_on = self._source(visits)
            unit, person = self._responsible(area)
            persona = self._persona_pair(i)
            if persona is not None:
                raised_unit, raised_by, unit, person = persona
            state = rng.choices([s for s, _ in FINDING_MIX], weights=[w for _, w in FINDING_MIX])[0]
            # Closed ones reach back months; the active ones are recent, so some are due, some overdue.
            raised_on = today - timedelta(days=rng.randint(*RAISED_DAYS_AGO.get(state, (0, 45))))
            if visited_on is not None:
                raised_on = max(raised_on, visited_on)
            deadline = raised_on + timedelta(days=rng.randint(10, 60))
            year_seq[raised_on.year] += 1
            finding = Finding(
                number=f"WT{raised_on.year}-{year_seq[raised_on.year]:05d}",
                title=f"{rng.choice(PROBLEMS)}({i + 1:05d})", description="现场发现,已当面交流。", **source,
                raised_unit_id=raised_unit, raised_by_id=raised_by, raised_on=raised_on, responsible_unit_id=unit,
                responsible_person_id=person, measure=rng.choice(MEASURES) if state != FindingStatus.OPEN else "",
                deadline=deadline, original_deadline=deadline, status=state,
            )  # fmt: skip
            steps[i], extension = self._history(finding, state)
            if extension is not None:
                extensions[i] = [extension]
            findings.append(finding)
        finding_bulk_create(actor=system_actor(), findings=findings, steps=steps, extensions=extensions)
        return len(findings)

    def _history(self, finding, state):
        """The steps that brought ``finding`` to ``state`` (dated from its raising), its closing fields, and an
        extension for some of the active ones."""
        rng, today = self.rng, self.today
        day = finding.raised_on
        rows = [FindingStep(action="raise", to_status=FindingStatus.OPEN, actor_name="演示数据", at=_stamp(day))]
        target = {FindingStatus.OPEN: 0, FindingStatus.ACCEPTED: 1, FindingStatus.RECTIFYING: 2}.get(state, 3)
        for action, before, after in PATH[:target]:
            day = min(day + timedelta(days=rng.randint(1, 5)), today)
            note = "已按期整改,请验证" if action == "resolve" else ""
            rows.append(FindingStep(action=action, from_status=before, to_status=after, actor_name="演示数据",
                                    at=_stamp(day), note=note))  # fmt: skip
        reopened = state == FindingStatus.REOPENED or (state == FindingStatus.CLOSED and rng.random() < 0.1)
        if reopened:
            day = min(day + timedelta(days=2), today)
            finding.reopen_count = 1
            rows.append(FindingStep(action="reopen", from_status=FindingStatus.RESOLVED, to_status=FindingStatus.REOPENED,
                                    actor_name="演示数据", at=_stamp(day), note="现场复查仍有划伤,退回重改"))  # fmt: skip
            if state == FindingStatus.CLOSED:
                day = min(day + timedelta(days=3), today)
                rows.append(FindingStep(action="resolve", from_status=FindingStatus.REOPENED,
                                        to_status=FindingStatus.RESOLVED, actor_name="演示数据", at=_stamp(day)))  # fmt: skip
        if state in (FindingStatus.RESOLVED, FindingStatus.CLOSED):
            finding.rectification, finding.resolved_on = "已按措施整改完毕", day
        if state == FindingStatus.CLOSED:
            day = min(day + timedelta(days=rng.randint(1, 4)), today)
            finding.evidence, finding.closed_on, finding.closed_by_id = "现场复查合格", day, finding.raised_by_id
            rows.append(FindingStep(action="verify", from_status=FindingStatus.RESOLVED, to_status=FindingStatus.CLOSED,
                                    actor_name="演示数据", at=_stamp(day), note="现场复查合格"))  # fmt: skip
        return rows, self._extension(finding, state)

    def _extension(self, finding, state):
        if state not in (FindingStatus.ACCEPTED, FindingStatus.RECTIFYING) or self.rng.random() >= 0.2:
            return None
        self.asked += 1
        asked = min(finding.raised_on + timedelta(days=5), finding.deadline, self.today)
        later = finding.deadline + timedelta(days=self.rng.randint(7, 30))
        extension = FindingExtension(
            requested_deadline=later, previous_deadline=finding.deadline, reason="备件到货周期长,申请延期",
            requested_on=asked,
        )  # fmt: skip
        if finding.deadline >= self.today and self.asked % 2:
            return extension  # every other one still in time waits for the head's decision
        extension.status, extension.decided_on = ExtensionStatus.APPROVED, asked
        extension.decision_note = "同意"
        finding.deadline = later
        return extension


@transaction.atomic
def build_demo_findings(size, stdout=None, today=None):
    demo = FindingsDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo
