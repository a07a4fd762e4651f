from decimal import Decimal

from django.db import migrations

# Written out here, not imported: a migration keeps the values it shipped with.
DEADLINES = (
    ("submitted", "单位初审", 5),
    ("unit_reviewed", "专家评审", 10),
    ("adopted", "组织实施", 60),
    ("implemented", "效益核定", 20),
    ("verified", "兑现奖励", 10),
)
BASIS = "国务院《合理化建议和技术改进奖励条例》(1986)"
TIERS = (
    ("年效益 100 万元以上", 1_000_000, None, 2500, 4000, True),
    ("年效益 50 万至 100 万元", 500_000, 1_000_000, 1500, 2500, False),
    ("年效益 10 万至 50 万元", 100_000, 500_000, 500, 1500, False),
    ("年效益 1 万至 10 万元", 10_000, 100_000, 300, 500, False),
    ("年效益 1 万元以下(或表扬)", 0, 10_000, 0, 300, False),
)


def seed(apps, schema_editor):
    """The reply deadlines, the 1986 tiers and the company's setting, so a new database has a working scheme."""
    ReplyDeadline = apps.get_model("voices", "ReplyDeadline")
    RewardRule = apps.get_model("voices", "RewardRule")
    RewardSetting = apps.get_model("voices", "RewardSetting")
    for status, label, days in DEADLINES:
        ReplyDeadline.objects.get_or_create(status=status, defaults={"label": label, "workdays": days})
    if not RewardRule.objects.exists():
        RewardRule.objects.bulk_create(
            RewardRule(
                label=label, min_benefit=Decimal(low), max_benefit=None if high is None else Decimal(high),
                min_amount=Decimal(a), max_amount=Decimal(b), certificate=cert, basis=BASIS,
            )  # fmt: skip
            for label, low, high, a, b, cert in TIERS
        )
    if not RewardSetting.objects.exists():
        # Section level and above propose within their duties as part of the job.
        RewardSetting.objects.create(
            basis="tiers", duty_excluded_levels=["section_deputy", "section", "division_deputy", "division", "bureau"]
        )


class Migration(migrations.Migration):
    dependencies = [("voices", "0003_suggestion_workflow")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
