"""The home registry (``core.home``): apps register what is due; the home page lists it, most urgent first."""

from types import SimpleNamespace

import pytest

from vanguard.core import home
from vanguard.core.home import DANGER, INFO, WARNING, DueItem, Viewer, due_items, register_due


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the apps' providers come back afterwards."""
    monkeypatch.setattr(home, "_providers", {})
    return home._providers


def viewer_of(user, person=None):
    return Viewer(user=user, person=person)


def test_items_are_listed_most_urgent_first_then_in_the_registered_order(registry, company):
    register_due("b.info", lambda v: [DueItem("知悉", 3, "/b/", INFO)], order=1)
    register_due("a.soon", lambda v: [DueItem("将到期", 1, "/a/", WARNING)], order=20)
    register_due("c.late", lambda v: [DueItem("已逾期", 2, "/c/", DANGER)], order=30)
    register_due("d.soon", lambda v: [DueItem("也将到期", 4, "/d/", WARNING)], order=10)
    items = due_items(viewer_of(company.users["shuji"]))
    assert [i.label for i in items] == ["已逾期", "也将到期", "将到期", "知悉"]


def test_an_item_counting_nothing_is_left_out(registry, company):
    register_due("x", lambda v: [DueItem("无", 0, "/x/"), DueItem("有", 2, "/y/", key="x.some")])
    assert [(i.key, i.count) for i in due_items(viewer_of(company.users["shuji"]))] == [("x.some", 2)]


def test_an_item_is_named_by_its_provider_unless_it_names_itself(registry, company):
    register_due("app.one", lambda v: [DueItem("一", 1, "/1/")])
    register_due("app.many", lambda v: [DueItem("二", 1, "/2/", key="app.many.7")])
    assert {i.key for i in due_items(viewer_of(company.users["shuji"]))} == {"app.one", "app.many.7"}


def test_a_provider_is_not_asked_for_whom_it_is_not(registry, company):
    asked = []

    def provider(viewer):
        asked.append(viewer.user.username)
        return [DueItem("书记的", 1, "/s/")]

    register_due("secretaries", provider, visible=lambda scope: "branch_secretary" in scope.roles)
    assert due_items(viewer_of(company.users["zhigong"])) == []
    assert [i.label for i in due_items(viewer_of(company.users["shuji"]))] == ["书记的"]
    assert asked == ["shuji"]


def test_registering_a_key_again_replaces_the_provider(registry, company):
    register_due("k", lambda v: [DueItem("旧", 1, "/")])
    register_due("k", lambda v: [DueItem("新", 1, "/")])
    assert [i.label for i in due_items(viewer_of(company.users["shuji"]))] == ["新"]


def test_nobody_signed_in_has_nothing_due(registry):
    register_due("k", lambda v: [DueItem("有", 1, "/")])
    assert due_items(Viewer(user=SimpleNamespace(is_authenticated=False))) == []


def test_member_rules_are_for_party_members_only(company):
    dangyuan = company.users["dangyuan"].person
    zhigong = company.users["zhigong"].person
    assert viewer_of(company.users["dangyuan"], dangyuan).is_party_member
    assert not viewer_of(company.users["zhigong"], zhigong).is_party_member
    assert not viewer_of(company.users["admin"]).is_party_member  # an account without a person


def test_every_app_registers_its_items_from_its_home_module():
    keys = {p.key for p in home.providers()}
    assert {
        "campaigns.reviews", "campaigns.letters", "campaigns.targets", "campaigns.checks",
        "orglife.meetings", "orglife.compliance", "orglife.hours", "orglife.my_hours", "projects.logs",
    } <= keys  # fmt: skip


def test_counts_gives_each_figure_of_one_list_in_one_query(company):
    from django.db.models import Q

    from vanguard.core.testing import assert_max_queries
    from vanguard.org.models import Person

    people = Person.objects.all()
    with assert_max_queries(1):
        figures = home.counts(people, members=Q(political_status="member"), named_wang=Q(name__startswith="王"))
    assert figures == {
        "members": people.filter(political_status="member").count(),
        "named_wang": people.filter(name__startswith="王").count(),
    }


def test_what_two_providers_need_is_read_once_per_page(company):
    viewer, reads = viewer_of(company.users["shuji"]), []
    first = viewer.once("rules", lambda: reads.append(1) or {"member": 40})
    again = viewer.once("rules", lambda: reads.append(2) or {})
    assert first is again and reads == [1]
    assert viewer_of(company.users["shuji"]).once("rules", lambda: {}) == {}  # a new page reads afresh
