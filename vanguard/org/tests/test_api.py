"""The org API as a client uses it: scoped, paginated, filtered, written through the services."""

import pytest

from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint
from vanguard.org.choices import PartyOrgKind, UnitKind
from vanguard.org.models import MembershipTransfer, PartyMembership, PartyOrg, Person, RoleAssignment, Unit

STALE = "该记录已被他人修改,请刷新后重试。"


def zhigong(company):
    return Person.objects.get(pk=company.users["zhigong"].person.pk)


# ---------------------------------------------------------------- reading


def test_list_is_paginated_with_count_next_previous(api_as, company):
    api = api_as("dangwei")
    first = api.get("/api/v1/people/", {"page_size": 10}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == Person.objects.count() and len(first["results"]) == 10
    assert first["previous"] is None and "page=2" in first["next"]
    second = api.get("/api/v1/people/", {"page_size": 10, "page": 2}).json()
    assert second["previous"] is not None
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_page_beyond_the_end_is_404_in_chinese(api_as, company):
    response = api_as("dangwei").get("/api/v1/people/", {"page": 999})
    assert response.status_code == 404
    assert "无效页面" in response.json()["detail"]


def test_people_filters_match_the_list_page(api_as, company):
    api = api_as("shuji")
    person = zhigong(company)
    by_no = api.get("/api/v1/people/", {"q": person.employee_no}).json()
    assert [r["id"] for r in by_no["results"]] == [person.pk]
    by_initials = api.get("/api/v1/people/", {"q": person.name_initials}).json()
    assert person.pk in {r["id"] for r in by_initials["results"]}
    members = api.get("/api/v1/people/", {"is_member": "true", "page_size": 500}).json()["results"]
    assert members and all(r["party_org"] is not None for r in members)
    assert api.get("/api/v1/people/", {"q": company.users["outsider"].person.employee_no}).json()["count"] == 0


def test_filter_with_a_bad_value_answers_400_in_chinese(api_as, company):
    response = api_as("shuji").get("/api/v1/people/", {"political_status": "nonsense"})
    assert response.status_code == 400
    assert "选择" in response.json()["political_status"][0]


def test_tree_nodes_carry_their_parent(api_as, company):
    rows = api_as("dangwei").get("/api/v1/units/", {"page_size": 500}).json()["results"]
    assert len(rows) == Unit.objects.count()
    for row in rows:
        node = Unit.objects.get(pk=row["id"])
        parent = Unit.objects.get_parent(node) if node.depth > 1 else None
        assert row["parent"] == (parent.pk if parent else None)


def test_tree_filters_by_kind_and_parent(api_as, company):
    api = api_as("dangwei")
    branches = api.get("/api/v1/party-orgs/", {"kind": "branch", "page_size": 500}).json()["results"]
    assert branches and {r["kind"] for r in branches} == {"branch"}
    children = api.get("/api/v1/party-orgs/", {"parent": company.branch.pk}).json()["results"]
    assert {r["id"] for r in children} == set(
        PartyOrg.objects.filter(path__startswith=company.branch.path, depth=company.branch.depth + 1).values_list(
            "pk", flat=True
        )
    )
    assert all(r["parent"] == company.branch.pk for r in children)
    under = api.get("/api/v1/units/", {"under": company.team.pk}).json()["results"]
    assert [r["id"] for r in under] == [company.team.pk]


def test_id_card_is_masked_unless_the_viewer_may_see_it(api_as, company):
    person = zhigong(company)
    url = f"/api/v1/people/{person.pk}/"
    assert api_as("shuji").get(url).json()["id_card"] == f"{person.id_card[:6]}********{person.id_card[-4:]}"
    assert api_as("dangwei").get(url).json()["id_card"] == person.id_card
    assert api_as("zhigong").get(url).json()["id_card"] == person.id_card  # one's own
    rows = api_as("shuji").get("/api/v1/people/", {"page_size": 500}).json()["results"]
    others = [r for r in rows if r["id"] != company.users["shuji"].person.pk]
    assert others and all("********" in r["id_card"] for r in others)


def test_a_masked_id_card_sent_back_unchanged_keeps_the_stored_number(api_as, company):
    person = zhigong(company)
    url = f"/api/v1/people/{person.pk}/"
    api = api_as("shuji")
    record = api.get(url).json()
    assert "********" in record["id_card"]
    response = api.put(url, {**record, "phone": "13900000001"}, format="json")
    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert person.phone == "13900000001" and "*" not in person.id_card and len(person.id_card) == 18
    # A number with asterisks of one's own making is still refused, and nothing changes.
    wrong = api.patch(url, {"id_card": "110105********0000", "version": person.version}, format="json")
    assert wrong.status_code == 400 and "id_card" in wrong.json()
    assert Person.objects.get(pk=person.pk).id_card == person.id_card


def test_audit_events_for_administrators_only(api_as, company):
    assert api_as("admin").get("/api/v1/audit-events/").json()["count"] == AuditEvent.objects.count()
    assert api_as("dangwei").get("/api/v1/audit-events/").json()["count"] == 0


def test_audit_events_are_read_only(api_as, company):
    event = AuditEvent.objects.first()
    api = api_as("admin")
    assert api.delete(f"/api/v1/audit-events/{event.pk}/").status_code == 405
    assert api.patch(f"/api/v1/audit-events/{event.pk}/", {"action": "x"}, format="json").status_code == 405


# ---------------------------------------------------------------- writing trees


def test_secretary_creates_a_party_group_under_his_branch(api_as, company):
    response = api_as("shuji").post(
        "/api/v1/party-orgs/",
        {"name": "第三党小组", "kind": PartyOrgKind.GROUP, "parent": company.branch.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["parent"], body["version"], body["depth"]) == (company.branch.pk, 1, company.branch.depth + 1)
    assert AuditEvent.objects.filter(action="party_org.create", object_id=str(body["id"])).count() == 1


def test_parent_outside_scope_reads_as_not_existing(api_as, company):
    response = api_as("shuji").post(
        "/api/v1/party-orgs/",
        {"name": "x", "kind": PartyOrgKind.GROUP, "parent": company.other_branch.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "不存在" in response.json()["parent"][0]


def test_tree_update_needs_the_version_and_refuses_a_stale_one(api_as, company):
    api = api_as("shuji")
    url = f"/api/v1/units/{company.team.pk}/"
    missing = api.patch(url, {"name": "甲班组"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    version = api.get(url).json()["version"]
    assert api.patch(url, {"name": "甲班组", "version": version}, format="json").status_code == 200
    stale = api.patch(url, {"name": "别的名字", "version": version}, format="json")
    assert stale.status_code == 409 and stale.json() == {"detail": STALE}
    assert Unit.objects.get(pk=company.team.pk).name == "甲班组"


def test_tree_update_cannot_change_the_parent(api_as, company):
    api = api_as("dangwei")
    response = api.patch(
        f"/api/v1/units/{company.team.pk}/", {"parent": company.other_team.pk, "version": 1}, format="json"
    )
    assert response.status_code == 400 and "移动" in response.json()["parent"][0]


def test_move_a_unit(api_as, company):
    area = Unit.objects.get(path=company.team.path[: -2 * Unit.steplen])
    response = api_as("shuji").post(f"/api/v1/units/{company.team.pk}/move/", {"parent": area.pk}, format="json")
    assert response.status_code == 200 and response.json()["parent"] == area.pk
    assert Unit.objects.get_parent(Unit.objects.get(pk=company.team.pk)) == area


def test_party_org_units_are_set_with_the_update(api_as, company):
    api = api_as("dangwei")
    url = f"/api/v1/party-orgs/{company.branch.pk}/"
    version = api.get(url).json()["version"]
    response = api.patch(url, {"units": [company.team.pk], "version": version}, format="json")
    assert response.status_code == 200 and response.json()["units"] == [company.team.pk]
    assert AuditEvent.objects.filter(object_id=str(company.branch.pk), action="partyorg.update").count() == 1


# ---------------------------------------------------------------- writing people


def test_create_a_person(api_as, company):
    data = {
        "name": "周新来",
        "employee_no": "N100001",
        "gender": "M",
        "unit": company.team.pk,
        "id_card": "11010519491231002x",
        "phone": "13800000000",
    }
    response = api_as("shuji").post("/api/v1/people/", data, format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get(employee_no="N100001")
    assert person.id_card == "11010519491231002X" and person.name_initials == "zxl"
    assert response.json()["id_card"] == "110105********002X"


def test_version_sent_on_create_is_ignored(api_as, company):
    data = {"name": "周新来", "employee_no": "N100001", "gender": "M", "unit": company.team.pk, "version": 7}
    response = api_as("shuji").post("/api/v1/people/", data, format="json")
    assert response.status_code == 201 and response.json()["version"] == 1


def test_person_field_errors_are_chinese(api_as, company):
    data = {
        "name": "",
        "employee_no": zhigong(company).employee_no,
        "gender": "X",
        "unit": company.team.pk,
        "id_card": "110105194912310021",
        "phone": "12345",
    }
    response = api_as("shuji").post("/api/v1/people/", data, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["name"] == ["该字段不能为空。"]
    assert errors["employee_no"] == ["该工号已存在。"]
    assert "不是合法选项" in errors["gender"][0]
    assert errors["id_card"] == ["身份证号校验位不正确,请核对。"]
    assert errors["phone"] == ["手机号应为11位数字,以1开头。"]


def test_person_in_a_unit_outside_scope_is_refused(api_as, company):
    data = {"name": "周新来", "employee_no": "N100001", "gender": "M", "unit": company.other_team.pk}
    response = api_as("shuji").post("/api/v1/people/", data, format="json")
    assert response.status_code == 400 and "unit" in response.json()
    assert not Person.objects.filter(employee_no="N100001").exists()


def test_person_update_with_version(api_as, company):
    api = api_as("shuji")
    person = zhigong(company)
    url = f"/api/v1/people/{person.pk}/"
    response = api.patch(url, {"position": "班长", "version": person.version}, format="json")
    assert response.status_code == 200 and response.json()["version"] == person.version + 1
    stale = api.patch(url, {"position": "副班长", "version": person.version}, format="json")
    assert stale.status_code == 409 and stale.json()["detail"] == STALE
    assert zhigong(company).position == "班长"
    event = AuditEvent.objects.filter(action="person.update", object_id=str(person.pk)).get()
    assert (event.before["position"], event.after["position"], event.actor_id) == (
        "操作工",
        "班长",
        company.users["shuji"].pk,
    )


def test_person_moved_to_a_unit_outside_scope_is_refused(api_as, company):
    person = zhigong(company)
    response = api_as("shuji").patch(
        f"/api/v1/people/{person.pk}/", {"unit": company.other_team.pk, "version": person.version}, format="json"
    )
    assert response.status_code == 400 and "unit" in response.json()
    assert zhigong(company).unit_id == company.team.pk


def test_outsider_record_is_404_for_the_secretary(api_as, company):
    outsider = company.users["outsider"].person
    api = api_as("shuji")
    assert api.get(f"/api/v1/people/{outsider.pk}/").status_code == 404
    assert (
        api.patch(f"/api/v1/people/{outsider.pk}/", {"position": "x", "version": 1}, format="json").status_code == 404
    )


# ---------------------------------------------------------------- memberships and roles


def test_membership_create_and_transfer(api_as, company):
    api = api_as("dangwei")
    person = zhigong(company)
    created = api.post(
        "/api/v1/memberships/",
        {"person": person.pk, "party_org": company.branch.pk, "status": "probationary", "joined_on": "2024-07-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert Person.objects.get(pk=person.pk).political_status == "probationary"
    body = created.json()
    moved = api.patch(
        f"/api/v1/memberships/{body['id']}/",
        {
            "party_org": company.other_branch.pk,
            "moved_on": "2025-01-01",
            "note": "调动",
            "version": body["version"],
        },
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert list(MembershipTransfer.objects.filter(person=person).order_by("id").values_list("from_org", "to_org")) == [
        (None, company.branch.pk),
        (company.branch.pk, company.other_branch.pk),
    ]


def test_second_membership_for_a_person_is_refused(api_as, company):
    dangyuan = company.users["dangyuan"].person
    response = api_as("shuji").post(
        "/api/v1/memberships/", {"person": dangyuan.pk, "party_org": company.branch.pk, "status": "full"}, format="json"
    )
    assert response.status_code == 400 and "已有党籍" in response.json()["person"][0]


def test_membership_date_rules_answer_field_errors(api_as, company):
    response = api_as("shuji").post(
        "/api/v1/memberships/",
        {
            "person": zhigong(company).pk,
            "party_org": company.branch.pk,
            "status": "probationary",
            "joined_on": "2024-07-01",
            "regularised_on": "2025-07-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"regularised_on": ["预备党员不应有转正日期。"]}
    assert not PartyMembership.objects.filter(person=zhigong(company)).exists()


def test_membership_stale_version_is_409(api_as, company):
    membership = company.users["dangyuan"].person.membership
    response = api_as("shuji").patch(
        f"/api/v1/memberships/{membership.pk}/",
        {"post": "group_leader", "version": membership.version + 1},
        format="json",
    )
    assert response.status_code == 409


def test_role_assign_and_revoke(api_as, company):
    api = api_as("dangwei")
    response = api.post(
        "/api/v1/role-assignments/",
        {"user": company.users["zhigong"].pk, "role": "team_leader", "unit": company.team.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.delete(f"/api/v1/role-assignments/{pk}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=pk).exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(pk), object_type="org.roleassignment")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["role.assign", "role.revoke"]


def test_the_office_cannot_revoke_a_role_it_may_not_grant(api_as, company):
    """A system-administrator role placed on an org inside the office's scope is the administrator's to revoke."""
    assignment = RoleAssignment.objects.create(
        user=company.users["zhigong"], role="system_admin", party_org=company.branch, include_descendants=True
    )
    before = database_fingerprint()
    response = api_as("dangwei").delete(f"/api/v1/role-assignments/{assignment.pk}/")
    assert response.status_code == 403
    assert database_fingerprint() == before
    assert api_as("admin").delete(f"/api/v1/role-assignments/{assignment.pk}/").status_code == 204


def test_role_on_both_an_org_and_a_unit_is_refused(api_as, company):
    response = api_as("dangwei").post(
        "/api/v1/role-assignments/",
        {
            "user": company.users["zhigong"].pk,
            "role": "team_leader",
            "unit": company.team.pk,
            "party_org": company.branch.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["角色只能分配在一个党组织或一个单位上。"]}


@pytest.mark.parametrize("persona", ["dangyuan", "zhigong"])
def test_member_and_worker_cannot_create(api_as, company, persona):
    response = api_as(persona).post(
        "/api/v1/units/", {"name": "x", "kind": UnitKind.TEAM, "parent": company.team.pk}, format="json"
    )
    assert response.status_code == 403 and response.json() == {"detail": "您没有权限进行此操作。"}
