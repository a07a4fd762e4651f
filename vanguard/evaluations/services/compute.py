"""计算考评结果. A round's results from what was recorded: each leaf criterion by its method (automatic from a
registered source, the signed ratings averaged per evaluator group then weighted by the groups' weights, the
ballots' counts as points of the scheme's choices likewise), parents as the weighted sum of their children,
the party score combined with the business result (or a base score with additions and deductions), the capped
adjustments, grades from the bands tried from the top with their quotas, vetoes capping the grade, and ranks.

Everything is read in a fixed number of queries whatever the size of the round, and the same records always
give the same rows: computing again changes nothing (``RoundResult`` rows are updated in place)."""

import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from .. import sources
from ..choices import Combination, EvaluatorKind, Method
from ..models import AdjustmentCase, Rating, RoundResult, RoundSubject, VetoCase
from ..selectors.ballots import ballot_tally

ZERO, HUNDRED = Decimal(0), Decimal(100)
CENT = Decimal("0.01")
BATCH = 2000
# The rule for ties at a quota's edge: a band never holds more than its quota, and subjects tied on the total
# are never split, so when the tied group at the edge would exceed the quota, all of it falls to the next band,
# and the band takes no one below them (a lower score never passes a higher one).
TIE_RULE = "同分者不拆分:并列者超出名额时,并列者一并降入下一等次,该等次不再递补。"
KIND_LABELS = dict(EvaluatorKind.choices)


def q2(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def s2(value) -> str | None:
    return None if value is None else str(q2(value))


class Scheme:
    """The scheme of a round read once: its criteria tree, groups, bands, vetoes and items."""

    def __init__(self, scheme):
        self.scheme = scheme
        self.criteria = list(scheme.criteria.order_by("parent_id", "order", "pk"))
        self.children = defaultdict(list)
        for c in self.criteria:
            self.children[c.parent_id].append(c)
        parents = {c.parent_id for c in self.criteria}
        self.leaves = [c for c in self.criteria if c.pk not in parents]
        self.ballot_leaves = [c for c in self.leaves if c.method == Method.BALLOT]
        self.group_weights = {g.kind: g.weight for g in scheme.evaluator_groups.all()}
        self.bands = list(scheme.grades.order_by("-min_score", "pk"))  # tried from the top
        self.choice_points = {c["code"]: Decimal(str(c["points"])) for c in scheme.ballot_choices or ()}
        self.choice_labels = {c["code"]: c.get("label", c["code"]) for c in scheme.ballot_choices or ()}

    def roots(self):
        return self.children[None]


def _group_weighted(means: dict, weights: dict) -> tuple[Decimal, str]:
    """The groups' means weighted by the scheme's group weights, over the groups that gave anything (their
    weights re-scaled to 100 %); a scheme without groups averages the groups equally."""
    if not means:
        return ZERO, "无评价记录,计 0 分"
    used = {kind: weights.get(kind, ZERO) for kind in means} if weights else {kind: Decimal(1) for kind in means}
    total = sum(used.values())
    if total <= 0:  # only groups the scheme does not weigh: their plain average
        used = {kind: Decimal(1) for kind in means}
        total = Decimal(len(means))
    score = sum(means[kind] * used[kind] for kind in means) / total
    missing = sorted(KIND_LABELS.get(k, k) for k in weights if k not in means and weights[k] > 0)
    note = f"{'、'.join(missing)}无评价,其余群体权重按比例折算" if missing else ""
    return score, note


def _auto_scores(scheme, round_, subjects, progress):
    """``{criterion.pk: {subject.pk: SourceValue}}`` for the automatic leaves, one call of its source each."""
    values = {}
    for c in scheme.leaves:
        if c.method != Method.AUTO:
            continue
        src = sources.source(c.source)
        values[c.pk] = (src, src.compute(round_, subjects, c.params or {}) if src else {})
        progress()
    return values


def _ratings(round_):
    """``{(subject.pk, criterion.pk): [(kind, name, score, comment)]}`` in one query."""
    rows = (
        Rating.objects.filter(round=round_)
        .order_by("subject_id", "criterion_id", "evaluator__kind", "evaluator__person__name", "evaluator_id")
        .values_list("subject_id", "criterion_id", "evaluator__kind", "evaluator__person__name", "score", "comment")
    )
    found = defaultdict(list)
    for subject_id, criterion_id, kind, name, score, comment in rows:
        found[(subject_id, criterion_id)].append((kind, name, score, comment))
    return found


def _leaf(scheme, c, subject, auto, ratings, tally):
    """A leaf's score (0–100) and the entry of the explanation that says where it came from."""
    entry = {"code": c.code, "name": c.name, "weight": s2(c.weight), "method": c.method}
    if c.method == Method.AUTO:
        src, values = auto[c.pk]
        value = values.get(subject.pk)
        entry["source"] = c.source
        if src is None:
            entry["detail"] = f"数据来源 {c.source} 未启用,计 0 分"
            score = ZERO
        elif value is None:
            entry["detail"] = f"{src.label}:考评期内无记录,计 0 分"
            score = ZERO
        else:
            score = min(max(Decimal(value.score), ZERO), HUNDRED)
            entry |= {"detail": value.detail, "url": value.url, "value": s2(value.value), "unit": value.unit}
    elif c.method == Method.RATING:
        given = ratings.get((subject.pk, c.pk), ())
        by_kind = defaultdict(list)
        for kind, _name, value, _comment in given:
            by_kind[kind].append(Decimal(value) * HUNDRED / c.scale_max)
        means = {kind: sum(v) / len(v) for kind, v in by_kind.items()}
        score, note = _group_weighted(means, scheme.group_weights)
        entry["raters"] = [
            {"name": name, "group": KIND_LABELS.get(kind, kind), "score": s2(value), "comment": comment}
            for kind, name, value, comment in given
        ]
        entry["groups"] = {KIND_LABELS.get(k, k): s2(v) for k, v in sorted(means.items())}
        entry["detail"] = f"{len(given)} 人评分(满分 {c.scale_max}),按评价群体平均后加权" + (f";{note}" if note else "")
    else:
        counts = defaultdict(lambda: defaultdict(int))
        whole = len(scheme.ballot_leaves) == 1
        for (subject_id, criterion_id, kind), choices in tally.items():
            if subject_id == subject.pk and (criterion_id == c.pk or (whole and criterion_id is None)):
                for choice, n in choices.items():
                    counts[kind][choice] += n
        means = {}
        for kind, choices in counts.items():
            n = sum(choices.values())
            if n:
                means[kind] = sum(scheme.choice_points.get(ch, ZERO) * k for ch, k in choices.items()) / n
        score, note = _group_weighted(means, scheme.group_weights)
        merged = defaultdict(int)
        for choices in counts.values():
            for choice, n in choices.items():
                merged[choice] += n
        entry["tally"] = {scheme.choice_labels.get(ch, ch): merged[ch] for ch in scheme.choice_points if ch in merged}
        entry["detail"] = f"计票 {sum(merged.values())} 票,按选项分值平均" + (f";{note}" if note else "")
    entry["score"] = s2(score)
    return score, entry


def _tree(scheme, parent_id, leaf_scores, entries):
    """The weighted sum of ``parent_id``'s children (their weights sum to 100)."""
    children = scheme.children[parent_id]
    weights = sum(c.weight for c in children)
    if not children or weights <= 0:
        return ZERO
    total = ZERO
    for c in children:
        score = leaf_scores[c.pk] if c.pk in leaf_scores else _tree(scheme, c.pk, leaf_scores, entries)
        if c.pk not in leaf_scores:
            entries.append({"code": c.code, "name": c.name, "weight": s2(c.weight), "method": "", "score": s2(score)})
        total += score * c.weight
    return total / weights


def _combine(scheme, party, business):
    """The total before adjustments and the line that says how it was combined."""
    s = scheme.scheme
    if s.base_score is not None:
        return Decimal(s.base_score), f"基础分 {s.base_score:g} 分,加减分后可超过 100 分"
    if s.combination == Combination.NONE:
        return party, "总分即党建得分"
    if business is None:
        return party, "未填经营业绩得分,总分按党建得分计"
    if s.combination == Combination.MULTIPLIER:
        return business * party / HUNDRED, f"经营业绩 {business:g} × 党建系数 {party / HUNDRED:.4f}"
    business_weight = Decimal(s.business_weight)
    if s.combination == Combination.FLOOR:
        business_weight = min(business_weight, HUNDRED - Decimal(s.party_floor))
    party_weight = HUNDRED - business_weight
    total = (party * party_weight + business * business_weight) / HUNDRED
    return total, f"党建 {party_weight:g}% + 经营业绩 {business_weight:g}%"


def _adjustments(round_):
    """``{subject.pk: [(name, points, note)]}`` of the recorded bonus and penalty cases."""
    found = defaultdict(list)
    rows = AdjustmentCase.objects.filter(round=round_).order_by("subject_id", "pk")
    for subject_id, name, points, note in rows.values_list("subject_id", "item__name", "item__points", "note"):
        found[subject_id].append((name, points, note))
    return found


def _vetoes(round_):
    """``{subject.pk: [(rule name, capped band pk or None, note)]}``."""
    found = defaultdict(list)
    rows = VetoCase.objects.filter(round=round_).order_by("subject_id", "pk")
    for subject_id, name, band_id, note in rows.values_list("subject_id", "rule__name", "rule__max_grade_id", "note"):
        found[subject_id].append((name, band_id, note))
    return found


def quota_places(quota, n) -> int | None:
    """The places a band's quota gives among ``n`` graded subjects, rounded down. A quota is kept to four
    places (1/3 as 0.3333), so it stands for any share within half a unit of its last place of it: 0.3333 of
    6 is 2 places, not 1."""
    if quota is None:
        return None
    return math.floor(Decimal(quota) * n + Decimal("0.00005") * n)


def assign_grades(bands, rows):
    """Grade ``rows`` (dicts with ``total``, ``graded``, ``cap`` = the index of the highest band allowed or
    None for no band, ``vetoed``) in place: each band from the top takes the subjects that reach it, up to its
    quota of the graded subjects (rounded down); see ``TIE_RULE``."""
    graded = sorted((r for r in rows if r["graded"]), key=lambda r: (-r["total"], r["order"]))
    n = len(graded)
    taken, closed = defaultdict(int), set()
    limits = {i: quota_places(b.quota, n) for i, b in enumerate(bands)}
    # Subjects tied on the total are decided together, from the top.
    groups = []
    for r in graded:
        if groups and groups[-1][0]["total"] == r["total"]:
            groups[-1].append(r)
        else:
            groups.append([r])
    for group in groups:
        pending = list(group)
        for i, band in enumerate(bands):
            if not pending:
                break
            eligible = [r for r in pending if r["total"] >= band.min_score and r["cap"] is not None and r["cap"] <= i]
            if not eligible:
                continue
            limit = limits[i]
            if i in closed or (limit is not None and taken[i] + len(eligible) > limit):
                tied_out = i not in closed and taken[i] < limit
                closed.add(i)
                note = f"{band.label}名额 {limit} 个" + (
                    f",并列 {len(eligible)} 人超出名额({TIE_RULE})" if tied_out else "已满"
                )
                for r in eligible:
                    r.setdefault("notes", []).append(note)
                continue
            for r in eligible:
                r["band"] = band
                pending.remove(r)
            taken[i] += len(eligible)
    return {bands[i].code: taken[i] for i in range(len(bands))}


def compute_rows(round_, *, progress=lambda: None):
    """The results of ``round_`` as ``{subject.pk: dict of RoundResult fields}``; nothing is written."""
    scheme = Scheme(round_.scheme)
    subjects = list(
        RoundSubject.objects.filter(round=round_).select_related("person", "party_org", "unit").order_by("pk")
    )
    auto = _auto_scores(scheme, round_, subjects, progress)
    ratings = _ratings(round_) if any(c.method == Method.RATING for c in scheme.leaves) else {}
    tally = ballot_tally(round_, by_group=True) if scheme.ballot_leaves else {}
    adjustments, vetoes = _adjustments(round_), _vetoes(round_)
    band_index = {b.pk: i for i, b in enumerate(scheme.bands)}
    cap = Decimal(scheme.scheme.adjustment_cap)
    rows = []
    for order, subject in enumerate(subjects):
        entries, leaf_scores = [], {}
        for c in scheme.leaves:
            leaf_scores[c.pk], entry = _leaf(scheme, c, subject, auto, ratings, tally)
            entries.append(entry)
        party = _tree(scheme, None, leaf_scores, entries) if scheme.criteria else ZERO
        business = subject.business_score
        combined, how = _combine(scheme, party, business)
        cases = adjustments.get(subject.pk, ())
        raw = sum((Decimal(p) for _n, p, _note in cases), ZERO)
        adjustment = max(-cap, min(cap, raw))
        total = combined + adjustment
        total = max(total, ZERO) if scheme.scheme.base_score is not None else min(max(total, ZERO), HUNDRED)
        vetoed = vetoes.get(subject.pk, ())
        allowed = 0
        for _name, band_id, _note in vetoed:
            # A rule capped at a band of no grade of this scheme (or none) leaves no grade at all.
            capped = band_index.get(band_id) if band_id is not None else None
            allowed = max(allowed, capped) if capped is not None else None
            if allowed is None:
                break
        explanation = {
            "criteria": sorted(entries, key=lambda e: e["code"]),
            "party_score": s2(party),
            "combination": how,
            "adjustments": [{"name": n, "points": s2(p), "note": note} for n, p, note in cases],
            "adjustment_raw": s2(raw),
            "adjustment_cap": s2(cap),
            "vetoes": [{"name": n, "note": note} for n, _b, note in vetoed],
        }
        if raw != adjustment:
            explanation["adjustment_note"] = f"加减分合计 {raw:g},按上限 ±{cap:g} 计 {adjustment:g}"
        if not subject.graded:
            explanation["grade_note"] = "不参与定等(预备党员)"
        rows.append({
            "subject": subject, "order": order, "party_score": q2(party), "business_score": business,
            "adjustment": q2(adjustment), "total": q2(total), "graded": subject.graded, "cap": allowed,
            "vetoed": bool(vetoed), "explanation": explanation,
        })  # fmt: skip
        if order % 500 == 499:
            progress()
    taken = assign_grades(scheme.bands, rows)
    _rank(rows)
    for r in rows:
        if r.get("notes"):
            r["explanation"]["grade_note"] = ";".join(r["notes"])
        if r["vetoed"] and r["graded"]:
            r["explanation"]["grade_note"] = (r["explanation"].get("grade_note", "") + " 一票否决,等次受限").strip()
    return rows, taken


def _rank(rows):
    """Ranks by total, ties sharing a rank (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda r: (-r["total"], r["order"]))
    previous, rank = None, 0
    for i, r in enumerate(ordered, start=1):
        if r["total"] != previous:
            rank, previous = i, r["total"]
        r["rank"] = rank


FIELDS = ("party_score", "business_score", "adjustment", "total", "grade_id", "rank", "vetoed", "explanation")


def write_rows(round_, rows, *, progress=lambda: None):
    """Update the round's results in place (insert the missing ones, delete those of removed subjects), so
    computing again with the same records leaves the same rows."""
    existing = {r.subject_id: r for r in RoundResult.objects.filter(round=round_)}
    update, create = [], []
    for row in rows:
        values = {
            "party_score": row["party_score"], "business_score": row["business_score"],
            "adjustment": row["adjustment"], "total": row["total"],
            "grade_id": row["band"].pk if row.get("band") else None, "rank": row["rank"], "vetoed": row["vetoed"],
            "explanation": row["explanation"],
        }  # fmt: skip
        result = existing.pop(row["subject"].pk, None)
        if result is None:
            create.append(RoundResult(round=round_, subject=row["subject"], **values))
        elif any(getattr(result, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(result, f, v)
            update.append(result)
    for start in range(0, len(create), BATCH):
        RoundResult.objects.bulk_create(create[start : start + BATCH])
        progress()
    for start in range(0, len(update), BATCH):
        RoundResult.objects.bulk_update(update[start : start + BATCH], FIELDS)
        progress()
    if existing:
        RoundResult.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    return len(create), len(update)


def score_sum(round_):
    return RoundResult.objects.filter(round=round_).aggregate(s=Sum("total"))["s"]
