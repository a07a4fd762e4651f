"""Party orgs that share a name (40 groups are called 第一党小组) are shown with their parent's name."""

import io

import openpyxl

from vanguard.core.testing import page_queries
from vanguard.org import services
from vanguard.org.choices import MembershipStatus, PartyOrgKind
from vanguard.org.models import PartyOrg, Person


def first_group(branch):
    return PartyOrg.objects.get(path__startswith=branch.path, depth=branch.depth + 1, name="第一党小组")


def test_a_shared_name_carries_its_branch_and_a_unique_one_does_not(company):
    group = first_group(company.branch)
    assert PartyOrg.objects.filter(name="第一党小组").count() > 1
    assert group.label == f"{company.branch.name} · 第一党小组" and str(group) == group.label
    assert PartyOrg.objects.get(pk=company.branch.pk).label == company.branch.name


def test_the_labels_follow_creation_renaming_and_moving(company):
    admin = company.users["admin"]
    mine = services.party_org_create(actor=admin, parent=company.branch, name="青年突击党小组", kind=PartyOrgKind.GROUP)
    assert mine.label == "青年突击党小组"
    theirs = services.party_org_create(
        actor=admin, parent=company.other_branch, name="青年突击党小组", kind=PartyOrgKind.GROUP
    )
    mine.refresh_from_db()
    assert mine.label == f"{company.branch.name} · 青年突击党小组"
    assert theirs.label == f"{company.other_branch.name} · 青年突击党小组"
    theirs = services.tree_node_update(actor=admin, node=theirs, data={"name": "攻坚党小组"})
    mine.refresh_from_db()
    assert (mine.label, theirs.label) == ("青年突击党小组", "攻坚党小组")
    branch = services.tree_node_update(
        actor=admin, node=PartyOrg.objects.get(pk=company.branch.pk), data={"name": "轧管厂联合党支部"}
    )
    assert first_group(branch).label == "轧管厂联合党支部 · 第一党小组"
    moved = services.tree_node_move(actor=admin, node=first_group(branch), new_parent=company.other_branch)
    assert moved.label == f"{company.other_branch.name} · 第一党小组"


def test_bulk_created_groups_are_labelled_as_they_are_created(company):
    nodes = [{"parent": company.branch, "name": "第九党小组", "kind": PartyOrgKind.GROUP},
             {"parent": company.other_branch, "name": "第九党小组", "kind": PartyOrgKind.GROUP}]  # fmt: skip
    created = services.tree_bulk_create(actor=company.users["admin"], model=PartyOrg, nodes=nodes)
    assert [n.label for n in created] == [
        f"{company.branch.name} · 第九党小组",
        f"{company.other_branch.name} · 第九党小组",
    ]
    assert [PartyOrg.objects.get(pk=n.pk).label for n in created] == [n.label for n in created]


def test_the_transfer_history_names_both_branches(client_as, company):
    dangyuan = Person.objects.get(pk=company.users["dangyuan"].person.pk)
    source, target = first_group(company.branch), first_group(company.other_branch)
    assert dangyuan.membership.party_org == source
    services.membership_set(
        actor=company.users["dangwei"], person=dangyuan, party_org=target, status=MembershipStatus.FULL,
        joined_on=dangyuan.membership.joined_on,
    )  # fmt: skip
    body = client_as("dangwei").get(f"/org/people/{dangyuan.pk}/").content.decode()
    assert f"{company.branch.name} · 第一党小组" in body and f"{company.other_branch.name} · 第一党小组" in body


def test_the_api_and_the_meeting_ledger_carry_the_label(client_as, api_as, company):
    group = first_group(company.branch)
    assert api_as("dangwei").get(f"/api/v1/party-orgs/{group.pk}/").json()["label"] == group.label
    person = api_as("dangwei").get(f"/api/v1/people/{company.users['dangyuan'].person.pk}/").json()
    assert person["party_org_label"] == group.label
    client = client_as("dangwei")
    _, response = page_queries(client, f"/orglife/meetings/?org={group.pk}")
    assert group.label in response.content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/orglife/meetings/export/?org={group.pk}").content)).active
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert group.label in values
