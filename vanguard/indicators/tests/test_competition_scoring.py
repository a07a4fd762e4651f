"""The points of a competition, as the union's scoring sheet has them: per head so a big team is not ahead by
its size, tiers past the target, capped bonus, vetoes that take a team out with the reason, and judges
whose habits (a harsh one, a lenient one) do not decide who wins."""

from decimal import Decimal as D

from vanguard.indicators.choices import Aggregation, Direction, Normalisation, VetoKind
from vanguard.indicators.services.scoring import (
    EntrySpec,
    RuleSpec,
    VetoRuleSpec,
    VetoSpec,
    add_bonus,
    apply_vetoes,
    automatic_vetoes,
    flag_holder,
    normalise_judges,
    rank,
    score_indicators,
    score_judges,
)

OUTPUT, SCRAP, ATTEND = 1, 2, 3
MAY = 2026 * 12 + 4


def output_rule(**kw):
    spec = {"id": 10, "indicator_id": OUTPUT, "label": "产量(吨)", "direction": Direction.HIGHER,
            "aggregation": Aggregation.SUM, "weight": D(60)} | kw  # fmt: skip
    return RuleSpec(**spec)


def teams(*sizes, category=1):
    return [
        EntrySpec(id=n, category_id=category, name=f"班组{n}", unit_id=100 + n, size=s) for n, s in enumerate(sizes, 1)
    ]


def values(indicator, *figures):
    return {(indicator, 100 + n): [(MAY, D(f))] for n, f in enumerate(figures, 1) if f is not None}


def test_per_head_a_small_team_that_works_harder_beats_a_big_one():
    rule = output_rule(normalisation=Normalisation.PER_HEAD, target=D(90))
    results = score_indicators(rules=[rule], entries=teams(10, 20), values=values(OUTPUT, 1000, 1600), targets={})
    small, big = results[1], results[2]
    assert small.points == D(60)  # 100 t a head: the target reached
    assert big.points == D("53.33")  # 80 of 90 t a head
    component = big.components[0]
    assert (component["value"], component["normalised"], component["target"]) == ("1600", "80", "90")
    assert "按 20 人折算人均" in component["note"]


def test_size_bands_divide_by_the_band_and_a_team_outside_every_band_scores_nothing_with_the_reason():
    rule = output_rule(normalisation=Normalisation.SIZE_BAND, target=D(100))
    bands = [(1, 12, D(1)), (13, 30, D(2))]
    results = score_indicators(rules=[rule], entries=teams(10, 25, 40), values=values(OUTPUT, 100, 200, 500),
                               targets={}, bands=bands)  # fmt: skip
    assert (results[1].points, results[2].points, results[3].points) == (D(60), D(60), D(0))
    assert "不在任何规模档次内" in results[3].components[0]["note"]


def test_tiers_add_the_highest_tier_reached_beyond_the_target():
    rule = output_rule(tiers=((D(5), D(2)), (D(10), D(5))))
    targets = {(OUTPUT, 100 + n): D(100) for n in (1, 2, 3, 4)}
    results = score_indicators(rules=[rule], entries=teams(1, 1, 1, 1), values=values(OUTPUT, 95, 104, 107, 130),
                               targets=targets)  # fmt: skip
    assert [results[n].points for n in (1, 2, 3, 4)] == [D(57), D(60), D(62), D(65)]
    assert "达到超 10% 档,加 5 分" in results[4].components[0]["tier"]


def test_the_teams_own_target_is_normalised_like_its_value():
    rule = output_rule(normalisation=Normalisation.PER_HEAD)
    results = score_indicators(rules=[rule], entries=teams(10), values=values(OUTPUT, 900),
                               targets={(OUTPUT, 101): D(1000)})  # fmt: skip
    assert results[1].points == D(54)
    assert results[1].components[0]["target"] == "100"


def test_lower_is_better_reaches_the_target_at_or_below_it():
    rule = RuleSpec(id=11, indicator_id=SCRAP, label="废品率(%)", direction=Direction.LOWER,
                    aggregation=Aggregation.MEAN, weight=D(40), target=D(2), tiers=((D(25), D(3)),))  # fmt: skip
    results = score_indicators(rules=[rule], entries=teams(1, 1, 1), values=values(SCRAP, "1.5", 2, 4), targets={})
    assert [results[n].points for n in (1, 2, 3)] == [D(43), D(40), D(20)]


def test_without_a_target_a_team_is_measured_against_the_best_of_its_category():
    rule = output_rule()
    entries = [*teams(1, 1), EntrySpec(id=3, category_id=2, name="辅助", unit_id=103, size=1)]
    results = score_indicators(rules=[rule], entries=entries, values=values(OUTPUT, 200, 150, 50), targets={})
    assert (results[1].points, results[2].points, results[3].points) == (D(60), D(45), D(60))
    assert "本类最优值" in results[2].components[0]["note"]


def test_a_month_without_values_does_not_rank_a_team_as_zero():
    results = score_indicators(rules=[output_rule()], entries=teams(1, 1), values=values(OUTPUT, 100), targets={})
    assert results[2].stands is False and results[2].points is None and "尚无指标数值" in results[2].note


def test_bonus_is_capped_per_item_and_in_all():
    results = score_indicators(rules=[output_rule(target=D(100))], entries=teams(1), values=values(OUTPUT, 100),
                               targets={})  # fmt: skip
    awards = [(1, 7, "合理化建议被采纳", D(3), "建议 A"), (1, 7, "合理化建议被采纳", D(3), "建议 B"),
              (1, 8, "获上级表彰", D(5), "公司表彰")]  # fmt: skip
    add_bonus(results, awards, caps={7: D(4), 8: D(5)}, cap=D(8))
    assert results[1].points == D(68)
    counted = [c["points"] for c in results[1].components if c["kind"] == "bonus"]
    assert counted == ["3", "1", "4"]


def test_a_veto_takes_the_team_out_of_the_ranking_with_its_reason():
    results = score_indicators(rules=[output_rule(target=D(100))], entries=teams(1, 1), values=values(OUTPUT, 130, 90),
                               targets={})  # fmt: skip
    apply_vetoes(results, [VetoSpec(entry_id=1, reason="发生一般安全事故", evidence="安监〔2026〕12号", veto_id=5)])
    rank(results, teams(1, 1))
    assert results[1].vetoed and results[1].rank is None and "发生一般安全事故" in results[1].note
    assert results[1].components[-1]["evidence"] == "安监〔2026〕12号"
    assert results[2].rank == 1


def test_veto_rules_apply_themselves_from_the_values():
    rules = [VetoRuleSpec(VetoKind.ATTENDANCE, ATTEND, Aggregation.MEAN, D(95), "出勤率低于95%"),
             VetoRuleSpec(VetoKind.SAFETY, SCRAP, Aggregation.SUM, D(1), "发生安全事故")]  # fmt: skip
    found = automatic_vetoes(rules, teams(1, 1, 1), {**values(ATTEND, 97, 94, 99), **values(SCRAP, 0, 0, 1)})
    assert [(v.entry_id, v.reason.split(":")[0]) for v in found] == [(2, "出勤率低于95%"), (3, "发生安全事故")]


def test_a_harsh_judge_does_not_decide_the_result():
    # Four judges, three per entry: the harsh one (9) scored A, C and D low; B he did not score.
    scores = [(1, "A", 92), (2, "A", 90), (9, "A", 70), (1, "B", 91), (2, "B", 89), (3, "B", 90),
              (9, "C", 60), (1, "C", 80), (3, "C", 82), (9, "D", 50), (2, "D", 75), (3, "D", 70)]  # fmt: skip
    raw = {e: sum(s for _, x, s in scores if x == e) / 3 for e in "AB"}
    assert raw["B"] > raw["A"]  # by raw means his habit would put B first
    entries = [EntrySpec(id=e, category_id=1, name=e) for e in "ABCD"]
    results = score_judges(entries=entries, scores=scores, min_judges=3)
    rank(results, entries)
    assert results["A"].rank == 1 and results["B"].rank == 2
    harsh_on_a = next(c for c in results["A"].components if c.get("judge") == 9)
    assert harsh_on_a["score"] == "70" and D(harsh_on_a["normalised"]) > 90  # his best score, on the panel's scale


def test_normalised_scores_keep_each_judges_order_and_the_panels_scale():
    mapped = normalise_judges([(1, "A", 60), (1, "B", 70), (2, "A", 90), (2, "B", 100)])
    assert mapped[(1, "A")] == mapped[(2, "A")] < mapped[(1, "B")] == mapped[(2, "B")]
    assert D(0) <= min(mapped.values()) and max(mapped.values()) <= D(100)


def test_a_result_stands_only_with_enough_judges():
    entries = [EntrySpec(id=1, category_id=1, name="A")]
    results = score_judges(entries=entries, scores=[(1, 1, 90), (2, 1, 95)], min_judges=3)
    assert results[1].stands is False and "2/3" in results[1].note
    rank(results, entries)
    assert results[1].rank is None


def test_equal_points_share_a_rank_and_the_flag_needs_a_sole_leader_at_the_threshold():
    results = score_indicators(rules=[output_rule(weight=D(100), target=D(100))], entries=teams(1, 1, 1),
                               values=values(OUTPUT, 95, 95, 80), targets={})  # fmt: skip
    rank(results, teams(1, 1, 1))
    assert [results[n].rank for n in (1, 2, 3)] == [1, 1, 3]
    assert flag_holder(list(results.values()), D(90)) is None  # a tie at the top
    results[2].points = D("94.99")
    rank(results, teams(1, 1, 1))
    assert flag_holder(list(results.values()), D(90)).entry_id == 1
    assert flag_holder(list(results.values()), D(96)) is None  # the leader short of the threshold
