"""In a real browser: a merit project from 申报 to 验收 across dangyuan, shuji and dangwei, with two
monthly logs, linked to dangyuan's saving target; the accepted benefit shows in that target."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from vanguard.campaigns.demo import build_demo_campaigns
from vanguard.campaigns.models import Campaign, Target
from vanguard.campaigns.templatetags.campaigns import num
from vanguard.core.dates import months_ago
from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles
from vanguard.projects.models import Project

pytestmark = pytest.mark.browser


def _step(page, action, **fields):
    form = page.locator("form", has=page.locator(f"[data-testid=do-{action}]"))
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator(f"[data-testid=do-{action}]").click()


def test_a_merit_project_from_application_to_acceptance_counts_in_its_target(open_page):
    company = company_handles()
    if not Campaign.objects.exists():  # seeded for the session, gone after another live-server test
        build_demo_campaigns("tiny")
    dangyuan = company.users["dangyuan"].person
    target = Target.objects.get(owner_person=dangyuan, metric_unit="万元", numchild=0)
    before = target.actual_value

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
    # The member links the project to her own saving target on the same page, on her phone.
    member.select_option("[data-testid=link-target-form] select", str(target.pk))
    member.click("[data-testid=link-target]")
    expect(member.locator("[data-testid=project-target]")).to_contain_text(target.title)
    expect(member.locator("[data-testid=project-target]")).to_contain_text("验收后计入")

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
    expect(office.locator("[data-testid=counted-value]")).to_contain_text("已计入 7.2 万元")

    # The target shows the benefit, and where it came from, without anyone reporting it again.
    office.click(f"[data-testid=project-target] a[href='/campaigns/targets/{target.pk}/']")
    expect(office.locator("[data-testid=contributed-value]")).to_contain_text("其中计入成果 7.2")
    expect(office.locator("[data-testid=contribution-row]")).to_contain_text("降低穿孔顶头消耗")
    expect(office.locator("[data-testid=actual-value]")).to_contain_text(num(before + Decimal("7.2")))
    office.click("[data-testid=contribution-row] a")
    expect(office.locator(".page-title")).to_contain_text("降低穿孔顶头消耗")
    project.refresh_from_db()
    assert project.status == "accepted" and project.number
