"""The projects policy read as a table (who may do what, against the demo personas), the messages of a
refused step, and every form and filter of the app offering a secretary only what lies in his scope."""

import re

import pytest

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.dates import months_ago
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import PartyOrg, Person
from vanguard.projects.access import IMPORT, SUMMARY
from vanguard.projects.models import Project, ProjectLog, ProjectMember, ProjectStep
from vanguard.projects.services import project_log_create, project_member_add, project_transition

PERSONAS = ("admin", "dangwei", "shuji", "dangyuan", "zhigong", "outsider")

# dangyuan's project in shuji's branch, with zhigong on its team: who may do what with it.
OWN_BRANCH = {
    Action.VIEW: {"admin", "dangwei", "shuji", "dangyuan", "zhigong"},
    Action.ADD: {"admin", "dangwei", "shuji", "dangyuan"},  # dangyuan: led by herself, in her own branch
    Action.CHANGE: {"admin", "dangwei", "shuji", "dangyuan"},
    Action.REVIEW: {"admin", "dangwei", "shuji"},
    Action.APPROVE: {"admin", "dangwei"},
}
# A project of another branch, led by someone else: only the office.
OTHER_BRANCH = {action: {"admin", "dangwei"} for action in OWN_BRANCH}
# Actions on no particular project.
ABILITIES = {
    "submit a project": ((Action.ADD, Project), {"admin", "dangwei", "shuji", "dangyuan"}),
    "the summary": ((SUMMARY, None), {"admin", "dangwei", "shuji"}),
    "the Excel import": ((IMPORT, None), {"admin", "dangwei", "shuji"}),
}


def allowed(users, action, obj):
    return {name for name in PERSONAS if may(users[name], action, obj)}


@pytest.fixture
def teamed(company, running):
    project_member_add(actor=company.users["dangyuan"], project=running, person=company.users["zhigong"].person)
    return running


@pytest.fixture
def elsewhere(company):
    return Project.objects.filter(branch__path__startswith=company.other_branch.path).order_by("id").first()


@pytest.mark.parametrize("action", list(OWN_BRANCH))
def test_who_may_do_what_with_a_project_of_the_branch(users, teamed, action):
    assert allowed(users, action, teamed) == OWN_BRANCH[action]


@pytest.mark.parametrize("action", list(OTHER_BRANCH))
def test_who_may_do_what_with_a_project_of_another_branch(users, elsewhere, action):
    assert allowed(users, action, elsewhere) == OTHER_BRANCH[action]


@pytest.mark.parametrize("name", list(ABILITIES))
def test_who_may_do_what_with_no_particular_project(users, name):
    (action, obj), expected = ABILITIES[name]
    assert allowed(users, action, obj) == expected


def test_the_team_the_logs_and_the_timeline_follow_their_project(company, users, teamed):
    log = project_log_create(actor=users["dangyuan"], project=teamed, date=months_ago(1, 5), content="攻关会")
    member = ProjectMember.objects.get(project=teamed, person=users["zhigong"].person)
    step = ProjectStep.objects.filter(project=teamed).first()
    for row in (log, member):
        assert allowed(users, Action.VIEW, row) == OWN_BRANCH[Action.VIEW]
        assert allowed(users, Action.DELETE, row) == OWN_BRANCH[Action.CHANGE]
    assert allowed(users, Action.VIEW, step) == OWN_BRANCH[Action.VIEW]
    assert ProjectLog.objects.restrict(users["outsider"]).filter(pk=log.pk).count() == 0


def test_the_steps_offered_are_those_of_the_users_action(client_as, teamed):
    """A project under way: its leader and its branch may apply for completion; nobody else sees the button."""
    for name, shown in (("dangyuan", True), ("shuji", True), ("dangwei", True), ("zhigong", False)):
        body = client_as(name).get(f"/projects/{teamed.pk}/").content.decode()
        assert ('data-testid="do-apply_completion"' in body) is shown, name


def test_a_refused_step_says_what_is_missing(company, elsewhere):
    users = company.users
    proposed = Project.objects.filter(branch__path__startswith=company.other_branch.path, status="proposed").first()
    cases = (
        (users["dangyuan"], proposed, "review", "此步骤须由支部书记或支委办理"),  # no role for it
        (users["shuji"], proposed, "review", "该项目所属支部不在您的管理范围内"),  # the role, not this branch
        (users["shuji"], proposed, "withdraw", "只有项目负责人或所属支部可以办理此步骤"),
    )
    for actor, project, action, message in cases:
        with pytest.raises(ScopeError, match=message):
            project_transition(actor=actor, project=project, action=action, reason="x")
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


# ---------------------------------------------------------------- forms and filters offer the scope only


def _options(body, name):
    select = re.search(rf'<select[^>]* name="{name}".*?</select>', body, re.S)
    assert select, f"no <select name={name}>"
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(0))}


def _under(company):
    return set(PartyOrg.objects.filter(path__startswith=company.branch.path).values_list("pk", flat=True))


@pytest.mark.parametrize("url", ["/projects/", "/projects/summary/"])
def test_the_secretarys_filters_offer_his_branch_only(client_as, company, url):
    offered = _options(client_as("shuji").get(url).content.decode(), "branch")
    assert company.branch.pk in offered and offered <= _under(company)


def test_the_application_form_offers_the_secretary_and_the_member_their_branch_only(client_as, company):
    for name in ("shuji", "dangyuan"):
        assert _options(client_as(name).get("/projects/new/").content.decode(), "branch") == {company.branch.pk}
    everything = _options(client_as("dangwei").get("/projects/new/").content.decode(), "branch")
    assert {company.branch.pk, company.other_branch.pk} <= everything


def _apply(client, company, leader):
    data = {
        "kind": "task_force", "title": "范围外负责人", "branch": company.branch.pk, "leader": leader.employee_no,
        "problem_kind": "key_task", "start_date": months_ago(0).isoformat(), "end_date": months_ago(-4).isoformat(),
    }  # fmt: skip
    return client.post("/projects/new/", data).content.decode()


def test_the_leader_is_found_only_in_the_users_scope(client_as, company):
    inside = Person.objects.restrict(company.users["shuji"]).values("pk")
    stranger = Person.objects.filter(is_active=True).exclude(pk__in=inside).first()
    assert "找不到工号" in _apply(client_as("shuji"), company, stranger)
    assert "找不到工号" in _apply(client_as("dangyuan"), company, company.users["shuji"].person)  # a member: herself
    assert not Project.objects.filter(title="范围外负责人").exists()


def test_the_api_offers_the_same_branches_and_leaders(api_as, company):
    data = {
        "kind": "merit", "title": "别的支部", "start_date": months_ago(0).isoformat(),
        "end_date": months_ago(-3).isoformat(), "branch": company.other_branch.pk,
        "leader": company.users["dangyuan"].person.pk,
    }  # fmt: skip
    answer = api_as("shuji").post("/api/v1/projects/", data, format="json")
    assert answer.status_code == 400 and "branch" in answer.json()
    answer = api_as("dangyuan").post("/api/v1/projects/", {**data, "branch": company.branch.pk,
                                                           "leader": company.users["shuji"].person.pk}, format="json")  # fmt: skip
    assert answer.status_code == 400 and "leader" in answer.json()
    assert not Project.objects.filter(title="别的支部").exists()


def test_the_import_reads_branches_in_the_users_scope(company):
    from vanguard.core.excel import write_table
    from vanguard.projects.excel import COLUMNS, project_import

    row = ["攻关组", "别的支部的项目", company.other_branch.name, company.users["dangyuan"].person.employee_no,
           "难点问题", "", "", 1000, "", "", months_ago(0), months_ago(-6)]  # fmt: skip
    result = project_import(actor=company.users["shuji"], source=write_table(columns=COLUMNS, rows=[row]))
    assert not result.ok and "不是您可以申报的支部" in result.errors[0][1]
    assert not Project.objects.filter(title="别的支部的项目").exists()
