"""Demo projects: every branch runs merit projects, task forces, research topics, 五小 innovations and
model posts in every state of the lifecycle, with monthly logs, and a few months without one.

Deterministic for a size and a day; built with bulk writes after the demo company.
"""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.dates import add_months
from vanguard.org.choices import PartyOrgKind, PartyPost, PoliticalStatus
from vanguard.org.models import PartyMembership, PartyOrg, Person

from . import services
from .choices import KIND_CODES, MEMBER_LED_KINDS, MemberRole, ProblemKind, ProjectKind, ProjectStatus, Rating
from .models import Project, ProjectLog, ProjectMember, ProjectStep

PROJECTS = {"tiny": 240, "small": 800, "large": 8000}
# Task forces that meet more than the once a month the rule asks: the chance of a second and a
# third log in a month. At large size this gives the benchmark's 80,000 logs for 8,000 projects.
EXTRA_LOGS = {"tiny": (), "small": (0.3,), "large": (1.0, 0.2)}
TITLES = {
    ProjectKind.MERIT: ("降低轧辊消耗", "提高成材率", "减少热处理返修", "降低吨钢电耗", "缩短换辊时间", "减少氧化烧损"),
    ProjectKind.TASK_FORCE: ("穿孔机卡钢攻关", "管端壁厚超差攻关", "加热炉煤气单耗攻关", "矫直机故障攻关"),
    ProjectKind.RESEARCH: ("高钢级油套管工艺研究", "在线测径数据应用研究", "余热回收方案研究"),
    ProjectKind.INNOVATION: ("小改小革:导板快换装置", "小发明:测温枪支架", "小创造:废油回收装置", "小设计:吊具防脱钩"),
    ProjectKind.MODEL_POST: ("党员示范岗:精整工序", "党员示范岗:质检岗位", "党员示范岗:设备点检"),
}
# Where the projects stand: shares of every state (the demo shows each one).
STATE_MIX = (
    (ProjectStatus.PROPOSED, 6), (ProjectStatus.REVIEWED, 5), (ProjectStatus.APPROVED, 4),
    (ProjectStatus.UNDER_WAY, 34), (ProjectStatus.COMPLETION_APPLIED, 6), (ProjectStatus.ACCEPTED, 6),
    (ProjectStatus.RATED, 8), (ProjectStatus.CLOSED, 21), (ProjectStatus.RETURNED, 4),
    (ProjectStatus.REJECTED, 3), (ProjectStatus.WITHDRAWN, 3),
)  # fmt: skip
PATH = [ProjectStatus.PROPOSED, ProjectStatus.REVIEWED, ProjectStatus.APPROVED, ProjectStatus.UNDER_WAY,
        ProjectStatus.COMPLETION_APPLIED, ProjectStatus.ACCEPTED, ProjectStatus.RATED, ProjectStatus.CLOSED]  # fmt: skip
ACTIONS = {ProjectStatus.REVIEWED: "review", ProjectStatus.APPROVED: "approve", ProjectStatus.UNDER_WAY: "start",
           ProjectStatus.COMPLETION_APPLIED: "apply_completion", ProjectStatus.ACCEPTED: "accept",
           ProjectStatus.RATED: "rate", ProjectStatus.CLOSED: "close"}  # fmt: skip
LOG_TEXTS = (
    "召开月度攻关会,分析上月数据",
    "现场测量并记录关键参数",
    "试验改进方案,跟踪效果",
    "总结阶段成果,调整下月计划",
)
MISS_RATE = 0.08  # share of months without a log


class ProjectsDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size = size
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-projects-{size}")
        self.load()

    def load(self):
        branches = list(PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).order_by("path").values_list("pk", "path"))
        self.branches = [pk for pk, _ in branches]
        by_path = {path: pk for pk, path in branches}
        self.members = defaultdict(list)
        self.secretary = {}
        rows = PartyMembership.objects.filter(person__is_active=True).order_by("person__employee_no")
        for pid, path, post in rows.values_list("person_id", "party_org__path", "post"):
            branch = by_path.get(path) or by_path.get(path[: -PartyOrg.steplen])
            if branch is None:
                continue
            self.members[branch].append(pid)
            if post == PartyPost.SECRETARY and path in by_path:
                self.secretary[branch] = pid
        self.workers = list(
            Person.objects.filter(is_active=True, political_status=PoliticalStatus.MASSES).values_list("pk", flat=True)[
                :500
            ]
        )
        self.branches = [b for b in self.branches if self.members[b]]

    def pick_state(self):
        return self.rng.choices([s for s, _ in STATE_MIX], weights=[w for _, w in STATE_MIX])[0]

    def build(self):
        if not self.branches:
            return 0, 0
        total = PROJECTS.get(self.size, PROJECTS["tiny"])
        extra_logs = EXTRA_LOGS.get(self.size, ())
        projects, members, logs, steps = [], {}, {}, {}
        seq = defaultdict(int)
        for number in Project.objects.exclude(number="").values_list("number", flat=True):
            year, code, n = number.split("-")
            seq[(int(year), code)] = max(seq[(int(year), code)], int(n))
        rng = self.rng
        for i in range(total):
            branch = self.branches[i % len(self.branches)]
            kind = rng.choice(list(ProjectKind))
            state = self.pick_state()
            ended = state in (ProjectStatus.ACCEPTED, ProjectStatus.RATED, ProjectStatus.CLOSED)
            length = rng.randint(6, 12)
            start = add_months(
                self.today.replace(day=1), -(length + rng.randint(0, 6)) if ended else -rng.randint(1, length - 1)
            )
            if state in (ProjectStatus.PROPOSED, ProjectStatus.REVIEWED, ProjectStatus.APPROVED, ProjectStatus.RETURNED,
                         ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN):  # fmt: skip
                start = add_months(self.today.replace(day=1), rng.randint(0, 2))
            end = add_months(start, length) - timedelta(days=1)
            candidates = self.members[branch]
            leader = (
                rng.choice(candidates)
                if kind in MEMBER_LED_KINDS or not self.workers or rng.random() < 0.7
                else rng.choice(self.workers)
            )
            expected = Decimal(rng.randrange(20, 800) * 1000)
            reached = PATH.index(state) if state in PATH else 1
            number = ""
            if reached >= PATH.index(ProjectStatus.APPROVED):
                year = start.year
                key = (year, KIND_CODES[kind])
                seq[key] += 1
                number = f"{year}-{key[1]}-{seq[key]:04d}"
            title = f"{rng.choice(TITLES[kind])}({i + 1:04d})"
            project = Project(
                kind=kind, number=number, title=title, problem_kind=rng.choice(list(ProblemKind)),
                problem="该环节消耗高于同行先进水平", objectives="指标改善 5% 以上", expected_benefit=expected,
                indicator="单耗下降 3%~5%", plan="第一月摸底;第二至四月试验;其后固化推广", start_date=start, end_date=end,
                branch_id=branch, leader_id=leader, status=state,
            )  # fmt: skip
            if reached >= PATH.index(ProjectStatus.COMPLETION_APPLIED):
                project.completion_summary = "目标达成,措施已固化为作业标准"
            if reached >= PATH.index(ProjectStatus.ACCEPTED):
                project.measured_benefit = (expected * Decimal(rng.uniform(0.6, 1.3))).quantize(Decimal("1"))
                project.evidence = "财务部效益核算单"
            if reached >= PATH.index(ProjectStatus.RATED):
                project.rating = rng.choices(Rating.values, weights=(2, 4, 5, 1))[0]
            projects.append(project)
            team = [ProjectMember(person_id=leader, role=MemberRole.LEADER)]
            for pid in rng.sample(candidates, min(len(candidates), rng.randint(1, 4))):
                if pid != leader:
                    team.append(ProjectMember(person_id=pid, role=rng.choice((MemberRole.CORE, MemberRole.MEMBER))))
            members[i] = team
            at = timezone.make_aware(datetime.combine(start - timedelta(days=20), time(9)))
            path = PATH[: reached + 1] if state in PATH else [ProjectStatus.PROPOSED, state]
            rows = [ProjectStep(action="submit", to_status=ProjectStatus.PROPOSED, actor_name="演示数据", at=at)]
            for before, after in zip(path, path[1:], strict=False):
                at += timedelta(days=3)
                action = (
                    ACTIONS.get(after) or {"returned": "return", "rejected": "reject", "withdrawn": "withdraw"}[after]
                )
                reason = "请补充效益测算依据" if after in (ProjectStatus.RETURNED, ProjectStatus.REJECTED) else ""
                rows.append(ProjectStep(action=action, from_status=before, to_status=after, actor_name="演示数据", at=at,
                                        reason=reason or ("工作调整" if after == ProjectStatus.WITHDRAWN else "")))  # fmt: skip
            steps[i] = rows
            if reached >= PATH.index(ProjectStatus.UNDER_WAY):
                last = min(end, self.today)
                month = start
                entries = []
                while month <= last:
                    if rng.random() >= MISS_RATE:
                        days = [rng.randint(3, 9)] + [rng.randint(10 + 6 * n, 15 + 6 * n) for n, chance in
                                                      enumerate(extra_logs) if rng.random() < chance]  # fmt: skip
                        for day in (month.replace(day=d) for d in days):
                            if start <= day <= last:
                                entries.append(
                                    ProjectLog(date=day, content=rng.choice(LOG_TEXTS), outcome="按计划推进")
                                )
                    month = add_months(month, 1)
                logs[i] = entries
        created = services.project_bulk_create(
            actor=system_actor(), projects=projects, members=members, logs=logs, steps=steps
        )
        count = sum(len(v) for v in logs.values())
        if self.stdout:
            self.stdout.write(f"  projects: {len(created)} projects, {count} monthly logs")
        return len(created), count


@transaction.atomic
def build_demo_projects(size, stdout=None, today=None):
    demo = ProjectsDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo
