"""The suggestion workflow: every step, its deadline and history, and the refusals that change nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vanguard.core.dates import add_workdays
from vanguard.core.events import Phase, subscribe
from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.voices import events
from vanguard.voices.models import CoProposer, ReplyDeadline, RewardSetting, Suggestion, SuggestionReview
from vanguard.voices.services.suggestions import (
    reward_range,
    suggestion_expert_review,
    suggestion_join_original,
    suggestion_mark_duplicate,
    suggestion_revise,
    suggestion_reward,
    suggestion_submit,
    suggestion_unit_review,
    suggestion_verify,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _steps(suggestion):
    return list(SuggestionReview.objects.filter(suggestion=suggestion).order_by("id").values_list("step", flat=True))


def _unchanged(action, *args, error=ValidationError, match=""):
    """Run ``action`` expecting ``error``; nothing in the database may have changed."""
    before = database_fingerprint()
    with pytest.raises(error) as caught:
        action(*args)
    assert fingerprint_changes(before, database_fingerprint()) == []
    if match:
        assert match in " ".join(caught.value.messages)
    return caught.value


def test_submit_numbers_dates_and_sets_the_unit_deadline(company, submitted):
    today = timezone.localdate()
    assert submitted.number == f"JY{today.year}-{int(submitted.number[-5:]):05d}"
    assert submitted.unit_id == company.users["zhigong"].person.unit_id
    assert submitted.status == "submitted" and submitted.expected_benefit == Decimal("200000.00")
    days = ReplyDeadline.objects.get(status="submitted").workdays
    assert submitted.due_date == add_workdays(today, days)
    assert _steps(submitted) == ["submit"]
    assert AuditEvent.objects.for_object(submitted).get().action == "suggestion.submit"


def test_numbers_follow_each_other(company, idea, submitted):
    other = suggestion_submit(actor=company.users["dangyuan"], **{**idea, "title": "另一条"})
    assert int(other.number[-5:]) == int(submitted.number[-5:]) + 1


def test_whole_workflow_to_a_reward(company, verified):
    assert verified.status == "verified"
    assert verified.gross_benefit == Decimal("186000.00")
    assert verified.verified_benefit == Decimal("156000.00")  # net of the 30,000 it cost
    assert verified.benefit_from == date(2025, 5, 1) and verified.finance_signoff == "钱会计"
    assert reward_range(verified)[:2] == (Decimal("500"), Decimal("1500"))  # ¥100–500 k tier of 1986
    rewarded = suggestion_reward(actor=company.users["dangwei"], suggestion=verified, amount="1,000")
    assert (rewarded.status, rewarded.reward_amount, rewarded.due_date) == ("rewarded", Decimal("1000.00"), None)
    assert _steps(rewarded) == ["submit", "unit_pass", "recommend", "implement", "verify", "reward"]


def test_each_waiting_step_gets_its_deadline(company, implemented):
    days = ReplyDeadline.objects.get(status="implemented").workdays
    assert implemented.due_date == add_workdays(timezone.localdate(), days)


def test_a_return_needs_a_reason_the_proposer_reads_and_resubmission_keeps_history(company, submitted):
    banzhang = company.users["banzhang"]
    error = _unchanged(
        lambda: suggestion_unit_review(actor=banzhang, suggestion=submitted, decision="return", reason=" ")
    )
    assert "须写明理由" in error.messages[0]
    returned = suggestion_unit_review(actor=banzhang, suggestion=submitted, decision="return", reason="请补充数据")
    assert returned.status == "returned" and returned.due_date is None
    last = SuggestionReview.objects.filter(suggestion=returned).latest("id")
    assert (last.step, last.reason, last.actor_name) == ("return", "请补充数据", banzhang.person.name)
    revised = suggestion_revise(
        actor=company.users["zhigong"], suggestion=returned, title=returned.title, content=returned.content + "附数据。",
        category="cost", expected_benefit="150000",
    )  # fmt: skip
    assert revised.status == "submitted" and revised.due_date is not None
    assert revised.expected_benefit == Decimal("150000.00")
    assert _steps(revised) == ["submit", "return", "resubmit"]


def test_expert_review_decisions_and_rejection_reason(company, unit_reviewed):
    gonghui = company.users["gonghui"]
    _unchanged(
        lambda: suggestion_expert_review(actor=gonghui, suggestion=unit_reviewed, decision="reject"), match="须写明理由"
    )
    _unchanged(lambda: suggestion_expert_review(actor=gonghui, suggestion=unit_reviewed, decision="unit_pass"))
    rejected = suggestion_expert_review(actor=gonghui, suggestion=unit_reviewed, decision="reject", reason="已列入技改")
    assert rejected.status == "rejected" and rejected.due_date is None


@pytest.mark.parametrize(
    "persona,message",
    [("zhigong", "班组长、工会干部或支部书记"), ("outsider", "不在您的初审范围内"), ("dangyuan", "初审范围")],
)
def test_unit_review_by_someone_else_is_refused(company, submitted, persona, message):
    _unchanged(
        lambda: suggestion_unit_review(actor=company.users[persona], suggestion=submitted, decision="unit_pass"),
        error=ScopeError,
        match=message,
    )


def test_unit_review_by_the_branch_secretary_over_the_team(company, submitted):
    done = suggestion_unit_review(actor=company.users["shuji"], suggestion=submitted, decision="unit_pass")
    assert done.status == "unit_reviewed"


def test_the_team_leader_is_no_expert(company, unit_reviewed):
    _unchanged(
        lambda: suggestion_expert_review(
            actor=company.users["banzhang"], suggestion=unit_reviewed, decision="recommend"
        ),
        error=ScopeError,
        match="党委管理员或工会干部",
    )


@pytest.mark.parametrize(
    "step",
    [
        lambda u, s: suggestion_expert_review(actor=u["dangwei"], suggestion=s, decision="recommend"),
        lambda u, s: suggestion_reward(actor=u["dangwei"], suggestion=s, amount="100"),
        lambda u, s: suggestion_verify(
            actor=u["dangwei"],
            suggestion=s,
            gross_benefit="1",
            benefit_from=date(2025, 1, 1),
            evidence="x",
            finance_signoff="y",
        ),  # fmt: skip
    ],
)
def test_transitions_out_of_order_are_refused(company, submitted, step):
    error = _unchanged(lambda: step(company.users, submitted))
    assert "建议当前状态为“已提交”" in error.messages[0]


def test_reward_without_a_verified_benefit_is_refused(company, implemented):
    _unchanged(
        lambda: suggestion_reward(actor=company.users["dangwei"], suggestion=implemented, amount="300"),
        match="只有“效益已核定”的建议可以奖励",
    )


def test_reward_outside_its_tier_is_refused(company, verified):
    _unchanged(
        lambda: suggestion_reward(actor=company.users["dangwei"], suggestion=verified, amount="3000"),
        match="500.00 至 1,500.00 元之间",
    )


def test_reward_as_a_share_of_the_first_year_benefit(company, verified):
    RewardSetting.objects.update(basis="share", share_percent=Decimal("2"))
    assert reward_range(verified)[1] == Decimal("3120.00")
    done = suggestion_reward(actor=company.users["dangwei"], suggestion=verified, amount="3000")
    assert done.reward_amount == Decimal("3000.00")


def test_ideas_within_a_cadres_duties_are_not_rewarded(company, idea):
    person = company.users["gonghui"].person
    person.cadre_level = "section"
    person.save(update_fields=["cadre_level"])
    s = suggestion_submit(actor=company.users["gonghui"], **idea)
    s = suggestion_unit_review(actor=company.users["gonghui"], suggestion=s, decision="unit_pass")
    s = suggestion_expert_review(actor=company.users["dangwei"], suggestion=s, decision="recommend", within_duty=True)
    from vanguard.voices.services.suggestions import suggestion_implement

    s = suggestion_implement(actor=company.users["gonghui"], suggestion=s, implementation_cost="0")
    s = suggestion_verify(
        actor=company.users["dangwei"], suggestion=s, gross_benefit="50000", benefit_from=date(2025, 1, 1),
        evidence="核算单", finance_signoff="财务",
    )  # fmt: skip
    _unchanged(
        lambda: suggestion_reward(actor=company.users["dangwei"], suggestion=s, amount="300"), match="本职工作范围"
    )


def test_verification_needs_twelve_months_evidence_and_finance(company, implemented):
    dangwei = company.users["dangwei"]

    def verify(**kw):
        data = {
            "gross_benefit": "1000",
            "benefit_from": date(2025, 1, 1),
            "evidence": "核算单",
            "finance_signoff": "财务",
        }
        return lambda: suggestion_verify(actor=dangwei, suggestion=implemented, **{**data, **kw})

    _unchanged(verify(benefit_from=date(2026, 1, 1)), match="12 个月")
    _unchanged(verify(evidence=""), match="核定依据")
    _unchanged(verify(finance_signoff=""), match="财务签认")
    _unchanged(verify(gross_benefit="一万"), match="不是有效的数字")


@pytest.mark.parametrize(
    "change,message",
    [
        ({"content": ""}, "至少 10 个字"),
        ({"content": "很长" * 10001}, "最多 20000 字"),
        ({"expected_benefit": "十万"}, "不是有效的数字"),
        ({"category": "nonsense"}, "请选择类别"),
        ({"title": ""}, "请填写建议名称"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(company, idea, change, message):
    _unchanged(lambda: suggestion_submit(actor=company.users["zhigong"], **{**idea, **change}), match=message)


def test_photos_are_checked_by_type_and_content(company, idea, settings):
    zhigong = company.users["zhigong"]
    fake = SimpleUploadedFile("现场.jpg", b"<html><script>alert(1)</script>")
    _unchanged(lambda: suggestion_submit(actor=zhigong, **idea, attachments=[fake]), match="内容与扩展名")
    exe = SimpleUploadedFile("tool.exe", b"MZ")
    _unchanged(lambda: suggestion_submit(actor=zhigong, **idea, attachments=[exe]), match="类型不支持")
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("现场.jpg", JPEG)
    _unchanged(lambda: suggestion_submit(actor=zhigong, **idea, attachments=[big]), match="超过")
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    done = suggestion_submit(actor=zhigong, **idea, attachments=[SimpleUploadedFile("现场.jpg", JPEG)])
    assert done.attachments.get().name == "现场.jpg"


def test_duplicate_credits_the_first_and_the_later_proposer_may_join(company, idea, submitted):
    later = suggestion_submit(actor=company.users["dangyuan"], **{**idea, "title": "加热炉烟道加换热器"})
    marked = suggestion_mark_duplicate(actor=company.users["shuji"], suggestion=later, original=submitted)
    assert marked.status == "duplicate" and marked.duplicate_of_id == submitted.pk and marked.due_date is None
    told = SuggestionReview.objects.filter(suggestion=marked).latest("id").reason
    assert submitted.number in told and submitted.title in told
    _unchanged(
        lambda: suggestion_mark_duplicate(actor=company.users["shuji"], suggestion=submitted, original=later),
        match="不能认定为与自身重复",
    )
    row = suggestion_join_original(actor=company.users["dangyuan"], suggestion=marked)
    assert (row.suggestion_id, row.person_id, row.joined) == (submitted.pk, later.proposer_id, True)
    _unchanged(lambda: suggestion_join_original(actor=company.users["dangyuan"], suggestion=marked), match="已是建议")
    # The joined proposer now sees the original as co-proposer.
    assert Suggestion.objects.restrict(company.users["dangyuan"], "view").filter(pk=submitted.pk).exists()


def test_a_later_suggestion_cannot_be_the_original(company, idea, submitted):
    later = suggestion_submit(actor=company.users["dangyuan"], **{**idea, "title": "又一条"})
    _unchanged(
        lambda: suggestion_mark_duplicate(actor=company.users["banzhang"], suggestion=submitted, original=later),
        match="提交于本建议之后",
    )


def test_only_the_proposer_joins(company, idea, submitted):
    later = suggestion_submit(actor=company.users["dangyuan"], **{**idea, "title": "x 换热"})
    marked = suggestion_mark_duplicate(actor=company.users["shuji"], suggestion=later, original=submitted)
    _unchanged(lambda: suggestion_join_original(actor=company.users["zhigong"], suggestion=marked), error=ScopeError)
    assert not CoProposer.objects.filter(suggestion=submitted).exists()


def test_stale_version_is_refused(company, submitted):
    from vanguard.core.exceptions import ConcurrentEditError

    _unchanged(
        lambda: suggestion_unit_review(
            actor=company.users["banzhang"], suggestion=submitted, decision="unit_pass", expected_version=99
        ),
        error=ConcurrentEditError,
    )


def test_verified_event_carries_the_suggestion_and_actor(company, implemented):
    seen = []

    def listen(payload):
        seen.append((payload.suggestion.pk, payload.actor.username, payload.suggestion.verified_benefit))

    subscribe(events.SUGGESTION_VERIFIED, listen, phase=Phase.IN_TRANSACTION)
    try:
        suggestion_verify(
            actor=company.users["dangwei"], suggestion=implemented, gross_benefit="50000", benefit_from=date(2025, 1, 1),
            evidence="核算单", finance_signoff="财务",
        )  # fmt: skip
    finally:
        from vanguard.core import events as core_events

        core_events._subscribers[(events.SUGGESTION_VERIFIED.name, Phase.IN_TRANSACTION)].remove(listen)
    assert seen == [(implemented.pk, "dangwei", Decimal("20000.00"))]


def test_the_office_changes_a_deadline_audited_and_others_may_not(company, idea):
    from vanguard.voices.services.suggestions import workflow_rule_save

    row = ReplyDeadline.objects.get(status="submitted")
    _unchanged(
        lambda: workflow_rule_save(actor=company.users["shuji"], obj=row, data={"workdays": 3}), error=ScopeError
    )
    workflow_rule_save(actor=company.users["dangwei"], obj=row, data={"workdays": 3})
    assert AuditEvent.objects.for_object(row).get().action == "suggestion.rule_change"
    done = suggestion_submit(actor=company.users["zhigong"], **idea)
    assert done.due_date == add_workdays(timezone.localdate(), 3)


def test_a_tier_with_its_amounts_reversed_is_refused(company):
    from vanguard.voices.models import RewardRule
    from vanguard.voices.services.suggestions import workflow_rule_save

    tier = RewardRule.objects.order_by("min_benefit").first()
    _unchanged(
        lambda: workflow_rule_save(
            actor=company.users["dangwei"], obj=tier, data={"min_amount": Decimal(500), "max_amount": Decimal(100)}
        ),
        match="奖金上限不能低于下限",
    )
