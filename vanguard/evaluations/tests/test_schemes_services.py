"""Scheme design: the seeded schemes as the office knows them, and every refused write says why in Chinese and
changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.audit import snapshot  # noqa: F401
from vanguard.core.exceptions import ScopeError
from vanguard.core.testing import database_fingerprint, fingerprint_changes

from ..choices import Method, RoundStatus
from ..models import Criterion, EvaluationScheme, GradeBand
from ..services import schemes as services
from ..services.schemes import scheme_defaults_ensure, scheme_problems
from .kit import appraisal_round
from .schemes_kit import agreed_sources, weights  # noqa: F401

pytestmark = pytest.mark.usefixtures("agreed_sources")

SEEDED = {
    "four-good-leadership": "四好领导班子", "four-best-branch": "四佳基层支部", "four-strong-cadre": "四强干部",
    "four-excellent-member": "四优党员", "four-contest-worker": "四赛职工", "leadership-assessment": "领导班子德能勤绩廉考核",
    "democratic-appraisal": "民主评议党员", "one-cadre-one-plan": "科级干部一人一策", "star-branch": "星级党支部",
}  # fmt: skip


def _scheme(code):
    return EvaluationScheme.objects.get(code=code)


def _refused(fn, message, **kwargs):
    before = database_fingerprint()
    with pytest.raises(ValidationError) as caught:
        fn(**kwargs)
    assert any(message in m for m in caught.value.messages), caught.value.messages
    assert not fingerprint_changes(before, database_fingerprint())


def test_the_seeded_schemes_are_complete(company):
    schemes = {s.code: s for s in EvaluationScheme.objects.filter(code__in=SEEDED)}
    assert {code: s.name for code, s in schemes.items()} == SEEDED
    for scheme in schemes.values():
        assert scheme_problems(scheme) == [], scheme.name
        for parent in [None, *scheme.criteria.filter(children__isnull=False).distinct()]:
            assert weights(scheme, parent) == 100, (scheme.name, parent)


def test_the_four_best_and_the_appraisal_read_as_the_article(company):
    branch = _scheme("four-best-branch")
    assert list(branch.criteria.filter(parent=None).values_list("name", flat=True)) == [
        "凝心聚力佳", "降本增效佳", "安全保证佳", "产品质量佳"
    ]  # fmt: skip
    appraisal = _scheme("democratic-appraisal")
    assert [c["label"] for c in appraisal.ballot_choices] == ["优秀", "合格", "基本合格", "不合格"]
    assert list(appraisal.grades.values_list("code", flat=True)) == ["excellent", "qualified", "basic", "unqualified"]
    assert appraisal.grades.get(code="excellent").quota == Decimal("0.3333")
    assert not appraisal.grade_probationary and appraisal.self_assessment
    lead = _scheme("leadership-assessment")
    assert [c.name for c in lead.criteria.filter(parent=None)] == ["德", "能", "勤", "绩", "廉"]
    assert lead.combination == "floor" and lead.party_floor == 12
    star = _scheme("star-branch")
    assert star.base_score == 100 and star.grades.get(stars=5).min_score == 90
    assert star.vetoes.filter(name__contains="安全").exists()


def test_defaults_ensure_adds_only_what_is_missing(company):
    count = Criterion.objects.count()
    scheme_defaults_ensure()
    assert Criterion.objects.count() == count
    star = _scheme("star-branch")
    star.vetoes.all().delete()  # they hold its bands
    star.delete()
    scheme_defaults_ensure()
    assert _scheme("star-branch").grades.count() == 5


def test_sibling_weights_must_sum_to_100(company):
    scheme, office = _scheme("four-excellent-member"), company.users["dangwei"]
    top = {c.pk: c.weight for c in scheme.criteria.filter(parent=None)}
    first = next(iter(top))
    _refused(services.criterion_weights_save, "一级指标的权重合计为 110%,应为 100%",
             actor=office, scheme=scheme, weights={**top, first: 35})  # fmt: skip
    services.criterion_weights_save(actor=office, scheme=scheme, weights={**top, first: 40, list(top)[1]: 10})
    assert weights(scheme) == 100


def test_group_weights_must_sum_to_100(company):
    scheme, office = _scheme("four-strong-cadre"), company.users["dangwei"]
    _refused(services.groups_save, "评价群体的权重合计为 90%,应为 100%",
             actor=office, scheme=scheme, weights={"superior": 40, "peer": 30, "subordinate": 20})  # fmt: skip


def test_a_criterion_needs_what_its_method_needs(company):
    office = company.users["dangwei"]
    bare = services.scheme_save(actor=office, data={"code": "bare", "name": "空方案", "subject_kind": "member"})
    _refused(services.criterion_save, "方案还没有评价群体", actor=office, scheme=bare,
             data={"name": "评分项", "weight": 100, "method": Method.RATING})  # fmt: skip
    _refused(services.criterion_save, "方案还没有投票选项", actor=office, scheme=bare,
             data={"name": "投票项", "weight": 100, "method": Method.BALLOT})  # fmt: skip
    _refused(services.criterion_save, "数据来源“no-such-source”不存在", actor=office, scheme=bare,
             data={"name": "自动项", "weight": 100, "method": Method.AUTO, "source": "no-such-source"})  # fmt: skip
    _refused(services.criterion_save, "不能用于考评党员", actor=office, scheme=bare,
             data={"name": "自动项", "weight": 100, "method": Method.AUTO, "source": "field-days"})  # fmt: skip
    made = services.criterion_save(actor=office, scheme=bare, data={
        "name": "学时", "weight": 100, "method": Method.AUTO, "source": "study-hours"})  # fmt: skip
    assert made.code and made.source == "study-hours"


def test_a_quota_that_cannot_be_met_is_refused(company):
    office = company.users["dangwei"]
    scheme = services.scheme_copy(actor=office, scheme=_scheme("democratic-appraisal"), code="da", name="民主评议")
    lowest = scheme.grades.get(code="unqualified")
    _refused(services.band_save, "最低等次“不合格”须能容纳所有人", actor=office, scheme=scheme, band=lowest,
             data={"quota": Decimal("0.1")})  # fmt: skip
    _refused(services.band_save, "名额比例须大于 0、小于 1", actor=office, scheme=scheme,
             band=scheme.grades.get(code="excellent"), data={"quota": Decimal("1")})  # fmt: skip


def test_an_office_only_write(company):
    scheme = _scheme("four-best-branch")
    before = database_fingerprint()
    with pytest.raises(ScopeError):
        services.item_save(actor=company.users["shuji"], scheme=scheme, data={"name": "加分", "points": 1})
    assert not fingerprint_changes(before, database_fingerprint())


def test_a_scheme_in_use_keeps_its_criteria(company):
    round_ = appraisal_round(company, status=RoundStatus.VOTING)
    scheme, office = round_.scheme, company.users["dangwei"]
    _refused(services.criterion_save, "不能再修改指标", actor=office, scheme=scheme,
             criterion=scheme.criteria.get(), data={"weight": 100, "name": "改名"})  # fmt: skip


def test_a_stale_form_is_refused(company):
    scheme, office = _scheme("four-best-branch"), company.users["dangwei"]
    _refused(services.item_save, "已被他人修改", actor=office, scheme=scheme,
             data={"name": "加分", "points": 1}, expected_version=scheme.version - 1 or 99)  # fmt: skip


def test_copy_starts_from_a_seeded_scheme(company):
    source = _scheme("leadership-assessment")
    copy = services.scheme_copy(actor=company.users["dangwei"], scheme=source, code="lead-2027", name="2027 年班子考核")
    assert copy.criteria.count() == source.criteria.count()
    assert copy.criteria.filter(parent__isnull=False).exclude(parent__scheme=copy).count() == 0
    assert sorted(copy.vetoes.values_list("max_grade__code", flat=True)) == sorted(
        source.vetoes.values_list("max_grade__code", flat=True)
    )
    assert GradeBand.objects.filter(scheme=copy).count() == source.grades.count()
    _refused(services.scheme_copy, "已被其他方案使用", actor=company.users["dangwei"], scheme=source,
             code="lead-2027", name="再复制")  # fmt: skip
