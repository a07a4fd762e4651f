"""The seeded appraisal schemes of the themed practice activities (section 三 of the article): 四好领导班子,
四佳基层支部, 四强干部, 四优党员, 四赛职工, 德能勤绩廉, 民主评议党员, 一人一策 and 星级支部. The office keeps them as
data afterwards (copy one to start a scheme of its own). ``seed_schemes`` adds only the schemes missing by code,
so running it again (``services.schemes.scheme_defaults_ensure``) changes nothing that exists."""

from django.db import migrations


def c(code, name, weight, method="", source="", params=None, standard="", children=(), scale_max=100):
    return {
        "code": code, "name": name, "weight": weight, "method": method, "source": source, "params": params or {},
        "standard": standard, "children": list(children), "scale_max": scale_max,
    }  # fmt: skip


GOOD = [
    {"code": "good", "label": "好", "points": 100},
    {"code": "fair", "label": "较好", "points": 85},
    {"code": "average", "label": "一般", "points": 70},
    {"code": "poor", "label": "差", "points": 40},
]
APPRAISAL = [
    {"code": "excellent", "label": "优秀", "points": 100},
    {"code": "qualified", "label": "合格", "points": 80},
    {"code": "basic", "label": "基本合格", "points": 60},
    {"code": "unqualified", "label": "不合格", "points": 0},
]
# Cases that cap a grade (一票否决), shared by several schemes.
SAFETY = "发生严重安全生产事故"
DISCIPLINE = "发生违纪违法案件"

SCHEMES = [
    {
        "code": "four-good-leadership", "name": "四好领导班子", "subject_kind": "leadership",
        "description": "政治素质好、经营业绩好、团结协作好、作风形象好。强化中心组学习、业绩考核、党风廉政建设和民主集中制建设。",
        "ballot_choices": GOOD,
        "criteria": [
            c("political", "政治素质好", 25, children=[
                c("central-study", "中心组学习", 50, "rating", standard="学习计划、专题研讨、学以致用,按年度中心组学习安排评分"),
                c("leadership-meetings", "三会一课落实", 50, "auto", "meeting-compliance"),
            ]),
            c("performance", "经营业绩好", 30, children=[
                c("targets", "目标任务完成", 60, "auto", "target-progress"),
                c("key-indicators", "关键指标", 40, "auto", "indicator-results"),
            ]),
            c("unity", "团结协作好", 20, "rating", standard="民主集中制执行、议事规则落实、班子合力"),
            c("conduct", "作风形象好", 25, children=[
                c("findings", "问题整改", 40, "auto", "findings-closed"),
                c("satisfaction", "群众满意度测评", 60, "ballot"),
            ]),
        ],
        "groups": [("superior", 40), ("peer", 20), ("subordinate", 20), ("masses", 20)],
        "bands": [("four-good", "四好班子", 90, "0.3000", 0), ("good", "良好", 80, None, 0),
                  ("average", "一般", 60, None, 0), ("poor", "较差", 0, None, 0)],
        "vetoes": [(SAFETY, "average"), (DISCIPLINE, "average")],
        "items": [("受到上级党委表彰", 3), ("经验做法被上级推广", 2), ("被上级通报批评", -3)],
        "adjustment_cap": 5,
    },
    {
        "code": "four-best-branch", "name": "四佳基层支部", "subject_kind": "branch",
        "description": "凝心聚力佳、降本增效佳、安全保证佳、产品质量佳,发挥基层党支部的战斗堡垒作用。",
        "criteria": [
            c("cohesion", "凝心聚力佳", 25, children=[
                c("three-meetings", "三会一课规范", 60, "auto", "meeting-compliance"),
                c("education", "党员教育与形势任务教育", 40, "rating"),
            ]),
            c("cost", "降本增效佳", 25, children=[
                c("cost-indicator", "吨钢成本指标", 40, "auto", "indicator-results", {"indicator": "cost-per-ton"}),
                c("merit-projects", "党员立功立项创效", 30, "auto", "project-benefits"),
                c("suggestions", "合理化建议采纳", 30, "auto", "suggestions-adopted"),
            ]),
            c("safety", "安全保证佳", 25, children=[
                c("safety-indicator", "安全违章指标", 50, "auto", "indicator-results", {"indicator": "safety-violations"}),
                c("findings", "隐患与问题整改", 50, "auto", "findings-closed"),
            ]),
            c("quality", "产品质量佳", 25, children=[
                c("quality-indicator", "质量合格率", 60, "auto", "indicator-results", {"indicator": "quality-pass-rate"}),
                c("quality-work", "质量攻关与创新", 40, "rating"),
            ]),
        ],
        "groups": [("superior", 70), ("peer", 30)],
        "bands": [("four-best", "四佳支部", 90, "0.2000", 0), ("advanced", "先进支部", 80, None, 0),
                  ("standard", "达标支部", 60, None, 0), ("below", "未达标", 0, None, 0)],
        "vetoes": [(SAFETY, "standard"), (DISCIPLINE, "standard")],
        "items": [("受到上级表彰", 3), ("培育的典型被推广", 2), ("被通报批评", -3)],
        "adjustment_cap": 5,
    },
    {
        "code": "four-strong-cadre", "name": "四强干部", "subject_kind": "cadre",
        "description": "学习力强、执行力强、责任感强、作风力强。科以上人员每天至少半天深入现场、深入一线。",
        "ballot_choices": GOOD,
        "criteria": [
            c("learning", "学习力强", 25, children=[
                c("study-hours", "学习学时", 50, "auto", "study-hours"),
                c("learning-effect", "学以致用", 50, "rating"),
            ]),
            c("execution", "执行力强", 25, children=[
                c("targets", "目标任务完成", 60, "auto", "target-progress"),
                c("delivery", "工作落实", 40, "rating"),
            ]),
            c("responsibility", "责任感强", 25, children=[
                c("on-site", "深入现场(每天半天)", 50, "auto", "field-days"),
                c("ownership", "担当负责", 50, "rating"),
            ]),
            c("conduct", "作风力强", 25, children=[
                c("integrity", "廉洁自律", 50, "rating"),
                c("masses-view", "群众评价", 50, "ballot"),
            ]),
        ],
        "groups": [("superior", 40), ("peer", 30), ("subordinate", 30)],
        "bands": [("excellent", "优秀", 90, "0.2000", 0), ("competent", "称职", 75, None, 0),
                  ("basic", "基本称职", 60, None, 0), ("incompetent", "不称职", 0, None, 0)],
        "vetoes": [(DISCIPLINE, "incompetent"), (SAFETY + "负有领导责任", "basic")],
        "items": [("解决现场难题受到表彰", 2), ("被群众实名投诉查实", -3)],
        "adjustment_cap": 5,
    },
    {
        "code": "four-excellent-member", "name": "四优党员", "subject_kind": "member",
        "description": "技能优、素质优、业绩优、评价优。党员培训不低于 40 课时;“一个党员一面旗”。",
        "ballot_choices": GOOD,
        "criteria": [
            c("skill", "技能优", 25, children=[
                c("contests", "技术比武与竞赛名次", 50, "auto", "competition-placings"),
                c("post-skill", "岗位技能", 50, "rating"),
            ]),
            c("quality", "素质优", 25, children=[
                c("study-hours", "学习学时(40 课时)", 60, "auto", "study-hours"),
                c("reviews", "月度评议", 40, "auto", "review-ratings"),
            ]),
            c("performance", "业绩优", 25, children=[
                c("targets", "承诺目标完成", 40, "auto", "target-progress"),
                c("projects", "立功立项创效", 30, "auto", "project-benefits"),
                c("suggestions", "合理化建议", 30, "auto", "suggestions-adopted"),
            ]),
            c("opinion", "评价优", 25, "ballot"),
        ],
        "groups": [("superior", 40), ("masses", 60)],
        "bands": [("excellent", "四优党员", 90, "0.2000", 0), ("good", "良好", 80, None, 0),
                  ("qualified", "合格", 60, None, 0), ("improve", "待改进", 0, None, 0)],
        "vetoes": [("受到党纪政务处分", "qualified")],
        "items": [("获得上级荣誉称号", 3), ("无故缺席组织生活", -2)],
        "adjustment_cap": 5,
    },
    {
        "code": "four-contest-worker", "name": "四赛职工", "subject_kind": "worker",
        "description": "赛技能、赛指标、赛学习、赛贡献,围绕成本、产量、质量、设备、安全、五防等指标在班组中开展。",
        "criteria": [
            c("skill", "赛技能", 25, "auto", "competition-placings"),
            c("indicators", "赛指标", 25, "rating", standard="班组长按本人承担的成本、产量、质量、设备、安全指标评分"),
            c("learning", "赛学习", 25, "auto", "study-hours"),
            c("contribution", "赛贡献", 25, "auto", "suggestions-adopted"),
        ],
        "groups": [("superior", 100)],
        "bands": [("star", "四赛标兵", 90, "0.1000", 0), ("excellent", "优秀", 80, None, 0),
                  ("qualified", "合格", 60, None, 0), ("improve", "待提高", 0, None, 0)],
        "vetoes": [("违章作业造成事故", "qualified")],
        "items": [("五小攻关成果", 2), ("违章作业", -2)],
        "adjustment_cap": 5,
    },
    {
        "code": "leadership-assessment", "name": "领导班子德能勤绩廉考核", "subject_kind": "leadership",
        "description": "经营业绩考核、组织考核和民主评议相结合,定性考察与定量分析相结合;党建工作权重不低于 12%。",
        "ballot_choices": GOOD,
        "combination": "floor", "business_weight": 88, "party_floor": 12,
        "criteria": [
            c("de", "德", 20, children=[
                c("politics", "政治品质", 50, "rating"),
                c("ethics", "职业道德", 50, "rating"),
            ]),
            c("neng", "能", 20, "rating", standard="决策、管理、创新和驾驭全局的能力"),
            c("qin", "勤", 15, children=[
                c("meetings", "三会一课落实", 50, "auto", "meeting-compliance"),
                c("grassroots", "深入基层", 50, "rating"),
            ]),
            c("ji", "绩", 30, children=[
                c("targets", "目标任务完成", 50, "auto", "target-progress"),
                c("indicators", "关键指标", 30, "auto", "indicator-results"),
                c("findings", "问题整改", 20, "auto", "findings-closed"),
            ]),
            c("lian", "廉", 15, children=[
                c("integrity", "述职述廉", 60, "rating"),
                c("masses-view", "民主测评", 40, "ballot"),
            ]),
        ],
        "groups": [("superior", 30), ("peer", 20), ("subordinate", 20), ("masses", 30)],
        "bands": [("excellent", "优秀", 90, "0.3000", 0), ("good", "良好", 80, None, 0),
                  ("average", "一般", 60, None, 0), ("poor", "较差", 0, None, 0)],
        "vetoes": [(SAFETY, "average"), (DISCIPLINE, "poor")],
        "items": [("党建工作受上级表彰", 3), ("党风廉政建设责任落实不力被问责", -5)],
        "adjustment_cap": 5,
    },
    {
        "code": "democratic-appraisal", "name": "民主评议党员", "subject_kind": "member",
        "description": "个人自评、党员互评、民主测评,支部按优秀、合格、基本合格、不合格评定等次;优秀不超过三分之一;"
        "预备党员参加评议但不评定等次;不合格党员制定帮促小组和改进措施。",
        "ballot_choices": APPRAISAL, "self_assessment": True, "grade_probationary": False, "adjustment_cap": 0,
        "criteria": [c("vote", "民主测评", 100, "ballot")],
        "groups": [("masses", 100)],
        "bands": [("excellent", "优秀", 90, "0.3333", 0), ("qualified", "合格", 70, None, 0),
                  ("basic", "基本合格", 60, None, 0), ("unqualified", "不合格", 0, None, 0)],
        "vetoes": [("受到党纪处分", "qualified"), ("无正当理由连续六个月不参加党的组织生活", "unqualified")],
        "items": [],
    },
    {
        "code": "one-cadre-one-plan", "name": "科级干部一人一策", "subject_kind": "cadre",
        "description": "科级干部每人一份目标和措施,逐项评分;科以上人员每天至少半天深入现场。",
        "individual_plans": True,
        "criteria": [
            c("own-targets", "本人目标完成", 50, "rating", standard="对照本人“一人一策”目标逐项评分"),
            c("measures", "措施落实", 30, "rating", standard="对照本人“一人一策”工作措施和时间节点评分"),
            c("on-site", "现场履职", 20, "auto", "field-days"),
        ],
        "groups": [("superior", 70), ("peer", 30)],
        "bands": [("excellent", "优秀", 90, "0.2000", 0), ("competent", "称职", 70, None, 0),
                  ("basic", "基本称职", 60, None, 0), ("incompetent", "不称职", 0, None, 0)],
        "vetoes": [(DISCIPLINE, "incompetent")],
        "items": [("目标超额完成", 3), ("措施节点延误", -2)],
        "adjustment_cap": 5,
    },
    {
        "code": "star-branch", "name": "星级党支部", "subject_kind": "branch",
        "description": "基础分 100 分,按加分、扣分项目增减(可超过 100 分);按分数评定五星至一星,逐年晋级、降级。",
        "base_score": 100, "adjustment_cap": 30,
        "criteria": [
            c("organisation", "组织建设", 30, "auto", "meeting-compliance"),
            c("members", "党员管理", 20, "rating"),
            c("role", "作用发挥", 30, children=[
                c("projects", "立功立项创效", 50, "auto", "project-benefits"),
                c("suggestions", "合理化建议", 50, "auto", "suggestions-adopted"),
            ]),
            c("rectification", "问题整改", 20, "auto", "findings-closed"),
        ],
        "groups": [("superior", 100)],
        "bands": [("five-star", "五星级", 90, "0.1000", 5), ("four-star", "四星级", 80, None, 4),
                  ("three-star", "三星级", 70, None, 3), ("two-star", "二星级", 60, None, 2),
                  ("one-star", "一星级", 0, None, 1)],
        "vetoes": [(SAFETY, "three-star"), (DISCIPLINE, "two-star")],
        "items": [("受到上级党委表彰", 5), ("创新经验被推广", 3), ("三会一课缺项", -2), ("党费未按时收缴", -2),
                  ("整改逾期", -3)],
    },
]


def _criteria(Criterion, scheme, rows, parent=None):
    for order, row in enumerate(rows, start=1):
        node = Criterion.objects.create(
            scheme=scheme, parent=parent, code=row["code"] if parent is None else f"{parent.code}-{row['code']}",
            name=row["name"], weight=row["weight"], method="" if row["children"] else row["method"],
            source=row["source"], params=row["params"], standard=row["standard"], scale_max=row["scale_max"],
            order=order,
        )  # fmt: skip
        _criteria(Criterion, scheme, row["children"], node)


def seed_schemes(apps, schema_editor):
    from decimal import Decimal

    Scheme = apps.get_model("evaluations", "EvaluationScheme")
    Criterion = apps.get_model("evaluations", "Criterion")
    Group = apps.get_model("evaluations", "EvaluatorGroup")
    Band = apps.get_model("evaluations", "GradeBand")
    Veto = apps.get_model("evaluations", "VetoRule")
    Item = apps.get_model("evaluations", "AdjustmentItem")
    present = set(Scheme.objects.values_list("code", flat=True))
    known = {f.name for f in Scheme._meta.get_fields()}  # a field added by a later migration is set there
    for order, data in enumerate(SCHEMES, start=1):
        if data["code"] in present:
            continue
        fields = {
            k: data[k]
            for k in ("ballot_choices", "self_assessment", "grade_probationary", "combination", "business_weight",
                      "party_floor", "adjustment_cap", "base_score", "individual_plans")
            if k in data and k in known
        }  # fmt: skip
        scheme = Scheme.objects.create(
            code=data["code"], name=data["name"], subject_kind=data["subject_kind"],
            description=data["description"], order=order, **fields,
        )  # fmt: skip
        _criteria(Criterion, scheme, data["criteria"])
        Group.objects.bulk_create(Group(scheme=scheme, kind=kind, weight=weight) for kind, weight in data["groups"])
        bands = {
            code: Band.objects.create(
                scheme=scheme, code=code, label=label, min_score=low,
                quota=Decimal(quota) if quota else None, stars=stars,
            )  # fmt: skip
            for code, label, low, quota, stars in data["bands"]
        }
        Veto.objects.bulk_create(Veto(scheme=scheme, name=name, max_grade=bands[cap]) for name, cap in data["vetoes"])
        Item.objects.bulk_create(Item(scheme=scheme, name=name, points=points) for name, points in data["items"])


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_evaluations")]

    operations = [migrations.RunPython(seed_schemes, migrations.RunPython.noop)]
