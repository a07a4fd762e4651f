from decimal import Decimal

from django.db import migrations

# Written out here, not imported: a migration keeps the values it shipped with. The code is the key MES and
# ERP push values by; the office may rename an indicator, never its code.
# (code, name, kind, unit of measure, direction, aggregation, weighted by, decimals, minimum, maximum, description)
DEFAULTS = (
    ("output", "产量", "output", "吨", "higher", "sum", None, 1, 0, None,
     "班组当月合格入库的钢管吨数;季度、年度为各月之和。"),
    ("cost-per-ton", "吨管成本", "cost", "元/吨", "lower", "weighted", "output", 2, 0, None,
     "当月可控成本 ÷ 产量;季度、年度和单位按产量加权平均。"),
    ("quality-pass-rate", "产品合格率", "quality", "%", "higher", "weighted", "output", 2, 0, 100,
     "一次检验合格的吨数 ÷ 检验吨数;按产量加权平均。"),
    ("equipment-availability", "设备完好率", "equipment", "%", "higher", "mean", None, 2, 0, 100,
     "完好设备台时 ÷ 日历台时;各月、各班组简单平均。"),
    ("equipment-downtime", "故障停机时间", "equipment", "小时", "lower", "sum", None, 1, 0, None,
     "设备故障造成的停机小时数;各月之和。"),
    ("safety-violations", "违章次数", "safety", "次", "lower", "sum", None, 0, 0, None,
     "安全检查查出的违章作业次数(含“三违”);各月之和。"),
    ("five-defence-hazards", "五防隐患整改率", "five_defence", "%", "higher", "mean", None, 1, 0, 100,
     "防火、防盗、防爆、防破坏、防自然灾害检查发现隐患的按期整改比例。"),
    ("contract-fulfilment", "合同兑现率", "contract", "%", "higher", "mean", None, 2, 0, 100,
     "按期按质交付的合同量 ÷ 应交付的合同量。"),
)  # fmt: skip


def seed(apps, schema_editor):
    """The eight standard indicators, so a new database has a working set (existing codes are left alone)."""
    Indicator = apps.get_model("indicators", "Indicator")
    by_code = {}
    for order, row in enumerate(DEFAULTS, start=1):
        code, name, kind, uom, direction, aggregation, weight_by, decimals, low, high, description = row
        indicator, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "kind": kind, "unit_of_measure": uom, "direction": direction,
                "aggregation": aggregation, "weight_by": by_code.get(weight_by), "decimals": decimals,
                "minimum": None if low is None else Decimal(low), "maximum": None if high is None else Decimal(high),
                "description": description, "order": order * 10,
            },
        )  # fmt: skip
        by_code[code] = indicator


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_competitions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
