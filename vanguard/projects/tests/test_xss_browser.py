"""In a real browser: a name that looks like script stays text on the project page, in its confirmation too."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from vanguard.core.dates import months_ago
from vanguard.core.tests.browser import login
from vanguard.org.demo import company_handles
from vanguard.org.models import Person
from vanguard.projects.models import ProjectMember

pytestmark = pytest.mark.browser

PAYLOADS = ("'); alert(1); ('", "'+alert(1)+'", '"><img src=x onerror=alert(1)>', "</script><script>alert(1)</script>")


def _running_project(users, branch):
    from vanguard.projects.services import project_create, project_transition

    project = project_create(
        actor=users["dangyuan"], kind="merit", title="降低轧辊消耗攻关", problem_kind="difficulty",
        problem="轧辊消耗高", objectives="辊耗下降 5%", expected_benefit="120000", indicator="辊耗",
        plan="摸底,改进", start_date=months_ago(5), end_date=months_ago(-6) - timedelta(days=1),
        branch=branch, leader=users["dangyuan"].person,
    )  # fmt: skip
    for actor, action in (("shuji", "review"), ("dangwei", "approve"), ("dangyuan", "start")):
        project = project_transition(actor=users[actor], project=project, action=action)
    return project


def test_a_member_named_like_script_runs_nothing_and_is_asked_about_by_name(open_page):
    from vanguard.projects.services import project_member_add

    company = company_handles()
    users = company.users
    project = _running_project(users, company.branch)
    zhigong = users["zhigong"].person
    member = project_member_add(actor=users["shuji"], project=project, person=zhigong, duty="测量")
    page = login(open_page(), "shuji")
    dialogs = []

    def answer(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", answer)
    for payload in PAYLOADS:
        Person.objects.filter(pk=zhigong.pk).update(name=payload)
        dialogs.clear()
        page.goto(f"/projects/{project.pk}/")
        row = page.locator("[data-testid=team-row]", has_text=payload)
        expect(row).to_be_visible()
        assert page.locator("img[src=x]").count() == 0
        row.locator("[data-testid=remove-member]").click()
        # The only dialog is the question, naming the person verbatim; dismissed, nothing is sent.
        expect(row).to_be_visible()
        assert dialogs == [("confirm", f"确定把 {payload} 移出团队吗?")]
        assert ProjectMember.objects.filter(pk=member.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.remove_listener("dialog", answer)
    page.locator("[data-testid=team-row]", has_text=PAYLOADS[-1]).locator("[data-testid=remove-member]").click()
    expect(page.locator(".alert-success")).to_contain_text("移出团队")
    assert not ProjectMember.objects.filter(pk=member.pk).exists()
