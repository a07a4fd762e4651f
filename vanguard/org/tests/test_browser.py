"""In a real browser: each demo persona signs in and sees exactly its part of the company."""

import re

import pytest
from playwright.sync_api import expect

from vanguard.core.forms import LOGIN_FAILED
from vanguard.core.tests.browser import PHONE, login
from vanguard.org.choices import PoliticalStatus, UnitKind
from vanguard.org.models import Person, Unit

pytestmark = pytest.mark.browser


def _nav(page):
    return page.locator("#sidebar-menu")


def _search_people(page, text):
    page.goto(f"/org/people/?q={text}")
    return page.locator("#person-results")


def test_admin_sees_everyone_and_the_audit_trail(open_page):
    page = login(open_page(), "admin")
    expect(_nav(page)).to_contain_text("审计日志")
    outsider = Person.objects.get(user__username="outsider")
    expect(_search_people(page, outsider.employee_no)).to_contain_text(outsider.name)
    page.goto("/audit/")
    expect(page.locator("[data-testid=audit-table]")).to_be_visible()


def test_committee_admin_sees_every_plant_and_everyone(open_page):
    page = login(open_page(), "dangwei")
    expect(page.locator("[data-testid=scope]")).to_contain_text("党委管理员")
    page.locator("[data-testid=overview-link]").click()
    expect(page.locator("#chart-by-org canvas")).to_be_visible()
    page.goto("/org/units/")
    tree = page.locator("[data-testid=tree]")
    for plant in Unit.objects.filter(kind=UnitKind.PLANT):
        expect(tree).to_contain_text(plant.name)
    outsider = Person.objects.get(user__username="outsider")
    expect(_search_people(page, outsider.employee_no)).to_contain_text(outsider.name)
    assert page.goto("/audit/").status == 404


def test_secretary_sees_the_branch_people_but_not_the_outsider(open_page):
    page = login(open_page(), "shuji")
    expect(page.locator("[data-testid=scope]")).to_contain_text("支部书记")
    zhigong = Person.objects.get(user__username="zhigong")
    outsider = Person.objects.get(user__username="outsider")
    expect(_search_people(page, zhigong.employee_no)).to_contain_text(zhigong.name)
    results = _search_people(page, outsider.employee_no)
    expect(results).to_contain_text("没有符合条件的人员")
    expect(results).not_to_contain_text(outsider.name)
    # The ID card is masked for a secretary.
    expect(_search_people(page, zhigong.employee_no)).to_contain_text(zhigong.id_card_masked)
    expect(page.locator("#person-results")).not_to_contain_text(zhigong.id_card)


@pytest.mark.parametrize("username", ["dangyuan", "zhigong"])
def test_member_and_worker_see_only_their_own_record(open_page, username):
    page = login(open_page(), username)
    me = Person.objects.get(user__username=username)
    expect(page.locator("h2.page-title")).to_contain_text(me.name)
    expect(_nav(page)).not_to_contain_text("人员花名册")
    expect(_nav(page)).not_to_contain_text("党组织")
    expect(page.locator("#chart-by-org")).to_have_count(0)
    assert page.goto("/org/people/").status == 404
    assert page.goto("/org/units/").status == 404
    page.goto("/org/me/")
    expect(page.locator("h2.page-title")).to_contain_text(me.name)


def test_wrong_password_shows_one_generic_message(open_page):
    page = login(open_page(), "shuji", password="wrong-password")
    expect(page.locator("[data-testid=login-error]")).to_have_text(LOGIN_FAILED)
    page = login(page, "nobody-at-all", password="wrong-password")
    expect(page.locator("[data-testid=login-error]")).to_have_text(LOGIN_FAILED)


def test_expand_and_collapse_a_tree_node(open_page):
    page = login(open_page(), "dangwei")
    page.goto("/org/units/")
    plant = Unit.objects.filter(kind=UnitKind.PLANT, numchild__gt=0).order_by("path").first()
    area = Unit.objects.filter(path__startswith=plant.path, depth=plant.depth + 1).order_by("path").first()
    node = page.locator(f"#node-unit-{plant.pk}")
    children = page.locator(f"#children-unit-{plant.pk}")
    expect(children).to_be_hidden()
    node.locator(".vg-toggle").first.click()
    expect(children).to_be_visible()
    expect(children).to_contain_text(area.name)
    expect(children.locator(f"#node-unit-{area.pk} .vg-count")).to_contain_text("人员")
    node.locator(".vg-toggle").first.click()
    expect(children).to_be_hidden()


def test_phone_width_navigation_and_person_list(open_page):
    page = login(open_page(PHONE), "shuji")
    roster_link = _nav(page).get_by_role("link", name="人员花名册")
    expect(roster_link).to_be_hidden()
    page.locator(".vg-nav-toggler").click()
    expect(roster_link).to_be_visible()
    roster_link.click()
    expect(page).to_have_url(re.compile(r"/org/people/$"))
    # Filters fold away on a phone; the list itself fits the screen's width.
    search = page.locator("input[name=q]")
    expect(search).to_be_hidden()
    page.locator(".vg-filter-toggle").click()
    expect(search).to_be_visible()
    zhigong = Person.objects.get(user__username="zhigong")
    search.fill(zhigong.employee_no)
    search.press("Enter")
    expect(page.locator("#person-results")).to_contain_text(zhigong.name)
    expect(page.locator("#person-results tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_filtering_and_sorting_update_the_list_in_place(open_page):
    page = login(open_page(), "dangwei")
    page.goto("/org/people/")
    page.evaluate("window.vgMarker = 1")  # survives only if the page is not reloaded
    # A status some people have but not most (the demo's mix decides which).
    status = Person.objects.exclude(political_status="member").values_list("political_status", flat=True).first()
    label = PoliticalStatus(status).label
    page.select_option("select[name=political_status]", status)
    expect(page).to_have_url(re.compile(rf"political_status={status}"))
    rows = page.locator("#person-results tbody tr")
    expect(rows.first).to_contain_text(label)
    page.locator("#person-results thead a", has_text="工号").click()
    expect(page).to_have_url(re.compile(r"sort=employee_no"))
    expect(page.locator("#person-results thead [aria-sort=ascending]")).to_contain_text("工号")
    assert page.evaluate("window.vgMarker") == 1
    statuses = rows.locator("td:nth-child(5)").all_inner_texts()
    assert statuses and set(statuses) == {label}
