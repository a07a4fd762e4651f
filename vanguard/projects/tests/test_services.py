"""The lifecycle, the team and the monthly logs, with the bad input the issue names."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.dates import months_ago
from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.org.models import Person
from vanguard.projects.models import Project, ProjectLog, ProjectStep
from vanguard.projects.selectors import project_missing_months, with_missing_months
from vanguard.projects.services import (
    project_create,
    project_log_create,
    project_member_add,
    project_transition,
    project_update,
)


def _events(project):
    return list(AuditEvent.objects.for_object(project).order_by("id").values_list("action", flat=True))


def test_full_lifecycle_numbers_accepts_rates_and_closes(company, running):
    users = company.users
    assert running.status == "under_way"
    assert running.number.startswith(f"{timezone.localdate().year}-LG-")
    project = project_transition(
        actor=users["dangyuan"], project=running, action="apply_completion", summary="辊耗下降 6%"
    )
    project = project_transition(
        actor=users["dangwei"], project=project, action="accept", measured_benefit="135,000.50", evidence="财务核算单"
    )
    assert project.measured_benefit == pytest.approx(135000.50)
    project = project_transition(actor=users["dangwei"], project=project, action="rate", rating="first")
    project = project_transition(actor=users["dangwei"], project=project, action="close")
    project.refresh_from_db()
    assert (project.status, project.rating) == ("closed", "first")
    steps = list(ProjectStep.objects.filter(project=project).values_list("to_status", flat=True))
    assert steps == [
        "proposed",
        "reviewed",
        "approved",
        "under_way",
        "completion_applied",
        "accepted",
        "rated",
        "closed",
    ]
    assert _events(project) == [
        "project.create", "project.review", "project.approve", "project.start", "project.apply_completion",
        "project.accept", "project.rate", "project.close",
    ]  # fmt: skip


def test_numbers_are_distinct_per_kind_and_year(company, proposal, running):
    other = project_create(actor=company.users["dangyuan"], **{**proposal, "title": "另一项"})
    project_transition(actor=company.users["shuji"], project=other, action="review")
    other = project_transition(actor=company.users["dangwei"], project=other, action="approve")
    assert other.number != running.number
    assert int(other.number[-4:]) == int(running.number[-4:]) + 1


def test_illegal_transition_says_what_is_allowed(company, project):
    with pytest.raises(ValidationError) as error:
        project_transition(
            actor=company.users["dangwei"], project=project, action="accept", measured_benefit="1", evidence="x"
        )
    assert "当前状态为“已申报”,不能验收" in error.value.messages[0]
    project.refresh_from_db()
    assert project.status == "proposed" and project.measured_benefit is None


def test_approval_without_the_committee_role_is_refused(company, project):
    project_transition(actor=company.users["shuji"], project=project, action="review")
    with pytest.raises(ScopeError) as error:
        project_transition(actor=company.users["shuji"], project=project, action="approve")
    assert "党委" in error.value.messages[0]
    project.refresh_from_db()
    assert project.status == "reviewed" and project.number == ""


def test_review_out_of_scope_and_by_the_member_is_refused(company, project):
    for name in ("dangyuan", "zhigong", "outsider"):
        with pytest.raises(ScopeError):
            project_transition(actor=company.users[name], project=project, action="review")
    project.refresh_from_db()
    assert project.status == "proposed"
    assert _events(project) == ["project.create"]


def test_return_needs_a_reason_and_goes_back_to_the_author(company, project):
    with pytest.raises(ValidationError) as error:
        project_transition(actor=company.users["shuji"], project=project, action="return", reason="  ")
    assert "须填写理由" in error.value.messages[0]
    project = project_transition(actor=company.users["shuji"], project=project, action="return", reason="效益测算不清")
    assert project.status == "returned"
    assert ProjectStep.objects.filter(project=project, action="return").get().reason == "效益测算不清"
    project = project_update(actor=company.users["dangyuan"], project=project, data={"expected_benefit": "90000"},
                             expected_version=project.version)  # fmt: skip
    project = project_transition(actor=company.users["dangyuan"], project=project, action="resubmit")
    assert project.status == "proposed"


def test_returned_completion_goes_back_to_work(company, running):
    project = project_transition(
        actor=company.users["dangyuan"], project=running, action="apply_completion", summary="完成"
    )
    project = project_transition(actor=company.users["shuji"], project=project, action="return", reason="缺少数据")
    assert project.status == "under_way"


def test_withdraw_and_reject_end_the_project(company, proposal, project):
    project = project_transition(actor=company.users["dangyuan"], project=project, action="withdraw", reason="调岗")
    assert project.status == "withdrawn"
    again = project_create(actor=company.users["dangyuan"], **proposal)  # a withdrawn one is no duplicate
    again = project_transition(actor=company.users["dangwei"], project=again, action="reject", reason="与现有项目重复")
    assert again.status == "rejected"


@pytest.mark.parametrize(
    "value,message", [("-5", "不能为负数"), ("十万", "不是有效的数字"), ("", "请填写"), ("NaN", "不是有效")]
)
def test_bad_benefit_is_refused_and_nothing_is_written(company, running, value, message):
    project = project_transition(
        actor=company.users["dangyuan"], project=running, action="apply_completion", summary="完成"
    )
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        project_transition(
            actor=company.users["dangwei"], project=project, action="accept", measured_benefit=value, evidence="核算"
        )
    assert message in str(error.value)
    project.refresh_from_db()
    assert project.status == "completion_applied" and project.measured_benefit is None
    assert AuditEvent.objects.count() == count


def test_duplicate_submission_is_refused(company, proposal, project):
    with pytest.raises(ValidationError) as error:
        project_create(actor=company.users["dangyuan"], **proposal)
    assert "请勿重复提交" in error.value.messages[0]
    assert Project.objects.filter(title=proposal["title"]).count() == 1


def test_merit_project_leader_must_be_a_member(company, proposal):
    with pytest.raises(ValidationError) as error:
        project_create(actor=company.users["shuji"], **{**proposal, "leader": company.users["zhigong"].person})
    assert "须为中共党员" in str(error.value)
    # a task force may be led by anyone
    project = project_create(
        actor=company.users["shuji"], **{**proposal, "kind": "task_force", "leader": company.users["zhigong"].person}
    )
    assert project.members.get().role == "leader"


def test_a_member_submits_only_for_herself(company, proposal):
    with pytest.raises(ScopeError):
        project_create(actor=company.users["dangyuan"], **{**proposal, "leader": company.users["shuji"].person})
    with pytest.raises(ValidationError):
        project_create(actor=company.users["dangyuan"], **{**proposal, "branch": company.other_branch})
    with pytest.raises(ValidationError) as error:
        project_create(
            actor=company.users["dangyuan"], **{**proposal, "end_date": proposal["start_date"] - timedelta(days=1)}
        )
    assert "结束日期不能早于开始日期" in str(error.value)


def test_log_outside_the_period_or_in_the_future_is_refused(company, running):
    dangyuan = company.users["dangyuan"]
    for day in (running.start_date - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            project_log_create(actor=dangyuan, project=running, date=day, content="讨论")
        assert f"{day:%Y-%m-%d}" in str(error.value)
    assert not ProjectLog.objects.filter(project=running).exists()


def test_log_needs_a_project_under_way_and_its_people(company, project, running):
    with pytest.raises(ScopeError):
        project_log_create(actor=company.users["outsider"], project=running, date=months_ago(1, 5), content="x")
    log = project_log_create(
        actor=company.users["dangyuan"], project=running, date=months_ago(1, 5), content="现场测量辊耗",
        participants=[company.users["zhigong"].person],
    )  # fmt: skip
    assert log.month == months_ago(1)
    assert list(log.participants.all()) == [company.users["zhigong"].person]


def test_missing_months_are_counted_in_sql(company, running, django_assert_num_queries):
    # started five months ago: five closed months (5, 4, 3, 2, 1 months ago); logs in two of them
    for n in (5, 2):
        project_log_create(actor=company.users["dangyuan"], project=running, date=months_ago(n, 3), content="月度活动")
    project_log_create(actor=company.users["dangyuan"], project=running, date=months_ago(2, 20), content="第二次")
    with django_assert_num_queries(1):
        row = with_missing_months(Project.objects.filter(pk=running.pk)).get()
    assert (row.expected_months, row.logged_months, row.missing_months) == (5, 2, 3)
    assert project_missing_months(project=running) == [months_ago(4), months_ago(3), months_ago(1)]


def test_team_member_added_by_the_leader(company, running):
    member = project_member_add(actor=company.users["dangyuan"], project=running, person=company.users["zhigong"].person,
                                role="core", duty="数据采集")  # fmt: skip
    assert member.get_role_display() == "骨干成员"
    with pytest.raises(ValidationError):
        project_member_add(actor=company.users["dangyuan"], project=running, person=company.users["zhigong"].person)
    with pytest.raises(ScopeError):
        project_member_add(actor=company.users["outsider"], project=running, person=company.users["outsider"].person)


def test_stale_version_is_refused(company, project):
    from vanguard.core.exceptions import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        project_transition(
            actor=company.users["shuji"], project=project, action="review", expected_version=project.version + 1
        )


def test_a_new_leader_heads_the_team_and_the_old_one_leaves_it(company, project):
    """The secretary hands dangyuan's application to another member: access follows the application."""
    shuji, dangyuan = company.users["shuji"], company.users["dangyuan"]
    successor = (
        Person.objects.filter(membership__party_org__path__startswith=project.branch.path, political_status="member")
        .exclude(pk__in=(dangyuan.person.pk, shuji.person.pk))
        .first()
    )
    project = project_update(actor=shuji, project=project, data={"leader": successor}, expected_version=project.version)
    assert dict(project.members.values_list("person_id", "role")) == {successor.pk: "leader"}
    assert not Project.objects.restrict(dangyuan).filter(pk=project.pk).exists()
    actions = (
        AuditEvent.objects.filter(object_type="projects.projectmember").order_by("id").values_list("action", flat=True)
    )
    assert list(actions)[-2:] == ["project.member_remove", "project.member_add"]


def test_a_withdrawn_project_says_so_once_when_its_team_is_changed(company, project):
    from vanguard.projects.services import project_member_add, project_transition

    users = company.users
    project = project_transition(actor=users["dangyuan"], project=project, action="withdraw", reason="重复")
    with pytest.raises(ValidationError) as error:
        project_member_add(actor=users["shuji"], project=project, person=users["zhigong"].person, role="member")
    assert error.value.messages == ["项目已撤回,团队不能再调整。"]


def test_a_log_dated_after_today_is_refused_and_changes_nothing(company, running):
    from vanguard.core.testing import database_fingerprint, fingerprint_changes
    from vanguard.projects.services import project_log_create

    tomorrow = timezone.localdate() + timedelta(days=1)
    before = database_fingerprint()
    with pytest.raises(ValidationError) as error:
        project_log_create(actor=company.users["dangyuan"], project=running, date=tomorrow, content="明天的攻关会")
    assert error.value.message_dict == {"date": [f"活动日期 {tomorrow:%Y-%m-%d} 不能晚于今天,请在活动开展后登记。"]}
    assert fingerprint_changes(before, database_fingerprint()) == []
