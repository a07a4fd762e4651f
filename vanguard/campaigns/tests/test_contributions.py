"""Results counted into targets: a merit project's accepted benefit adds to its leaf target and every
target above it, in the target's unit, once, and shows where it came from."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.campaigns import rollup, services
from vanguard.campaigns.choices import Aggregation, Direction, TargetStatus
from vanguard.campaigns.models import Target, TargetContribution
from vanguard.core.access import system_actor
from vanguard.core.models import AuditEvent

from .factories import D, make_campaign, make_root, report, split

pytestmark = pytest.mark.django_db
SOURCE = "tests.result"  # a source no demo record uses: the ids below are the tests' own


@pytest.fixture
def tree(company):
    """root 100 万元 → A1 60 (dangyuan), A2 40 (zhigong)."""
    campaign = make_campaign(company)
    root = make_root(company, campaign)
    a1, a2 = split(
        company,
        root,
        [
            {"title": "A1", "owner_person": company.users["dangyuan"].person, "owner_org": company.branch,
             "target_value": 60},
            {"title": "A2", "owner_person": company.users["zhigong"].person, "owner_org": company.branch,
             "target_value": 40},
        ],
    )  # fmt: skip
    return {"root": root, "a1": a1, "a2": a2}


def fresh(target):
    return Target.objects.get(pk=target.pk)


def link(target, source_id=1, label="2026-LG-0001 · 降低轧辊消耗"):
    return services.contribution_link(
        actor=system_actor(), target=target, source=SOURCE, source_id=source_id, label=label
    )


def count(source_id=1, amount="72000", on=None):
    return services.contribution_count(
        actor=system_actor(),
        source=SOURCE,
        source_id=source_id,
        amount_yuan=Decimal(amount),
        on=on or timezone.localdate(),
    )


def test_an_accepted_benefit_in_yuan_adds_to_the_leaf_and_the_targets_above_in_their_unit(tree):
    report(tree["a1"], 12)
    link(tree["a1"])
    assert fresh(tree["a1"]).actual_value == D(12)  # linked, not counted yet
    (counted,) = count(amount="72000")

    assert counted.value == D("7.2") and counted.source_value == D(72000) and counted.counted_on
    a1, root = fresh(tree["a1"]), fresh(tree["root"])
    assert a1.actual_value == D("19.2") and a1.contributed_value == D("7.2")
    assert a1.progress_pct == D("32.00")  # 19.2 of 60
    assert root.actual_value == D("19.2") and root.contributed_value == D("7.2")
    assert AuditEvent.objects.filter(action="target_contribution.count", object_id=str(counted.pk)).exists()


def test_counting_twice_counts_once(tree):
    link(tree["a1"])
    count()
    count()
    assert fresh(tree["a1"]).actual_value == D("7.2")


def test_a_benefit_alone_starts_the_target_from_its_baseline(tree):
    link(tree["a2"])
    count(amount="100000")
    a2 = fresh(tree["a2"])
    assert a2.actual_value == D(10) and a2.report_count == 0
    assert a2.status != TargetStatus.NOT_STARTED and a2.last_reported_on == timezone.localdate()


def test_a_report_accepted_after_the_benefit_keeps_it(tree):
    link(tree["a1"])
    count(amount="50000")
    report(tree["a1"], 20, days_ago=3)  # the owner's own figure, for a period before the benefit was counted
    a1 = fresh(tree["a1"])
    assert a1.actual_value == D(25) and a1.report_count == 1


def test_incremental_figures_equal_a_full_recompute(tree):
    report(tree["a1"], 12)
    link(tree["a1"], 1)
    link(tree["a2"], 2)
    count(1, "30000")
    report(tree["a2"], 8)
    count(2, "45000")
    fields = ("actual_value", "progress_pct", "status", "report_count", "contributed_value", "last_reported_on")
    campaign = tree["root"].campaign
    before = list(Target.objects.filter(campaign=campaign).order_by("path").values_list(*fields))
    rollup.rollup_campaign(campaign)
    after = list(Target.objects.filter(campaign=campaign).order_by("path").values_list(*fields))
    assert after == before
    assert fresh(tree["root"]).contributed_value == D("7.5")


def test_a_target_that_does_not_take_amounts_keeps_the_link_with_a_note(company):
    campaign = make_campaign(company)
    root = make_root(company, campaign, title="可控费用", metric_unit="万元/月", baseline=100, target_value=85,
                     direction=Direction.LOWER, aggregation=Aggregation.MEAN)  # fmt: skip
    milestone = make_root(company, campaign, title="攻关结题", metric_unit="%", baseline=None, target_value=None,
                          direction=Direction.MILESTONE)  # fmt: skip
    link(root)
    link(milestone)
    links = count()
    assert [c.value for c in links] == [None, None]
    assert all("不计入数值" in c.note for c in links)
    assert fresh(root).actual_value is None and fresh(milestone).actual_value is None


def test_a_split_target_takes_no_link_and_a_linked_target_is_not_split(company, tree):
    with pytest.raises(ValidationError, match="已分解到下级"):
        link(tree["root"])
    link(tree["a1"])
    with pytest.raises(ValidationError, match="已关联 1 项成果"):
        split(company, tree["a1"], [{"title": "A1-1", "owner_org": company.branch, "target_value": 30}])
    assert fresh(tree["a1"]).numchild == 0


def test_a_result_is_linked_once_per_target(tree):
    link(tree["a1"])
    with pytest.raises(ValidationError, match="请勿重复关联"):
        link(tree["a1"])
    assert TargetContribution.objects.filter(target=tree["a1"]).count() == 1


def test_a_counted_result_stays_and_an_uncounted_one_can_be_unlinked(tree):
    first, second = link(tree["a1"], 1), link(tree["a2"], 2)
    count(1)
    with pytest.raises(ValidationError, match="不能再解除关联"):
        services.contribution_unlink(actor=system_actor(), contribution=first)
    services.contribution_unlink(actor=system_actor(), contribution=second)
    assert list(TargetContribution.objects.filter(target__campaign=tree["root"].campaign)) == [first]


def test_no_link_into_a_closed_campaign_and_no_count_after_it_closed(company, tree):
    link(tree["a1"])
    campaign = services.campaign_close(actor=company.users["dangwei"], campaign=tree["root"].campaign)
    with pytest.raises(ValidationError):
        link(tree["a2"])
    (kept,) = count()
    assert kept.value is None and "未计入" in kept.note and fresh(tree["a1"]).actual_value is None
    assert campaign.status == "closed"


def test_a_member_links_only_to_targets_she_sees(company, tree):
    from vanguard.core.exceptions import ScopeError

    outsider = company.users["outsider"]
    with pytest.raises(ScopeError):
        services.contribution_link(actor=outsider, target=tree["a1"], source=SOURCE, source_id=5, label="x")


def test_the_target_page_lists_its_results_and_the_root_page_lists_them_behind_it(client_as, tree):
    report(tree["a1"], 12)
    link(tree["a1"], label="2026-LG-0007 · 降低穿孔顶头消耗")
    count(amount="72000", on=timezone.localdate() - timedelta(days=1))
    client = client_as("dangwei")
    page = client.get(f"/campaigns/targets/{tree['a1'].pk}/").content.decode()
    assert "2026-LG-0007 · 降低穿孔顶头消耗" in page and "+7.2" in page and "其中计入成果 7.2" in page
    behind = client.get(f"/campaigns/targets/{tree['root'].pk}/reports/").content.decode()
    assert "降低穿孔顶头消耗" in behind and "计入 7.2 万元" in behind


def test_the_list_behind_a_figure_shows_the_last_ten_results_and_all_on_request(client_as, tree):
    for n in range(1, 13):
        link(tree["a1"], source_id=n, label=f"成果-{n:02d}")
        count(n, amount="1000")
    client = client_as("dangwei")
    url = f"/campaigns/targets/{tree['root'].pk}/reports/"
    page = client.get(url).content.decode()
    assert (
        page.count('data-testid="contribution-row"') == 10
        and "共 12 项" in page
        and 'data-testid="all-results"' in page
    )
    everything = client.get(url, {"results": "all"}).content.decode()
    assert everything.count('data-testid="contribution-row"') == 12


@pytest.mark.postgresql
def test_results_counted_at_once_under_one_target_all_reach_the_top(seeded_transactional_db):
    """Eight results counted in parallel transactions into sibling leaves: the root holds them all."""
    import threading

    from django.db import connections

    from vanguard.org.demo import company_handles

    company = company_handles()  # after the seed: a live-server test before this one empties the tables
    campaign = make_campaign(company)
    root = make_root(company, campaign)
    leaves = split(company, root, [{"title": f"班组{n}", "owner_org": company.branch, "target_value": 10}
                                   for n in range(8)])  # fmt: skip
    for n, leaf in enumerate(leaves):
        link(leaf, source_id=n)
    start, failures = threading.Barrier(len(leaves)), []

    def count_one(source_id):
        try:
            start.wait()
            count(source_id, amount="10000")  # 1 万元 each
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count_one, args=(n,)) for n in range(len(leaves))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    top = fresh(root)
    assert (top.actual_value, top.contributed_value) == (D(8), D(8))
