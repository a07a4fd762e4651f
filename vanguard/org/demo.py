"""The demo company: a seamless-steel-pipe maker like the article's, built through the services.

Deterministic for a size: the same names, numbers and trees every time. The fixed
logins (password ``vanguard-demo``) are the personas of the tests and the README.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from . import services
from .choices import (
    CadreLevel,
    Channel,
    Education,
    MembershipStatus,
    PartyOrgKind,
    PartyPost,
    PoliticalStatus,
    Role,
    UnitKind,
)
from .models import PartyOrg, Person, Unit
from .validators import id_card_check_digit

DEMO_PASSWORD = "vanguard-demo"

PLANTS = ["轧管厂", "炼钢厂", "热处理厂", "管加工厂", "质检中心", "设备部", "能源部", "物流部", "技术中心", "销售公司",
          "采购中心", "安全环保部", "动力厂", "铁前厂", "钢管研究院", "检测公司", "机械厂", "运输部", "信息中心", "计量中心"]
PROCESSES = ["加热", "穿孔", "连轧", "定径", "冷床", "精整", "探伤", "切管", "包装", "检修"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海波斌宇浩凯晨欣怡子涵俊峰雪梅立新永春文博天佑嘉"
ETHNICITIES = ["汉族"] * 40 + ["回族", "满族", "蒙古族", "朝鲜族", "土家族"]


@dataclass(frozen=True)
class Size:
    plants: int
    areas_per_plant: int
    processes_per_area: int
    teams_per_process: int
    people_per_team: int
    member_share: float
    groups_per_branch: int


SIZES = {
    "tiny": Size(plants=2, areas_per_plant=2, processes_per_area=1, teams_per_process=2, people_per_team=6,
                 member_share=0.4, groups_per_branch=2),
    "small": Size(plants=8, areas_per_plant=4, processes_per_area=2, teams_per_process=3, people_per_team=10,
                  member_share=0.3, groups_per_branch=3),
    "large": Size(plants=20, areas_per_plant=20, processes_per_area=2, teams_per_process=2, people_per_team=25,
                  member_share=0.3, groups_per_branch=4),
}


class Builder:
    """Builds the company for one size with a seeded random generator."""

    def __init__(self, size, actor=None, stdout=None):
        self.size = SIZES[size]
        self.rng = random.Random(f"vanguard-{size}")
        self.actor = actor
        self.stdout = stdout
        self.next_no = 100001
        self.rows = []
        self.branch_groups = {}  # branch pk -> [group pk]
        self.team_branch = {}  # team pk -> branch pk

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    # -- trees ---------------------------------------------------------------
    def build_trees(self):
        s = self.size
        self.company = services.unit_create(actor=None, name="天津钢管制造有限公司", kind=UnitKind.COMPANY, code="TPCO")
        self.committee = services.party_org_create(
            actor=None, name="公司党委", kind=PartyOrgKind.COMMITTEE, units=[self.company], founded_on=date(1989, 7, 1)
        )
        self.hq = services.unit_create(actor=None, parent=self.company, name="党群工作部", kind=UnitKind.PLANT)
        self.hq_branch = self._branch(self.committee, "机关党支部", [self.hq])
        for p in range(s.plants):
            self._plant(p)
        self.log(f"  trees: {Unit.objects.count()} units, {PartyOrg.objects.count()} party orgs")

    def _branch(self, parent, name, units):
        branch = services.party_org_create(actor=None, parent=parent, name=name, kind=PartyOrgKind.BRANCH, units=units,
                                           founded_on=date(2000 + self.rng.randint(0, 20), 7, 1))
        groups = [
            services.party_org_create(actor=None, parent=branch, name=f"第{'一二三四五六'[g]}党小组", kind=PartyOrgKind.GROUP)
            for g in range(self.size.groups_per_branch)
        ]
        self.branch_groups[branch.pk] = [g.pk for g in groups]
        return branch

    def _plant(self, index):
        s = self.size
        name = PLANTS[index % len(PLANTS)] + ("" if index < len(PLANTS) else str(index // len(PLANTS) + 1))
        plant = services.unit_create(actor=None, parent=self.company, name=name, kind=UnitKind.PLANT)
        general = services.party_org_create(actor=None, parent=self.committee, name=f"{name}党总支",
                                            kind=PartyOrgKind.GENERAL_BRANCH, units=[plant])
        for a in range(s.areas_per_plant):
            area = services.unit_create(actor=None, parent=plant, name=f"{_cn_ordinal(a + 1)}作业区", kind=UnitKind.AREA)
            branch = self._branch(general, f"{name}第{_cn_ordinal(a + 1)}党支部", [area])
            for pr in range(s.processes_per_area):
                process = services.unit_create(actor=None, parent=area, name=PROCESSES[(a + pr) % len(PROCESSES)] + "工序",
                                               kind=UnitKind.PROCESS)
                for t in range(s.teams_per_process):
                    team = services.unit_create(actor=None, parent=process, name=f"{'甲乙丙丁'[t % 4]}班", kind=UnitKind.TEAM)
                    self.team_branch[team.pk] = branch.pk

    # -- people --------------------------------------------------------------
    def _name(self):
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def _id_card(self, birth, gender):
        seq = self.rng.randint(10, 99) * 10 + int(self.rng.choice("13579" if gender == "M" else "02468"))
        first17 = f"120116{birth:%Y%m%d}{seq:03d}"
        return first17 + id_card_check_digit(first17)

    def _row(self, unit_id, *, member_of=None, name=None, cadre=CadreLevel.NONE, position="", channel=None,
             post=PartyPost.MEMBER, probationary=False):
        rng = self.rng
        gender = "M" if rng.random() < 0.78 else "F"
        birth = date(rng.randint(1966, 2002), rng.randint(1, 12), rng.randint(1, 28))
        employee_no = f"T{self.next_no}"
        self.next_no += 1
        membership = None
        political = rng.choice([PoliticalStatus.MASSES] * 3 + [PoliticalStatus.LEAGUE])
        if member_of is not None:
            joined = date(max(birth.year + 20, rng.randint(1988, 2024)), rng.randint(1, 12), rng.randint(1, 28))
            joined = min(joined, date(2025, 6, 1))
            status = MembershipStatus.PROBATIONARY if probationary else MembershipStatus.FULL
            membership = {
                "party_org_id": member_of, "status": status, "joined_on": joined, "post": post,
                "regularised_on": None if probationary else date(joined.year + 1, joined.month, joined.day),
            }
            political = PoliticalStatus.PROBATIONARY if probationary else PoliticalStatus.MEMBER
        self.rows.append({
            "name": name or self._name(), "employee_no": employee_no, "gender": gender, "birth_date": birth,
            "ethnicity": rng.choice(ETHNICITIES), "education": rng.choice(list(Education.values)),
            "id_card": self._id_card(birth, gender), "position": position, "cadre_level": cadre,
            "channel": channel or rng.choice([Channel.SKILLED] * 6 + [Channel.TECHNICAL] * 2 + [Channel.MANAGEMENT]),
            "unit_id": unit_id, "phone": f"13{rng.randint(100000000, 999999999)}", "political_status": political,
            "is_active": True, "membership": membership,
        })
        return employee_no

    def build_people(self):
        s = self.size
        self.personas = {}
        self.personas["dangwei"] = self._row(self.hq.pk, member_of=self.hq_branch.pk, name="郑建国",
                                             cadre=CadreLevel.SECTION, position="党群工作部部长", channel=Channel.MANAGEMENT)
        first_branch = None
        for team_id, branch_id in self.team_branch.items():
            groups = self.branch_groups[branch_id]
            if first_branch is None:
                first_branch = branch_id
                self.personas["shuji"] = self._row(team_id, member_of=branch_id, name="王立新", cadre=CadreLevel.SECTION,
                                                   position="作业区党支部书记", post=PartyPost.SECRETARY,
                                                   channel=Channel.MANAGEMENT)
                self.personas["dangyuan"] = self._row(team_id, member_of=groups[0], name="李红梅", position="轧钢工")
                self.personas["zhigong"] = self._row(team_id, name="张小军", position="操作工")
            elif "outsider" not in self.personas and branch_id != first_branch:
                self.personas["outsider"] = self._row(team_id, name="赵外援", position="操作工")
            for i in range(s.people_per_team):
                is_member = self.rng.random() < s.member_share
                group = groups[i % len(groups)]
                self._row(team_id, member_of=group if is_member else None, probationary=is_member and self.rng.random() < 0.05,
                          position="班组长" if i == 0 else "操作工",
                          cadre=CadreLevel.TEAM_LEADER if i == 0 else CadreLevel.NONE)
        self.first_branch_id = first_branch
        result = services.person_bulk_upsert(actor=None, rows=self.rows)
        self.log(f"  people: {result['created']} created")

    # -- logins --------------------------------------------------------------
    def build_logins(self):
        admin = services.user_create(actor=None, username="admin", password=DEMO_PASSWORD, is_superuser=True)
        services.role_assign(actor=None, user=admin, role=Role.SYSTEM_ADMIN)
        people = {p.employee_no: p for p in Person.objects.filter(employee_no__in=self.personas.values())}
        grants = {
            "dangwei": (Role.COMMITTEE_ADMIN, self.committee),
            "shuji": (Role.BRANCH_SECRETARY, PartyOrg.objects.get(pk=self.first_branch_id)),
            "dangyuan": (Role.MEMBER, None),
            "zhigong": (Role.WORKER, None),
            "outsider": (Role.WORKER, None),
        }
        for username, (role, org) in grants.items():
            person = people[self.personas[username]]
            user = services.user_create(actor=None, username=username, password=DEMO_PASSWORD, person=person)
            services.role_assign(actor=None, user=user, role=role, party_org=org)


def _cn_ordinal(n):
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


DEMO_LOGINS = [
    ("admin", "系统管理员"),
    ("dangwei", "党委管理员(全公司)"),
    ("shuji", "支部书记(轧管厂第一党支部)"),
    ("dangyuan", "党员(该支部第一党小组)"),
    ("zhigong", "职工(该支部覆盖的班组,非党员)"),
]


@transaction.atomic
def build_demo_company(size="small", stdout=None):
    builder = Builder(size, stdout=stdout)
    builder.build_trees()
    builder.build_people()
    builder.build_logins()
    return builder


@dataclass
class CompanyHandles:
    """Named objects of a seeded demo company, for tests and benchmarks."""

    users: dict
    committee: PartyOrg
    branch: PartyOrg
    other_branch: PartyOrg
    team: Unit
    other_team: Unit


def company_handles():
    from .models import User

    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _ in DEMO_LOGINS] + ["outsider"])}
    shuji_branch = users["shuji"].role_assignments.get().party_org
    team = users["zhigong"].person.unit
    other_branch = PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).exclude(pk=shuji_branch.pk).order_by("-path").first()
    other_team = Unit.objects.filter(kind=UnitKind.TEAM, party_orgs__isnull=True).exclude(
        path__startswith=team.path[: -2 * Unit.steplen]
    ).order_by("-path").first()
    return CompanyHandles(users=users, committee=PartyOrg.objects.get_root_nodes().get(), branch=shuji_branch,
                          other_branch=other_branch, team=team, other_team=other_team)
