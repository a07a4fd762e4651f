"""In a real browser: a merit project from 申报 to 验收 across dangyuan, shuji and dangwei, with two monthly logs."""

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles
from vanguard.projects.models import Project

from .conftest import months_ago

pytestmark = pytest.mark.browser


def _step(page, action, **fields):
    form = page.locator("form", has=page.locator(f"[data-testid=do-{action}]"))
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator(f"[data-testid=do-{action}]").click()


def test_a_merit_project_from_application_to_acceptance(open_page):
    company = company_handles()
    dangyuan = company.users["dangyuan"].person

    member = login(open_page(PHONE), "dangyuan")
    member.goto("/projects/new/")
    member.select_option("#id_kind", "merit")
    member.fill("#id_title", "降低穿孔顶头消耗")
    member.select_option("#id_branch", str(company.branch.pk))
    member.fill("#id_leader", dangyuan.employee_no)
    member.fill("#id_expected_benefit", "60000")
    member.fill("#id_start_date", months_ago(3).isoformat())
    member.fill("#id_end_date", months_ago(-3).isoformat())
    member.click("[data-testid=save]")
    expect(member.locator(".page-title")).to_contain_text("已申报")
    project = Project.objects.get(title="降低穿孔顶头消耗")

    secretary = login(open_page(DESKTOP), "shuji")
    secretary.goto(f"/projects/{project.pk}/")
    _step(secretary, "review", reason="同意申报")
    expect(secretary.locator(".page-title")).to_contain_text("支部已审核")

    office = login(open_page(DESKTOP), "dangwei")
    office.goto(f"/projects/{project.pk}/")
    _step(office, "approve")
    expect(office.locator(".page-title")).to_contain_text("已立项")

    member.goto(f"/projects/{project.pk}/")
    _step(member, "start")
    for n, text in ((2, "穿孔顶头寿命摸底"), (1, "新材质顶头试用")):
        member.fill("#id_date", months_ago(n, 12).isoformat())
        member.fill("#id_content", text)
        member.click("[data-testid=save-log]")
        expect(member.locator("[data-testid=log-row]").first).to_contain_text(text)
    expect(member.locator("[data-testid=log-row]")).to_have_count(2)
    _step(member, "apply_completion", summary="顶头寿命提高 20%")
    expect(member.locator(".page-title")).to_contain_text("结项申请")

    office.goto(f"/projects/{project.pk}/")
    _step(office, "accept", measured_benefit="72000", evidence="财务部核算单")
    expect(office.locator("[data-testid=measured-benefit]")).to_contain_text("72,000")
    project.refresh_from_db()
    assert project.status == "accepted" and project.number
