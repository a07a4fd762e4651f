"""The rectification loop (整改闭环): every step, the refusals (which change nothing), only the raising side
verifies, extensions only before the deadline and only by the responsible person's head, the colours."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.voices.models import Finding, FindingExtension
from vanguard.voices.services.findings import (
    deadline_marks,
    finding_create,
    finding_extension_decide,
    finding_extension_request,
    finding_transition,
)


def _events(obj):
    return list(AuditEvent.objects.for_object(obj).order_by("id").values_list("action", flat=True))


def _steps(finding):
    return list(finding.steps.order_by("at", "id").values_list("action", "to_status"))


def test_the_whole_loop_is_recorded_step_by_step(company, finding):
    users = company.users
    assert finding.status == "open" and finding.number.startswith(f"WT{timezone.localdate().year}-")
    finding = finding_transition(actor=users["zhigong"], finding=finding, action="accept", measure="加装投光灯")
    finding = finding_transition(actor=users["banzhang"], finding=finding, action="start")
    finding = finding_transition(actor=users["zhigong"], finding=finding, action="resolve", rectification="已加装")
    assert finding.status == "resolved" and finding.resolved_on == timezone.localdate()
    finding = finding_transition(actor=users["shuji"], finding=finding, action="verify", evidence="夜班复查清晰")
    assert finding.closed and finding.closed_by == users["shuji"].person and finding.evidence == "夜班复查清晰"
    assert _steps(finding) == [
        ("raise", "open"), ("accept", "accepted"), ("start", "rectifying"), ("resolve", "resolved"),
        ("verify", "closed"),
    ]  # fmt: skip
    assert _events(finding) == [
        "finding.create", "finding.accept", "finding.start", "finding.resolve", "finding.verify",
    ]  # fmt: skip


def test_a_reopening_is_counted_and_goes_back_to_the_responsible_side(company, resolved):
    users = company.users
    finding = finding_transition(actor=users["shuji"], finding=resolved, action="reopen", note="仍有暗区")
    assert (finding.status, finding.reopen_count, finding.resolved_on) == ("reopened", 1, None)
    finding = finding_transition(actor=users["zhigong"], finding=finding, action="resolve", rectification="补装一盏")
    finding = finding_transition(actor=users["shuji"], finding=finding, action="reopen", note="角落仍暗")
    assert finding.reopen_count == 2
    assert _events(finding)[-1] == "finding.reopen"


@pytest.mark.parametrize("persona", ["zhigong", "banzhang", "outsider", "dangyuan", "gonghui", "admin"])
def test_only_the_raising_side_verifies_anyone_else_changes_nothing(company, resolved, persona):
    before = database_fingerprint()
    with pytest.raises(ScopeError, match="只有提出问题的一方"):
        finding_transition(actor=company.users[persona], finding=resolved, action="verify", evidence="我说好了")
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert Finding.objects.get(pk=resolved.pk).status == "resolved"


def test_the_raising_side_cannot_rectify_for_the_responsible_one(company, finding):
    # dangwei leads the whole company, so he is on both sides; a worker of another plant is on neither.
    with pytest.raises(ScopeError, match="只有责任人或责任单位的负责人"):
        finding_transition(actor=company.users["outsider"], finding=finding, action="accept", measure="x")


@pytest.mark.parametrize(
    ("action", "kwargs", "message"),
    [
        ("resolve", {"rectification": "已改"}, "不能整改完成;只有“整改中”、“已退回重改”的问题可以整改完成"),
        ("verify", {"evidence": "好"}, "只有提出问题的一方"),  # zhigong is not the raising side, whatever the state
        ("start", {}, "只有“已接收”的问题可以开始整改"),
        ("leap", {}, "未知的操作"),
    ],
)
def test_a_step_out_of_order_is_refused_and_changes_nothing(company, finding, action, kwargs, message):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match=message):
        finding_transition(actor=company.users["zhigong"], finding=finding, action=action, **kwargs)
    assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.parametrize(
    ("action", "field", "message"),
    [("accept", "measure", "须填写整改措施"), ("resolve", "rectification", "请填写整改情况"),
     ("verify", "evidence", "销号须写明验证依据"), ("reopen", "note", "退回重改须写明理由")],
)  # fmt: skip
def test_each_step_asks_for_what_it_must_write(company, finding, action, field, message):
    users = company.users
    if action in ("verify", "reopen", "resolve"):
        finding = finding_transition(actor=users["zhigong"], finding=finding, action="accept", measure="m")
        finding = finding_transition(actor=users["zhigong"], finding=finding, action="start")
    if action in ("verify", "reopen"):
        finding = finding_transition(actor=users["zhigong"], finding=finding, action="resolve", rectification="r")
    actor = users["shuji"] if action in ("verify", "reopen") else users["zhigong"]
    with pytest.raises(ValidationError) as error:
        finding_transition(actor=actor, finding=finding, action=action, **{field: "  "})
    assert message in error.value.message_dict[field][0]


def test_a_stale_version_is_refused(company, finding):
    from vanguard.core.exceptions import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        finding_transition(actor=company.users["zhigong"], finding=finding, action="accept", measure="m",
                           expected_version=finding.version + 1)  # fmt: skip


# ---------------------------------------------------------------- raising


def test_a_worker_raises_in_his_own_name_for_his_own_unit_only(company, raised):
    zhigong, outsider = company.users["zhigong"], company.users["outsider"]
    mine = finding_create(actor=zhigong, **{**raised, "raised_by": zhigong.person, "raised_unit": zhigong.person.unit})
    assert mine.raised_by == zhigong.person
    before = database_fingerprint()
    with pytest.raises(ScopeError, match="只能以本人"):
        finding_create(actor=outsider, **{**raised, "raised_by": outsider.person})
    assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": " "}, "请填写问题"),
        ({"source_kind": "visit"}, "请指明来源的交流走访"),
        ({"source_ref": ""}, "请写明检查的名称或文号"),
        ({"source_kind": "rumour"}, "请选择问题来源"),
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "早于今天"),
    ],
)
def test_bad_input_when_raising_says_what_is_wrong(company, raised, changes, message):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match=message):
        finding_create(actor=company.users["shuji"], **{**raised, **changes})
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_source_the_raiser_cannot_see_is_refused(company, raised):
    from vanguard.voices.models import Visit

    hidden = Visit.objects.exclude(pk__in=Visit.objects.restrict(company.users["zhigong"]).values("pk")).first()
    zhigong = company.users["zhigong"]
    with pytest.raises(ScopeError, match="您看不到所选的交流走访"):
        finding_create(actor=zhigong, **{**raised, "source_kind": "visit", "source_ref": "", "visit": hidden,
                                          "raised_by": zhigong.person, "raised_unit": zhigong.person.unit})  # fmt: skip


# ---------------------------------------------------------------- extensions


def test_an_extension_asked_before_the_deadline_and_approved_by_the_head_moves_it(company, finding):
    users = company.users
    later = finding.deadline + timedelta(days=15)
    extension = finding_extension_request(actor=users["zhigong"], finding=finding, requested_deadline=later,
                                          reason="灯具到货需两周")  # fmt: skip
    assert extension.status == "pending"
    finding_extension_decide(actor=users["banzhang"], extension=extension, approve=True, note="同意")
    finding.refresh_from_db()
    assert finding.deadline == later and finding.original_deadline == later - timedelta(days=15)
    assert finding.blue_from == deadline_marks(finding.raised_on, later)["blue_from"]
    assert [a for a, _ in _steps(finding)][-2:] == ["extension_request", "extension_approve"]
    assert _events(extension) == ["finding.extension_request", "finding.extension_approve"]


def test_an_extension_after_the_deadline_is_refused(company, finding):
    with time_machine.travel(finding.deadline + timedelta(days=1)):
        before = database_fingerprint()
        with pytest.raises(ValidationError, match="延期须在期限之前申请"):
            finding_extension_request(actor=company.users["zhigong"], finding=finding,
                                      requested_deadline=finding.deadline + timedelta(days=30), reason="来不及")  # fmt: skip
        assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.parametrize(
    ("persona", "message"),
    [("zhigong", "须由责任人所在单位的负责人审批"), ("outsider", "须由责任人所在单位的负责人审批"),
     ("gonghui", "须由责任人所在单位的负责人审批")],
)  # fmt: skip
def test_only_the_responsible_persons_head_decides_an_extension(company, finding, persona, message):
    extension = finding_extension_request(actor=company.users["zhigong"], finding=finding,
                                          requested_deadline=finding.deadline + timedelta(days=5), reason="等备件")  # fmt: skip
    before = database_fingerprint()
    with pytest.raises(ScopeError, match=message):
        finding_extension_decide(actor=company.users[persona], extension=extension, approve=True)
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_head_who_asked_does_not_decide_his_own_request(company, finding):
    banzhang = company.users["banzhang"]
    extension = finding_extension_request(actor=banzhang, finding=finding,
                                          requested_deadline=finding.deadline + timedelta(days=5), reason="等备件")  # fmt: skip
    with pytest.raises(ScopeError, match="不能审批本人的延期申请"):
        finding_extension_decide(actor=banzhang, extension=extension, approve=True)
    finding_extension_decide(actor=company.users["shuji"], extension=extension, approve=False, note="按期完成")
    assert FindingExtension.objects.get(pk=extension.pk).status == "refused"
    assert Finding.objects.get(pk=finding.pk).deadline == finding.deadline


def test_refusing_needs_a_reason_and_one_request_waits_at_a_time(company, finding):
    users = company.users
    ask = {"finding": finding, "requested_deadline": finding.deadline + timedelta(days=5), "reason": "等备件"}
    extension = finding_extension_request(actor=users["zhigong"], **ask)
    with pytest.raises(ValidationError, match="已有一项待审批的延期申请"):
        finding_extension_request(actor=users["zhigong"], **ask)
    with pytest.raises(ValidationError, match="不批准延期须写明理由"):
        finding_extension_decide(actor=users["banzhang"], extension=extension, approve=False)
    with pytest.raises(ValidationError, match="须晚于现在的期限"):
        finding_extension_request(actor=users["zhigong"], **{**ask, "requested_deadline": finding.deadline})


# ---------------------------------------------------------------- colours


def test_the_colours_follow_the_stored_dates(company, finding):
    deadline = finding.deadline
    colour = lambda: Finding.objects.with_colour(timezone.localdate()).get(pk=finding.pk).colour  # noqa: E731
    assert colour() == ""
    with time_machine.travel(finding.yellow_from):
        assert colour() == "yellow"  # half the time gone, not yet under way
    finding = finding_transition(actor=company.users["zhigong"], finding=finding, action="accept", measure="m")
    finding = finding_transition(actor=company.users["zhigong"], finding=finding, action="start")
    with time_machine.travel(finding.yellow_from):
        assert colour() == ""  # under way: on schedule
    with time_machine.travel(finding.blue_from):
        assert colour() == "blue"
        assert finding.colour_on(timezone.localdate()) == "blue"
    with time_machine.travel(deadline + timedelta(days=1)):
        assert colour() == "red"
        assert Finding.objects.overdue(timezone.localdate()).filter(pk=finding.pk).exists()


def test_blue_starts_three_working_days_before_the_deadline(db):
    from datetime import date

    # Friday 2026-06-26: three working days end there from Wednesday the 24th.
    assert deadline_marks(date(2026, 6, 1), date(2026, 6, 26))["blue_from"] == date(2026, 6, 24)
    # Monday 2026-06-29: the weekend is skipped, Thursday the 25th.
    assert deadline_marks(date(2026, 6, 1), date(2026, 6, 29))["blue_from"] == date(2026, 6, 25)
