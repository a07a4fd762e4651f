"""What campaigns put on the home page: each count is the number of rows of the list its link opens."""

from datetime import timedelta

from django.utils import timezone

from vanguard.campaigns import services
from vanguard.campaigns.models import Commitment
from vanguard.core.access import system_actor
from vanguard.core.testing import home_items, page_queries

from .factories import split


def rows(client, url, testid):
    return client.get(url).content.decode().count(f'data-testid="{testid}"')


def home_count(client, key):
    count, _url = home_items(client).get(key, ("0", ""))
    return int(count)


def submit_reports(company, demo, n):
    """``n`` new members' targets under the branch, each with a report waiting for the secretary."""
    people = [company.users[name].person for name in ("dangyuan", "zhigong")]
    new = [{"owner_person": people[i % 2], "target_value": "0", "title": f"待审{i}"} for i in range(n)]
    for target in split(company, demo.branch_target, new, actor="shuji"):
        services.report_submit(actor=system_actor(), target=target, period=timezone.localdate(), value="0.1")


def test_reports_to_review_open_the_review_queue_with_those_reports(client_as, company, demo):
    client = client_as("shuji")
    before = home_count(client, "campaigns.reviews")
    submit_reports(company, demo, 2)
    count, url = home_items(client)["campaigns.reviews"]
    assert int(count) == before + 2
    assert url == "/campaigns/reviews/"
    page = client.get(url).content.decode()
    assert page.count('data-testid="review-card"') == int(count)
    assert "待审0" in page and "待审1" in page


def test_the_home_page_costs_the_same_with_more_reports_to_review(client_as, company, demo):
    client = client_as("shuji")
    page_queries(client, "/")
    before, _ = page_queries(client, "/")
    submit_reports(company, demo, 5)
    after, response = page_queries(client, "/")
    assert after == before
    assert 'data-key="campaigns.reviews"' in response.content.decode()


def test_a_letter_to_acknowledge_opens_the_member_s_letters_and_goes_once_acknowledged(client_as, company, demo):
    client = client_as("dangyuan")
    count, url = home_items(client)["campaigns.letters"]
    assert url == "/campaigns/my/#letters"
    assert rows(client, url, "letter-pending") == int(count) == 1
    letter = demo.cost.letters.get(recipient_person=company.users["dangyuan"].person)
    services.letter_acknowledge(actor=company.users["dangyuan"], letter=letter)
    assert "campaigns.letters" not in home_items(client)


def test_overdue_and_at_risk_targets_open_the_watch_list(client_as, company, demo):
    client = client_as("shuji")
    overdue_before = home_count(client, "campaigns.overdue")
    late = timezone.localdate() - timedelta(days=5)
    split(company, demo.branch_target, [{"owner_person": company.users["dangyuan"].person,
                                         "target_value": "0", "title": "过期的目标", "due_date": late}], actor="shuji")  # fmt: skip
    items = home_items(client)
    count, url = items["campaigns.overdue"]
    assert int(count) == overdue_before + 1
    assert url == "/campaigns/watch/?kind=overdue"
    page = client.get(url).content.decode()
    assert page.count('data-testid="watch-row"') == int(count) and "过期的目标" in page
    if "campaigns.targets" in items:
        count, url = items["campaigns.targets"]
        assert rows(client, url, "watch-row") == int(count)


def test_commitments_due_for_their_half_yearly_check_open_the_campaign_s_list(client_as, company, demo):
    """In June the first half year's check is due; a recorded check takes the commitment off."""
    client = client_as("shuji")
    key = f"campaigns.checks.{demo.cost.pk}"
    count, url = home_items(client)[key]
    assert url == f"/campaigns/{demo.cost.pk}/commitments/?due=1"
    assert rows(client, url, "commitment-row") == int(count) > 0
    unchecked = (
        Commitment.objects.restrict(company.users["shuji"], "change")
        .filter(campaign=demo.cost)
        .exclude(checks__period=timezone.localdate().replace(month=1, day=1))
        .first()
    )
    services.commitment_check_record(
        actor=company.users["shuji"],
        commitment=unchecked,
        period=timezone.localdate(),
        result="按期推进",
        rating="good",
    )
    after = home_count(client, key)
    assert after == int(count) - 1
    assert rows(client, url, "commitment-row") == after
    assert unchecked.content not in client.get(url).content.decode().split('data-testid="due-filter"')[1]


def test_a_worker_is_shown_no_campaign_work(client_as):
    assert not [key for key in home_items(client_as("zhigong")) if key.startswith("campaigns.")]


def test_overdue_and_at_risk_are_counted_as_the_watch_list_counts_them(client_as, company, demo):
    """One query gives both figures; each equals the watch list's own condition for every persona."""
    from vanguard.campaigns.selectors import target_list

    today = timezone.localdate()
    late = today - timedelta(days=5)
    split(company, demo.branch_target, [{"owner_person": company.users["dangyuan"].person,
                                         "target_value": "0", "title": "过期的目标", "due_date": late}], actor="shuji")  # fmt: skip
    for name in ("dangwei", "shuji", "dangyuan"):
        targets = target_list(user=company.users[name])
        items = home_items(client_as(name))
        assert int(items.get("campaigns.overdue", ("0", ""))[0]) == targets.overdue(today).count(), name
        assert int(items.get("campaigns.targets", ("0", ""))[0]) == targets.at_risk(today).count(), name
