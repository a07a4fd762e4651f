"""The org services: every write is scoped, validated, versioned and audited once per change."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.exceptions import ConcurrentEditError, ScopeError
from vanguard.core.models import AuditEvent
from vanguard.org import services
from vanguard.org.choices import MembershipStatus, PartyOrgKind, PartyPost, PoliticalStatus, Role, UnitKind
from vanguard.org.models import MembershipTransfer, PartyMembership, PartyOrg, Person, RoleAssignment, Unit


@pytest.fixture
def events():
    """``events()`` → the audit events written since the fixture was created, oldest first."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return lambda: list(AuditEvent.objects.filter(id__gt=last).order_by("id"))


def person_of(company, name):
    return Person.objects.get(pk=company.users[name].person.pk)


def new_person_fields(unit, **extra):
    return {"name": "周新来", "employee_no": "N100001", "gender": "M", "unit": unit, **extra}


# ---------------------------------------------------------------- trees


def test_branch_secretary_adds_a_party_group_under_his_branch(company, events):
    shuji = company.users["shuji"]
    group = services.party_org_create(actor=shuji, parent=company.branch, name="第三党小组", kind=PartyOrgKind.GROUP)
    assert PartyOrg.objects.get_parent(group) == company.branch
    [event] = events()
    assert (event.action, event.object_id, event.actor_id) == ("party_org.create", str(group.pk), shuji.pk)
    assert event.before is None and event.after["name"] == "第三党小组"


def test_branch_secretary_cannot_add_under_another_branch(company, events):
    with pytest.raises(ScopeError):
        services.party_org_create(
            actor=company.users["shuji"], parent=company.other_branch, name="x", kind=PartyOrgKind.GROUP
        )
    assert events() == []


def test_only_an_administrator_adds_a_root(company):
    with pytest.raises(ScopeError):
        services.unit_create(actor=company.users["dangwei"], name="另一公司", kind=UnitKind.COMPANY)
    root = services.unit_create(actor=company.users["admin"], name="另一公司", kind=UnitKind.COMPANY)
    assert root.depth == 1


def test_node_update_changes_fields_and_units_in_one_event(company, events):
    dangwei = company.users["dangwei"]
    branch = PartyOrg.objects.get(pk=company.branch.pk)
    units_before = sorted(branch.units.values_list("pk", flat=True))
    services.tree_node_update(
        actor=dangwei,
        node=branch,
        data={"name": "轧管一支部", "units": [company.team]},
        expected_version=branch.version,
    )
    branch.refresh_from_db()
    assert branch.name == "轧管一支部" and branch.version == 2
    assert list(branch.units.all()) == [company.team]
    [event] = events()
    assert event.action == "partyorg.update"
    assert (event.before["name"], event.after["name"]) == ("轧管厂第一党支部", "轧管一支部")
    assert (event.before["units"], event.after["units"]) == (units_before, [company.team.pk])


def test_node_update_with_a_stale_version_is_refused(company):
    team = Unit.objects.get(pk=company.team.pk)
    with pytest.raises(ConcurrentEditError):
        services.tree_node_update(
            actor=company.users["dangwei"], node=team, data={"name": "x"}, expected_version=team.version + 1
        )
    assert Unit.objects.get(pk=team.pk).name == team.name


def test_move_takes_the_subtree_along(company, events):
    dangwei = company.users["dangwei"]
    team = Unit.objects.get(pk=company.team.pk)
    old_parent = Unit.objects.get_parent(team)
    target = Unit.objects.get_parent(company.other_team)
    services.tree_node_move(actor=dangwei, node=team, new_parent=target)
    team.refresh_from_db()
    assert Unit.objects.get_parent(team) == target
    assert Person.objects.get(pk=company.users["zhigong"].person.pk).unit.path.startswith(target.path)
    [event] = events()
    assert (event.action, event.before, event.after) == ("unit.move", {"parent": old_parent.pk}, {"parent": target.pk})


def test_move_under_own_descendant_is_refused(company):
    area = Unit.objects.get(path=company.team.path[: -2 * Unit.steplen])
    with pytest.raises(ValidationError, match="自身或其下级"):
        services.tree_node_move(actor=company.users["dangwei"], node=area, new_parent=company.team)


def test_secretary_cannot_move_his_unit_out_of_his_scope(company):
    with pytest.raises(ScopeError):
        services.tree_node_move(
            actor=company.users["shuji"], node=company.team, new_parent=Unit.objects.get_parent(company.other_team)
        )


# ---------------------------------------------------------------- people


def test_secretary_adds_a_person_with_membership(company, events):
    shuji = company.users["shuji"]
    membership = {
        "party_org": company.branch,
        "status": MembershipStatus.FULL,
        "joined_on": date(2015, 7, 1),
        "regularised_on": date(2016, 7, 1),
    }
    person = services.person_create(actor=shuji, membership=membership, **new_person_fields(company.team))
    assert person.name_initials == "zxl"
    assert person.political_status == PoliticalStatus.MEMBER
    assert person.membership.party_org == company.branch
    assert [e.action for e in events()] == ["person.create", "membership.set"]
    assert MembershipTransfer.objects.filter(person=person, from_org=None, to_org=company.branch).exists()


def test_secretary_cannot_add_a_person_outside_his_units(company, events):
    with pytest.raises(ValidationError) as exc:
        services.person_create(actor=company.users["shuji"], **new_person_fields(company.other_team))
    assert exc.value.message_dict == {"unit": ["所选单位不在您的管理范围内。"]}
    assert not Person.objects.filter(employee_no="N100001").exists()
    assert events() == []


def test_member_cannot_add_people(company):
    with pytest.raises(ScopeError):
        services.person_create(actor=company.users["dangyuan"], **new_person_fields(company.team))


def test_person_update_writes_one_event_with_before_and_after(company, events):
    person = person_of(company, "zhigong")
    services.person_update(
        actor=company.users["shuji"],
        person=person,
        data={"position": "班长", "name": "张晓军"},
        expected_version=person.version,
    )
    person.refresh_from_db()
    assert (person.position, person.name_initials, person.version) == ("班长", "zxj", 2)
    [event] = events()
    assert event.action == "person.update" and event.object_id == str(person.pk)
    assert (event.before["position"], event.after["position"]) == ("操作工", "班长")
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_secretary_cannot_edit_an_outsider(company, events):
    with pytest.raises(ScopeError):
        services.person_update(
            actor=company.users["shuji"], person=person_of(company, "outsider"), data={"position": "x"}
        )
    assert events() == []


def test_worker_cannot_edit_his_own_record(company):
    with pytest.raises(ScopeError):
        services.person_update(
            actor=company.users["zhigong"], person=person_of(company, "zhigong"), data={"phone": "13900000000"}
        )


def test_secretary_cannot_move_a_person_to_a_unit_outside_his_scope(company):
    person = person_of(company, "zhigong")
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=company.users["shuji"], person=person, data={"unit": company.other_team})
    assert "unit" in exc.value.message_dict
    assert Person.objects.get(pk=person.pk).unit_id == company.team.pk


def test_bad_id_card_is_refused_in_chinese(company):
    person = person_of(company, "zhigong")
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=company.users["dangwei"], person=person, data={"id_card": "110101199003070000"})
    assert exc.value.message_dict["id_card"] == ["身份证号校验位不正确,请核对。"]
    assert Person.objects.get(pk=person.pk).version == person.version


def test_concurrent_edit_is_detected_and_the_first_write_kept(company):
    """Two people open the same record; the second save is refused and the first one stays."""
    first = person_of(company, "zhigong")
    second = person_of(company, "zhigong")
    services.person_update(
        actor=company.users["shuji"], person=first, data={"position": "班长"}, expected_version=first.version
    )
    with pytest.raises(ConcurrentEditError):
        services.person_update(
            actor=company.users["dangwei"], person=second, data={"position": "副班长"}, expected_version=second.version
        )
    stored = person_of(company, "zhigong")
    assert (stored.position, stored.version) == ("班长", 2)


def test_concurrent_edit_is_detected_even_without_a_version_from_the_form(company):
    """The UPDATE itself is conditional on the version read, so a lost update cannot slip through."""
    first = person_of(company, "zhigong")
    second = person_of(company, "zhigong")
    services.person_update(actor=company.users["shuji"], person=first, data={"position": "班长"})
    with pytest.raises(ConcurrentEditError):
        services.person_update(actor=company.users["dangwei"], person=second, data={"position": "副班长"})
    assert person_of(company, "zhigong").position == "班长"


def test_a_member_who_leaves_loses_the_membership(company, events):
    person = person_of(company, "dangyuan")
    services.person_update(
        actor=company.users["shuji"], person=person, data={"political_status": PoliticalStatus.MASSES}
    )
    assert not PartyMembership.objects.filter(person=person).exists()
    assert [e.action for e in events()] == ["person.update", "membership.end"]
    assert events()[1].before["party_org"] is not None and events()[1].after is None


# ---------------------------------------------------------------- memberships


def test_membership_transfer_keeps_history(company, events):
    dangwei = company.users["dangwei"]
    person = person_of(company, "dangyuan")
    old_org = person.membership.party_org
    membership = services.membership_set(
        actor=dangwei,
        person=person,
        party_org=company.other_branch,
        status=MembershipStatus.FULL,
        joined_on=person.membership.joined_on,
        regularised_on=person.membership.regularised_on,
        moved_on=date(2025, 3, 1),
        note="调动",
        expected_version=person.membership.version,
    )
    assert membership.party_org == company.other_branch
    transfer = MembershipTransfer.objects.filter(person=person).order_by("-id").first()
    assert (transfer.from_org, transfer.to_org, transfer.moved_on, transfer.note) == (
        old_org,
        company.other_branch,
        date(2025, 3, 1),
        "调动",
    )
    [event] = events()
    assert (event.before["party_org"], event.after["party_org"]) == (old_org.pk, company.other_branch.pk)


def test_secretary_cannot_transfer_a_member_into_another_branch(company):
    person = person_of(company, "dangyuan")
    with pytest.raises(ScopeError):
        services.membership_set(
            actor=company.users["shuji"], person=person, party_org=company.other_branch, status=MembershipStatus.FULL
        )


def test_secretary_cannot_enrol_an_outsider(company):
    with pytest.raises(ScopeError):
        services.membership_set(
            actor=company.users["shuji"],
            person=person_of(company, "outsider"),
            party_org=company.branch,
            status=MembershipStatus.PROBATIONARY,
        )


def test_probationary_member_with_a_regularised_date_is_refused(company, events):
    with pytest.raises(ValidationError) as exc:
        services.membership_set(
            actor=company.users["shuji"],
            person=person_of(company, "zhigong"),
            party_org=company.branch,
            status=MembershipStatus.PROBATIONARY,
            joined_on=date(2024, 7, 1),
            regularised_on=date(2025, 7, 1),
        )
    assert exc.value.message_dict == {"regularised_on": ["预备党员不应有转正日期。"]}
    assert not PartyMembership.objects.filter(person=company.users["zhigong"].person).exists()
    assert events() == []


def test_future_dates_are_refused(company):
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.membership_set(
            actor=company.users["shuji"],
            person=person_of(company, "zhigong"),
            party_org=company.branch,
            status=MembershipStatus.FULL,
            joined_on=tomorrow,
            regularised_on=tomorrow,
        )
    assert exc.value.message_dict == {
        "joined_on": [f"入党日期 {tomorrow:%Y-%m-%d} 不能晚于今天。"],
        "regularised_on": [f"转正日期 {tomorrow:%Y-%m-%d} 不能晚于今天。"],
    }


def test_a_transfer_or_a_birth_dated_after_today_is_refused_and_changes_nothing(company):
    from vanguard.core.testing import database_fingerprint, fingerprint_changes

    tomorrow = date.today() + timedelta(days=1)
    dangyuan = person_of(company, "dangyuan")
    before = database_fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.membership_set(
            actor=company.users["shuji"], person=dangyuan, party_org=company.branch, status=MembershipStatus.FULL,
            joined_on=dangyuan.membership.joined_on, moved_on=tomorrow,
        )  # fmt: skip
    assert exc.value.message_dict == {"moved_on": [f"转接日期 {tomorrow:%Y-%m-%d} 不能晚于今天。"]}
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=company.users["admin"], person=dangyuan, data={"birth_date": tomorrow})
    assert exc.value.message_dict == {"birth_date": [f"出生日期 {tomorrow:%Y-%m-%d} 不能晚于今天。"]}
    with pytest.raises(ValidationError):
        services.person_create(actor=company.users["admin"], **new_person_fields(company.team, birth_date=tomorrow))
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_stale_membership_version_is_refused(company):
    person = person_of(company, "dangyuan")
    with pytest.raises(ConcurrentEditError):
        services.membership_set(
            actor=company.users["shuji"],
            person=person,
            party_org=company.branch,
            status=MembershipStatus.FULL,
            post=PartyPost.GROUP_LEADER,
            expected_version=person.membership.version + 1,
        )
    assert PartyMembership.objects.get(person=person).post == PartyPost.MEMBER


# ---------------------------------------------------------------- roles


def test_committee_admin_assigns_and_revokes_a_role(company, events):
    dangwei, zhigong = company.users["dangwei"], company.users["zhigong"]
    assignment = services.role_assign(actor=dangwei, user=zhigong, role=Role.TEAM_LEADER, unit=company.team)
    assert Person.objects.restrict(zhigong).filter(unit=company.team).count() > 1
    services.role_revoke(actor=dangwei, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assign, revoke = events()
    assert (assign.action, assign.before, assign.after["role"]) == ("role.assign", None, Role.TEAM_LEADER)
    assert (revoke.action, revoke.before["role"], revoke.after) == ("role.revoke", Role.TEAM_LEADER, None)


def test_secretary_cannot_assign_roles(company):
    with pytest.raises(ScopeError):
        services.role_assign(
            actor=company.users["shuji"], user=company.users["zhigong"], role=Role.TEAM_LEADER, unit=company.team
        )


def test_only_an_administrator_assigns_a_global_role(company):
    with pytest.raises(ScopeError):
        services.role_assign(actor=company.users["dangwei"], user=company.users["zhigong"], role=Role.SYSTEM_ADMIN)


def test_assigning_a_role_twice_writes_nothing_new(company, events):
    shuji = company.users["shuji"]
    services.role_assign(
        actor=company.users["dangwei"], user=shuji, role=Role.BRANCH_SECRETARY, party_org=company.branch
    )
    assert RoleAssignment.objects.filter(user=shuji).count() == 1
    assert events() == []


# ---------------------------------------------------------------- bulk


def test_bulk_upsert_writes_one_event_per_changed_row(company, events):
    zhigong = person_of(company, "zhigong")
    rows = [
        {**new_person_fields(None, unit_id=company.team.pk), "membership": None},
        {
            "name": zhigong.name,
            "employee_no": zhigong.employee_no,
            "gender": zhigong.gender,
            "unit_id": zhigong.unit_id,
            "position": "班长",
            "membership": None,
        },
    ]
    del rows[0]["unit"]
    result = services.person_bulk_upsert(actor=company.users["dangwei"], rows=rows)
    assert (result["created"], result["updated"]) == (1, 1)
    assert sorted(e.action for e in events()) == ["person.create", "person.update"]


def test_committee_admin_cannot_make_a_system_administrator(company, events):
    """A system-admin grant, even on one org, makes a global administrator: only administrators give it."""
    with pytest.raises(ScopeError):
        services.role_assign(
            actor=company.users["dangwei"],
            user=company.users["zhigong"],
            role=Role.SYSTEM_ADMIN,
            party_org=company.committee,
        )
    assert events() == []


def test_account_opening_is_audited_without_the_password(company, events):
    person = Person.objects.filter(unit=company.team, user=None).first()
    user = services.person_account_open(actor=company.users["dangwei"], person=person, password="Pipe-mill-2026")
    assert user.username == person.employee_no and user.check_password("Pipe-mill-2026")
    [event] = events()
    assert event.action == "user.create" and event.after == {"username": person.employee_no, "person": person.pk}
    assert "Pipe-mill-2026" not in str(event.after) and "pbkdf2" not in str(event.after)


def test_account_opening_refuses_a_weak_password_in_chinese(company, events):
    person = Person.objects.filter(unit=company.team, user=None).first()
    with pytest.raises(ValidationError) as exc:
        services.person_account_open(actor=company.users["dangwei"], person=person, password="12345678")
    assert any("密码" in m for m in exc.value.messages)
    assert events() == []


def test_tree_bulk_create_writes_one_event_per_node(company, events):
    nodes = [
        {"parent": company.branch, "name": "第七党小组", "kind": PartyOrgKind.GROUP},
        {"parent": company.branch, "name": "第八党小组", "kind": PartyOrgKind.GROUP, "units": [company.team]},
    ]
    created = services.tree_bulk_create(actor=company.users["shuji"], model=PartyOrg, nodes=nodes)
    assert [PartyOrg.objects.get_parent(n) for n in created] == [company.branch, company.branch]
    recorded = events()
    assert [(e.action, e.object_id) for e in recorded] == [("party_org.create", str(n.pk)) for n in created]
    assert recorded[1].after["units"] == [company.team.pk]


@pytest.mark.postgresql
def test_parallel_saves_of_one_record_let_exactly_one_through(seeded_transactional_db):
    """Two transactions read version 1 and save at once: the conditional UPDATE admits only one."""
    import threading

    from django.db import connections

    from vanguard.org.demo import company_handles

    company = company_handles()
    pk = company.users["zhigong"].person.pk
    start = threading.Barrier(2)
    outcomes = {}

    def save(name, position):
        try:
            person = Person.objects.get(pk=pk)
            start.wait()
            services.person_update(
                actor=company.users[name], person=person, data={"position": position}, expected_version=person.version
            )
            outcomes[name] = "saved"
        except ConcurrentEditError:
            outcomes[name] = "stale"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=args) for args in (("shuji", "班长"), ("dangwei", "副班长"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    stored = Person.objects.get(pk=pk)
    assert stored.version == 2 and stored.position == {"shuji": "班长", "dangwei": "副班长"}[winner]
    assert AuditEvent.objects.filter(action="person.update", object_id=str(pk)).count() == 1
