"""The reverse situations (不合格党员的情形) as the office first finds them: the grounds commonly listed for
grading a member 不合格 in 民主评议党员 (理想信念, 政治立场, 宗旨意识, 组织纪律, 作风, 品行, 纪法). The office
keeps them as data afterwards; ``situations_ensure`` puts back any that are missing (a demo after a flush)
and never changes one the office has edited."""

# code, category, name, description
DEFAULT_SITUATIONS = [
    ("ideals", "理想信念", "理想信念动摇", "对共产主义缺乏信仰,对中国特色社会主义缺乏信心,信仰宗教或参加迷信活动。"),
    ("politics", "政治立场", "政治立场不坚定", "在大是大非面前态度暧昧,散布与党的理论和路线方针政策相违背的言论。"),
    ("purpose", "宗旨意识", "宗旨意识淡薄", "群众观念缺失,漠视群众利益,对群众的困难和诉求不闻不问。"),
    ("org-life", "组织纪律", "无正当理由不参加组织生活", "无正当理由连续不参加党的组织生活。"),
    ("dues", "组织纪律", "不按规定交纳党费", "无正当理由不按规定交纳党费。"),
    ("tasks", "组织纪律", "不完成党组织分配的任务", "拒不接受或无正当理由不完成党组织分配的任务。"),
    (
        "passive",
        "工作作风",
        "工作消极、不起先锋模范作用",
        "精神不振、敷衍塞责,在生产经营和急难险重任务中不起先锋模范作用。",
    ),
    ("conduct", "道德品行", "道德品行不端", "违反社会公德、职业道德、家庭美德,在群众中造成不良影响。"),
    ("law", "纪律法规", "违反党纪国法", "违反党的纪律或国家法律法规,受到处理尚未改正。"),
]


def situations_ensure():
    """Create the default situations that are missing; leave every existing one as the office left it."""
    from .models import ReverseSituation

    have = set(ReverseSituation.objects.values_list("code", flat=True))
    ReverseSituation.objects.bulk_create(
        ReverseSituation(code=code, category=category, name=name, description=text, order=order)
        for order, (code, category, name, text) in enumerate(DEFAULT_SITUATIONS, start=1)
        if code not in have
    )
