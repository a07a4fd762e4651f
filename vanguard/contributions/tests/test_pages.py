"""The link visible both ways: the project page lists its targets and links to them, the target page
lists the project and links back; the panel reads a fixed number of queries."""

import pytest

from vanguard.campaigns.models import TargetContribution
from vanguard.contributions import services
from vanguard.core.dates import months_ago
from vanguard.core.testing import page_queries
from vanguard.projects.services import project_log_create, project_transition

pytestmark = pytest.mark.django_db


def accept(company, project, benefit="72000"):
    users = company.users
    project_log_create(actor=users["dangyuan"], project=project, date=months_ago(1, 10), content="攻关会")
    project = project_transition(actor=users["dangyuan"], project=project, action="apply_completion", summary="完成")
    return project_transition(
        actor=users["dangwei"], project=project, action="accept", measured_benefit=benefit, evidence="核算单"
    )


def test_the_leader_links_her_target_on_the_project_page(client_as, running, targets):
    client = client_as("dangyuan")
    page = client.get(f"/projects/{running.pk}/").content.decode()
    assert 'data-testid="link-target-form"' in page and targets.own.title in page
    assert targets.other_branch.title not in page  # another branch's target is not offered

    response = client.post(f"/contributions/projects/{running.pk}/targets/", {"target": targets.own.pk})
    assert response.status_code == 302 and response["Location"] == f"/projects/{running.pk}/"
    page = client.get(f"/projects/{running.pk}/").content.decode()
    assert f'href="/campaigns/targets/{targets.own.pk}/"' in page and "验收后计入" in page
    assert "已关联目标" in page


def test_both_pages_show_the_counted_benefit(client_as, company, running, targets):
    services.project_target_link(actor=company.users["dangyuan"], project=running, target=targets.own)
    project = accept(company, running)
    office = client_as("dangwei")
    page = office.get(f"/projects/{project.pk}/").content.decode()
    assert "已计入 7.2 万元" in page
    target_page = office.get(f"/campaigns/targets/{targets.own.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/"' in target_page and project.title in target_page
    assert "+7.2" in target_page


def test_a_bad_choice_gets_a_message_and_links_nothing(client_as, running, targets):
    client = client_as("dangyuan")
    for value in ("", "abc", str(targets.other_branch.pk)):
        response = client.post(f"/contributions/projects/{running.pk}/targets/", {"target": value}, follow=True)
        assert response.status_code == 200
        text = response.content.decode()
        assert "请选择要关联的目标" in text or "只能关联" in text
    assert not TargetContribution.objects.filter(source_id=running.pk).exists()


def test_the_unlink_button_removes_an_uncounted_link(client_as, company, running, targets):
    link = services.project_target_link(actor=company.users["dangyuan"], project=running, target=targets.own)
    response = client_as("shuji").post(f"/contributions/{link.pk}/remove/", follow=True)
    assert "已解除关联" in response.content.decode()
    assert not TargetContribution.objects.filter(pk=link.pk).exists()


def test_the_project_page_reads_the_same_queries_with_more_links(client_as, company, running, targets):
    client = client_as("shuji")

    def queries():
        return page_queries(client, f"/projects/{running.pk}/")[0]

    services.project_target_link(actor=company.users["shuji"], project=running, target=targets.own)
    one = queries()
    services.project_target_link(actor=company.users["shuji"], project=running, target=targets.milestone)
    assert queries() == one


def test_the_completion_report_names_the_targets_and_what_was_counted(client_as, company, running, targets):
    import io

    from docx import Document

    services.project_target_link(actor=company.users["dangyuan"], project=running, target=targets.own)
    project = accept(company, running)
    response = client_as("shuji").get(f"/projects/{project.pk}/completion.docx")
    text = "\n".join(cell.text for table in Document(io.BytesIO(response.content)).tables for row in table.rows
                     for cell in row.cells)  # fmt: skip
    assert "关联目标" in text and f"{targets.own.title}（计入 7.2 万元，" in text
