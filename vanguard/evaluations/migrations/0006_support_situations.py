from django.db import migrations

# Written out here, not imported: a migration keeps the values it shipped with.
SITUATIONS = [
    ("ideals", "理想信念", "理想信念动摇", "对共产主义缺乏信仰,对中国特色社会主义缺乏信心,信仰宗教或参加迷信活动。"),
    ("politics", "政治立场", "政治立场不坚定", "在大是大非面前态度暧昧,散布与党的理论和路线方针政策相违背的言论。"),
    ("purpose", "宗旨意识", "宗旨意识淡薄", "群众观念缺失,漠视群众利益,对群众的困难和诉求不闻不问。"),
    ("org-life", "组织纪律", "无正当理由不参加组织生活", "无正当理由连续不参加党的组织生活。"),
    ("dues", "组织纪律", "不按规定交纳党费", "无正当理由不按规定交纳党费。"),
    ("tasks", "组织纪律", "不完成党组织分配的任务", "拒不接受或无正当理由不完成党组织分配的任务。"),
    ("passive", "工作作风", "工作消极、不起先锋模范作用", "精神不振、敷衍塞责,在生产经营和急难险重任务中不起先锋模范作用。"),
    ("conduct", "道德品行", "道德品行不端", "违反社会公德、职业道德、家庭美德,在群众中造成不良影响。"),
    ("law", "纪律法规", "违反党纪国法", "违反党的纪律或国家法律法规,受到处理尚未改正。"),
]


def seed(apps, schema_editor):
    Situation = apps.get_model("evaluations", "ReverseSituation")
    for order, (code, category, name, text) in enumerate(SITUATIONS, start=1):
        Situation.objects.get_or_create(
            code=code, defaults={"category": category, "name": name, "description": text, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_support_models")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
