"""The kept counts of organisational life stay equal to the meetings and reviews they count, whatever the
services do to them; the kept judgments stay equal to what the counts, rules, exemptions and org tree say;
the compliance matrix read from them is the matrix read from the facts, for everyone; a page of the matrix
builds its branches only and keeps the totals of all."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone

from vanguard.core.summaries import differences, get_summary
from vanguard.org import services as org_services
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyMembership, PartyOrg
from vanguard.orglife import services
from vanguard.orglife.compliance import compliance_matrix, due_this_week, fact_counts
from vanguard.orglife.models import ComplianceExemption, ComplianceRule, Meeting, Review, ReviewGrade
from vanguard.orglife.summaries import BRANCHES, MARKS, MEETINGS, REVIEWS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1
KINDS = ("general", "committee", "theme_day", "group", "lecture", "life")


def _cells(matrix):
    """Every cell as what it says: its status and each check's rule, org, count and status."""
    return {
        (row.org["pk"], n): (cell.status, sorted((k.rule.pk, k.org_name, k.count, k.status) for k in cell.checks))
        for row in matrix.rows
        for n, cell in enumerate(row.cells)
    }


def _due(items):
    return [(i["org"]["pk"], i["check"].text, i["ends"], i["query"]) for i in items]


def _same(user, **options):
    kept = compliance_matrix(user=user, **options)
    facts = compliance_matrix(user=user, counts=fact_counts, **options)
    assert _cells(kept) == _cells(facts)
    assert (kept.count, kept.totals, kept.rate) == (facts.count, facts.totals, facts.rate)
    # No row built: the totals and what is due, read from the kept judgments, are those of the cells.
    counted = compliance_matrix(user=user, shown=lambda branches: [], **options)
    assert (counted.count, counted.totals, counted.rows) == (kept.count, kept.totals, [])
    listed = [(o["pk"], c.text, c.ends) for o, c in kept.due]
    assert [(o["pk"], c.text, c.ends) for o, c in counted.due] == listed
    assert counted.due_counts == kept.due_counts == facts.due_counts
    # A page of one branch, and the first three checks due: the same totals, the first of the same list.
    paged = compliance_matrix(user=user, shown=lambda b: Paginator(b, 1).get_page(2), due_keep=3, **options)
    assert (paged.count, paged.totals, paged.due_counts) == (kept.count, kept.totals, kept.due_counts)
    assert [(o["pk"], c.text, c.ends) for o, c in paged.due] == listed[:3]
    return kept


def _day(rng, past=True):
    """A weekday of last year or this year, up to yesterday (or up to a month ahead for a plan)."""
    last = TODAY - timedelta(days=1) if past else TODAY + timedelta(days=30)
    day = date(LAST_YEAR, 1, 1) + timedelta(days=rng.randrange((last - date(LAST_YEAR, 1, 1)).days + 1))
    return day - timedelta(days=max(0, day.weekday() - 4))


class Writes:
    """A seeded series of what secretaries and the office do to meetings and reviews, through the services;
    writes the services refuse (a second meeting of a kind on a day, a future day) are part of the series."""

    def __init__(self, company, seed):
        self.rng = random.Random(seed)
        self.actor = company.users["dangwei"]
        self.orgs = list(PartyOrg.objects.filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP]))
        self.grades = list(ReviewGrade.objects.filter(is_active=True))
        self.refused, self.done = 0, Counter()

    def meeting(self):
        return Meeting.objects.order_by("?").first() if self.rng.random() < 0.3 else self._recent()

    def _recent(self):
        return Meeting.objects.order_by("-id").first()

    def create(self):
        held = self.rng.random() < 0.6
        return services.meeting_create(
            actor=self.actor, org=self.rng.choice(self.orgs), kind=self.rng.choice(KINDS), title="随机会议",
            date=_day(self.rng, past=held), held=held,
        )  # fmt: skip

    def move(self):
        meeting = self.meeting()
        change = self.rng.choice(["date", "org", "kind", "all"])
        data = {}
        if change in ("date", "all"):
            data["date"] = _day(self.rng, past=meeting.is_held)
        if change in ("org", "all"):
            data["org"] = self.rng.choice(self.orgs)
        if change in ("kind", "all"):
            data["kind"] = self.rng.choice(KINDS)
        services.meeting_update(actor=self.actor, meeting=meeting, data=data)

    def hold(self):
        meeting = Meeting.objects.filter(status="planned", date__lt=TODAY).order_by("?").first()
        if meeting is None:
            return
        if self.rng.random() < 0.5:
            services.meeting_record_minutes(actor=self.actor, meeting=meeting, minutes="<p>会议纪要</p>")
        else:
            people = PartyMembership.objects.filter(party_org__path__startswith=meeting.org.path)
            person_id = people.values_list("person_id", flat=True).first() or self.actor.person.pk
            services.meeting_record_attendance(actor=self.actor, meeting=meeting, marks={person_id: "present"})

    def cancel(self):
        meeting = Meeting.objects.filter(status="planned").order_by("?").first()
        if meeting is not None:
            services.meeting_cancel(actor=self.actor, meeting=meeting)

    def delete(self):
        # A meeting a finding was raised from is kept (PROTECT): only the others are deleted here.
        from vanguard.voices.models import Finding

        raised = Finding.objects.exclude(meeting=None).values("meeting_id")
        services.meeting_delete(
            actor=self.actor, meeting=Meeting.objects.exclude(pk__in=raised).order_by("-id").first()
        )

    def review(self):
        membership = PartyMembership.objects.select_related("person", "party_org").order_by("?").first()
        org = membership.party_org
        if self.rng.random() < 0.3 and org.kind == PartyOrgKind.GROUP:
            org = PartyOrg.objects.get(path=org.path[: -PartyOrg.steplen])  # a branch reviews its groups' members
        month = _day(self.rng).replace(day=1)
        services.review_record(
            actor=self.actor, person=membership.person, org=org, month=month, grade=self.rng.choice(self.grades)
        )

    def unreview(self):
        review = Review.objects.order_by("?").first()
        if review is not None:
            services.review_delete(actor=self.actor, review=review)

    def run(self, steps):
        actions = [self.create] * 4 + [self.move] * 4 + [self.hold] * 2 + [self.cancel, self.delete] * 2
        actions += [self.review] * 3 + [self.unreview]
        for _ in range(steps):
            action = self.rng.choice(actions)
            try:
                action()
            except ValidationError:
                self.refused += 1
            else:
                self.done[action.__name__] += 1


class Settings(Writes):
    """The series, with the office changing rules and exemptions and reshaping the org tree between writes."""

    def __init__(self, company, seed):
        super().__init__(company, seed)
        self.admin = company.users["admin"]
        self.branches = [o for o in self.orgs if o.kind == PartyOrgKind.BRANCH]

    def rule(self):
        rule = self.rng.choice(list(ComplianceRule.objects.all()))
        data = self.rng.choice(
            [{"minimum": self.rng.choice([1, 2, 3])}, {"is_active": not rule.is_active},
             {"period": self.rng.choice(["month", "quarter", "half_year", "year"])}]
        )  # fmt: skip
        services.rule_update(actor=self.actor, rule=rule, data=data)

    def exempt(self):
        starts = _day(self.rng)
        services.exemption_create(
            actor=self.actor, org=self.rng.choice(self.orgs), starts_on=starts,
            ends_on=starts + timedelta(days=self.rng.choice([10, 40, 100, 400])), reason="随机免于考核",
            rule=self.rng.choice([None, *ComplianceRule.objects.all()]),
        )  # fmt: skip

    def unexempt(self):
        from django.contrib import admin

        exemption = ComplianceExemption.objects.order_by("?").first()
        if exemption is not None:
            request = type("Request", (), {"user": self.admin})()
            admin.site._registry[ComplianceExemption].delete_model(request, exemption)

    def regroup(self):
        """A party group moves to another branch, or a new one is founded under a branch."""
        groups = [o for o in PartyOrg.objects.filter(kind=PartyOrgKind.GROUP)]
        branch = self.rng.choice(self.branches)
        if self.rng.random() < 0.5 and groups:
            org_services.tree_node_move(actor=self.admin, node=self.rng.choice(groups), new_parent=branch)
        else:
            org_services.party_org_create(
                actor=self.admin, parent=branch, name=f"新党小组{self.rng.randrange(10**6)}", kind=PartyOrgKind.GROUP,
                founded_on=_day(self.rng),
            )  # fmt: skip
        self.orgs = list(PartyOrg.objects.filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP]))

    def refound(self):
        org = self.rng.choice(self.orgs)
        founded = self.rng.choice([None, _day(self.rng), date(LAST_YEAR - 3, 5, 1)])
        org_services.tree_node_update(actor=self.admin, node=org, data={"founded_on": founded})

    def run(self, steps):
        writes = [self.create, self.move, self.hold, self.cancel, self.delete, self.review, self.unreview]
        office = [self.rule, self.exempt, self.unexempt, self.regroup, self.refound]
        for _ in range(steps):
            action = self.rng.choice(writes * 2 + office)
            try:
                action()
            except ValidationError:
                self.refused += 1
            else:
                self.done[action.__name__] += 1


def test_the_kept_judgments_equal_the_counts_rules_and_tree_after_a_random_series_of_changes(company):
    changes = Settings(company, seed=14)
    changes.run(120)
    assert {"rule", "exempt", "unexempt", "regroup", "refound"} <= set(changes.done), changes.done
    for name in (MEETINGS, REVIEWS, MARKS, BRANCHES):
        assert differences(get_summary(name)) == [], name
    dangwei = company.users["dangwei"]
    for year in (LAST_YEAR, TODAY.year):
        _same(dangwei, year=year)
        _same(company.users["shuji"], year=year)
    for rule in compliance_matrix(user=dangwei).rules:
        _same(dangwei, year=TODAY.year, rule=rule)
    # What falls due, counted from the kept judgments and listed from the first: as from the facts.
    everything = due_this_week(user=dangwei, days=31)
    first = due_this_week(user=dangwei, days=31, limit=2)
    assert (first.total, _due(first)) == (len(everything), _due(everything)[:2])


def test_the_kept_counts_equal_the_facts_after_a_random_series_of_writes(company):
    writes = Writes(company, seed=13)
    writes.run(160)
    assert writes.refused < 80, "most writes of the series go through"
    assert min(writes.done.values()) >= 5 and len(writes.done) == 7, writes.done
    for name in (MEETINGS, REVIEWS, MARKS, BRANCHES):
        assert differences(get_summary(name)) == [], name
    dangwei = company.users["dangwei"]
    for year in (LAST_YEAR, TODAY.year):
        _same(dangwei, year=year)
    for rule in compliance_matrix(user=dangwei).rules:
        _same(dangwei, year=LAST_YEAR, rule=rule)


def test_a_refused_write_leaves_the_counts_as_they_were(company, life):
    dangwei = company.users["dangwei"]
    taken = life.branch_meeting
    kept = get_summary(MEETINGS).model.objects.order_by("pk")
    before = list(kept.values())
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=dangwei, org=taken.org, kind=taken.kind, title="重复登记", date=taken.date, held=True
        )
    assert list(kept.values()) == before


@pytest.mark.parametrize("persona", ["admin", "dangwei", "shuji", "dangyuan", "zhigong", "banzhang", "gonghui"])
def test_everyone_sees_the_matrix_the_facts_he_may_see_make(company, persona):
    """The kept counts are read for the orgs the user may see; their meetings and reviews are his to see too,
    so nobody's matrix tells more (or less) than the meetings and reviews he may open."""
    user = company.users[persona]
    matrix = _same(user, year=LAST_YEAR)
    _same(user, year=TODAY.year)
    if persona in ("dangwei", "admin"):
        assert matrix.count > 1
    if persona in ("dangyuan", "zhigong"):
        assert matrix.count == 0 and matrix.rows == []


def test_a_page_builds_its_branches_and_counts_all_of_them(company):
    dangwei = company.users["dangwei"]
    whole = compliance_matrix(user=dangwei)
    assert whole.count >= 2
    second = compliance_matrix(user=dangwei, shown=lambda branches: Paginator(branches, 1).get_page(2))
    assert [r.org["pk"] for r in second.rows] == [whole.rows[1].org["pk"]]
    assert _cells(second) == {k: v for k, v in _cells(whole).items() if k[0] == whole.rows[1].org["pk"]}
    assert (second.count, second.totals, second.rate) == (whole.count, whole.totals, whole.rate)
    assert second.page.number == 2 and second.page.paginator.num_pages == whole.count
    # What falls due is listed for every branch, shown or not.
    listed = _due(due_this_week(user=dangwei, days=31, matrix=whole))
    assert listed and _due(due_this_week(user=dangwei, days=31, matrix=second)) == listed
    assert _due(due_this_week(user=dangwei, days=31)) == listed


def test_the_matrix_page_is_paged_by_branch_and_its_cells_still_open_their_meetings(client_as, company, monkeypatch):
    import re

    from vanguard.orglife import compliance

    monkeypatch.setattr(compliance, "ROWS_PER_PAGE", 1)
    client = client_as("dangwei")
    whole = compliance_matrix(user=company.users["dangwei"], year=LAST_YEAR)
    page = client.get(f"/orglife/compliance/?year={LAST_YEAR}&page=2").content.decode()
    assert f'<span data-testid="branch-count">{whole.count}</span> 个支部' in page
    assert len(re.findall(r"<tr data-org=", page)) == 1
    assert f"第 2/{whole.count} 页" in page and "page=3" in page
    if whole.rate is not None:
        assert f'<span data-testid="rate">{whole.rate}%</span>' in page
    href = re.search(r'<td class="vg-cell[^"]*" data-status="\w+"><a href="([^"]+)"', page).group(1)
    target = client.get(f"/orglife/compliance/{href.replace('&amp;', '&')}")
    assert target.status_code == 302 and target["Location"].startswith("/orglife/meetings/?org=")


def test_the_api_pages_the_matrix_like_its_other_lists(api_as, company):
    api = api_as("dangwei")
    whole = compliance_matrix(user=company.users["dangwei"], year=LAST_YEAR)
    body = api.get(f"/api/v1/compliance/?year={LAST_YEAR}&page_size=1&page=2").json()
    assert body["count"] == whole.count and len(body["results"]) == 1
    assert body["results"][0]["org"] == whole.rows[1].org["pk"]
    assert (body["rate"], body["totals"]) == (whole.rate, whole.totals)
    assert "page=1" in body["previous"] or "page=" not in body["previous"]
    assert (body["next"] is None) == (whole.count == 2)
    assert api.get(f"/api/v1/compliance/?year={LAST_YEAR}&page=99").status_code == 404


def test_the_admin_keeps_the_counts_when_it_moves_or_deletes_a_meeting(client_as, company, life, rf):
    from django.contrib import admin

    meeting = life.branch_meeting
    request = rf.post("/")
    request.user = company.users["admin"]
    meeting.org, meeting.date = company.other_branch, date(LAST_YEAR, 3, 2)
    admin.site._registry[Meeting].save_model(request, meeting, form=None, change=True)
    assert differences(get_summary(MEETINGS)) == []
    response = client_as("admin").post(f"/django-admin/orglife/meeting/{meeting.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Meeting.objects.filter(pk=meeting.pk).exists()
    assert differences(get_summary(MEETINGS)) == []
    review = Review.objects.order_by("pk").first()
    client_as("admin").post(
        "/django-admin/orglife/review/", {"action": "delete_selected", "_selected_action": [review.pk], "post": "yes"}
    )
    assert not Review.objects.filter(pk=review.pk).exists()
    assert differences(get_summary(REVIEWS)) == []


@pytest.mark.postgresql
def test_meetings_written_at_once_in_one_org_are_all_counted(seeded_transactional_db):
    """Two secretaries record meetings of one org in one year at the same moment: both are counted."""
    import threading

    from django.db import connections

    from vanguard.org.demo import company_handles

    company = company_handles()
    start = threading.Barrier(2)
    outcomes = []

    def record(kind):
        try:
            start.wait()
            services.meeting_create(
                actor=company.users["dangwei"], org=company.other_branch, kind=kind, title="同时登记",
                date=date(LAST_YEAR, 12, 30), held=True,
            )  # fmt: skip
            outcomes.append("saved")
        except Exception as exc:  # noqa: BLE001  (what went wrong is the test's failure message)
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(kind,)) for kind in ("lecture", "briefing")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["saved", "saved"]
    assert differences(get_summary(MEETINGS)) == []
