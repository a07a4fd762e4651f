"""Target progress (``campaigns``): the weighted completion of the targets a subject owns whose time node falls
in the round's period, read from the progress each target keeps (``Target.progress_pct``, the roll-up's cache)."""

from collections import defaultdict
from decimal import Decimal

from vanguard.campaigns.choices import TargetStatus
from vanguard.campaigns.models import Target

from ..choices import ORG_SUBJECTS, PERSON_SUBJECTS, SubjectKind
from ..sources import SourceValue
from .base import ZERO, among, automatic, figure, link, places, subject_keys

HUNDRED = Decimal(100)


def _owner(kind):
    """The target's column that names a subject of ``kind``: its owner, its owner org, or its owner's team."""
    if kind in PERSON_SUBJECTS:
        return "owner_person_id", "owner"
    if kind in ORG_SUBJECTS:
        return "owner_org_id", "org"
    return "owner_person__unit_id", "unit"


@automatic(
    code="target-progress",
    label="目标任务完成进度",
    kinds=(SubjectKind.BRANCH, SubjectKind.LEADERSHIP, SubjectKind.CADRE, SubjectKind.MEMBER, SubjectKind.TEAM),
    doc=(
        "时间节点在考评期内的目标(个人为其责任目标,支部、领导班子为责任组织是它的目标,班组为班组成员的"
        "责任目标)按权重计的平均完成进度:Σ 权重 × min(进度, 100%) ÷ Σ 权重 × 100。没有这样的目标的不计分。"
    ),
)
def target_progress(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    column, param = _owner(kind)
    rows = (
        Target.objects.filter(**among(column, keys.values()), due_date__gte=period.start, due_date__lte=period.end)
        .order_by()
        .values_list(column, "weight", "progress_pct", "status")
    )
    sums = defaultdict(lambda: [0, ZERO, ZERO, 0])  # targets, weights, weighted progress, done
    for owner, weight, progress, status in rows:
        row = sums[owner]
        row[0] += 1
        row[1] += weight
        row[2] += weight * min(progress, HUNDRED)
        row[3] += status == TargetStatus.DONE
    result = {}
    for subject_pk, owner in keys.items():
        if owner not in sums:
            continue
        n, weights, weighted, done = sums[owner]
        score = places(weighted / weights) if weights else places(ZERO)
        result[subject_pk] = SourceValue(
            score=score, value=score, unit="%",
            detail=f"{period.label}到期目标 {n} 项(已完成 {done} 项),加权完成进度 {figure(score)}%",
            url=link("watchlist", kind="all", **{param: owner}, due_from=period.start, due_to=period.end),
        )  # fmt: skip
    return result
