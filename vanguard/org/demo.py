"""The demo company: a seamless-steel-pipe maker like the article's, built through the services.

Deterministic for a size: the same names, numbers and trees every time (a seeded random
generator, dates counted from a fixed day). ``tiny`` is what the test suite seeds,
``small`` (about 2,000 people) what ``make run`` shows, ``large`` (40,000 people,
12,000 members, 400 branches, 1,600 party groups, 1,500 teams) what the benchmark reads.

The trees go in through ``services.tree_bulk_create`` and the people through
``services.person_bulk_upsert``, the same path as the roster import; every row is audited.
The fixed logins (password ``vanguard-demo``) are the personas of the tests and the README;
``banzhang`` and ``gonghui`` hold roles granted on units (a team, a plant).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from vanguard.core.access import system_actor

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
COMPANY = "天津钢管制造有限公司"
# Ages, party years and dates are counted from this day, not from today, so a seed is the same every run.
REFERENCE_DAY = date(2025, 6, 30)


@dataclass(frozen=True)
class Plant:
    """A plant or department: how its work areas are called, their processes and the trades in its teams.

    ``processes`` empty: a department of offices (科室) without teams.
    """

    name: str
    area: str
    processes: tuple
    trades: tuple
    weight: float
    sections: tuple = ()


PLANTS = (
    Plant(
        "轧管厂",
        "作业区",
        ("加热", "穿孔", "连轧", "定径", "冷床", "精整", "探伤", "切管"),
        ("轧钢工", "加热工", "穿孔工", "天车工", "精整工", "探伤工", "操作工"),
        3.0,
    ),
    Plant(
        "炼钢厂",
        "作业区",
        ("原料", "转炉", "精炼", "连铸", "坯料精整"),
        ("炼钢工", "连铸工", "精炼工", "原料工", "天车工", "炉前工"),
        3.0,
    ),
    Plant(
        "热处理厂",
        "作业区",
        ("淬火", "回火", "矫直", "无损探伤", "喷标"),
        ("热处理工", "矫直工", "探伤工", "喷标工", "天车工"),
        2.0,
    ),
    Plant(
        "管加工厂",
        "作业区",
        ("车丝", "接箍", "水压试验", "通径", "测长称重", "包装"),
        ("车丝工", "接箍工", "试压工", "包装工", "天车工"),
        2.0,
    ),
    Plant(
        "质检中心",
        "检验站",
        ("取样", "理化检验", "无损检测", "尺寸检验"),
        ("质检员", "理化检验员", "探伤工", "取样工"),
        1.5,
    ),
    Plant(
        "设备部",
        "检修车间",
        ("机械检修", "电气检修", "液压润滑", "设备点检"),
        ("钳工", "电工", "点检员", "焊工", "液压工"),
        1.5,
    ),
    Plant(
        "能源部",
        "车间",
        ("供电", "供水", "燃气", "制氧", "空压"),
        ("变电运行工", "水处理工", "燃气工", "制氧工", "空压机工"),
        1.5,
    ),
    Plant(
        "物流部",
        "作业区",
        ("原料仓储", "成品仓储", "铁路运输", "汽车运输", "装卸发运"),
        ("仓管员", "司机", "装卸工", "调度员", "叉车工"),
        1.5,
    ),
    Plant(
        "炼铁厂",
        "作业区",
        ("烧结", "球团", "高炉", "原料", "渣处理"),
        ("高炉工", "烧结工", "原料工", "天车工", "球团工"),
        2.0,
    ),
    Plant(
        "石油专用管厂",
        "作业区",
        ("管端加厚", "调质", "车丝", "检验", "包装"),
        ("加厚工", "热处理工", "车丝工", "检验工", "包装工"),
        2.0,
    ),
    Plant(
        "不锈钢管厂", "作业区", ("穿孔", "冷轧", "冷拔", "固溶", "酸洗"), ("冷轧工", "冷拔工", "酸洗工", "天车工"), 1.5
    ),
    Plant("动力厂", "车间", ("锅炉", "汽机", "循环水", "余热发电"), ("锅炉工", "汽机工", "水泵工", "电工"), 1.2),
    Plant("机械厂", "车间", ("铆焊", "机加工", "铸造", "装配"), ("铆工", "车工", "铣工", "铸造工", "装配钳工"), 1.2),
    Plant("运输部", "作业区", ("机务", "车务", "工务", "汽运"), ("机车司机", "调车员", "线路工", "汽车司机"), 1.2),
    Plant("计量中心", "检定站", ("衡器计量", "热工计量", "电气计量"), ("计量工", "检定员"), 0.8),
    Plant("检测公司", "检测站", ("理化检测", "无损检测", "力学试验"), ("检测员", "试验工"), 0.8),
    Plant("后勤服务中心", "车间", ("餐饮", "物业", "绿化", "通勤"), ("厨师", "物业员", "绿化工", "司机"), 0.8),
    Plant(
        "钢管研究院",
        "研究室",
        (),
        ("研究员", "工程师", "助理工程师"),
        0.9,
        ("石油管研究室", "结构管研究室", "材料研究室", "工艺研究室", "检测研究室", "标准化室"),
    ),
    Plant(
        "技术中心",
        "室",
        (),
        ("工程师", "技术员"),
        0.8,
        ("产品开发室", "工艺技术室", "质量管理室", "知识产权室", "试验室"),
    ),
    Plant(
        "销售公司",
        "科",
        (),
        ("销售经理", "业务员", "合同管理员"),
        0.8,
        ("国内销售科", "国际贸易科", "合同管理科", "客户服务科", "储运科"),
    ),
    Plant("采购中心", "科", (), ("采购员", "业务员"), 0.6, ("原燃料采购科", "备件采购科", "招标管理科")),
    Plant("安全环保部", "科", (), ("安全工程师", "环保工程师"), 0.5, ("安全管理科", "环境保护科", "职业健康科")),
    Plant(
        "信息中心", "室", (), ("软件工程师", "网络工程师", "系统管理员"), 0.5, ("应用开发室", "网络运维室", "数据室")
    ),
    Plant("生产指挥中心", "科", (), ("调度员", "工程师"), 0.5, ("生产调度科", "计划科", "统计科")),
)
HQ_DEPARTMENTS = ("党群工作部", "人力资源部", "财务部", "企业管理部", "纪委办公室", "总经理办公室")
PLANT_OFFICES = (
    ("综合办公室", ("文秘", "党务干事", "人事劳资员", "统计员")),
    ("生产技术室", ("工艺工程师", "技术员", "计划员")),
    ("设备安全室", ("设备工程师", "安全员", "点检员")),
)
SHIFTS = "甲乙丙丁戊己庚辛壬癸"

SURNAMES_COMMON = "王李张刘陈"
SURNAMES_FREQUENT = "杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩"
SURNAMES_OTHER = (
    "唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江"
    "史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂焦向柳邢"
)
MALE_CHARS = (
    "伟强磊军勇杰涛明超刚平辉鹏华飞斌波宁亮龙峰林东健建国志海永春文博宇浩凯晨俊帅鑫阳旭振兵锋毅彬岩松新立德成"
    "庆福贵生民卫忠群金山江河泉洪胜利荣祥瑞晓家宏学武力勤光耀跃嘉子泽轩铭睿天一昊然航恒晗铁钢长顺宝"
)
FEMALE_CHARS = "芳娜敏静丽艳娟秀霞英华玉兰萍红梅雪琳晶燕婷颖慧玲丹洁倩莉璐佳欣怡涵蕾琪爽月凤云春桂翠荣淑珍宁瑶薇楠悦"
ERA_NAMES_MALE = ("建国", "国庆", "卫东", "建军", "志强", "国华", "建华", "振华", "红军", "向东", "立新", "跃进")
ETHNICITIES = (
    ("汉族", 955),
    ("回族", 18),
    ("满族", 12),
    ("蒙古族", 5),
    ("朝鲜族", 3),
    ("土家族", 3),
    ("壮族", 2),
    ("苗族", 2),
)
REGIONS = (
    "120116",
    "120116",
    "120116",
    "120110",
    "120111",
    "120112",
    "120113",
    "120104",
    "120105",
    "120106",
    "130102",
    "130203",
    "130602",
    "131002",
    "370102",
    "370902",
    "410102",
    "210102",
    "140105",
    "150102",
)
PHONE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "158",
    "159",
    "166",
    "176",
    "177",
    "180",
    "181",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
)

# Education by kind of post: (value, weight).
EDUCATION_MIX = {
    "leader": ((Education.DOCTOR, 5), (Education.MASTER, 45), (Education.BACHELOR, 50)),
    "cadre": ((Education.MASTER, 15), (Education.BACHELOR, 65), (Education.COLLEGE, 20)),
    "staff": ((Education.MASTER, 15), (Education.BACHELOR, 55), (Education.COLLEGE, 25), (Education.TECHNICAL, 5)),
    "team_leader": (
        (Education.BACHELOR, 10),
        (Education.COLLEGE, 40),
        (Education.TECHNICAL, 35),
        (Education.HIGH_SCHOOL, 15),
    ),
    "worker": (
        (Education.BACHELOR, 6),
        (Education.COLLEGE, 28),
        (Education.TECHNICAL, 40),
        (Education.HIGH_SCHOOL, 20),
        (Education.JUNIOR, 6),
    ),
}
# Chance of being a party member by kind of post; workers are drawn to reach the size's share.
MEMBER_CHANCE = {"leader": 1.0, "secretary": 1.0, "cadre": 0.85, "staff": 0.45, "team_leader": 0.55}
AGE_RANGE = {
    "leader": (42, 58),
    "secretary": (35, 56),
    "cadre": (32, 57),
    "staff": (23, 58),
    "team_leader": (28, 57),
    "worker": (20, 59),
}


@dataclass(frozen=True)
class Size:
    plants: int  # the first n of PLANTS
    hq_departments: int
    branches: int
    groups: int
    teams: int
    people: int
    member_share: float
    plant_staff: bool  # plant leaders and plant offices (with a 机关党支部) — not in ``tiny``
    office_staff: tuple  # staff in an office, (low, high)
    min_team: int


SIZES = {
    "tiny": Size(
        plants=2,
        hq_departments=1,
        branches=5,
        groups=10,
        teams=8,
        people=60,
        member_share=0.4,
        plant_staff=False,
        office_staff=(1, 2),
        min_team=4,
    ),
    "small": Size(
        plants=8,
        hq_departments=3,
        branches=40,
        groups=120,
        teams=100,
        people=2000,
        member_share=0.3,
        plant_staff=True,
        office_staff=(3, 8),
        min_team=8,
    ),
    "large": Size(
        plants=24,
        hq_departments=6,
        branches=400,
        groups=1600,
        teams=1500,
        people=40000,
        member_share=0.3,
        plant_staff=True,
        office_staff=(5, 14),
        min_team=10,
    ),
}


@dataclass
class Slot:
    """One person to be: where they work, which party org they would belong to, what post they hold."""

    unit: int  # index into the unit plan
    org: int  # index into the org plan (the branch, or the general branch for plant leaders)
    kind: str  # leader / secretary / cadre / staff / team_leader / worker
    position: str
    cadre: str = CadreLevel.NONE
    channel: str = Channel.SKILLED
    persona: str = ""
    member: bool = False
    probationary: bool = False
    post: str = PartyPost.MEMBER
    party_org: int | tuple | None = None  # index into the org plan, or ("group", branch index, group number)


@dataclass
class OrgPlan:
    name: str
    kind: str
    parent: int | None
    units: list = field(default_factory=list)
    slots: list = field(default_factory=list)
    groups: int = 0


PERSONAS = {
    "dangwei": {
        "name": "郑建国",
        "position": "党群工作部部长",
        "cadre": CadreLevel.SECTION,
        "channel": Channel.MANAGEMENT,
    },
    "shuji": {
        "name": "王立新",
        "position": "作业区党支部书记",
        "cadre": CadreLevel.SECTION,
        "channel": Channel.MANAGEMENT,
    },
    "dangyuan": {"name": "李红梅", "position": "轧钢工", "cadre": CadreLevel.NONE, "channel": Channel.SKILLED},
    "zhigong": {"name": "张小军", "position": "操作工", "cadre": CadreLevel.NONE, "channel": Channel.SKILLED},
    "outsider": {"name": "赵外援", "position": "操作工", "cadre": CadreLevel.NONE, "channel": Channel.SKILLED},
}
PERSONA_ORDER = ("dangwei", "shuji", "dangyuan", "zhigong", "outsider")


def allocate(total, weights, minimum=0):
    """Split ``total`` into integers proportional to ``weights``, each at least ``minimum`` (largest remainder)."""
    n = len(weights)
    if n == 0:
        return []
    rest = total - minimum * n
    if rest < 0:
        raise ValueError("total too small for the minimum")
    scale = sum(weights)
    shares = [rest * w / scale for w in weights]
    counts = [math.floor(s) for s in shares]
    order = sorted(range(n), key=lambda i: (counts[i] - shares[i], i))
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def _cn_ordinal(n):
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _head_titles(name):
    """The head and deputy head of a plant or department, by how it is called."""
    for suffix, head in (("厂", "厂长"), ("部", "部长"), ("中心", "主任"), ("公司", "经理"), ("院", "院长")):
        if name.endswith(suffix):
            return head, "副" + head
    return "主任", "副主任"


def _area_titles(label):
    if label == "作业区":
        return "作业长", "副作业长"
    if label.endswith("站"):
        return "站长", "副站长"
    if label == "科":
        return "科长", "副科长"
    return "主任", "副主任"


class Builder:
    """Plans the company for one size with a seeded random generator, then writes it through the services."""

    def __init__(self, size, stdout=None):
        self.size_name = size
        self.size = SIZES[size]
        self.rng = random.Random(f"vanguard-{size}")
        self.stdout = stdout
        self.units = []  # specs for services.tree_bulk_create
        self.orgs = []  # OrgPlan
        self.slots = []  # Slot
        self.team_slots = []  # (team unit index, org index, plant) for sizing teams later
        self.cards = set()

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    # -- plan: units and orgs ------------------------------------------------
    def _unit(self, parent, name, kind, code=""):
        self.units.append({"parent": parent, "name": name, "kind": kind, "code": code})
        return len(self.units) - 1

    def _org(self, name, kind, parent, units=()):
        self.orgs.append(OrgPlan(name=name, kind=kind, parent=parent, units=list(units)))
        return len(self.orgs) - 1

    def _slot(self, unit, org, kind, position, **extra):
        self.slots.append(Slot(unit=unit, org=org, kind=kind, position=position, **extra))
        self.orgs[org].slots.append(len(self.slots) - 1)
        return self.slots[-1]

    def plan(self):
        s = self.size
        plants = PLANTS[: s.plants]
        hq_branches = s.hq_departments if s.hq_departments > 1 else 0
        area_branches = s.branches - max(hq_branches, 1) - (len(plants) if s.plant_staff else 0)
        per_plant = allocate(area_branches, [p.weight for p in plants], minimum=1)
        team_areas = sum(n for p, n in zip(plants, per_plant, strict=True) if p.processes)
        teams = iter(allocate(s.teams, [self.rng.uniform(0.7, 1.3) for _ in range(team_areas)], minimum=1))
        self.company = self._unit(None, COMPANY, UnitKind.COMPANY, "TPCO")
        self.committee = self._org("公司党委", PartyOrgKind.COMMITTEE, None, [self.company])
        self._plan_hq()
        for plant, areas in zip(plants, per_plant, strict=True):
            self._plan_plant(plant, areas, teams)

    def _plan_hq(self):
        s = self.size
        names = HQ_DEPARTMENTS[: s.hq_departments]
        units = [self._unit(self.company, name, UnitKind.PLANT) for name in names]
        if len(names) == 1:
            branches = [self._org("机关党支部", PartyOrgKind.BRANCH, self.committee, units)]
        else:
            general = self._org("机关党总支", PartyOrgKind.GENERAL_BRANCH, self.committee, units)
            branches = [
                self._org(f"{name}党支部", PartyOrgKind.BRANCH, general, [u])
                for name, u in zip(names, units, strict=True)
            ]
        for i, (name, unit) in enumerate(zip(names, units, strict=True)):
            branch = branches[i] if len(branches) > 1 else branches[0]
            if len(branches) > 1 or i == 0:
                self._slot(
                    unit, branch, "secretary", "党支部书记", cadre=CadreLevel.SECTION_DEPUTY, channel=Channel.MANAGEMENT
                )
            head, deputy = _head_titles(name)
            self._slot(
                unit,
                branch,
                "cadre",
                f"{name}{head}",
                cadre=CadreLevel.DIVISION,
                channel=Channel.MANAGEMENT,
                persona="dangwei" if name == "党群工作部" else "",
            )
            self._slot(
                unit, branch, "cadre", f"{name}{deputy}", cadre=CadreLevel.DIVISION_DEPUTY, channel=Channel.MANAGEMENT
            )
            self._staff(unit, branch, ("主管", "专员", "业务员", "干事"))

    def _staff(self, unit, org, positions, scale=1):
        low, high = self.size.office_staff
        for _ in range(self.rng.randint(low * scale, high * scale)):
            channel = self.rng.choice((Channel.MANAGEMENT, Channel.TECHNICAL, Channel.TECHNICAL))
            self._slot(unit, org, "staff", self.rng.choice(positions), channel=channel)

    def _plan_plant(self, plant, areas, teams):
        s = self.size
        unit = self._unit(self.company, plant.name, UnitKind.PLANT)
        general = self._org(f"{plant.name}党总支", PartyOrgKind.GENERAL_BRANCH, self.committee, [unit])
        if s.plant_staff:
            head, deputy = _head_titles(plant.name)
            leaders = (
                ("党总支书记", CadreLevel.DIVISION, PartyPost.SECRETARY),
                (head, CadreLevel.DIVISION, PartyPost.DEPUTY_SECRETARY),
                (deputy, CadreLevel.DIVISION_DEPUTY, PartyPost.COMMITTEE_MEMBER),
                (deputy, CadreLevel.DIVISION_DEPUTY, PartyPost.COMMITTEE_MEMBER),
            )
            for position, cadre, post in leaders:
                self._slot(unit, general, "leader", position, cadre=cadre, channel=Channel.MANAGEMENT, post=post)
            offices = PLANT_OFFICES if plant.processes else PLANT_OFFICES[:1]
            office_units = [self._unit(unit, name, UnitKind.AREA) for name, _ in offices]
            branch = self._org(f"{plant.name}机关党支部", PartyOrgKind.BRANCH, general, office_units)
            self._slot(
                office_units[0],
                branch,
                "secretary",
                "机关党支部书记",
                cadre=CadreLevel.SECTION_DEPUTY,
                channel=Channel.MANAGEMENT,
            )
            for (name, positions), office in zip(offices, office_units, strict=True):
                self._slot(office, branch, "cadre", f"{name}主任", cadre=CadreLevel.SECTION, channel=Channel.MANAGEMENT)
                self._staff(office, branch, positions)
        for a in range(areas):
            self._plan_area(plant, unit, general, a, next(teams) if plant.processes else 0)

    def _plan_area(self, plant, plant_unit, general, index, team_count):
        if plant.sections:
            name = plant.sections[index % len(plant.sections)]
            name = name if index < len(plant.sections) else f"{name}{index // len(plant.sections) + 1}"
        else:
            name = f"{_cn_ordinal(index + 1)}{plant.area}"
        area = self._unit(plant_unit, name, UnitKind.AREA)
        branch = self._org(f"{plant.name}第{_cn_ordinal(index + 1)}党支部", PartyOrgKind.BRANCH, general, [area])
        first = plant is PLANTS[0] and index == 0
        self._slot(
            area,
            branch,
            "secretary",
            "党支部书记",
            cadre=CadreLevel.SECTION_DEPUTY,
            channel=Channel.MANAGEMENT,
            persona="shuji" if first else "",
        )
        head, deputy = _area_titles(plant.area)
        self._slot(area, branch, "cadre", head, cadre=CadreLevel.SECTION, channel=Channel.MANAGEMENT)
        for _ in range(2 if team_count >= 6 else 1):
            self._slot(area, branch, "cadre", deputy, cadre=CadreLevel.SECTION_DEPUTY, channel=Channel.MANAGEMENT)
        if not plant.processes:
            self._staff(area, branch, plant.trades, scale=2)
            return
        self._slot(area, branch, "staff", "技术员", channel=Channel.TECHNICAL)
        if team_count >= 5:
            self._slot(area, branch, "staff", "安全员", channel=Channel.TECHNICAL)
        processes = min(len(plant.processes), max(1, round(team_count / 3)))
        suffix = "工序" if plant.area == "作业区" else "工段"
        for p, count in enumerate(allocate(team_count, [1] * processes)):
            process = self._unit(area, plant.processes[(index + p) % len(plant.processes)] + suffix, UnitKind.PROCESS)
            for t in range(count):
                team = self._unit(process, f"{SHIFTS[t]}班" if t < len(SHIFTS) else f"{t + 1}班", UnitKind.TEAM)
                self.team_slots.append((team, branch, plant))

    # -- plan: people --------------------------------------------------------
    def plan_teams(self):
        """Size the teams so that the company has exactly the size's number of people."""
        s = self.size
        rest = s.people - len(self.slots)
        sizes = allocate(rest, [self.rng.uniform(0.7, 1.3) for _ in self.team_slots], minimum=s.min_team)
        other_plant_team = next(i for i, (_, _, plant) in enumerate(self.team_slots) if plant is not PLANTS[0])
        for i, ((team, branch, plant), count) in enumerate(zip(self.team_slots, sizes, strict=True)):
            self._slot(team, branch, "team_leader", "班组长", cadre=CadreLevel.TEAM_LEADER)
            for w in range(count - 1):
                persona = ""
                if i == 0 and w < 2:
                    persona = ("dangyuan", "zhigong")[w]
                elif i == other_plant_team and w == 0:
                    persona = "outsider"
                channel = Channel.TECHNICAL if self.rng.random() < 0.05 else Channel.SKILLED
                self._slot(team, branch, "worker", self.rng.choice(plant.trades), channel=channel, persona=persona)

    def decide_members(self):
        """Who is a party member: by chance per kind of post, then exactly enough workers for the share."""
        s = self.size
        workers = []
        for slot in self.slots:
            if slot.persona:
                slot.member = slot.persona in ("dangwei", "shuji", "dangyuan")
            elif slot.kind == "worker":
                workers.append(slot)
            else:
                slot.member = self.rng.random() < MEMBER_CHANCE[slot.kind]
        wanted = round(s.member_share * s.people) - sum(slot.member for slot in self.slots)
        for slot in self.rng.sample(workers, max(0, min(wanted, len(workers)))):
            slot.member = True
        for slot in self.slots:
            if slot.member and not slot.persona and slot.kind in ("worker", "staff", "team_leader"):
                slot.probationary = self.rng.random() < 0.04

    def assign_posts(self):
        """Branch committees stay on the branch; everyone else is spread over the branch's party groups."""
        branches = [i for i, o in enumerate(self.orgs) if o.kind == PartyOrgKind.BRANCH]
        rest = {}
        for b in branches:
            members = [self.slots[i] for i in self.orgs[b].slots if self.slots[i].member]
            rest[b] = self._committee(b, members)
        for b, count in zip(
            branches, allocate(self.size.groups, [len(rest[b]) + 1 for b in branches], minimum=1), strict=True
        ):
            self.orgs[b].groups = count
            self._spread(b, rest[b], count)
        for org, plan in enumerate(self.orgs):
            if plan.kind != PartyOrgKind.BRANCH:
                for i in plan.slots:
                    self.slots[i].party_org = org

    def _committee(self, branch, members):
        """Post the secretary and the committee members (委员) on the branch; returns the other members."""
        committee = [m for m in members if m.kind == "secretary"]
        for m in committee:
            m.post = PartyPost.SECRETARY
        if len(members) >= 7:
            candidates = [m for m in members if m.kind == "cadre"] + [m for m in members if m.kind == "team_leader"]
            seats = 4 if len(members) >= 50 else 2
            for n, m in enumerate(c for c in candidates if not c.persona):
                if n >= seats:
                    break
                m.post = PartyPost.DEPUTY_SECRETARY if n == 0 and len(members) >= 50 else PartyPost.COMMITTEE_MEMBER
                committee.append(m)
        for m in committee:
            m.party_org = branch
        return [m for m in members if m not in committee]

    def _spread(self, branch, members, groups):
        """Contiguous runs of members (they are in team order) make a party group; one 党小组长 each."""
        members = sorted(members, key=lambda m: m.persona != "dangyuan")
        start = 0
        for g, count in enumerate(allocate(len(members), [1] * groups)):
            chunk = members[start : start + count]
            start += count
            for m in chunk:
                m.party_org = ("group", branch, g)
            leader = next((m for m in chunk if not m.persona), None)
            if leader is not None:
                leader.post = PartyPost.GROUP_LEADER

    # -- write ---------------------------------------------------------------
    def build_trees(self):
        self.unit_nodes = services.tree_bulk_create(actor=system_actor(), model=Unit, nodes=self.units)
        specs, self.group_index = [], {}
        for plan in self.orgs:
            specs.append(
                {
                    "parent": plan.parent,
                    "name": plan.name,
                    "kind": plan.kind,
                    "units": [self.unit_nodes[u] for u in plan.units],
                    "founded_on": self._founded(plan.kind),
                }
            )
        for b, plan in enumerate(self.orgs):
            for g in range(plan.groups):
                self.group_index[(b, g)] = len(specs)
                specs.append({"parent": b, "name": f"第{_cn_ordinal(g + 1)}党小组", "kind": PartyOrgKind.GROUP})
        self.org_nodes = services.tree_bulk_create(actor=system_actor(), model=PartyOrg, nodes=specs)
        self.log(f"  trees: {len(self.unit_nodes)} units, {len(self.org_nodes)} party orgs")

    def _founded(self, kind):
        if kind == PartyOrgKind.COMMITTEE:
            return date(1989, 7, 1)
        return date(self.rng.randint(1990, 2020), self.rng.randint(1, 12), 1)

    def build_people(self):
        numbers = list(range(100001 + len(PERSONA_ORDER), 100001 + len(self.slots)))
        self.rng.shuffle(numbers)
        numbers = iter(numbers)
        rows, self.personas = [], {}
        for slot in self.slots:
            if slot.persona:
                employee_no = f"T{100001 + PERSONA_ORDER.index(slot.persona)}"
                self.personas[slot.persona] = employee_no
            else:
                employee_no = f"T{next(numbers)}"
            rows.append(self._row(slot, employee_no))
        rows.sort(key=lambda r: r["employee_no"])
        result = services.person_bulk_upsert(actor=system_actor(), rows=rows)
        self.log(f"  people: {result['created']} created, {sum(s.member for s in self.slots)} members")

    def _row(self, slot, employee_no):
        rng = self.rng
        persona = PERSONAS.get(slot.persona, {})
        low, high = AGE_RANGE[slot.kind]
        age = rng.randint(low, high) if rng.random() < 0.7 else rng.randint(low, (low + high) // 2)
        birth = REFERENCE_DAY - timedelta(days=age * 365 + rng.randint(0, 364))
        female = 0.5 if slot.kind in ("staff", "cadre") else 0.15
        gender = "F" if (slot.persona == "dangyuan" or (not slot.persona and rng.random() < female)) else "M"
        party_org = slot.party_org
        if isinstance(party_org, tuple):
            party_org = self.group_index[(party_org[1], party_org[2])]
        return {
            "name": persona.get("name") or self._name(gender, age),
            "employee_no": employee_no,
            "gender": gender,
            "birth_date": birth,
            "ethnicity": self._weighted(ETHNICITIES),
            "education": self._weighted(EDUCATION_MIX["cadre" if slot.kind == "secretary" else slot.kind]),
            "id_card": self._id_card(birth, gender),
            "position": persona.get("position", slot.position),
            "cadre_level": persona.get("cadre", slot.cadre),
            "channel": persona.get("channel", slot.channel),
            "unit_id": self.unit_nodes[slot.unit].pk,
            "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 10**8 - 1):08d}",
            "political_status": self._political(slot, age),
            "is_active": True,
            "membership": self._membership(slot, birth, party_org) if slot.member else None,
        }

    def _political(self, slot, age):
        if slot.member:
            return PoliticalStatus.PROBATIONARY if slot.probationary else PoliticalStatus.MEMBER
        if slot.persona:
            return PoliticalStatus.MASSES
        return PoliticalStatus.LEAGUE if age <= 28 and self.rng.random() < 0.6 else PoliticalStatus.MASSES

    def _membership(self, slot, birth, party_org):
        rng = self.rng
        earliest = max(birth.replace(day=1) + timedelta(days=366 * 19), date(1980, 1, 1))
        if slot.probationary:
            joined = REFERENCE_DAY - timedelta(days=rng.randint(30, 330))
            return {
                "party_org_id": self.org_nodes[party_org].pk,
                "status": MembershipStatus.PROBATIONARY,
                "joined_on": joined,
                "regularised_on": None,
                "post": slot.post,
            }
        latest = REFERENCE_DAY - timedelta(days=400)
        span = max((latest - earliest).days, 0)
        joined = min(earliest + timedelta(days=int(span * rng.random() ** 1.3)), latest)
        return {
            "party_org_id": self.org_nodes[party_org].pk,
            "status": MembershipStatus.FULL,
            "joined_on": joined,
            "regularised_on": joined + timedelta(days=365),
            "post": slot.post,
        }

    def _weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights)[0]

    def _name(self, gender, age):
        rng = self.rng
        r = rng.random()
        pool = SURNAMES_COMMON if r < 0.3 else SURNAMES_FREQUENT if r < 0.65 else SURNAMES_OTHER
        surname = rng.choice(pool)
        chars = FEMALE_CHARS if gender == "F" else MALE_CHARS
        if gender == "M" and age >= 50 and rng.random() < 0.15:
            return surname + rng.choice(ERA_NAMES_MALE)
        if rng.random() < (0.35 if age >= 45 else 0.12):
            return surname + rng.choice(chars)
        first = rng.choice(chars)
        second = rng.choice(chars.replace(first, ""))
        return surname + first + second

    def _id_card(self, birth, gender):
        """A valid resident ID number, unique in the company (the roster import refuses duplicates)."""
        while True:
            seq = self.rng.randint(0, 99) * 10 + int(self.rng.choice("13579" if gender == "M" else "02468"))
            first17 = f"{self.rng.choice(REGIONS)}{birth:%Y%m%d}{seq:03d}"
            if first17 not in self.cards:
                self.cards.add(first17)
                return first17 + id_card_check_digit(first17)

    # -- logins --------------------------------------------------------------
    def build_logins(self):
        admin = services.user_create(actor=system_actor(), username="admin", password=DEMO_PASSWORD, is_superuser=True)
        services.role_assign(actor=system_actor(), user=admin, role=Role.SYSTEM_ADMIN)
        people = {p.employee_no: p for p in Person.objects.filter(employee_no__in=self.personas.values())}
        shuji_branch = next(self.org_nodes[s.org] for s in self.slots if s.persona == "shuji")
        grants = {
            "dangwei": (Role.COMMITTEE_ADMIN, self.org_nodes[self.committee]),
            "shuji": (Role.BRANCH_SECRETARY, shuji_branch),
            "dangyuan": (Role.MEMBER, None),
            "zhigong": (Role.WORKER, None),
            "outsider": (Role.WORKER, None),
        }
        for username, (role, org) in grants.items():
            person = people[self.personas[username]]
            user = services.user_create(actor=system_actor(), username=username, password=DEMO_PASSWORD, person=person)
            services.role_assign(actor=system_actor(), user=user, role=role, party_org=org)
        self._build_unit_logins(people[self.personas["zhigong"]].unit)

    def _build_unit_logins(self, team):
        """Roles granted on units: the leader of the worker persona's team, a union cadre of the first plant.

        Both are people of the company as planned (no persona slot, so the plan and its random
        draws stay as they were): the team's 班组长, and the plant's first technician by 工号.
        """
        plant = Unit.objects.get(depth=2, name=PLANTS[0].name)
        leader = Person.objects.get(unit=team, cadre_level=CadreLevel.TEAM_LEADER)
        union = (
            Person.objects.filter(unit__path__startswith=plant.path, position="技术员", user__isnull=True)
            .order_by("employee_no")
            .first()
        )
        for username, person, role, unit in (
            ("banzhang", leader, Role.TEAM_LEADER, team),
            ("gonghui", union, Role.UNION_CADRE, plant),
        ):
            user = services.user_create(actor=system_actor(), username=username, password=DEMO_PASSWORD, person=person)
            services.role_assign(actor=system_actor(), user=user, role=role, unit=unit)


DEMO_LOGINS = [
    ("admin", "系统管理员"),
    ("dangwei", "党委管理员(全公司)"),
    ("shuji", "支部书记(轧管厂第一党支部)"),
    ("dangyuan", "党员(该支部第一党小组)"),
    ("zhigong", "职工(该支部覆盖的班组,非党员)"),
    ("banzhang", "班组长(张小军所在的班组)"),
    ("gonghui", "工会干部(轧管厂)"),
]


@transaction.atomic
def build_demo_company(size="small", stdout=None):
    builder = Builder(size, stdout=stdout)
    builder.plan()
    builder.plan_teams()
    builder.decide_members()
    builder.assign_posts()
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
    other_branch = (
        PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).exclude(pk=shuji_branch.pk).order_by("-path").first()
    )
    other_team = (
        Unit.objects.filter(kind=UnitKind.TEAM, party_orgs__isnull=True)
        .exclude(path__startswith=team.path[: -2 * Unit.steplen])
        .order_by("-path")
        .first()
    )
    return CompanyHandles(
        users=users,
        committee=PartyOrg.objects.get_root_nodes().get(),
        branch=shuji_branch,
        other_branch=other_branch,
        team=team,
        other_team=other_team,
    )
