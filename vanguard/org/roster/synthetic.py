"""Valid synthetic roster rows, for the benchmark (bench/run.py)."""

import random
from datetime import date, timedelta

from ..choices import UnitKind
from ..models import PartyOrg, Unit
from ..selectors import tree_path_names
from ..validators import id_card_check_digit


def synthetic_rows(count, *, prefix="B", member_share=0.3):
    """``count`` valid roster rows (lists in template order) spread over the existing teams."""
    rng = random.Random(f"roster-{count}")
    units = {pk: path for path, pk in tree_path_names(Unit).items()}
    orgs = {pk: path for path, pk in tree_path_names(PartyOrg).items()}
    teams = list(Unit.objects.filter(kind=UnitKind.TEAM).values_list("pk", "path"))
    covering = {}
    for org_id, unit_path in PartyOrg.units.through.objects.values_list("partyorg_id", "unit__path"):
        covering[unit_path] = org_id
    team_org = {}
    for pk, path in teams:
        for length in range(len(path), 0, -Unit.steplen):
            if path[:length] in covering:
                team_org[pk] = covering[path[:length]]
                break
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    rows = []
    for i in range(count):
        team_id, _ = teams[i % len(teams)]
        birth = date(1970, 1, 1) + timedelta(days=(i // 1000) * 97)  # with the sequence: unique cards
        first17 = f"{110100 + sum(map(ord, prefix)) % 100:06d}{birth:%Y%m%d}{i % 1000:03d}"
        member = team_id in team_org and rng.random() < member_share
        joined = date(max(birth.year + 20, 2000), rng.randint(1, 12), rng.randint(1, 28)) if member else None
        rows.append(
            [
                rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                f"{prefix}{i + 1:06d}",
                rng.choice("男女"),
                birth,
                "汉族",
                rng.choice(["大学本科", "大学专科", "高中"]),
                first17 + id_card_check_digit(first17),
                units[team_id],
                orgs[team_org[team_id]] if member else "",
                "中共党员" if member else "群众",
                joined,
                date(joined.year + 1, joined.month, joined.day) if member else None,
                "操作工",
                "无",
                "技能操作",
                f"139{i:08d}",
            ]
        )
    return rows
