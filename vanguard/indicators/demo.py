"""Demo data of the indicators app, built in bulk (no per-row services): registered in ``apps.py`` in the
order they depend on each other (values, then competitions scored from them, then talent)."""

# ---------------------------------------------------------------- indicators, values, targets and pledges

# ---- competitions
# ---- end competitions

# ---- talent
import random  # noqa: E402
from collections import defaultdict  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

# A talent pool of holders over the three channels (some past their term, some re-assessed), nominations in
# every state, two plans with their ledgers, and innovation studios with yearly projects and 复核.
TALENT_HOLDERS = {"tiny": 24, "small": 150, "large": 1500}
TALENT_OPEN = {"tiny": 6, "small": 30, "large": 200}  # nominations per open or concluded state
STUDIOS = {"tiny": 4, "small": 12, "large": 80}


class TalentDemo:
    """Built in bulk: a handful of queries to read the company, then ``bulk_create`` per table."""

    def __init__(self, size, stdout=None, today=None):
        from vanguard.core.access import system_actor

        self.size = size if size in TALENT_HOLDERS else "tiny"
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-talent-{size}")
        self.actor = system_actor()

    def load(self):
        from vanguard.org.models import Person, Unit, User

        from .models import TalentTitle

        self.titles = defaultdict(list)
        for title in TalentTitle.objects.filter(active=True).prefetch_related("criteria").order_by("order", "pk"):
            self.titles[title.channel].append(title)
        people = Person.objects.filter(is_active=True).exclude(channel="").order_by("employee_no")
        self.people = list(people.values_list("pk", "channel", "unit_id"))
        personas = dict(User.objects.filter(username__in=("zhigong", "banzhang", "dangyuan", "gonghui", "shuji"))
                        .values_list("username", "person__pk"))  # fmt: skip
        self.personas = {k: v for k, v in personas.items() if v}
        self.plants = list(Unit.objects.filter(depth=2).order_by("path").values_list("pk", flat=True))
        self.company = Unit.objects.filter(depth=1).values_list("pk", flat=True).first()

    def build(self):
        self.load()
        if not self.people or not self.titles:
            return
        holders = self.pick_holders()
        awards = self.build_awards(holders)
        self.build_open_nominations(holders)
        self.build_plans()
        self.build_studios()
        if self.stdout:
            self.stdout.write(f"  talent: {awards} awards, studios and plans\n")

    def pick_holders(self):
        n = min(TALENT_HOLDERS[self.size], len(self.people))
        chosen = self.rng.sample(self.people, n)
        by_pk = {p[0]: p for p in self.people}
        # The worker persona holds a title, so his own page and the pool show one.
        zhigong = by_pk.get(self.personas.get("zhigong"))
        if zhigong and zhigong not in chosen:
            chosen[0] = zhigong
        return [p for p in chosen if self.titles.get(p[1])]

    def assessors(self, exclude, k=3):
        found = []
        while len(found) < k:
            pk = self.rng.choice(self.people)[0]
            if pk != exclude and pk not in found:
                found.append(pk)
        return found

    def assess(self, n, mean):
        """The panel and its score sheets near ``mean`` (a share of full marks), kept on the unsaved nomination
        with the mean total they give: written after it (``save_panels``), so no row is updated later."""
        from .choices import NominationStatus

        panel = self.assessors(n.person_id, n.title.min_assessors)
        leader = self.personas.get("banzhang")
        # The team leader persona sits on the panels under assessment (his score sheet to fill).
        if n.status == NominationStatus.ASSESSING and leader and n.person_id != leader and leader not in panel:
            panel[-1] = leader
        sheet = []
        for assessor in panel:
            for c in n.title.criteria.all():
                share = min(1.0, max(0.0, mean + self.rng.uniform(-0.05, 0.05)))
                sheet.append((assessor, c, Decimal(round(float(c.max_score) * share * 2) / 2)))
        if n.status == NominationStatus.ASSESSING:
            sheet = [row for row in sheet if row[0] == panel[0]]  # one sheet in, the others to come
        else:
            n.mean_score = (sum(score for _, _, score in sheet) / len(panel)).quantize(Decimal("0.01"))
        n.demo_panel, n.demo_sheet = panel, sheet
        return n

    def save_panels(self, nominations):
        from .models import TalentNomination, TalentScore

        Panel = TalentNomination.panel.through
        now = timezone.now()
        panels, scores = [], []
        for n in nominations:
            panels += [Panel(talentnomination_id=n.pk, person_id=a) for a in n.demo_panel]
            scores += [TalentScore(nomination_id=n.pk, assessor_id=a, criterion=c, score=v, at=now)
                       for a, c, v in n.demo_sheet]  # fmt: skip
        Panel.objects.bulk_create(panels, batch_size=2000)
        TalentScore.objects.bulk_create(scores, batch_size=2000)

    def build_awards(self, holders):
        """Each holder's award (from an awarded nomination with its panel's scores); a third of those past their
        term were re-assessed and continue, the rest wait for re-assessment or have lapsed."""
        from .choices import AwardStatus, NominationStatus
        from .models import TalentAward, TalentNomination
        from .services.talent import term_end

        rng, today = self.rng, self.today
        plans = []  # (person, title, from, renewed?)
        for pk, channel, _unit in holders:
            title = rng.choice(self.titles[channel])
            start = today - timedelta(days=rng.randint(30, 365 * (title.term_years + 2)))
            if pk == self.personas.get("zhigong"):
                start = today - timedelta(days=200)
            renewed = term_end(start, title.term_years) < today and rng.random() < 0.35
            plans.append((pk, title, start, renewed))
        firsts = [self.assess(self.nomination(pk, title, start.year, NominationStatus.AWARDED), 0.9)
                  for pk, title, start, _renewed in plans]  # fmt: skip
        TalentNomination.objects.bulk_create(firsts, batch_size=1000)
        awards = [
            TalentAward(person_id=pk, title=title, nomination=n, year=start.year, valid_from=start,
                        valid_to=term_end(start, title.term_years),
                        status=AwardStatus.RENEWED if renewed else AwardStatus.ACTIVE)
            for n, (pk, title, start, renewed) in zip(firsts, plans, strict=True)
        ]  # fmt: skip
        TalentAward.objects.bulk_create(awards, batch_size=1000)
        # The re-assessments of the terms that ended: a nomination renewing the old award, and the new award.
        again = [(self.assess(self.nomination(old.person_id, old.title, old.valid_to.year, NominationStatus.AWARDED,
                                              note="聘期届满复评", renews=old), 0.9), old)
                 for old in awards if old.status == AwardStatus.RENEWED]  # fmt: skip
        TalentNomination.objects.bulk_create([n for n, _ in again], batch_size=1000)
        renewed = [
            TalentAward(person_id=old.person_id, title=old.title, nomination=n, year=old.valid_to.year + 1,
                        valid_from=old.valid_to + timedelta(days=1),
                        valid_to=term_end(old.valid_to + timedelta(days=1), old.title.term_years))
            for n, old in again
        ]  # fmt: skip
        TalentAward.objects.bulk_create(renewed, batch_size=1000)
        self.save_panels([*firsts, *(n for n, _ in again)])
        return len(awards) + len(renewed)

    def nomination(self, pk, title, year, status, note="", renews=None):
        from .models import TalentNomination

        return TalentNomination(
            person_id=pk, title=title, year=year, nominated_by=self.actor, nominator_name="所在单位工会",
            reasons="岗位业绩突出,在技术攻关和传帮带中发挥骨干作用", evidence="近三年考核优秀;攻关项目验收报告",
            status=status, note=note, renews=renews,
        )  # fmt: skip

    def build_open_nominations(self, holders):
        """Nominations in each state of the year (none for a person already holding a title)."""
        from .choices import NominationStatus
        from .models import TalentNomination

        held = {p[0] for p in holders}
        free = [p for p in self.people if p[0] not in held and self.titles.get(p[1])]
        self.rng.shuffle(free)
        k = TALENT_OPEN[self.size]
        means = {NominationStatus.ASSESSING: 0.85, NominationStatus.PASSED: 0.92, NominationStatus.FAILED: 0.62}
        states = [NominationStatus.NOMINATED, NominationStatus.ASSESSING, NominationStatus.PASSED,
                  NominationStatus.FAILED, NominationStatus.WITHDRAWN]  # fmt: skip
        rows = []
        for i, (pk, channel, _unit) in enumerate(free[: k * len(states)]):
            state = states[i % len(states)]
            n = self.nomination(pk, self.rng.choice(self.titles[channel]), self.today.year, state,
                                note="本人申请撤回" if state == NominationStatus.WITHDRAWN else "")  # fmt: skip
            rows.append(self.assess(n, means[state]) if state in means else n)
        TalentNomination.objects.bulk_create(rows, batch_size=1000)
        self.save_panels([n for n in rows if n.status in means])

    def build_plans(self):
        """Two plans of the year: the company's for the three channels, and a plant's for skilled operators."""
        from vanguard.org.choices import Channel

        from .choices import PlanRecordKind
        from .models import TalentPlan, TalentPlanRecord

        year = self.today.year
        plant = self.plants[0] if self.plants else self.company
        plans = TalentPlan.objects.bulk_create([
            TalentPlan(year=year, unit_id=self.company, name=f"{year}年公司人才培养使用规划",
                       measures="一、专家和首席技师年度考核与复评;二、尖子人才导师带徒;三、技能等级晋升培训;四、按聘期发放津贴",
                       training_hours_goal=Decimal(2000), budget=Decimal(600000)),
            TalentPlan(year=year, unit_id=plant, channel=Channel.SKILLED, name=f"{year}年技能操作人才培养计划",
                       measures="一、技术比武赛前集训;二、首席技师工作室带徒;三、技能尖子轮岗锻炼",
                       training_hours_goal=Decimal(600), budget=Decimal(120000)),
        ])  # fmt: skip
        records = []
        months = max(self.today.month, 1)
        for i in range(24):
            plan = plans[i % 2]
            day = date(year, 1 + i % months, 1 + (i * 3) % 27)
            person = self.rng.choice(self.people)[0]
            if i % 3:
                records.append(TalentPlanRecord(plan=plan, kind=PlanRecordKind.TRAINING, date=day, person_id=person,
                                                content="技能提升培训班", hours=Decimal(8 + i % 3 * 8)))  # fmt: skip
            else:
                records.append(TalentPlanRecord(plan=plan, kind=PlanRecordKind.INCENTIVE, date=day, person_id=person,
                                                content="人才津贴(季度)", amount=Decimal(1500 + i * 100)))  # fmt: skip
        TalentPlanRecord.objects.bulk_create(records)

    def build_studios(self):
        """Studios in the plants, led by title holders or others, with three years of projects (some the 五小
        projects of the ``projects`` app, linked not retyped) and their 复核 (one overdue)."""
        from vanguard.org.models import Unit
        from vanguard.projects.choices import ProjectKind
        from vanguard.projects.models import Project

        from .choices import StudioLevel, StudioReviewOutcome
        from .models import InnovationStudio, StudioProject, StudioReview
        from .services.talent import term_end

        rng, today = self.rng, self.today
        by_plant = defaultdict(list)
        units = dict(Unit.objects.values_list("pk", "path"))
        plant_paths = dict(Unit.objects.filter(pk__in=self.plants).values_list("path", "pk"))
        for pk, _channel, unit in self.people:
            plant = plant_paths.get(units.get(unit, "")[: 2 * Unit.steplen])
            if plant:
                by_plant[plant].append((pk, unit))
        plants = [p for p in self.plants if by_plant[p]]
        if not plants:
            return
        five_small = list(Project.objects.filter(kind=ProjectKind.INNOVATION).order_by("pk").values_list("pk", "title",
                                                                                                       "start_date"))  # fmt: skip
        studios, members = [], []
        levels = [
            StudioLevel.COMPANY,
            StudioLevel.PLANT,
            StudioLevel.CITY,
            StudioLevel.PROVINCIAL,
            StudioLevel.NATIONAL,
        ]
        for i in range(STUDIOS[self.size]):
            plant = plants[i % len(plants)]
            lead, unit = rng.choice(by_plant[plant])
            founded = today - timedelta(days=rng.randint(200, 365 * 7))
            studio = InnovationStudio(
                name=f"{['轧管', '精整', '设备', '热处理', '质检', '能源'][i % 6]}创新工作室{i + 1:03d}", unit_id=unit,
                lead_id=lead, founded=founded, level=levels[i % len(levels)], focus="工艺改进与设备攻关",
                reconfirm_years=3, reconfirm_due=term_end(founded, 3),
            )  # fmt: skip
            studios.append(studio)
        InnovationStudio.objects.bulk_create(studios, batch_size=1000)
        Members = InnovationStudio.members.through
        reviews, projects = [], []
        for i, studio in enumerate(studios):
            pool = [pk for pk, _ in by_plant[plants[i % len(plants)]] if pk != studio.lead_id]
            members += [
                Members(innovationstudio_id=studio.pk, person_id=pk) for pk in rng.sample(pool, min(5, len(pool)))
            ]
            # Confirmed at each 复核 that fell due, except every fifth studio, left overdue.
            due = studio.reconfirm_due
            while due < today and i % 5:
                reviews.append(StudioReview(studio=studio, reviewed_on=due, outcome=StudioReviewOutcome.CONFIRMED,
                                            reviewer=self.actor))  # fmt: skip
                due = term_end(due, 3)
            studio.reconfirm_due = due
            for year in range(max(studio.founded.year, today.year - 2), today.year + 1):
                linked = five_small.pop() if five_small and rng.random() < 0.4 else None
                projects.append(StudioProject(
                    studio=studio, year=year, title=linked[1] if linked else f"{year}年度攻关:降低设备故障停机",
                    project_id=linked[0] if linked else None, funding=Decimal(rng.randrange(2, 30) * 5000),
                    outputs="形成作业标准 1 项;申报专利 1 件", benefit=Decimal(rng.randrange(5, 80) * 10000),
                ))  # fmt: skip
        Members.objects.bulk_create(members, batch_size=2000, ignore_conflicts=True)
        StudioReview.objects.bulk_create(reviews, batch_size=1000)
        StudioProject.objects.bulk_create(projects, batch_size=1000)
        InnovationStudio.objects.bulk_update(studios, ["reconfirm_due"], batch_size=1000)


@transaction.atomic
def build_talent_demo(size, stdout=None, today=None):
    demo = TalentDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---- end talent
