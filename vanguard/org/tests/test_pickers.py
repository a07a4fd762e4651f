"""Tree fields and tree pages that stay small however large the company: a short list of nodes is a
select, a long one a picker that searches as the user types; a node's children come 50 at a time."""

import json
import re

import pytest

from vanguard.core.access import system_actor
from vanguard.org import selectors, services
from vanguard.org.choices import PartyOrgKind, UnitKind
from vanguard.org.forms import MoveForm
from vanguard.org.models import PartyOrg, Person, Unit


@pytest.fixture
def short_list(monkeypatch):
    """``short_list(n)``: lists of more than ``n`` nodes become pickers (the tiny company has few nodes)."""

    def set_to(n):
        monkeypatch.setattr("vanguard.org.forms.SHORT_LIST", n)

    return set_to


def _picker(page, name):
    found = re.search(rf'<div class="vg-picker[^>]*>(?:(?!</div></div>).)*name="{name}".*?</div></div>', page, re.S)
    return found.group(0) if found else None


def test_a_short_list_of_nodes_stays_a_select_labelled_by_path(client_as, company):
    page = client_as("shuji").get("/org/people/").content.decode()
    select = re.search(r'<select name="unit"[^>]*>.*?</select>', page, re.S).group(0)
    assert "<option" in select and "全部" in select
    assert _picker(page, "unit") is None


def test_a_long_list_is_a_picker_with_no_options_and_the_chosen_node_shown(client_as, company, short_list):
    short_list(3)
    area = Unit.objects.get(path=company.team.path[: -2 * Unit.steplen])
    page = client_as("dangwei").get(f"/org/people/?unit={area.pk}").content.decode()
    picker = _picker(page, "unit")
    assert picker is not None and "<option" not in picker
    assert f'value="{area.pk}"' in picker  # the id is kept for the next filter
    plant = Unit.objects.get_parent(area)
    assert f'value="{plant.name}/{area.name}"' in picker  # and the user sees where it is
    # The picker offers the kinds the field offers: every visible unit here.
    assert "/picker/org.unit/" in picker
    # The list is filtered by the chosen area.
    inside = Person.objects.filter(unit__path__startswith=area.path).order_by("employee_no").first()
    outside = Person.objects.exclude(unit__path__startswith=area.path).order_by("employee_no").first()
    results = page.split('id="person-results"', 1)[1]
    assert inside.employee_no in results and outside.employee_no not in results


def test_a_picker_searches_the_visible_nodes_of_the_kinds_on_offer(client_as, company):
    client = client_as("shuji")
    found = json.loads(client.get("/picker/org.partyorg/", {"q": "党支部"}).content)["results"]
    names = {row["label"] for row in found}
    assert str(company.branch) in names
    assert str(company.other_branch) not in names  # out of the secretary's scope
    groups = json.loads(client.get("/picker/org.partyorg/", {"q": "小组", "kind": "group"}).content)["results"]
    assert groups and all(PartyOrg.objects.get(pk=row["id"]).kind == PartyOrgKind.GROUP for row in groups)
    # Which 第一党小组: the hint names the branch above it, the chosen text its full path.
    first = groups[0]
    assert company.branch.name in first["hint"] and "党小组" in first["hint"]
    assert first["chosen"].endswith(PartyOrg.objects.get(pk=first["id"]).name)
    assert company.branch.name in first["chosen"]


def test_a_posted_node_outside_the_field_s_queryset_is_refused(company, short_list):
    short_list(1)
    parents = Unit.objects.filter(path__startswith=company.team.path[: -2 * Unit.steplen])
    form = MoveForm({"new_parent": company.other_team.pk}, parent_queryset=parents)
    assert not form.is_valid() and "new_parent" in form.errors
    area = parents.first()
    form = MoveForm({"new_parent": area.pk}, parent_queryset=parents)
    assert form.is_valid() and form.cleaned_data["new_parent"] == area
    html = str(form["new_parent"])
    assert "vg-picker" in html and f'value="{Unit.objects.get_parent(area).name}/{area.name}"' in html
    assert "kind=" in html  # searches only the kinds the queryset holds


def test_a_picker_in_a_form_submits_the_chosen_node(client_as, company, short_list):
    short_list(1)
    dangyuan = company.users["dangyuan"].person
    client = client_as("dangwei")
    form = client.get(f"/org/people/{dangyuan.pk}/membership/").content.decode()
    picker = _picker(form, "party_org")
    assert picker is not None and str(dangyuan.membership.party_org.name) in picker
    assert "<option" not in picker


def test_expanding_a_node_shows_a_page_of_children_and_how_many_remain(client_as, company, monkeypatch):
    monkeypatch.setattr("vanguard.org.views.trees.CHILDREN_PAGE", 2)
    branch = PartyOrg.objects.get(pk=company.branch.pk)
    for i in range(3):
        services.party_org_create(actor=system_actor(), parent=branch, name=f"新建第{i}党小组", kind=PartyOrgKind.GROUP)
    children = list(PartyOrg.objects.filter(path__startswith=branch.path, depth=branch.depth + 1).order_by("path"))
    client = client_as("shuji")
    fragment = client.get(f"/org/party-orgs/?parent={branch.pk}").content.decode()
    assert fragment.count('data-testid="tree-node"') == 2
    assert f"加载更多(还有 {len(children) - 2} 项,共 {len(children)} 项)" in fragment
    more = re.search(r'hx-get="([^"]+)"', fragment).group(1).replace("&amp;", "&")
    rest = client.get(more).content.decode()
    assert "<ul" not in rest.split("<li", 1)[0]  # items to put in place of the button
    assert children[2].name in rest and children[0].name not in rest
    last = client.get(f"/org/party-orgs/?parent={branch.pk}&start={len(children) - 1}").content.decode()
    assert last.count('data-testid="tree-node"') == 1 and "加载更多" not in last


def test_the_opened_top_node_shows_a_page_of_its_children(client_as, company, monkeypatch):
    monkeypatch.setattr("vanguard.org.views.trees.CHILDREN_PAGE", 1)
    page = client_as("dangwei").get("/org/units/").content.decode()
    plants = Unit.objects.filter(depth=2).count()
    assert plants > 1
    assert f"还有 {plants - 1} 项,共 {plants} 项" in page
    assert page.count('data-testid="tree-node"') == 2  # the company and its first child


def test_the_unit_picker_hint_shows_the_parent_path(client_as, company):
    plant = Unit.objects.filter(kind=UnitKind.PLANT, numchild__gt=0).order_by("path").first()
    area = Unit.objects.filter(path__startswith=plant.path, depth=plant.depth + 1).first()
    found = json.loads(client_as("dangwei").get("/picker/org.unit/", {"q": area.name}).content)["results"]
    row = next(r for r in found if r["id"] == area.pk)
    assert plant.name in row["hint"] and row["chosen"] == f"{plant.name}/{area.name}"


def test_a_node_page_lists_a_page_of_children_and_counts_them_all(client_as, company, monkeypatch):
    monkeypatch.setattr("vanguard.org.views.trees.CHILDREN_PAGE", 1)
    company_unit = Unit.objects.get(depth=1)
    plants = Unit.objects.filter(depth=2).count()
    page = client_as("dangwei").get(f"/org/units/{company_unit.pk}/").content.decode()
    assert f"列出前 1 项,共 {plants} 项" in page
    assert re.search(rf'直属下级</div><div class="h1 mb-0">{plants}<', page)


def _units_form(data=None, *, instance=None, units=None):
    from vanguard.org.forms import PartyOrgForm

    form = PartyOrgForm(data, instance=instance)
    if units is not None:
        form.fields["units"].queryset = units
    return form


def test_several_nodes_from_a_long_list_are_chips_and_a_search_box(company, short_list):
    short_list(3)
    branch = company.branch
    chosen = list(branch.units.order_by("path"))
    assert chosen, "the tiny company's branch covers a unit"
    html = str(_units_form(instance=branch)["units"])
    assert "vg-picker-multi" in html and "<option" not in html and "/picker/org.unit/" in html
    labels = selectors.path_labels(Unit, chosen)
    for unit in chosen:
        assert f'name="units" value="{unit.pk}"' in html  # each chosen unit is a chip the form posts back
        assert f"移除 {labels[unit.path]}" in html and unit.name in labels[unit.path]  # named by its path


def test_a_short_list_of_several_nodes_stays_a_multiple_select(company):
    html = str(_units_form(instance=company.branch)["units"])
    assert "<select" in html and "multiple" in html and "vg-picker" not in html


def test_chips_posted_outside_the_field_s_queryset_are_refused_and_inside_are_kept(company, short_list):
    short_list(1)
    mine = Unit.objects.filter(path__startswith=company.team.path[: -2 * Unit.steplen])
    data = {"name": "新支部", "kind": PartyOrgKind.BRANCH, "version": 1}
    refused = _units_form({**data, "units": [mine.first().pk, company.other_team.pk]}, units=mine)
    assert not refused.is_valid() and "units" in refused.errors
    two = list(mine.order_by("path")[:2])
    form = _units_form({**data, "units": [u.pk for u in two]}, units=mine)
    form.is_valid()
    assert "units" not in form.errors
    assert list(form.cleaned_data["units"].order_by("path")) == two
    html = str(form["units"])  # shown again after an error elsewhere: the chips are kept
    assert all(f'value="{u.pk}"' in html for u in two)
