"""Demo organisational life: three years of meetings for every branch with realistic gaps, attendance,
training, monthly reviews and cadres' field days. Built through the services' bulk writes, after the
demo company.

Deterministic for a size and a day: a seeded generator decides everything; dates are counted
back from the current month, and meetings still to come this month stay planned. Most
branches keep the rules; some miss a month or a quarter, and the branch at the end of the
tree (``company_handles().other_branch``) skipped the second quarter's 支部党员大会 last year.
"""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.core.dates import add_months, workdays
from vanguard.org.choices import SECTION_AND_ABOVE, CadreLevel, PartyOrgKind, PartyPost
from vanguard.org.models import PartyMembership, PartyOrg, Person, User

from . import services
from .choices import (
    COMMITTEE_POSTS,
    DEFAULT_CLASS_HOURS,
    AttendanceStatus,
    CentralGroupRole,
    HalfDay,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    TrainingCategory,
    TrainingChannel,
)
from .defaults import ensure_defaults
from .models import FieldDay, Meeting, Review, ReviewGrade, TrainingRecord

MONTHS = 36
# Share of months a party group meets (the rest are the gaps the compliance matrix shows).
GROUP_RATE = 0.96
REVIEW_MONTHS = MONTHS
FIELD_MONTHS = 3
ATTENDANCE_MIX = (
    (AttendanceStatus.PRESENT, 86),
    (AttendanceStatus.LATE, 4),
    (AttendanceStatus.LEAVE_SICK, 2),
    (AttendanceStatus.LEAVE_PERSONAL, 2),
    (AttendanceStatus.LEAVE_OFFICIAL, 4),
    (AttendanceStatus.ABSENT, 2),
)
TITLES = {
    MeetingKind.GENERAL: ("学习传达上级党委会议精神", "讨论发展党员和预备党员转正", "通报支部季度工作和党费收缴情况",
                          "审议支部年度工作计划"),
    MeetingKind.COMMITTEE: ("研究本月支部工作安排", "讨论党员立功立项推进情况", "研究降本增效攻关措施",
                            "分析党员队伍思想动态"),
    MeetingKind.GROUP: ("学习岗位安全操作规程", "交流指标承诺完成情况", "开展月度讲评", "学习先进典型事迹"),
    MeetingKind.LECTURE: ("书记讲党课:发挥党员先锋模范作用", "以主题实践活动为载体加强支部建设",
                          "降本增效,党员在行动", "严守纪律规矩,锤炼过硬作风"),
    MeetingKind.THEME_DAY: ("“一个党员一面旗”主题党日", "党员志愿服务进班组", "重温入党誓词", "参观廉政教育基地"),
    MeetingKind.LIFE: ("年度组织生活会暨民主评议党员",),
    MeetingKind.BRIEFING: ("形势任务报告会:降耗增效,全面提升竞争力",),
    MeetingKind.CENTRAL_STUDY: ("党委理论学习中心组集中学习:深化国企改革",),
    MeetingKind.FORUM: ("明星班组长座谈会:做好自主管理,提升工作水平",),
}  # fmt: skip
# The plants' and departments' leaders sit on the company committee's central study group (section chiefs
# after them, up to twelve).
CENTRAL_GROUP_LEVELS = (CadreLevel.DIVISION, CadreLevel.DIVISION_DEPUTY, CadreLevel.BUREAU)
FORMS = (MeetingForm.PLAIN,) * 6 + tuple(f for f in MeetingForm if f != MeetingForm.PLAIN)
PLACES = ("党员活动室", "作业区会议室", "职工之家", "生产现场", "培训中心")
TRAININGS = (
    ("网上党校专题学习", TrainingCategory.MEMBER, TrainingChannel.ONLINE, "公司党委组织部"),
    ("党员冬训", TrainingCategory.MEMBER, TrainingChannel.CLASS, "公司党校"),
    ("“学习强国”专题课程", TrainingCategory.MEMBER, TrainingChannel.ONLINE, "学习强国平台"),
)
COMMENTS = {
    "praise": "带头完成攻关任务,指标承诺兑现,予以表扬。",
    "affirm": "本月工作扎实,能按要求参加组织生活。",
    "remind": "本月有一次组织生活请假未补学,提醒及时补课。",
    "spur": "指标承诺进度滞后,鞭策其加快推进。",
}
PROBLEMS = (("轧机导卫磨损", "更换导卫,调整辊缝"), ("加热炉温度波动", "重新标定热电偶"),
            ("现场定置管理不到位", "组织清理,划定区域"), ("班组交接班记录不全", "规范交接班流程"))  # fmt: skip


def weekday_on_or_after(day):
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class OrglifeDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size = size
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-orglife-{size}")
        self.first_month = add_months(self.today.replace(day=1), -(MONTHS - 1))
        self.group_rate = GROUP_RATE
        self.actor = User.objects.filter(username="dangwei").first()
        self.load()

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    def load(self):
        orgs = list(PartyOrg.objects.order_by("path").values("pk", "path", "kind", "founded_on"))
        self.branches = [o for o in orgs if o["kind"] == PartyOrgKind.BRANCH]
        branch_by_path = {o["path"]: o for o in self.branches}
        self.groups = defaultdict(list)
        for o in orgs:
            if o["kind"] == PartyOrgKind.GROUP:
                self.groups[o["path"][: -PartyOrg.steplen]].append(o)
        self.members = defaultdict(list)  # org pk → person ids
        self.committee = defaultdict(list)
        self.secretary = {}
        self.engagement = {}
        self.cadres = []
        self.secretaries = []
        rows = PartyMembership.objects.filter(person__is_active=True).order_by("person__employee_no")
        org_path = {o["pk"]: o["path"] for o in orgs}
        for pid, org_id, post, cadre in rows.values_list("person_id", "party_org_id", "post", "person__cadre_level"):
            path = org_path[org_id]
            self.members[org_id].append(pid)
            branch = branch_by_path.get(path) or branch_by_path.get(path[: -PartyOrg.steplen])
            if branch is not None and branch["pk"] != org_id:
                self.members.setdefault(("branch", branch["pk"]), []).append(pid)
            if post in COMMITTEE_POSTS:
                self.committee[org_id].append(pid)
            if post == PartyPost.SECRETARY:
                self.secretary[org_id] = pid
                self.secretaries.append(pid)
            if cadre in SECTION_AND_ABOVE:
                self.cadres.append(pid)
            # Most members come nearly always; a few often miss, so some end the year short of hours.
            self.engagement[pid] = 0.55 if self.rng.random() < 0.12 else 0.97
        handles_branch = PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).order_by("-path").first()
        self.skipping_branch = handles_branch.pk if handles_branch else None

    def branch_members(self, branch):
        return self.members[branch["pk"]] + self.members.get(("branch", branch["pk"]), [])

    # ---------------------------------------------------------------- meetings
    def build(self):
        ensure_defaults()
        grades = {g.code: g for g in ReviewGrade.objects.all()}
        # Every branch's meetings in one write: the summary tables are refreshed once, not once per branch.
        meetings, marks = [], {}
        for branch in self.branches:
            self.branch_meetings(branch, meetings, marks)
        services.meeting_bulk_create(actor=system_actor(), meetings=meetings, attendance=marks)
        attendance = sum(len(m) for m in marks.values())
        self.log(f"  orglife: {len(meetings)} meetings, {attendance} attendance rows")
        self.log(f"  orglife: {self.attendee_lists()} in the central study group and star team leaders")
        self.log(f"  orglife: {self.trainings()} training records, {self.reviews(grades)} reviews, "
                 f"{self.field_days()} field half-days")  # fmt: skip

    def _date(self, month, low, high):
        return weekday_on_or_after(month.replace(day=self.rng.randint(low, high)))

    def plan_branch(self, branch):
        """(org, kind, day) of every meeting the branch and its groups hold in the three years."""
        rng, plans = self.rng, []
        gap = rng.random()  # how diligent the branch is
        skip_quarter = rng.randrange(MONTHS // 3) if gap < 0.15 else None
        for i in range(MONTHS):
            month = add_months(self.first_month, i)
            quarter_index = i // 3
            if rng.random() < (0.97 if gap > 0.1 else 0.8):
                plans.append((branch, MeetingKind.COMMITTEE, self._date(month, 2, 8)))
            if rng.random() < (0.96 if gap > 0.1 else 0.8):
                plans.append((branch, MeetingKind.THEME_DAY, self._date(month, 14, 18)))
            if month.month % 3 == 2 and quarter_index != skip_quarter and not self._skips(branch, month):
                plans.append((branch, MeetingKind.GENERAL, self._date(month, 10, 25)))
            if month.month % 3 == 0 and rng.random() < 0.93:
                plans.append((branch, MeetingKind.LECTURE, self._date(month, 5, 25)))
            if month.month == 12 and rng.random() < 0.95:
                plans.append((branch, MeetingKind.LIFE, self._date(month, 15, 26)))
            if month.month in (4, 10) and rng.random() < 0.5:
                plans.append((branch, MeetingKind.BRIEFING, self._date(month, 20, 27)))
            for group in self.groups[branch["path"]]:
                if rng.random() < self.group_rate:
                    plans.append((group, MeetingKind.GROUP, self._date(month, 9, 13)))
        return [p for p in plans if not p[0]["founded_on"] or p[2] >= p[0]["founded_on"]]

    def _skips(self, branch, month):
        """The branch at the end of the tree missed last year's second-quarter general meeting."""
        return branch["pk"] == self.skipping_branch and month.year == self.today.year - 1 and month.month == 5

    def expected(self, org, kind, branch):
        if kind == MeetingKind.COMMITTEE:
            return self.committee[org["pk"]] or self.branch_members(branch)[:3]
        if org["kind"] == PartyOrgKind.GROUP:
            return self.members[org["pk"]]
        return self.branch_members(branch)

    def branch_meetings(self, branch, meetings, marks):
        """The branch's meetings added to ``meetings``, their attendance to ``marks`` (by the meeting's index)."""
        rng = self.rng
        secretary = self.secretary.get(branch["pk"])
        for org, kind, day in self.plan_branch(branch):
            held = day < self.today
            people = self.expected(org, kind, branch)
            recorded = held and rng.random() < 0.8
            meeting = Meeting(
                org_id=org["pk"], kind=kind, form=rng.choice(FORMS) if kind == MeetingKind.THEME_DAY else "plain",
                title=rng.choice(TITLES[kind]), date=day, place=rng.choice(PLACES),
                host_id=secretary if org is branch else (people[0] if people else None),
                recorder_id=people[-1] if people else None,
                topics="一、学习上级精神;二、通报近期工作;三、研究下一步安排。",
                minutes="<p>会议由主持人主持,传达学习了上级有关精神,与会人员结合岗位实际进行了讨论。</p>"
                if recorded else "",
                resolutions="按会议部署抓好落实。" if recorded else "",
                class_hours=DEFAULT_CLASS_HOURS[kind],
                status=MeetingStatus.RECORDED if recorded else MeetingStatus.HELD if held else MeetingStatus.PLANNED,
                created_by=self.actor,
            )  # fmt: skip
            if held and people:
                marks[len(meetings)] = {pid: self._mark(pid) for pid in people}
            meetings.append(meeting)

    def _mark(self, pid):
        if self.rng.random() < self.engagement[pid]:
            return AttendanceStatus.PRESENT if self.rng.random() < 0.95 else AttendanceStatus.LATE
        statuses, weights = zip(*ATTENDANCE_MIX[2:], strict=True)
        return self.rng.choices(statuses, weights)[0]

    # ---------------------------------------------------------------- central study group, star team leaders
    def attendee_lists(self):
        """The company committee's central study group (its committee and the plants' leaders) and about a
        third of the team leaders named 明星班组长; last month's 中心组学习 and 明星班组长座谈会 recorded."""
        committee = PartyOrg.objects.filter(kind=PartyOrgKind.COMMITTEE).order_by("path").first()
        if committee is None:
            return 0
        # A generator of its own: the meetings, training and reviews drawn after stay as they were.
        rng = random.Random(f"vanguard-orglife-lists-{self.size}")
        actor, since = system_actor(), add_months(self.today.replace(day=1), -(MONTHS - 1))
        posts = PartyMembership.objects.filter(party_org=committee, post__in=COMMITTEE_POSTS)
        active = Person.objects.filter(is_active=True).order_by("employee_no")
        leaders = [*active.filter(cadre_level__in=CENTRAL_GROUP_LEVELS), *active.filter(cadre_level=CadreLevel.SECTION)]
        group = list(dict.fromkeys([*(m.person for m in posts.select_related("person")), *leaders]))[:12]
        for n, person in enumerate(group):
            role = CentralGroupRole.LEADER if n == 0 else CentralGroupRole.MEMBER
            services.central_group_add(actor=actor, org=committee, person=person, joined_on=since, role=role)
        team_leaders = list(
            Person.objects.filter(is_active=True, cadre_level=CadreLevel.TEAM_LEADER).order_by("employee_no")
        )
        stars = [p for p in team_leaders if rng.random() < 0.35] or team_leaders[:1]
        for person in stars:
            services.star_title_award(
                actor=actor, person=person, awarded_on=since, citation="班组自主管理成效突出,指标承诺全部兑现"
            )
        last_month = add_months(self.today.replace(day=1), -1)
        for kind, day in ((MeetingKind.CENTRAL_STUDY, 8), (MeetingKind.FORUM, 22)):
            meeting = services.meeting_create(
                actor=actor, org=committee, kind=kind, title=TITLES[kind][0], date=weekday_on_or_after(last_month.replace(day=day)),
                place="公司会议中心", held=True,
            )  # fmt: skip
            people = list(services.expected_people(meeting).values_list("pk", flat=True))
            if people:
                services.meeting_record_attendance(
                    actor=actor,
                    meeting=meeting,
                    marks={pid: "present" if rng.random() < 0.94 else "leave_official" for pid in people},
                )
        return len(group) + len(stars)

    # ---------------------------------------------------------------- training, reviews, field days
    def trainings(self):
        rng, records = self.rng, []
        years = sorted({add_months(self.first_month, i).year for i in range(MONTHS)})
        members = [pid for pids in self.members.values() for pid in pids]
        for year in years:
            last = min(date(year, 12, 31), self.today - timedelta(days=1))
            for pid in members:
                for n in range(rng.randint(0, 2)):
                    title, category, channel, provider = TRAININGS[n if n < len(TRAININGS) else 0]
                    day = date(year, rng.randint(1, 12), rng.randint(1, 28))
                    if day <= last:
                        records.append(self._training(pid, f"{year}年{title}", day, rng.choice((2, 4, 6, 8)),
                                                      category, channel, provider))  # fmt: skip
            for pid in self.secretaries:
                day = date(year, 7, 10)
                if day <= last:
                    records.append(self._training(pid, f"{year}年基层党支部书记示范培训班", day, 56,
                                                  TrainingCategory.SECRETARY, TrainingChannel.CLASS, "公司党校"))  # fmt: skip
            for pid in self.cadres:
                day = date(year, 9, 20)
                if day <= last and rng.random() < 0.85:
                    records.append(self._training(pid, f"{year}年中层干部能力提升培训", day, 40,
                                                  TrainingCategory.CADRE, TrainingChannel.CLASS, "公司党校"))  # fmt: skip
        services.training_bulk_create(
            actor=system_actor(), records=list({(r.person_id, r.title, r.date): r for r in records}.values())
        )
        return len(records)

    def _training(self, pid, title, day, hours, category, channel, provider):
        return TrainingRecord(
            person_id=pid, title=title, date=day, hours=Decimal(hours), category=category, channel=channel,
            provider=provider, created_by=self.actor,
        )  # fmt: skip

    def reviews(self, grades):
        rng, rows, total = self.rng, [], 0
        codes, weights = ("praise", "affirm", "remind", "spur"), (20, 65, 12, 3)
        this_month = self.today.replace(day=1)
        for branch in self.branches:
            for i in range(1, REVIEW_MONTHS + 1):
                month = add_months(this_month, -i)
                if rng.random() < 0.03:
                    continue  # the branch let this month's review slip
                for group in self.groups[branch["path"]] or [branch]:
                    for pid in self.members[group["pk"]]:
                        code = rng.choices(codes, weights)[0]
                        rows.append(Review(person_id=pid, org_id=group["pk"], month=month, grade=grades[code],
                                           comment=COMMENTS[code], reviewer=self.actor))  # fmt: skip
                for pid in self.committee[branch["pk"]]:
                    rows.append(Review(person_id=pid, org_id=branch["pk"], month=month, grade=grades["affirm"],
                                       comment=COMMENTS["affirm"], reviewer=self.actor))  # fmt: skip
            if len(rows) >= 20000:  # write in slices: the large company has about 400,000 reviews
                total += services.review_bulk_create(actor=system_actor(), reviews=rows)
                rows = []
        total += services.review_bulk_create(actor=system_actor(), reviews=rows)
        return total

    def field_days(self):
        rng, rows = self.rng, []
        first = add_months(self.today.replace(day=1), -(FIELD_MONTHS - 1))
        worked = set(workdays(first, self.today - timedelta(days=1)))
        for pid in self.cadres:
            diligence = rng.choice((1.0, 0.95, 0.9, 0.7))
            day = first
            while day < self.today:
                if day in worked and rng.random() < diligence:
                    found, solved = rng.choice(PROBLEMS)
                    rows.append(FieldDay(person_id=pid, date=day, half=rng.choice((HalfDay.AM, HalfDay.PM)),
                                         place=rng.choice(("轧管作业区", "热处理线", "管加工线", "精整区")),
                                         problems_found=found, problems_solved=solved))  # fmt: skip
                day += timedelta(days=1)
        services.field_day_bulk_create(actor=system_actor(), entries=rows)
        return len(rows)


@transaction.atomic
def build_demo_orglife(size, stdout=None, today=None):
    demo = OrglifeDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo
