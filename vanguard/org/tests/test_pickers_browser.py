"""In a real browser: a tree picker in a filter bar, and a tree node's children loaded a page at a time."""

import re

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.choices import UnitKind
from vanguard.org.models import Person, Unit

pytestmark = pytest.mark.browser


@pytest.fixture
def long_lists(monkeypatch):
    # The tiny company's lists are short; past 3 nodes a tree field is a picker here.
    monkeypatch.setattr("vanguard.org.forms.SHORT_LIST", 3)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_choose_a_unit_in_the_picker_and_the_list_follows(open_page, long_lists, viewport):
    plant = Unit.objects.filter(kind=UnitKind.PLANT, numchild__gt=0).order_by("path").first()
    inside = Person.objects.filter(unit__path__startswith=plant.path).order_by("employee_no").first()
    outside = Person.objects.exclude(unit__path__startswith=plant.path).order_by("employee_no").first()
    page = login(open_page(viewport), "dangwei")
    page.goto("/org/people/?sort=employee_no")
    page.evaluate("window.vgMarker = 1")  # survives only if the page is not reloaded
    if viewport is PHONE:
        page.locator(".vg-filter-toggle").click()
    box = page.locator("#id_unit")
    expect(page.locator("select[name=unit]")).to_have_count(0)
    box.fill(plant.name[:2])  # part of the name, as a user types it
    option = page.locator(f".vg-picker [role=option][data-id='{plant.pk}']")
    expect(option).to_be_visible()
    expect(option).to_contain_text("分厂")  # the hint: its kind (and the path above it)
    option.click()
    expect(page).to_have_url(re.compile(rf"unit={plant.pk}"))
    expect(page).to_have_url(re.compile(r"sort=employee_no"))  # the order chosen before is kept
    results = page.locator("#person-results")
    expect(results).to_contain_text(inside.employee_no)
    expect(results).not_to_contain_text(outside.employee_no)
    assert page.evaluate("window.vgMarker") == 1  # filtered in place
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Opened again, the page shows the chosen unit by name; emptying the box shows everyone again.
    page.reload()
    if viewport is PHONE:
        page.locator(".vg-filter-toggle").click()
    expect(box).to_have_value(plant.name)
    box.fill("")
    expect(page).not_to_have_url(re.compile(rf"unit={plant.pk}(&|$)"))
    expect(results).to_contain_text(outside.employee_no)


def test_a_node_s_children_come_a_page_at_a_time(open_page, monkeypatch):
    monkeypatch.setattr("vanguard.org.views.trees.CHILDREN_PAGE", 1)
    page = login(open_page(), "dangwei")
    page.goto("/org/units/")
    company = Unit.objects.get(depth=1)
    plants = list(Unit.objects.filter(depth=2).order_by("path"))
    children = page.locator(f"#children-unit-{company.pk}")
    expect(children.locator("[data-testid=tree-node]")).to_have_count(1)
    more = children.locator("[data-testid=tree-more]")
    expect(more).to_contain_text(f"还有 {len(plants) - 1} 项")
    more.click()
    expect(children.locator(":scope > ul > [data-testid=tree-node]")).to_have_count(2)
    expect(children).to_contain_text(plants[1].name)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_several_units_picked_as_chips_one_removed_and_saved(open_page, long_lists, viewport, tmp_path):
    from vanguard.org.models import PartyOrg

    branch = PartyOrg.objects.filter(units__isnull=False).order_by("path").first()
    before = list(branch.units.order_by("path"))
    plant = Unit.objects.filter(kind=UnitKind.PLANT).exclude(pk__in=[u.pk for u in before]).order_by("path").first()
    page = login(open_page(viewport), "dangwei")
    page.goto(f"/org/party-orgs/{branch.pk}/edit/")
    picker = page.locator(".vg-picker-multi")
    chips = picker.locator("[data-picker-chip]")
    expect(chips).to_have_count(len(before))
    box = page.locator("#id_units")
    box.fill(plant.name[:2])
    page.locator(f".vg-picker [role=option][data-id='{plant.pk}']").click()
    expect(chips).to_have_count(len(before) + 1)
    expect(box).to_have_value("")
    page.screenshot(path=str(tmp_path / f"units-{viewport['width']}.png"), full_page=True)
    chips.first.locator("[data-picker-remove]").click()  # the first unit it covered goes
    expect(chips).to_have_count(len(before))
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    after = set(PartyOrg.objects.get(pk=branch.pk).units.values_list("pk", flat=True))
    assert after == {u.pk for u in before[1:]} | {plant.pk}
