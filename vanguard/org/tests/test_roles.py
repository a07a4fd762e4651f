"""The committee office grants roles; the grantee's scope follows at once."""

from vanguard.core.models import AuditEvent
from vanguard.org.choices import Role
from vanguard.org.models import Person, RoleAssignment


def test_dangwei_makes_a_member_group_leader_with_a_new_account(client_as, company):
    person = Person.objects.filter(membership__party_org__path__startswith=company.other_branch.path, user=None).first()
    client = client_as("dangwei")
    response = client.post(
        "/org/roles/new/",
        {
            "employee_no": person.employee_no,
            "role": Role.GROUP_LEADER,
            "party_org": company.other_branch.pk,
            "include_descendants": "on",
            "password": "Pipe-mill-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()
    person.refresh_from_db()
    assert person.user.username == person.employee_no
    assert person.user.check_password("Pipe-mill-2026")
    assignment = RoleAssignment.objects.get(user=person.user)
    assert assignment.party_org == company.other_branch
    visible = Person.objects.restrict(person.user)
    branch_members = Person.objects.filter(membership__party_org__path__startswith=company.other_branch.path)
    assert set(branch_members) <= set(visible)
    assert not visible.filter(pk=company.users["zhigong"].person.pk).exists()
    assert AuditEvent.objects.filter(action="role.assign", object_id=str(assignment.pk)).exists()
    page = client.get("/org/roles/?role=group_leader")
    assert person.name in page.content.decode()


def test_a_person_without_account_needs_a_password(client_as, company):
    person = Person.objects.filter(user=None).first()
    response = client_as("dangwei").post("/org/roles/new/", {"employee_no": person.employee_no, "role": Role.MEMBER})
    assert response.status_code == 200
    assert "请设置初始密码" in response.content.decode()
    assert not RoleAssignment.objects.filter(user__person=person).exists()


def test_unknown_employee_number_is_refused(client_as, company):
    response = client_as("dangwei").post(
        "/org/roles/new/", {"employee_no": "X999", "role": Role.MEMBER, "password": "x"}
    )
    assert "未找到该工号的人员" in response.content.decode()


def test_revoke_removes_the_scope(client_as, company):
    shuji = company.users["shuji"]
    assignment = shuji.role_assignments.get()
    assert client_as("dangwei").post(f"/org/roles/{assignment.pk}/revoke/").status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    shuji = type(shuji).objects.get(pk=shuji.pk)
    assert list(Person.objects.restrict(shuji)) == [shuji.person]


def test_secretary_and_members_cannot_reach_role_pages(client_as, company):
    for name in ("shuji", "dangyuan", "zhigong"):
        client = client_as(name)
        assert client.get("/org/roles/").status_code == 404
        assert client.get("/org/roles/new/").status_code == 404
        assignment = company.users["dangwei"].role_assignments.get()
        assert client.post(f"/org/roles/{assignment.pk}/revoke/").status_code == 404
