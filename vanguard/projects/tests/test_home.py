"""What merit projects put on the home page: the projects one logs that lack this month's or an earlier log,
each count the rows of the ledger its link opens."""

from django.utils import timezone

from vanguard.core.testing import home_items, page_queries
from vanguard.projects import services


def project_rows(client, url):
    return client.get(url).content.decode().count('data-testid="project-row"')


def count_of(client, key):
    return int(home_items(client).get(key, ("0", ""))[0])


def test_the_leader_is_asked_for_this_month_s_log_until_he_writes_it(client_as, company, running):
    client = client_as("dangyuan")
    count, url = home_items(client)["projects.unlogged"]
    assert url == "/projects/?unlogged=on&mine=on"
    page = client.get(url).content.decode()
    assert page.count('data-testid="project-row"') == int(count) and running.title in page
    services.project_log_create(
        actor=company.users["dangyuan"], project=running, date=timezone.localdate(), content="现场摸底"
    )
    assert count_of(client, "projects.unlogged") == int(count) - 1
    assert running.title not in client.get(url).content.decode()


def test_earlier_months_without_a_log_open_the_ledger_of_those_projects(client_as, running):
    client = client_as("dangyuan")
    count, url = home_items(client)["projects.missing"]
    assert url == "/projects/?flagged=on&mine=on"
    page = client.get(url).content.decode()
    assert page.count('data-testid="project-row"') == int(count) and running.title in page


def test_the_branch_counts_the_projects_it_logs_for(client_as, running):
    client = client_as("shuji")
    for key in ("projects.unlogged", "projects.missing"):
        count, url = home_items(client)[key]
        assert project_rows(client, url) == int(count)


def test_a_team_member_who_does_not_log_is_not_asked(client_as, company, running):
    services.project_member_add(
        actor=company.users["dangyuan"], project=running, person=company.users["zhigong"].person
    )
    assert not [key for key in home_items(client_as("zhigong")) if key.startswith("projects.")]


def test_the_home_page_costs_the_same_with_more_projects_to_log(client_as, company, proposal):
    client = client_as("shuji")
    page_queries(client, "/")
    before, _ = page_queries(client, "/")
    users = company.users
    for i in range(3):
        project = services.project_create(actor=users["dangyuan"], **{**proposal, "title": f"攻关{i}"})
        project = services.project_transition(actor=users["shuji"], project=project, action="review")
        project = services.project_transition(actor=users["dangwei"], project=project, action="approve")
        services.project_transition(actor=users["dangyuan"], project=project, action="start")
    after, _ = page_queries(client, "/")
    assert after == before
