"""Computing a round: each method's score worked out by hand from the rows the test wrote, quotas with the
tie rule, probationary members not graded, vetoes, capped adjustments, every combination mode, stars, and
refusals that change nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.org.models import Person

from ..choices import Combination, EvaluatorKind, Method, RoundStatus
from ..models import AdjustmentItem, BranchStar, RoundResult, VetoRule
from ..services import results as services
from ..services.compute import assign_grades, q2, quota_places
from . import results_kit as kit
from .kit import appraisal_round

SUP, PEER, MASSES = EvaluatorKind.SUPERIOR, EvaluatorKind.PEER, EvaluatorKind.MASSES


def people(n):
    return list(Person.objects.filter(is_active=True).order_by("pk")[:n])


def result(subject):
    return RoundResult.objects.select_related("grade").get(subject=subject)


def test_a_democratic_appraisal_scores_ballots_as_points_and_respects_the_quota(company):
    round_ = appraisal_round(company)
    subjects = list(round_.subjects.order_by("pk"))
    graded = [s for s in subjects if s.graded]
    assert len(graded) >= 3
    kit.mark_voted(round_, len(subjects))
    n = len(subjects)  # every voter votes; each ballot marks every subject
    columns = {s: ["qualified"] * n for s in subjects}  # 80
    half = n // 2
    for s in graded[:3]:  # equal totals of 90 (half 优秀 100, half 合格 80 when n is even)
        columns[s] = ["excellent"] * half + ["qualified"] * (n - half)
    columns[graded[-1]] = ["qualified"] * half + ["unqualified"] * (n - half)
    kit.cast(round_, columns)
    top_score = q2(Decimal(100 * half + 80 * (n - half)) / n)
    low_score = q2(Decimal(80 * half) / n)
    services.round_compute(actor=company.users["shuji"], round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.COMPUTED
    top = result(graded[0])
    assert top.total == top_score and top.party_score == top_score and top_score >= 90
    entry = top.explanation["criteria"][0]
    assert entry["tally"] == {"优秀": half, "合格": n - half} and entry["method"] == "ballot"
    quota = quota_places(Decimal("0.3333"), len(graded))  # a third, rounded down
    excellent = RoundResult.objects.filter(round=round_, grade__code="excellent").count()
    assert excellent <= quota
    if quota < 3:  # the three tied at the edge are not split: all fall to 合格
        assert excellent == 0 and top.grade.code == "qualified"
        assert "并列者" in top.explanation["grade_note"]
    assert result(graded[-1]).grade.code == "unqualified" and result(graded[-1]).total == low_score
    for s in subjects:
        if not s.graded:
            assert result(s).grade is None and "不参与定等" in result(s).explanation["grade_note"]
    assert result(graded[0]).rank == 1 and result(graded[3]).rank == 4


def test_the_quota_takes_the_best_and_ties_at_the_edge_fall_together():
    bands = [
        type("B", (), {"code": "a", "label": "优秀", "min_score": 90, "quota": Decimal("0.3333")}),
        type("B", (), {"code": "b", "label": "合格", "min_score": 0, "quota": None}),
    ]
    rows = [{"total": t, "graded": True, "cap": 0, "order": i} for i, t in enumerate([99, 95, 95, 92, 80, 70, 60])]
    taken = assign_grades(bands, rows)
    # 7 graded: quota ⌊7/3⌋ = 2; 99 takes one place, the pair at 95 would make 3, so both fall to 合格.
    assert taken == {"a": 1, "b": 6}
    assert [r["band"].code for r in rows] == ["a", "b", "b", "b", "b", "b", "b"]
    rows = [{"total": t, "graded": True, "cap": 0, "order": i} for i, t in enumerate([99, 95, 92, 80, 70, 60])]
    assert assign_grades(bands, rows) == {"a": 2, "b": 4}


def test_ratings_are_averaged_per_group_then_weighted_and_missing_groups_reweighted(company):
    scheme = kit.scheme(groups={SUP: 60, PEER: 40}, bands=[("ok", 0, None, 0)])
    c = kit.criterion(scheme, "work", 100, Method.RATING, scale_max=10)
    p = people(5)
    round_, (s1, s2) = kit.round_over(company, scheme, people=p[:2])
    boss, peer_a, peer_b = kit.rater(round_, p[2], SUP), kit.rater(round_, p[3], PEER), kit.rater(round_, p[4], PEER)
    from ..models import Rating

    Rating.objects.create(round=round_, criterion=c, subject=s1, evaluator=boss, score=8)
    Rating.objects.create(round=round_, criterion=c, subject=s1, evaluator=peer_a, score=6)
    Rating.objects.create(round=round_, criterion=c, subject=s1, evaluator=peer_b, score=7)
    Rating.objects.create(round=round_, criterion=c, subject=s2, evaluator=peer_a, score=5)
    services.round_compute(actor=company.users["dangwei"], round_=round_)
    # s1: superiors 80, peers (60 + 70) / 2 = 65 → 80 × 0.6 + 65 × 0.4 = 74
    assert result(s1).total == Decimal("74.00")
    entry = result(s1).explanation["criteria"][0]
    assert {r["name"] for r in entry["raters"]} == {p[2].name, p[3].name, p[4].name}
    # s2: only peers rated → their 50 at the whole weight, and the explanation says so
    assert result(s2).total == Decimal("50.00")
    assert "上级无评价" in result(s2).explanation["criteria"][0]["detail"]


def test_parents_are_the_weighted_sum_and_auto_scores_link_to_their_records(company):
    scheme = kit.scheme(groups={SUP: 100})
    a = kit.criterion(scheme, "a", 60)
    kit.criterion(scheme, "a1", 50, Method.AUTO, parent=a, source="test-fixed")
    a2 = kit.criterion(scheme, "a2", 50, Method.RATING, parent=a, scale_max=100)
    kit.criterion(scheme, "b", 40, Method.AUTO, source="not-registered")
    p = people(2)
    round_, (s1,) = kit.round_over(company, scheme, people=p[:1])
    from ..models import Rating

    Rating.objects.create(round=round_, criterion=a2, subject=s1, evaluator=kit.rater(round_, p[1], SUP), score=70)
    kit.FIXED[s1.pk] = Decimal(90)
    services.round_compute(actor=company.users["dangwei"], round_=round_)
    # a = (90 + 70) / 2 = 80; b has no source → 0; total = 80 × 0.6 + 0 × 0.4 = 48
    r = result(s1)
    assert r.total == Decimal("48.00")
    by_code = {e["code"]: e for e in r.explanation["criteria"]}
    assert by_code["a"]["score"] == "80.00" and by_code["a1"]["url"] == f"/records/{s1.pk}/"
    assert "未启用" in by_code["b"]["detail"]


@pytest.mark.parametrize(
    ("combination", "business_weight", "party_floor", "expected"),
    [
        (Combination.NONE, 0, 0, "80.00"),
        (Combination.ADDITIVE, 30, 0, "74.00"),  # 80 × 0.7 + 60 × 0.3
        (Combination.FLOOR, 95, 12, "62.40"),  # party weight raised to 12 %: 80 × 0.12 + 60 × 0.88
        (Combination.MULTIPLIER, 0, 0, "48.00"),  # 60 × 0.80
    ],
)
def test_each_combination_mode(company, combination, business_weight, party_floor, expected):
    scheme = kit.scheme(combination=combination, business_weight=business_weight, party_floor=party_floor)
    kit.criterion(scheme, "auto", 100, Method.AUTO, source="test-fixed")
    round_, (s1,) = kit.round_over(company, scheme, people=people(1))
    s1.business_score = 60
    s1.save()
    kit.FIXED[s1.pk] = Decimal(80)
    services.round_compute(actor=company.users["dangwei"], round_=round_)
    assert result(s1).total == Decimal(expected)


def test_adjustments_are_capped_and_a_base_score_may_pass_100(company):
    scheme = kit.scheme(kind="branch", base_score=100, adjustment_cap=10, bands=[("five", 105, None, 5)])
    bonus = AdjustmentItem.objects.create(scheme=scheme, name="市级表彰", points=6)
    penalty = AdjustmentItem.objects.create(scheme=scheme, name="会议缺课", points=-3)
    round_, (b1, b2) = kit.round_over(company, scheme, orgs=[company.branch, company.other_branch])
    dangwei = company.users["dangwei"]
    for _ in range(3):  # +18, capped at +10
        services.adjustment_record(actor=dangwei, round_=round_, subject=b1, item=bonus, note="表彰")
    services.adjustment_record(actor=dangwei, round_=round_, subject=b2, item=penalty, note="缺课")
    services.round_compute(actor=dangwei, round_=round_)
    assert result(b1).total == Decimal("110.00") and result(b1).adjustment == Decimal("10.00")
    assert "按上限" in result(b1).explanation["adjustment_note"]
    assert result(b2).total == Decimal("97.00") and result(b2).grade is None


def test_a_veto_caps_the_grade(company):
    bands = [("excellent", 90, None, 0), ("qualified", 60, None, 0), ("unqualified", 0, None, 0)]
    scheme = kit.scheme(bands=bands)
    kit.criterion(scheme, "auto", 100, Method.AUTO, source="test-fixed")
    qualified = scheme.grades.get(code="qualified")
    accident = VetoRule.objects.create(scheme=scheme, name="重大安全事故", max_grade=qualified)
    discipline = VetoRule.objects.create(scheme=scheme, name="违纪处分", max_grade=None)
    round_, (s1, s2, s3) = kit.round_over(company, scheme, people=people(3))
    for s in (s1, s2, s3):
        kit.FIXED[s.pk] = Decimal(95)
    dangwei = company.users["dangwei"]
    services.veto_record(actor=dangwei, round_=round_, subject=s1, rule=accident, note="一般事故以上")
    services.veto_record(actor=dangwei, round_=round_, subject=s2, rule=discipline, note="党内警告")
    services.round_compute(actor=dangwei, round_=round_)
    assert (result(s1).grade.code, result(s1).vetoed) == ("qualified", True)
    assert result(s2).grade is None and result(s2).vetoed
    assert result(s3).grade.code == "excellent" and not result(s3).vetoed
    assert result(s1).explanation["vetoes"] == [{"name": "重大安全事故", "note": "一般事故以上"}]


def test_computing_again_gives_the_same_rows(company):
    round_ = appraisal_round(company)
    kit.mark_voted(round_, round_.evaluators.count())
    kit.cast(round_, {s: ["excellent", "qualified", "basic"][: 1 + i % 3] for i, s in enumerate(round_.subjects.all())})
    shuji = company.users["shuji"]
    services.round_compute(actor=shuji, round_=round_)
    first = list(RoundResult.objects.filter(round=round_).order_by("pk").values())
    services.round_compute(actor=shuji, round_=round_)
    assert list(RoundResult.objects.filter(round=round_).order_by("pk").values()) == first


def test_an_invalid_vote_is_refused_and_changes_nothing(company):
    round_ = appraisal_round(company, hours_left=0)  # the window has closed
    n = round_.evaluators.count()
    kit.mark_voted(round_, n // 2)  # not more than half
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="未超过"):
        services.round_compute(actor=company.users["shuji"], round_=round_)
    assert not fingerprint_changes(before, database_fingerprint())


def test_a_rating_out_of_the_scale_is_refused_and_changes_nothing(company):
    scheme = kit.scheme(groups={SUP: 100})
    c = kit.criterion(scheme, "work", 100, Method.RATING, scale_max=10)
    p = people(2)
    round_, (s1,) = kit.round_over(company, scheme, people=p[:1])
    kit.rater(round_, company.users["dangyuan"].person, SUP)
    before = database_fingerprint()
    for bad in ("11", "-1", "abc"):
        with pytest.raises(ValidationError) as exc:
            services.rating_save(actor=company.users["dangyuan"], round_=round_, subject=s1, criterion=c, score=bad)
        assert "work" in str(exc.value)
    with pytest.raises(ValidationError, match="署名评价人"):
        services.rating_save(actor=company.users["shuji"], round_=round_, subject=s1, criterion=c, score=5)
    assert not fingerprint_changes(before, database_fingerprint())
    rating = services.rating_save(actor=company.users["dangyuan"], round_=round_, subject=s1, criterion=c, score="9.5")
    assert rating.score == Decimal("9.5") and rating.evaluator.person == company.users["dangyuan"].person


def test_publishing_writes_stars_at_most_one_step_a_year(company):
    bands = [(f"s{n}", 50 + 10 * n, None, n) for n in (5, 4, 3, 2, 1)]
    last_year = kit.scheme(kind="branch", bands=bands)
    kit.criterion(last_year, "auto", 100, Method.AUTO, source="test-fixed")
    dangwei = company.users["dangwei"]
    branches = [company.branch, company.other_branch]
    round_, (b1, b2) = kit.round_over(company, last_year, orgs=branches, year=2025)
    kit.FIXED.update({b1.pk: Decimal(72), b2.pk: Decimal(95)})  # 2 stars, 4 stars
    services.round_compute(actor=dangwei, round_=round_)
    services.round_publish(actor=dangwei, round_=round_)
    assert [(s.stars, s.change) for s in BranchStar.objects.filter(year=2025).order_by("branch__path")] == [
        (2, 0) if branches[0].path < branches[1].path else (4, 0),
        (4, 0) if branches[0].path < branches[1].path else (2, 0),
    ]
    round_, (c1, c2) = kit.round_over(company, last_year, orgs=branches, year=2026)
    kit.FIXED.update({c1.pk: Decimal(100), c2.pk: Decimal(65)})  # would be 5 stars and 1 star
    services.round_compute(actor=dangwei, round_=round_)
    services.round_publish(actor=dangwei, round_=round_)
    promoted = BranchStar.objects.get(branch=company.branch, year=2026)
    demoted = BranchStar.objects.get(branch=company.other_branch, year=2026)
    assert (promoted.stars, promoted.change) == (3, 1) and "至多晋升" in promoted.note
    assert (demoted.stars, demoted.change) == (3, -1)


def test_publish_and_reopen_follow_the_flow(company):
    round_ = appraisal_round(company)
    shuji = company.users["shuji"]
    with pytest.raises(ValidationError, match="只有已计算"):
        services.round_publish(actor=shuji, round_=round_)
    kit.mark_voted(round_, round_.evaluators.count())
    services.round_compute(actor=shuji, round_=round_)
    with pytest.raises(ValidationError):
        services.round_reopen(actor=shuji, round_=round_, to=RoundStatus.VOTING, reason=" ")
    services.round_reopen(actor=shuji, round_=round_, to=RoundStatus.VOTING, reason="计票有误")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.VOTING
    services.round_compute(actor=shuji, round_=round_)
    services.round_publish(actor=shuji, round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED and round_.published_at
    assert q2(1) == Decimal("1.00")


def test_a_vote_is_not_computed_before_its_window_closes_while_someone_due_has_not_voted(company):
    import datetime

    from django.utils import timezone

    round_ = appraisal_round(company)
    subjects = list(round_.subjects.order_by("pk"))
    kit.mark_voted(round_, len(subjects) - 1)  # more than half, one still due
    kit.cast(round_, {s: ["qualified"] * (len(subjects) - 1) for s in subjects})
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="投票尚未截止.*还有 1 人未投票"):
        services.round_compute(actor=company.users["shuji"], round_=round_)
    assert not fingerprint_changes(before, database_fingerprint())
    round_.voting_closes = timezone.now() - datetime.timedelta(minutes=1)
    round_.save(update_fields=["voting_closes"])
    services.round_compute(actor=company.users["shuji"], round_=round_)
    assert RoundResult.objects.filter(round=round_).count() == len(subjects)
