"""Demo campaigns: the article's 降成本降费用增效益 campaign broken down to branches and people with six
months of progress, and a 自主化管理 campaign. Built through the services, after the demo company.

Deterministic for a size and a month: values come from a seeded generator, dates are
counted from the first day of the current month (the campaign began six months ago and
runs a year), so the statuses (on track, at risk, off track, overdue) read true on the
day the demo is seeded.
"""

import random
import time
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.dates import add_months, month_end
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyMembership, PartyOrg, User

from . import services
from .choices import Aggregation, Cadence, Direction, Rating, ReportStatus, StageKind, Theme

# Branches and members per branch with targets, and months of history, by size of the demo company.
# ``large`` is what the benchmark reads: a tree of about 5,600 targets and 100,000 reports.
LIMITS = {"tiny": (10, 4, 6), "small": (40, 5, 6), "large": (400, 11, 21)}
# Pace of a leaf: share of the linear path it follows (1.1 ahead, 0.75 at risk, 0.4 off track).
ACKNOWLEDGED_SAMPLE = 150
PACES = (1.15, 1.05, 1.0, 0.95, 0.75, 0.7, 0.4)


class CampaignDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size = size
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-campaigns-{size}")
        branch_limit, self.members_per_branch, months = LIMITS.get(size, LIMITS["small"])
        self.start = add_months(self.today.replace(day=1), -months)
        self.end = add_months(self.start, months + 6) - timedelta(days=1)
        self.months = [month_end(add_months(self.start, i)) for i in range(months)]
        self.dangwei = User.objects.get(username="dangwei")
        self.shuji = User.objects.filter(username="shuji").first()
        self.committee = PartyOrg.objects.get(depth=1)
        shuji_branch = self.shuji.role_assignments.first().party_org if self.shuji else None
        branches = list(PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).order_by("path"))
        if shuji_branch in branches:
            branches.remove(shuji_branch)
            branches.insert(0, shuji_branch)
        self.branches = branches[:branch_limit]
        self.shuji_branch = shuji_branch

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    def members_of(self, branch):
        rows = (
            PartyMembership.objects.filter(party_org__path__startswith=branch.path)
            .select_related("person__user")
            .order_by("person__employee_no")
        )
        people = [m.person for m in rows]
        people.sort(key=lambda p: (getattr(p.user, "username", "") != "dangyuan", p.employee_no))
        return people[: self.members_per_branch]

    def build(self):
        started = time.perf_counter()
        cost = self.cost_campaign()
        autonomy = self.autonomy_campaign()
        self.log(
            f"  campaigns: {cost.targets.count()} + {autonomy.targets.count()} targets, "
            f"{sum(t.report_count for t in cost.targets.filter(depth=1))} accepted reports, "
            f"{time.perf_counter() - started:.0f} s"
        )

    # ---------------------------------------------------------------- 降成本降费用增效益
    def cost_campaign(self):
        campaign = services.campaign_create(
            actor=self.dangwei,
            title="“降成本降费用增效益”主题实践活动",
            theme=Theme.COST,
            purpose="在各基层党支部和广大党员中深入开展“创新挖潜、建功立业”党员主题实践活动,以降本增效为目标,"
            "以“党员立功立项”为抓手,把生产经营的关键环节、重点任务、难点问题作为着力点。",
            starts_on=self.start,
            ends_on=self.end,
            organiser=self.committee,
            participants=self.branches,
            cadence=Cadence.MONTHLY,
        )
        services.campaign_activate(actor=self.dangwei, campaign=campaign)
        per_branch = Decimal(60)
        saving, _ = services.target_create(
            actor=self.dangwei,
            campaign=campaign,
            title="降低生产成本,全年挖潜增效",
            metric_name="降本增效额",
            metric_unit="万元",
            baseline=0,
            target_value=per_branch * len(self.branches),
            direction=Direction.HIGHER,
            aggregation=Aggregation.SUM,
            weight=3,
            owner_org=self.committee,
            due_date=self.end,
            standard="各支部按月统计挖潜增效额,经财务部核定后计入。",
            outcome="全年完成挖潜增效目标,吨钢成本同比下降。",
        )
        expense, _ = services.target_create(
            actor=self.dangwei,
            campaign=campaign,
            title="压降可控费用",
            metric_name="可控费用",
            metric_unit="万元/月",
            baseline=100,
            target_value=85,
            direction=Direction.LOWER,
            aggregation=Aggregation.MEAN,
            weight=2,
            owner_org=self.committee,
            due_date=self.end,
            standard="办公、差旅、修理等可控费用按月考核。",
            outcome="可控费用较基期下降 15%。",
        )
        project, _ = services.target_create(
            actor=self.dangwei,
            campaign=campaign,
            title="党员立功立项攻关项目结题",
            metric_name="项目进度",
            metric_unit="%",
            direction=Direction.MILESTONE,
            aggregation=Aggregation.MEAN,
            weight=1,
            owner_org=self.committee,
            due_date=add_months(self.start, 9) - timedelta(days=1),
            standard="攻关组每月活动一次,按计划节点推进。",
            outcome="形成可推广的降本成果。",
        )
        for stage_no in (1, 2, 3, 4):
            services.target_stage_set(
                actor=self.dangwei,
                target=saving,
                kind=StageKind.QUARTER,
                label=f"第{stage_no}阶段",
                ends_on=min(self.end, add_months(self.start, stage_no * 3) - timedelta(days=1)),
                planned_value=saving.target_value * stage_no / 4,
            )
        rows = []
        branch_targets = self.split(saving, per_branch, lambda b: {"title": f"{b.name}挖潜增效"})
        expense_targets = self.split(
            expense, Decimal(85), lambda b: {"title": f"{b.name}可控费用压降", "baseline": Decimal(100)}
        )
        project_targets = self.split(project, None, lambda b: {"title": f"{b.name}攻关项目"})
        for n, (branch, target) in enumerate(branch_targets):
            members = self.members_of(branch)
            if members:
                share = (target.target_value / len(members)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
                children, _ = services.target_decompose(
                    actor=self.dangwei,
                    parent=target,
                    rows=[
                        {
                            "title": f"{p.name}岗位降本",
                            "owner_person": p,
                            "owner_org": branch,
                            "target_value": share,
                            "baseline": 0,
                            "due_date": self.overdue_day() if (n + i) % 7 == 3 else self.end,
                        }
                        for i, p in enumerate(members)
                    ],
                )
                rows += self.history(children, n)
            else:
                rows += self.history([target], n)
        for n, (_branch, target) in enumerate(expense_targets):
            rows += self.history([target], n + 2)
        for n, (_branch, target) in enumerate(project_targets):
            rows += self.history([target], n + 4)
        services.report_bulk_create(actor=self.dangwei, campaign=campaign, rows=rows)
        services.letter_bulk_issue(actor=self.dangwei, campaign=campaign)
        self.acknowledge_some(campaign)
        self.commitments(campaign)
        return campaign

    def overdue_day(self):
        return self.months[-2]

    def split(self, parent, value, extra):
        rows = [{"owner_org": b, "target_value": value, "weight": 1, **extra(b)} for b in self.branches]
        children, _ = services.target_decompose(actor=self.dangwei, parent=parent, rows=rows)
        return list(zip(self.branches, children, strict=True))

    def history(self, leaves, offset):
        """Six monthly reports per leaf at its pace; the last month of every third leaf still awaits review."""
        rows = []
        span = (self.end - self.start).days
        for i, leaf in enumerate(leaves):
            pace = PACES[(offset + i) % len(PACES)]
            due_span = max((leaf.due_date - self.start).days, 1)
            for m, period in enumerate(self.months):
                if period > self.today:
                    break
                share = min(Decimal(1), Decimal(pace * (period - self.start).days / min(due_span, span)))
                share *= Decimal(str(round(self.rng.uniform(0.96, 1.04), 3)))
                value = self.value_at(leaf, share)
                pending = m == len(self.months) - 1 and (offset + i) % 3 == 0
                rows.append(
                    {
                        "target": leaf,
                        "period": period,
                        "value": value,
                        "narrative": f"{period.month}月完成情况:按计划推进。",
                        "status": ReportStatus.SUBMITTED if pending else ReportStatus.ACCEPTED,
                        "submitted_by": getattr(leaf.owner_person, "user", None),
                        "reviewer": self.shuji or self.dangwei,
                    }
                )
        return rows

    @staticmethod
    def value_at(leaf, share):
        if leaf.direction == Direction.MILESTONE:
            return min(Decimal(100), (share * 100).quantize(Decimal("1")))
        baseline = leaf.baseline or Decimal(0)
        return (baseline + (leaf.target_value - baseline) * share).quantize(Decimal("0.01"))

    def acknowledge_some(self, campaign):
        # Two in three confirmed, among the first letters (a large demo does not need thousands).
        letters = campaign.letters.select_related("recipient_person__user").order_by("id")[:ACKNOWLEDGED_SAMPLE]
        for n, letter in enumerate(letters):
            user = getattr(letter.recipient_person, "user", None) if letter.recipient_person_id else None
            if user is not None and user.username == "dangyuan":
                continue  # left for the persona to acknowledge
            if n % 3 != 2:
                services.letter_acknowledge(actor=system_actor(), letter=letter)

    def commitments(self, campaign):
        ratings = (Rating.EXCELLENT, Rating.GOOD, Rating.GOOD, Rating.FAIR)
        for branch in self.branches[:3]:
            for n, person in enumerate(self.members_of(branch)[:3]):
                commitment = services.commitment_create(
                    actor=system_actor(),
                    campaign=campaign,
                    person=person,
                    content=(
                        "带头节约辅料,班组辅料消耗下降 5%",
                        "每月提出一条降本合理化建议",
                        "攻关组每月活动一次,按时完成节点任务",
                    )[n],
                    measure=("辅料消耗台账", "合理化建议登记", "攻关组活动记录")[n],
                    due_date=self.end,
                )
                services.commitment_check_record(
                    actor=system_actor(),
                    commitment=commitment,
                    period=self.start,
                    rating=ratings[n % len(ratings)],
                    result="按承诺推进,阶段目标基本完成。",
                )

    # ---------------------------------------------------------------- 自主化管理
    def autonomy_campaign(self):
        campaign = services.campaign_create(
            actor=self.dangwei,
            title="“自主化管理”主题实践活动",
            theme=Theme.AUTONOMY,
            purpose="从节约一张纸、一度电、一滴水做起,开展“我为降本增效进一言”合理化建议活动,"
            "形成自主化管理日常化、干部职工节约行为自觉化的良好氛围。",
            starts_on=self.start,
            ends_on=self.end,
            organiser=self.committee,
            participants=self.branches,
            cadence=Cadence.QUARTERLY,
        )
        services.campaign_activate(actor=self.dangwei, campaign=campaign)
        suggestions, _ = services.target_create(
            actor=self.dangwei,
            campaign=campaign,
            title="“我为降本增效进一言”合理化建议",
            metric_name="建议条数",
            metric_unit="条",
            baseline=0,
            target_value=20 * len(self.branches),
            aggregation=Aggregation.SUM,
            owner_org=self.committee,
            due_date=self.end,
            standard="每名党员每季度至少提出一条建议。",
            outcome="建议采纳率不低于 30%。",
        )
        children = self.split(suggestions, Decimal(20), lambda b: {"title": f"{b.name}合理化建议"})
        rows = []
        for n, (_b, leaf) in enumerate(children):
            rows += self.history([leaf], n + 1)[::3]
        services.report_bulk_create(actor=self.dangwei, campaign=campaign, rows=rows)
        return campaign


@transaction.atomic
def build_demo_campaigns(size="small", stdout=None, today=None):
    if not User.objects.filter(username="dangwei").exists():
        return None
    demo = CampaignDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo
