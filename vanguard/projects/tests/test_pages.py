"""Pages: the ledger filters and flags, a project's page, the summary, my projects; query counts stay flat."""

import io

import openpyxl
import pytest
from django.utils import timezone

from vanguard.core.dates import months_ago
from vanguard.core.testing import page_queries
from vanguard.projects.demo import build_demo_projects
from vanguard.projects.models import Project
from vanguard.projects.services import project_log_create


@pytest.fixture
def demo(company):
    build_demo_projects("tiny")
    return company


def test_ledger_filters_by_kind_status_branch_and_year(client_as, demo):
    client = client_as("dangwei")
    response = client.get(f"/projects/?kind=merit&status=under_way&branch={demo.branch.pk}")
    rows = response.content.decode().count('data-testid="project-row"')
    expected = Project.objects.filter(kind="merit", status="under_way", branch__path__startswith=demo.branch.path)
    assert rows == min(expected.count(), 25) and rows > 0
    assert "党员立功立项" in response.content.decode()
    year = months_ago(0).year - 4
    empty = client.get(f"/projects/?year={year}")
    assert "没有符合条件的项目" in empty.content.decode()


def test_ledger_and_summary_read_a_constant_number_of_queries(client_as, demo, company, proposal):
    client = client_as("dangwei")
    ledger, _ = page_queries(client, "/projects/")
    summary, response = page_queries(client, "/projects/summary/")
    assert 'data-testid="summary-row"' in response.content.decode()
    build_demo_projects("tiny")  # twice the data
    assert page_queries(client, "/projects/")[0] == ledger
    assert page_queries(client, "/projects/summary/")[0] == summary


def test_secretary_sees_only_his_branch(client_as, demo):
    body = client_as("shuji").get("/projects/summary/").content.decode()
    assert body.count('data-testid="summary-row"') >= 1
    assert demo.other_branch.name not in body


def test_project_page_shows_missing_months_team_logs_and_timeline(client_as, company, running):
    project_log_create(actor=company.users["dangyuan"], project=running, date=months_ago(3, 8), content="测量辊耗数据")
    body = client_as("shuji").get(f"/projects/{running.pk}/").content.decode()
    assert "测量辊耗数据" in body
    assert 'data-testid="missing-months"' in body and f"{months_ago(1):%Y}年{months_ago(1).month}月" in body
    assert body.count('<li class="list-group-item small">') == 4  # 申报, 审核, 立项, 开始
    assert company.users["dangyuan"].person.name in body


def test_member_takes_steps_on_the_page_and_sees_errors(client_as, company, running):
    client = client_as("dangyuan")
    bad = client.post(
        f"/projects/{running.pk}/logs/", {"date": months_ago(8, 1).isoformat(), "content": "早了"}, follow=True
    )
    assert "不在项目周期内" in bad.content.decode()
    ok = client.post(
        f"/projects/{running.pk}/logs/", {"date": months_ago(1, 9).isoformat(), "content": "上月攻关会"}, follow=True
    )
    assert "上月攻关会" in ok.content.decode()
    step = client.post(
        f"/projects/{running.pk}/transition/",
        {"action": "apply_completion", "summary": "目标完成", "version": running.version},
        follow=True,
    )
    assert "结项申请" in step.content.decode()
    running.refresh_from_db()
    assert running.status == "completion_applied"
    refused = client.post(
        f"/projects/{running.pk}/transition/",
        {"action": "accept", "measured_benefit": "1", "evidence": "x", "version": running.version},
        follow=True,
    )
    assert "党委" in refused.content.decode()


def test_my_projects_flags_missing_months(client_as, running):
    body = client_as("dangyuan").get("/projects/my/").content.decode()
    assert running.title in body and 'data-testid="missing"' in body


def test_apply_on_the_page(client_as, company):
    response = client_as("dangyuan").post(
        "/projects/new/",
        {
            "kind": "merit",
            "title": "减少管端切损",
            "branch": company.branch.pk,
            "leader": company.users["dangyuan"].person.employee_no,
            "problem_kind": "key_link",
            "expected_benefit": "五万",
            "start_date": months_ago(0).isoformat(),
            "end_date": months_ago(-4).isoformat(),
        },  # fmt: skip
    )
    assert "不是有效的数字" in response.content.decode()
    assert not Project.objects.filter(title="减少管端切损").exists()


def test_export_the_ledger(client_as, demo):
    response = client_as("dangwei").get("/projects/export/?kind=merit")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value.startswith("立项台账(党员立功立项) · 公司党委 · 导出于")
    assert sheet.cell(2, 1).value == "立项编号"
    assert sheet.max_row - 2 == Project.objects.filter(kind="merit").count()


def test_word_application_and_completion_report(client_as, company, running):
    from docx import Document

    from vanguard.projects.services import project_transition

    client = client_as("dangyuan")
    application = Document(io.BytesIO(client.get(f"/projects/{running.pk}/application.docx").content))
    text = "\n".join(cell.text for row in application.tables[0].rows for cell in row.cells)
    assert running.title in text and running.number in text and "120,000.00 元" in text
    project_log_create(actor=company.users["dangyuan"], project=running, date=months_ago(2, 6), content="攻关例会")
    project = project_transition(
        actor=company.users["dangyuan"], project=running, action="apply_completion", summary="辊耗下降 6%"
    )
    project_transition(
        actor=company.users["dangwei"], project=project, action="accept", measured_benefit="98000", evidence="核算单"
    )
    report = Document(io.BytesIO(client.get(f"/projects/{running.pk}/completion.docx").content))
    body = "\n".join(p.text for p in report.paragraphs)
    table = "\n".join(cell.text for row in report.tables[0].rows for cell in row.cells)
    logs = "\n".join(cell.text for row in report.tables[1].rows for cell in row.cells)
    assert "辊耗下降 6%" in body and "攻关例会" in logs and "98,000.00 元" in table
    from vanguard.core.dates import chinese_date
    from vanguard.core.documents import docx_text

    text = docx_text(client.get(f"/projects/{running.pk}/completion.docx").content)
    assert "经验收，核定效益98,000.00 元。" in text and "验收人（签字）" in text
    assert chinese_date(timezone.localdate()) in text.split("验收人（签字）")[1]  # the 验收 date under the seal


def _sheet(rows):
    from vanguard.core.excel import write_table
    from vanguard.projects.excel import COLUMNS

    return write_table(columns=COLUMNS, rows=rows, sheet_name="立项申报")


def test_import_applies_all_rows_or_none(company):
    from vanguard.projects.excel import project_import

    dangyuan = company.users["dangyuan"].person
    good = ["党员立功立项", "降低液压油消耗", company.branch.name, dangyuan.employee_no, "难点问题", "", "", 30000, "",
            "", months_ago(0), months_ago(-6)]  # fmt: skip
    bad = ["党员示范岗", "示范岗", company.branch.name, company.users["zhigong"].person.employee_no, "难点问题", "", "",
           "-5", "", "", months_ago(0), months_ago(-6)]  # fmt: skip
    result = project_import(actor=company.users["shuji"], source=_sheet([good, bad]))
    assert not result.ok and result.created == 0
    assert {row for row, _ in result.errors} == {3}
    assert not Project.objects.filter(title="降低液压油消耗").exists()
    result = project_import(actor=company.users["shuji"], source=_sheet([good]))
    assert result.ok and result.created == 1
    assert Project.objects.get(title="降低液压油消耗").status == "proposed"


def test_the_office_reads_one_branchs_summary(client_as, demo):
    body = client_as("dangwei").get(f"/projects/summary/?branch={demo.branch.pk}").content.decode()
    rows = body.count('data-testid="summary-row"')
    expected = Project.objects.filter(branch__path__startswith=demo.branch.path)
    assert rows == expected.values("branch").distinct().count() and rows >= 1
    assert f'href="/projects/?branch={demo.other_branch.pk}"' not in body
    assert f'href="/projects/?branch={demo.branch.pk}"' in body
    assert f'data-testid="total">{expected.count()}<' in body


def test_the_secretary_builds_the_team_on_the_project_page(client_as, company, running):
    from vanguard.projects.models import ProjectMember

    client = client_as("shuji")
    zhigong = company.users["zhigong"].person
    url = f"/projects/{running.pk}/members/"
    response = client.post(url, {"employee_no": zhigong.employee_no, "role": "core", "duty": "现场测量"}, follow=True)
    body = response.content.decode()
    assert f"已把 {zhigong.name} 加入团队" in body and "现场测量" in body
    for data, message in (
        ({"employee_no": zhigong.employee_no, "role": "member"}, "已在项目团队中"),
        ({"employee_no": "NO-SUCH-1", "role": "member"}, "找不到工号"),
        ({"employee_no": zhigong.employee_no, "role": "leader"}, "选择一个有效的选项"),
    ):
        assert message in client.post(url, data, follow=True).content.decode()
    assert ProjectMember.objects.filter(project=running).count() == 2  # the leader and zhigong, once

    member = ProjectMember.objects.get(project=running, person=zhigong)
    body = client.post(f"/projects/{running.pk}/members/{member.pk}/remove/", follow=True).content.decode()
    assert f"已把 {zhigong.name} 移出团队" in body
    leader = ProjectMember.objects.get(project=running, role="leader")
    body = client.post(f"/projects/{running.pk}/members/{leader.pk}/remove/", follow=True).content.decode()
    assert "不能移除项目负责人" in body and ProjectMember.objects.filter(pk=leader.pk).exists()


def test_a_log_entered_by_mistake_is_deleted_and_its_month_shows_missing_again(client_as, company, running):
    from vanguard.core.models import AuditEvent
    from vanguard.projects.models import ProjectLog

    log = project_log_create(actor=company.users["dangyuan"], project=running, date=months_ago(2, 6), content="误录")
    client = client_as("dangyuan")
    assert f"{months_ago(2):%Y年%-m月}" not in _missing_alert(client, running)
    body = client.post(f"/projects/{running.pk}/logs/{log.pk}/delete/", follow=True).content.decode()
    assert "已删除" in body and not ProjectLog.objects.filter(pk=log.pk).exists()
    assert f"{months_ago(2):%Y年%-m月}" in _missing_alert(client, running)
    assert AuditEvent.objects.filter(action="project.log_delete", object_id=str(log.pk)).exists()


def _missing_alert(client, project):
    body = client.get(f"/projects/{project.pk}/").content.decode()
    start = body.find('data-testid="missing-months"')
    return body[start : body.find("</div>", start)] if start >= 0 else ""


def test_an_archived_log_is_not_deleted(company, running):
    from django.core.exceptions import ValidationError

    from vanguard.projects.services import project_log_delete, project_transition

    users = company.users
    log = project_log_create(actor=users["dangyuan"], project=running, date=months_ago(1, 6), content="攻关会")
    project = project_transition(actor=users["dangyuan"], project=running, action="apply_completion", summary="完成")
    project_transition(
        actor=users["dangwei"], project=project, action="accept", measured_benefit="1000", evidence="核算"
    )
    with pytest.raises(ValidationError, match="已归档"):
        project_log_delete(actor=users["shuji"], log=log)


def test_an_accepted_project_takes_the_projects_colour_and_its_steps_badges_name_the_new_state():
    from vanguard.core.badges import status_badge
    from vanguard.projects.models import ProjectStep

    assert status_badge(Project(status="accepted")) == (
        '<span class="badge bg-teal-lt vg-badge" data-status="accepted">已验收</span>'
    )
    assert 'bg-indigo-lt vg-badge" data-status="under_way">' in status_badge(
        ProjectStep(to_status="under_way"), "to_status"
    )


def _flash(response):
    return [str(m) for m in response.context["messages"]]


def test_each_step_says_what_was_done_once(client_as, company, project):
    """The message after a step reads 已批准立项 / 验收已通过, never 已已立项 / 已已验收."""
    steps = [
        ("shuji", {"action": "review"}, "支部审核已通过"),
        ("dangwei", {"action": "approve"}, "已批准立项"),
        ("dangyuan", {"action": "start"}, "已开始实施"),
        ("dangyuan", {"action": "apply_completion", "summary": "辊耗下降 6%"}, "已申请结项"),
        ("dangwei", {"action": "accept", "measured_benefit": "98000", "evidence": "核算单"}, "验收已通过"),
        ("dangwei", {"action": "rate", "rating": "first"}, "已评定等级"),
        ("dangwei", {"action": "close"}, "已结项归档"),
    ]
    for username, data, said in steps:
        project.refresh_from_db()
        response = client_as(username).post(
            f"/projects/{project.pk}/transition/", {**data, "version": project.version}, follow=True
        )
        assert _flash(response) == [f"{said}:{project.title}"]
    project.refresh_from_db()
    assert project.status == "closed"


def test_every_summary_figure_opens_the_projects_behind_it(client_as, demo):
    import re

    client = client_as("dangwei")
    year = months_ago(0).year
    page = client.get(f"/projects/summary/?year={year}")
    summary, html = page.context["summary"], page.content.decode()

    def listed(href):
        return client.get(href.replace("&amp;", "&")).context["page_obj"].paginator.count

    total = re.search(r'href="([^"]+)" data-testid="tile-total"', html).group(1)
    active = re.search(r'href="([^"]+)" data-testid="tile-active"', html).group(1)
    assert listed(total) == summary["total"] > 0 and f"year={year}" in total
    assert listed(active) == summary["active"] > 0
    completed = re.search(r'href="([^"]+)" data-testid="tile-benefit"', html).group(1)
    assert listed(completed) == summary["completed"]
    for href, label_count in re.findall(r'href="([^"]+&status=\w+)" data-testid="status-link">\S+ (\d+)<', html):
        assert listed(href) == int(label_count), href
    row = page.context["rows"][0]
    assert listed(f"/projects/?{row['query']}&stage=applied") == row["proposed"]
