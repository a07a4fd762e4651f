"""The org pages as their users see them, and what they cost in queries.

Query counts are measured on the tiny company, then again after the company has
grown (people through ``services.person_bulk_upsert``, nodes through the tree
services); the counts must be equal and stay within ``MAX_QUERIES``.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from vanguard.core.access import system_actor
from vanguard.core.exceptions import ConcurrentEditError
from vanguard.core.testing import page_queries
from vanguard.org import services
from vanguard.org.choices import MembershipStatus, PartyOrgKind, PoliticalStatus, UnitKind
from vanguard.org.models import PartyMembership, PartyOrg, Person, Unit, User

MAX_QUERIES = 15


def queries_for(username, url):
    """(status, queries) of one page load by a freshly loaded user (no cached scope or figures)."""
    cache.clear()
    client = Client()
    client.force_login(User.objects.get(username=username))
    queries, response = page_queries(client, url, status=None)
    return response.status_code, queries


def grow(company, n, start=0):
    """Add ``n`` teams and party groups under the secretary's branch, and 5·n people in them."""
    area = Unit.objects.get(path=company.team.path[: -2 * Unit.steplen])
    branch = PartyOrg.objects.get(pk=company.branch.pk)
    surname = company.users["dangyuan"].person.name[0]
    rows = []
    for i in range(start, start + n):
        team = services.unit_create(actor=system_actor(), parent=area, name=f"扩编{i}班", kind=UnitKind.TEAM)
        group = services.party_org_create(
            actor=system_actor(), parent=branch, name=f"扩编第{i}党小组", kind=PartyOrgKind.GROUP
        )
        for j in range(5):
            member = j % 2 == 0
            rows.append(
                {
                    "name": f"{surname}扩编{i}号{j}",
                    "employee_no": f"X{i:04d}{j}",
                    "gender": "F",
                    "unit_id": team.pk,
                    "political_status": PoliticalStatus.MEMBER if member else PoliticalStatus.MASSES,
                    "membership": {
                        "party_org_id": group.pk,
                        "status": MembershipStatus.FULL,
                        "joined_on": None,
                        "regularised_on": None,
                        "post": "member",
                    }
                    if member
                    else None,
                }
            )
    services.person_bulk_upsert(actor=system_actor(), rows=rows)


def _pages(company):
    area = Unit.objects.get(path=company.team.path[: -2 * Unit.steplen])
    surname = company.users["dangyuan"].person.name[0]  # matches a row before and after growing
    return [
        ("dangwei", "/org/people/"),
        ("shuji", "/org/people/"),
        (
            "shuji",
            f"/org/people/?q={surname}&sort=-name&unit={area.pk}&party_org={company.branch.pk}&political_status=member",
        ),
        ("dangwei", "/org/people/?sort=unit&page=2"),
        ("dangwei", "/org/party-orgs/"),
        ("shuji", "/org/party-orgs/"),
        ("dangwei", "/org/units/"),
        ("shuji", "/org/units/"),
        ("shuji", f"/org/party-orgs/?parent={company.branch.pk}"),
        ("shuji", f"/org/units/?parent={area.pk}"),
        ("shuji", f"/org/party-orgs/{company.branch.pk}/"),
        ("shuji", f"/org/units/{area.pk}/"),
        ("dangwei", f"/org/units/{company.team.pk}/"),
        ("shuji", f"/org/people/{company.users['zhigong'].person.pk}/"),
        ("dangwei", "/org/overview/"),
        ("shuji", "/org/overview/"),
    ]


def test_pages_cost_the_same_queries_however_large_the_company(company):
    pages = _pages(company)
    for username, url in pages:  # warm process-wide caches (content types, templates)
        queries_for(username, url)
    before = {(u, url): queries_for(u, url) for u, url in pages}
    people_before = Person.objects.count()
    grow(company, 8)
    assert Person.objects.count() == people_before + 40
    after = {(u, url): queries_for(u, url) for u, url in pages}
    for key, (status, count) in after.items():
        assert status == 200, key
        assert count == before[key][1], f"{key}: {before[key][1]} queries before growing, {count} after"
        assert count <= MAX_QUERIES, f"{key}: {count} queries"


# ---------------------------------------------------------------- the organisation overview


def test_committee_admin_overview_shows_company_figures_and_charts(client_as):
    page = client_as("dangwei").get("/org/overview/").content.decode()
    people = Person.objects.active().count()
    assert f'data-testid="count-people">{people:,}<' in page
    for chart in ("chart-by-org", "chart-education", "chart-ages", "chart-party-years"):
        assert f'id="{chart}-options"' in page
    assert "vendor/echarts/echarts.min.js" in page


def test_overview_charts_count_only_the_secretary_s_people(client_as, company):
    page = client_as("shuji").get("/org/overview/").content.decode()
    visible = Person.objects.restrict(company.users["shuji"]).active().count()
    assert visible < Person.objects.count()
    assert f'data-testid="count-people">{visible}<' in page


def test_member_and_worker_have_no_overview(client_as, company):
    for name in ("dangyuan", "zhigong"):
        client = client_as(name)
        assert client.get("/org/overview/").status_code == 404
        page = client.get("/").content.decode()
        assert f"您好，{company.users[name].person.name}" in page
        assert "count-people" not in page and "chart-by-org" not in page and "组织概览" not in page


# ---------------------------------------------------------------- trees


def test_tree_expands_a_node_with_its_children_and_counts(client_as, company):
    client = client_as("shuji")
    page = client.get("/org/party-orgs/").content.decode()
    assert company.branch.name in page
    group = PartyOrg.objects.filter(path__startswith=company.branch.path, kind=PartyOrgKind.GROUP).first()
    assert group.name in page  # the single top node opens by itself
    fragment = client.get(f"/org/units/?parent={Unit.objects.get_parent(company.team).pk}").content.decode()
    assert "<html" not in fragment
    assert company.team.name in fragment
    people = Person.objects.active().filter(unit__path__startswith=company.team.path).count()
    assert re.search(rf"人员 <strong>{people}</strong>", fragment)


def test_committee_admin_sees_every_plant_in_the_unit_tree(client_as):
    page = client_as("dangwei").get("/org/units/").content.decode()
    for plant in Unit.objects.filter(kind=UnitKind.PLANT):
        assert plant.name in page


def test_tree_children_of_a_node_out_of_scope_answer_404(client_as, company):
    assert client_as("shuji").get(f"/org/party-orgs/?parent={company.other_branch.pk}").status_code == 404


def test_node_detail_shows_ancestors_children_links_and_actions(client_as, company):
    page = client_as("dangwei").get(f"/org/party-orgs/{company.branch.pk}/").content.decode()
    assert company.committee.name in page
    assert f"/org/party-orgs/{company.branch.pk}/edit/" in page
    assert f"/org/party-orgs/new/?parent={company.branch.pk}" in page
    assert f"/audit/org.partyorg/{company.branch.pk}/" in page
    assert f"/org/people/?party_org={company.branch.pk}" in page
    for unit in company.branch.units.all():
        assert unit.name in page


def test_branch_committee_member_sees_no_edit_buttons(client_as, company):
    from vanguard.org.choices import Role

    viewer = services.user_create(actor=system_actor(), username="viewer", password="x")
    services.role_assign(actor=system_actor(), user=viewer, role=Role.BRANCH_COMMITTEE, party_org=company.branch)
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/org/party-orgs/{company.branch.pk}/").content.decode()
    assert "修改历史" in page
    assert f"/org/party-orgs/{company.branch.pk}/edit/" not in page


def test_create_a_party_group_under_a_branch(client_as, company):
    client = client_as("shuji")
    form = client.get(f"/org/party-orgs/new/?parent={company.branch.pk}").content.decode()
    assert f'<option value="{company.branch.pk}" selected>' in form
    response = client.post("/org/party-orgs/new/", {"parent": company.branch.pk, "name": "新建党小组", "kind": "group"})
    assert response.status_code == 302
    assert PartyOrg.objects.get_parent(PartyOrg.objects.get(name="新建党小组")) == company.branch


def test_node_form_shows_errors_in_chinese(client_as, company):
    page = client_as("shuji").post("/org/party-orgs/new/", {"parent": company.branch.pk, "name": ""}).content.decode()
    assert "该字段是必填项。" in page


# ---------------------------------------------------------------- people


def test_person_list_filters_by_pinyin_initials(client_as, company):
    zhigong = company.users["zhigong"].person
    page = client_as("shuji").get(f"/org/people/?q={zhigong.name_initials}").content.decode()
    assert zhigong.employee_no in page


def test_person_list_masks_id_cards_for_a_secretary_only(client_as, company):
    zhigong = company.users["zhigong"].person
    url = f"/org/people/?q={zhigong.employee_no}"
    assert zhigong.id_card not in client_as("shuji").get(url).content.decode()
    assert zhigong.id_card_masked in client_as("shuji").get(url).content.decode()
    assert zhigong.id_card in client_as("dangwei").get(url).content.decode()


def test_person_list_sorts_and_keeps_filters_in_links(client_as, company):
    page = client_as("shuji").get("/org/people/?political_status=member&sort=-name").content.decode()
    assert 'href="?political_status=member&amp;sort=name"' in page  # the active column reverses
    assert 'href="/org/people/export/?political_status=member&amp;sort=-name"' in page
    names = re.findall(r'class="fw-medium">([^<]+)</a>', page)
    initials = dict(Person.objects.filter(name__in=names).values_list("name", "name_initials"))
    keys = [initials[n] for n in names]
    assert keys == sorted(keys, reverse=True)


def test_person_list_links_to_import_only_for_editors(client_as, company):
    from vanguard.org.choices import Role

    viewer = services.user_create(actor=system_actor(), username="viewer2", password="x")
    services.role_assign(actor=system_actor(), user=viewer, role=Role.GROUP_LEADER, party_org=company.branch)
    assert "/org/people/import/" in client_as("shuji").get("/org/people/").content.decode()
    client = Client()
    client.force_login(viewer)
    page = client.get("/org/people/").content.decode()
    assert "人员花名册" in page
    assert "/org/people/import/" not in page


def test_person_list_filter_offers_only_the_users_orgs_with_full_paths(client_as, company):
    page = client_as("shuji").get("/org/people/").content.decode()
    select = re.search(r'<select name="party_org"[^>]*>.*?</select>', page, re.S).group(0)
    assert company.branch.name in select
    assert company.other_branch.name not in select


def test_person_detail_shows_membership_and_transfers(client_as, company):
    dangyuan = company.users["dangyuan"].person
    page = client_as("shuji").get(f"/org/people/{dangyuan.pk}/").content.decode()
    assert dangyuan.membership.party_org.name in page
    assert "组织关系转接" in page
    assert f"/audit/org.person/{dangyuan.pk}/" in page
    assert f"/org/people/{dangyuan.pk}/edit/" in page


def _edit_data(person, **changes):
    data = {
        "name": person.name,
        "employee_no": person.employee_no,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "ethnicity": person.ethnicity,
        "education": person.education,
        "id_card": person.id_card,
        "position": person.position,
        "cadre_level": person.cadre_level,
        "channel": person.channel,
        "unit": person.unit_id,
        "phone": person.phone,
        "political_status": person.political_status,
        "is_active": "on",
        "version": person.version,
    }
    data.update(changes)
    return data


def test_edit_a_person(client_as, company):
    zhigong = company.users["zhigong"].person
    response = client_as("shuji").post(f"/org/people/{zhigong.pk}/edit/", _edit_data(zhigong, position="班组长"))
    assert response.status_code == 302
    assert Person.objects.get(pk=zhigong.pk).position == "班组长"


def test_stale_edit_is_refused_and_keeps_the_users_input(client_as, company):
    zhigong = company.users["zhigong"].person
    data = _edit_data(zhigong, position="我的新职务")
    services.person_update(actor=system_actor(), person=zhigong, data={"position": "别人改的"})
    page = client_as("shuji").post(f"/org/people/{zhigong.pk}/edit/", data).content.decode()
    assert ConcurrentEditError().messages[0] in page
    assert 'value="我的新职务"' in page
    assert Person.objects.get(pk=zhigong.pk).position == "别人改的"


def test_person_form_errors_are_in_chinese(client_as, company):
    zhigong = company.users["zhigong"].person
    page = (
        client_as("shuji")
        .post(f"/org/people/{zhigong.pk}/edit/", _edit_data(zhigong, id_card="120116199001011234", name=""))
        .content.decode()
    )
    assert "该字段是必填项。" in page
    assert "身份证" in page and "is-invalid" in page


def test_unit_select_labels_teams_by_their_path(client_as, company):
    page = client_as("shuji").get(f"/org/people/{company.users['zhigong'].person.pk}/edit/").content.decode()
    process = Unit.objects.get_parent(company.team)
    assert f"{process.name}/{company.team.name}</option>" in page


def test_stale_membership_edit_is_refused(client_as, company):
    dangyuan = company.users["dangyuan"].person
    membership = dangyuan.membership
    data = {
        "party_org": membership.party_org_id,
        "status": membership.status,
        "post": "group_leader",
        "joined_on": membership.joined_on.isoformat() if membership.joined_on else "",
        "regularised_on": membership.regularised_on.isoformat() if membership.regularised_on else "",
        "version": membership.version,
    }
    PartyMembership.objects.filter(pk=membership.pk).update(version=membership.version + 1)
    page = client_as("shuji").post(f"/org/people/{dangyuan.pk}/membership/", data).content.decode()
    assert ConcurrentEditError().messages[0] in page
    assert PartyMembership.objects.get(pk=membership.pk).post == membership.post


def test_membership_dates_are_checked_in_chinese(client_as, company):
    dangyuan = company.users["dangyuan"].person
    membership = dangyuan.membership
    data = {
        "party_org": membership.party_org_id,
        "status": "probationary",
        "post": "member",
        "joined_on": "2020-01-01",
        "regularised_on": "2021-01-01",
        "version": membership.version,
    }
    page = client_as("shuji").post(f"/org/people/{dangyuan.pk}/membership/", data).content.decode()
    assert "预备党员不应有转正日期。" in page


@pytest.mark.parametrize("name", ["dangyuan", "zhigong"])
def test_members_and_workers_have_no_roster(client_as, name):
    client = client_as(name)
    assert client.get("/org/people/").status_code == 404
    page = client.get("/").content.decode()
    assert '/org/people/"' not in page and "人员花名册" not in page


def test_team_leader_sees_the_team_and_an_empty_party_org_tree(client_as, company):
    client = client_as("banzhang")  # 班组长 on the worker persona's team
    assert company.team.name in client.get("/org/units/").content.decode()
    page = client.get("/org/party-orgs/")
    assert page.status_code == 200 and "您的范围内没有党组织" in page.content.decode()
    zhigong = company.users["zhigong"].person
    assert zhigong.employee_no in client.get("/org/people/").content.decode()


def test_overview_figures_are_cached_until_the_next_write(client_as, company):
    cache.clear()
    client = client_as("dangwei")
    client.get("/org/overview/")
    cached, response = page_queries(client, "/org/overview/")
    first = response.content.decode()
    zhigong = company.users["zhigong"].person
    services.person_update(actor=company.users["dangwei"], person=zhigong, data={"is_active": False})
    fresh, response = page_queries(client, "/org/overview/")
    second = response.content.decode()
    people = Person.objects.active().count()
    assert f'data-testid="count-people">{people + 1:,}<' in first
    assert f'data-testid="count-people">{people:,}<' in second
    assert cached < fresh


@pytest.mark.parametrize("name", ["dangwei", "shuji"])
def test_members_per_org_add_up_to_all_members(company, name):
    from vanguard.org import selectors

    glance = selectors.org_at_a_glance(user=company.users[name])
    assert sum(n for _, n in glance["by_org"]) == glance["members"] > 0
    assert sum(n for _, n in glance["ages"]) == glance["members"]
    assert sum(n for _, n in glance["education"]) == glance["members"]


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(client, client_as):
    for page in (client.get("/accounts/login/"), client_as("zhigong").get("/"), client.get("/django-admin/login/")):
        assert 'rel="icon"' in page.content.decode()
    icon = client.get("/static/vanguard/favicon.svg")
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_a_browser_asking_for_the_old_default_icon_is_sent_to_ours(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"].endswith("vanguard/favicon.svg")
