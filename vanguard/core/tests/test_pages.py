"""The core pages: the global audit trail, an object's history, a task's progress, the shell."""

from datetime import timedelta

from django.utils import timezone

from vanguard.core.models import AuditEvent, TaskRun
from vanguard.core.testing import page_queries
from vanguard.org import services


def _update_zhigong(company, **data):
    zhigong = company.users["zhigong"].person
    services.person_update(actor=company.users["dangwei"], person=zhigong, data=data)
    return zhigong


def test_audit_trail_is_for_administrators_only(client_as):
    assert client_as("admin").get("/audit/").status_code == 200
    for name in ("dangwei", "shuji", "dangyuan"):
        assert client_as(name).get("/audit/").status_code == 404


def test_audit_trail_filters_by_action_type_actor_and_date(client_as, company):
    zhigong = _update_zhigong(company, position="质检员")
    client = client_as("admin")
    page = client.get("/audit/", {"action": "person.update", "actor": "郑"}).content.decode()
    assert zhigong.name in page and "质检员" in page
    assert "role.assign" not in page.split('id="audit-results"')[1]
    page = client.get("/audit/", {"object_type": "org.roleassignment"}).content.decode()
    assert "person.update" not in page.split('id="audit-results"')[1]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.get("/audit/", {"date_from": tomorrow}).content.decode()
    assert "没有符合条件的记录" in page


def test_audit_diff_names_fields_and_choices_in_chinese(client_as, company):
    _update_zhigong(company, education="master")
    page = client_as("admin").get("/audit/", {"action": "person.update"}).content.decode()
    assert "学历" in page and "硕士研究生" in page


def test_audit_trail_costs_the_same_queries_on_every_page(client_as, company):
    client = client_as("admin")
    client.get("/audit/")
    first, _ = page_queries(client, "/audit/")
    later, _ = page_queries(client, "/audit/?page=2")
    assert AuditEvent.objects.count() > 100
    assert later == first <= 12


def test_object_history_shows_before_and_after(client_as, company):
    zhigong = _update_zhigong(company, position="巡检工")
    page = client_as("shuji").get(f"/audit/org.person/{zhigong.pk}/").content.decode()
    assert "修改前" in page and "修改后" in page
    assert "巡检工" in page and "操作工" in page
    assert f'href="/org/people/{zhigong.pk}/"' in page  # back to the person


def test_object_history_follows_the_objects_scope(client_as, company):
    outsider = company.users["outsider"].person
    assert client_as("shuji").get(f"/audit/org.person/{outsider.pk}/").status_code == 404
    assert client_as("zhigong").get(f"/audit/org.person/{company.users['zhigong'].person.pk}/").status_code == 200
    assert client_as("admin").get("/audit/no.such/1/").status_code == 404
    assert client_as("admin").get("/audit/org.person/abc/").status_code == 404


def test_task_page_shows_progress_and_polls_until_done(client_as, company):
    run = TaskRun.objects.create(
        name="demo", label="花名册导入", owner=company.users["shuji"], done=30, total=120, status="running"
    )
    client = client_as("shuji")
    page = client.get(f"/tasks/{run.pk}/").content.decode()
    assert "花名册导入" in page and 'aria-valuenow="25"' in page and "every 1s" in page
    fragment = client.get(f"/tasks/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "30 / 120" in fragment
    TaskRun.objects.filter(pk=run.pk).update(status="done", done=120)
    assert "every 1s" not in client.get(f"/tasks/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert client_as("dangwei").get(f"/tasks/{run.pk}/").status_code == 404


def test_shell_shows_scope_breadcrumbs_and_local_assets_only(client_as):
    page = client_as("shuji").get("/org/people/").content.decode()
    assert 'data-testid="scope">支部书记' in page
    assert 'class="breadcrumb' in page and "人员花名册</li>" in page
    assert "sidebar-menu" in page and 'aria-current="page"' in page
    assert not any(host in page for host in ("http://", "https://", "//cdn", "fonts.googleapis"))


def test_navigation_lists_only_the_modules_a_user_may_use(client_as):
    admin = client_as("admin").get("/").content.decode()
    assert "审计日志" in admin
    member = client_as("dangyuan").get("/").content.decode()
    assert "审计日志" not in member and "人员花名册" not in member and "我的档案" in member


def test_password_change_form_is_styled_and_chinese(client_as):
    page = client_as("shuji").get("/accounts/password/").content.decode()
    assert 'class="form-control' in page and "旧密码" in page
