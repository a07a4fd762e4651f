"""Constants of the evaluations app: what is assessed, how a criterion is scored, who evaluates, the states of
a round, the grades of the democratic appraisal and how the party score meets the business results."""

from django.db import models


class SubjectKind(models.TextChoices):
    """What a scheme assesses: a round's subjects are rows of this kind."""

    LEADERSHIP = "leadership", "领导班子"  # a party org's leading body (党委/党总支/支部委员会)
    BRANCH = "branch", "党支部"
    CADRE = "cadre", "干部"
    MEMBER = "member", "党员"
    TEAM = "team", "班组"
    WORKER = "worker", "职工"


# Subjects of these kinds are a party org; of TEAM a unit; of the others a person.
ORG_SUBJECTS = frozenset({SubjectKind.LEADERSHIP, SubjectKind.BRANCH})
UNIT_SUBJECTS = frozenset({SubjectKind.TEAM})
PERSON_SUBJECTS = frozenset({SubjectKind.CADRE, SubjectKind.MEMBER, SubjectKind.WORKER})


class Method(models.TextChoices):
    """How a leaf criterion gets its score (0–100 before its weight)."""

    AUTO = "auto", "自动(取自记录)"
    RATING = "rating", "评分(署名评价人)"
    BALLOT = "ballot", "投票(无记名)"


class EvaluatorKind(models.TextChoices):
    """The groups whose ratings or ballots are weighted against each other (上级、同级、下级、群众)."""

    SUPERIOR = "superior", "上级"
    PEER = "peer", "同级"
    SUBORDINATE = "subordinate", "下级"
    MASSES = "masses", "群众"
    SELF = "self", "本人"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "筹备"
    OPEN = "open", "已启动"  # subjects and evaluators fixed; self-assessments (自评) written
    SCORING = "scoring", "评分中"  # named evaluators rate
    VOTING = "voting", "投票中"  # ballots cast
    COMPUTED = "computed", "已计算"
    PUBLISHED = "published", "已公布"


# The order a round moves in; ``computed`` may go back to ``scoring``/``voting`` only by reopening.
ROUND_FLOW = (
    RoundStatus.DRAFT,
    RoundStatus.OPEN,
    RoundStatus.SCORING,
    RoundStatus.VOTING,
    RoundStatus.COMPUTED,
    RoundStatus.PUBLISHED,
)


class Combination(models.TextChoices):
    """How the party score meets the business results (经营业绩) in a responsibility-system assessment."""

    NONE = "none", "只看党建得分"
    ADDITIVE = "additive", "加权相加"  # total = party × (1 − w) + business × w
    FLOOR = "floor", "党建权重不低于"  # additive, with the party weight at least ``party_floor``
    MULTIPLIER = "multiplier", "系数相乘"  # total = business × (party / 100)


class Grade(models.TextChoices):
    """The four grades of the democratic appraisal of members (民主评议党员)."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


GRADE_COLOURS = {
    Grade.EXCELLENT: "red",
    Grade.QUALIFIED: "green",
    Grade.BASIC: "yellow",
    Grade.UNQUALIFIED: "secondary",
}

ROUND_STATUS_COLOURS = {
    RoundStatus.DRAFT: "secondary",
    RoundStatus.OPEN: "azure",
    RoundStatus.SCORING: "blue",
    RoundStatus.VOTING: "purple",
    RoundStatus.COMPUTED: "orange",
    RoundStatus.PUBLISHED: "green",
}

# ---- support


class SupportStatus(models.TextChoices):
    OPEN = "open", "帮促中"
    CLOSED = "closed", "已结束"


class SupportOrigin(models.TextChoices):
    """How a support plan (帮促计划) came to be: by publishing a 不合格 result, or opened by the secretary for a
    基本合格 member."""

    AUTO = "auto", "公布结果时建立"
    MANUAL = "manual", "支部书记建立"


class SupportOutcome(models.TextChoices):
    """How a plan ends (处置): the member has changed (转化), is given a deadline to correct (限期改正), or the
    branch proposes an organisational measure (组织处置: 劝退、除名 as the rules provide)."""

    TRANSFORMED = "transformed", "转化"
    RECTIFY = "rectify", "限期改正"
    DISPOSAL = "disposal", "组织处置"


# The grades a reverse situation is recorded for and a support plan is opened for.
SUPPORT_GRADES = frozenset({Grade.BASIC, Grade.UNQUALIFIED})
SUPPORT_STATUS_COLOURS = {SupportStatus.OPEN: "orange", SupportStatus.CLOSED: "green"}
# ---- end support
