"""Pages: what a user sees, and query counts that do not grow with the tree or the reports."""

import pytest
from django.utils import timezone

from vanguard.campaigns import services
from vanguard.campaigns.models import ProgressReport, Target
from vanguard.core.access import system_actor
from vanguard.core.testing import page_queries

from .factories import split


def grow(company, demo):
    """Add ten more members' targets with accepted reports under the secretary's branch."""
    people = [company.users[n].person for n in ("zhigong", "dangyuan")]
    rows = [{"owner_person": people[i % 2], "target_value": "0", "title": f"新增{i}"} for i in range(10)]
    children = split(company, demo.branch_target, rows, actor="shuji")
    period = timezone.localdate()
    for child in children:
        report = services.report_submit(actor=system_actor(), target=child, period=period, value="0.05")
        services.report_accept(actor=company.users["shuji"], report=report)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("dangwei", lambda d: f"/campaigns/{d.cost.pk}/"),
        ("shuji", lambda d: f"/campaigns/{d.cost.pk}/"),
        ("dangwei", lambda d: f"/campaigns/{d.cost.pk}/tree/"),
        ("shuji", lambda d: f"/campaigns/{d.cost.pk}/tree/"),
        ("shuji", lambda d: f"/campaigns/{d.cost.pk}/tree/?parent={d.branch_target.pk}"),
        ("shuji", lambda d: f"/campaigns/targets/{d.branch_target.pk}/"),
        ("shuji", lambda d: f"/campaigns/targets/{d.branch_target.pk}/reports/"),
        ("shuji", lambda d: "/campaigns/reviews/"),
        ("dangwei", lambda d: "/campaigns/watch/?kind=at_risk"),
        ("dangwei", lambda d: "/campaigns/letters/"),
        ("dangyuan", lambda d: "/campaigns/my/"),
        ("shuji", lambda d: "/campaigns/my/"),
    ],
)
def test_page_queries_do_not_grow_with_the_data(client_as, company, demo, persona, url):
    client = client_as(persona)
    before, _ = page_queries(client, url(demo))
    grow(company, demo)
    after, _ = page_queries(client, url(demo))
    assert after == before, (before, after)
    assert after <= 30


def test_my_targets_shows_the_members_targets_and_her_letter(client_as, company, demo):
    _, response = page_queries(client_as("dangyuan"), "/campaigns/my/")
    html = response.content.decode()
    assert demo.dangyuan_target.title in html
    assert "确认责任书" in html
    assert demo.branch_target.title not in html


def test_a_roll_up_figure_links_to_the_reports_behind_it(client_as, demo):
    _, response = page_queries(client_as("shuji"), f"/campaigns/{demo.cost.pk}/tree/")
    assert f'href="/campaigns/targets/{demo.branch_target.pk}/reports/"' in response.content.decode()
    _, behind = page_queries(client_as("shuji"), f"/campaigns/targets/{demo.branch_target.pk}/reports/")
    accepted = ProgressReport.objects.filter(
        target__path__startswith=demo.branch_target.path, status="accepted"
    ).count()
    assert f"共 <strong>{accepted}</strong> 条" in behind.content.decode()


def test_reporting_from_the_phone_form(client_as, company, demo):
    client = client_as("dangyuan")
    url = f"/campaigns/targets/{demo.dangyuan_target.pk}/report/"
    page = client.get(url).content.decode()
    assert 'inputmode="decimal"' in page
    response = client.post(url, {"period": timezone.localdate().isoformat(), "value": "九", "narrative": "x"})
    assert "实际值“九”不是有效的数字" in response.content.decode()
    response = client.post(url, {"period": timezone.localdate().isoformat(), "value": "9.5", "narrative": "回收"})
    assert response.status_code == 302
    assert ProgressReport.objects.filter(target=demo.dangyuan_target, value="9.5", status="submitted").exists()


def test_a_stale_edit_keeps_both_inputs_visible(client_as, company, demo):
    target = Target.objects.get(pk=demo.dangyuan_target.pk)
    read_version = target.version
    services.target_update(
        actor=company.users["dangwei"],
        target=Target.objects.get(pk=target.pk),
        data={"standard": "他人的标准"},
        expected_version=read_version,
    )
    client = client_as("shuji")
    form = {f: "" for f in ("baseline", "metric_name", "metric_unit", "outcome")}
    form.update(
        title=target.title,
        target_value="15",
        weight="1",
        direction=target.direction,
        aggregation=target.aggregation,
        owner_person=target.owner_person_id,
        owner_org=target.owner_org_id or "",
        due_date=target.due_date.isoformat(),
        standard="我的标准",
        version=read_version,
    )
    response = client.post(f"/campaigns/targets/{target.pk}/edit/", form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "该记录已被他人修改" in html and "他人的标准" in html and "我的标准" in html
    assert Target.objects.get(pk=target.pk).standard == "他人的标准"


def test_decompose_page_refuses_an_over_allocation(client_as, company, demo):
    client = client_as("shuji")
    url = f"/campaigns/targets/{demo.branch_target.pk}/decompose/"
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "200",
        "rows-0-person": company.users["shuji"].person.pk,
        "rows-0-target_value": "999",
    }
    count = Target.objects.count()
    html = client.post(url, data).content.decode()
    assert "超过上级目标" in html and Target.objects.count() == count


def test_the_word_letter_downloads(client_as, company, demo):
    from vanguard.campaigns.models import ResponsibilityLetter

    letter = ResponsibilityLetter.objects.get(campaign=demo.cost, recipient_person=company.users["dangyuan"].person)
    response = client_as("dangyuan").get(f"/campaigns/letters/{letter.pk}/word/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response.content[:2] == b"PK"


def test_unacknowledged_letters_list(client_as, demo):
    html = client_as("dangwei").get(f"/campaigns/letters/?pending=1&campaign={demo.cost.pk}").content.decode()
    assert "已确认" not in html.split("<tbody>")[1] and "已下达" in html


def test_check_results_export_as_excel(client_as, demo):
    from vanguard.core.excel import read_table

    response = client_as("dangwei").get(f"/campaigns/{demo.cost.pk}/commitments/export/")
    table = read_table(response.content, ["承诺人/组织", "承诺内容", "评定结果"])
    rows = [r for _, r in table.records()]
    assert rows and all(r["评定结果"] in ("优秀", "良好", "一般", "差") for r in rows)


def test_badges_take_the_campaigns_colours_an_accepted_report_green_an_overdue_target_red():
    from datetime import timedelta

    from vanguard.core.badges import status_badge

    assert status_badge(ProgressReport(status="accepted")) == (
        '<span class="badge bg-green-lt vg-badge" data-status="accepted">已通过</span>'
    )
    target = Target(status="on_track", due_date=timezone.localdate() - timedelta(days=1))
    assert 'bg-red-lt vg-badge" data-status="overdue">已逾期<' in status_badge(target.display_status())


def _reached_by(leaves, month):
    """What the leaves had reached by the end of ``month``: each one's latest accepted report then."""
    from datetime import date

    from vanguard.core.dates import add_months

    end = add_months(date(int(month[:4]), int(month[5:]), 1), 1)
    total = 0
    for leaf in leaves:
        latest = (
            ProgressReport.objects.filter(target=leaf, status="accepted", period__lt=end)
            .order_by("-period", "-id")
            .first()
        )
        total += float(latest.value) if latest else 0
    return round(total, 4)


def test_the_cumulative_line_carries_gaps_and_stops_after_the_last_report(client_as, company, demo):
    from vanguard.campaigns.selectors import report_trend
    from vanguard.campaigns.summaries import campaign_reports_changed

    leaves = list(Target.objects.filter(path__startswith=demo.saving.path, numchild=0))
    reports = ProgressReport.objects.filter(target__in=leaves)
    last = reports.order_by("-period").first().period
    # The last month is only submitted so far: it shows on the axis, the line does not reach it.
    reports.filter(period__year=last.year, period__month=last.month).update(status="submitted")
    # One leaf skipped the month before: it keeps its figure of the month before that.
    before = reports.filter(period__lt=last.replace(day=1)).order_by("-period").first().period
    reports.filter(target=leaves[0], period=before).delete()
    # The history was reshaped in bulk, past the services: its summary tables recomputed as after an import.
    campaign_reports_changed(campaign_id=demo.cost.pk)
    months = report_trend(user=company.users["dangwei"], campaign=demo.cost)["months"]
    assert months[-1]["month"] == f"{last:%Y-%m}" and months[-1]["total"] is None and months[-1]["submitted"] > 0
    assert months[-2]["month"] == f"{before:%Y-%m}"
    for m in months[:-1]:
        assert m["total"] == _reached_by(leaves, m["month"]), m["month"]
    assert months[-2]["total"] >= months[-3]["total"] > 0  # no collapse where a leaf skipped the month
    line = client_as("dangwei").get(f"/campaigns/{demo.cost.pk}/").context["trend_chart"]["series"][-1]
    assert line["type"] == "line" and line["data"][-1] is None and line["data"][-2] == months[-2]["total"]


def _decompose_data(rows):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "200"}  # fmt: skip
    for n, row in enumerate(rows):
        data.update({f"rows-{n}-{k}": v for k, v in row.items()})
    return data


def test_the_decompose_page_searches_people_instead_of_listing_them(client_as, company, demo):
    from vanguard.org.models import Person

    client = client_as("shuji")
    url = f"/campaigns/targets/{demo.branch_target.pk}/decompose/"
    queries, response = page_queries(client, url)
    html = response.content.decode()
    assert 'value="person:' not in html and html.count('class="vg-picker') == 6
    assert html.count('name="rows-0-outcome"') == 1 and "<th" in html and "成效</th>" in html
    # The picker's search finds the branch's members by name, 工号 or initials, and no one else.
    dangyuan = company.users["dangyuan"].person
    search = f"/picker/campaigns.target_owner/?target={demo.branch_target.pk}&q="
    for text in (dangyuan.name, dangyuan.employee_no, dangyuan.name_initials):
        found = client.get(search + text).json()["results"]
        assert dangyuan.pk in [r["id"] for r in found], text
        assert found[0]["label"].startswith(dangyuan.name) or text != dangyuan.name
    other = Person.objects.filter(membership__party_org__path__startswith=company.other_branch.path).first()
    assert client.get(search + other.employee_no).json()["results"] == []
    assert client.get(f"/picker/campaigns.target_owner/?target={demo.other_branch_target.pk}&q=a").json() == {
        "results": [],
        "more": False,
    }
    assert queries <= 30


def test_a_person_outside_the_choices_is_refused_on_the_server(client_as, company, demo):
    from vanguard.core.testing import database_fingerprint, fingerprint_changes
    from vanguard.org.models import Person

    other = Person.objects.filter(membership__party_org__path__startswith=company.other_branch.path).first()
    before = database_fingerprint()
    refused = client_as("shuji").post(
        f"/campaigns/targets/{demo.branch_target.pk}/decompose/",
        _decompose_data([{"person": other.pk, "target_value": "1"}]),
    )
    assert refused.status_code == 200 and "选择一个有效的选项" in refused.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_shares_get_proposed_titles_their_outcome_and_the_shortfall_is_said_once(client_as, company):
    from .factories import make_campaign, make_root

    campaign = make_campaign(company)
    root = make_root(company, campaign, title="公司党委全年降本增效500万元", target_value=500, outcome="成本下降")
    dangyuan = company.users["dangyuan"].person
    rows = [
        {"owner": f"org:{company.branch.pk}", "target_value": "200"},
        {"person": dangyuan.pk, "target_value": "50", "outcome": "辅料回收"},
    ]
    client = client_as("dangwei")
    response = client.post(f"/campaigns/targets/{root.pk}/decompose/", _decompose_data(rows))
    assert response.status_code == 302
    branch, own = Target.objects.filter(path__startswith=root.path, depth=2).order_by("path")
    assert branch.title == f"{company.branch.name}全年降本增效200万元" and branch.outcome == "成本下降"
    assert own.title == f"{dangyuan.name}全年降本增效50万元" and own.outcome == "辅料回收"
    page = client.get(response["Location"]).content.decode()
    assert page.count("未覆盖上级目标 500万元(差 250万元)") == 1


def test_proposed_titles_carry_the_share_not_the_whole(company, demo):
    from decimal import Decimal

    from vanguard.campaigns.allocation import proposed_title

    parent = Target(
        title="全年降本增效500万元", target_value=Decimal(500), metric_unit="万元", owner_org=company.committee
    )
    assert proposed_title(parent, owner="轧管厂第一党支部", value=Decimal(200)) == "轧管厂第一党支部全年降本增效200万元"
    parent.title = f"{company.committee.name}全年降本增效500万元"
    assert (
        proposed_title(parent, owner="轧管厂第一党支部", value=Decimal("200.5"))
        == "轧管厂第一党支部全年降本增效200.5万元"
    )
    parent.title = "挖潜增效"
    assert proposed_title(parent, owner="张三", value=Decimal(20)) == "张三挖潜增效(20万元)"
    assert proposed_title(parent, owner="张三") == "张三挖潜增效"


def test_every_dashboard_tile_opens_the_targets_it_counts(client_as, demo):
    import re

    client = client_as("dangwei")
    page = client.get(f"/campaigns/{demo.cost.pk}/")
    counts = page.context["counts"]
    html = page.content.decode()
    expected = {
        "tile-total": counts["total"],
        "tile-at-risk": counts["at_risk"] + counts["off_track"],
        "tile-overdue": counts["overdue"],
        "tile-done": counts["done"],
        "tile-on-track": counts["on_track"],
        "tile-not-started": counts["not_started"],
    }
    for testid, figure in expected.items():
        href = re.search(rf'href="([^"]+)" data-testid="{testid}"', html).group(1).replace("&amp;", "&")
        listed = client.get(href).context["page_obj"].paginator.count
        assert listed == figure, (testid, href)
    assert counts["total"] > 0


def test_the_commitment_form_searches_members_instead_of_listing_them(client_as, company, demo):
    from vanguard.org.models import Person

    client = client_as("shuji")
    html = client.get(f"/campaigns/{demo.cost.pk}/commitments/").content.decode()
    assert 'name="person"' in html and "vg-picker" in html and "<option" not in html.split('name="person"')[1][:300]
    dangyuan = company.users["dangyuan"].person
    search = "/picker/campaigns.commitment_person/?q="
    assert dangyuan.pk in [r["id"] for r in client.get(search + dangyuan.name_pinyin).json()["results"]]
    other = Person.objects.filter(membership__party_org__path__startswith=company.other_branch.path).first()
    assert client.get(search + other.employee_no).json()["results"] == []
    # A member finds herself only.
    found = client_as("dangyuan").get(search + other.employee_no).json()["results"]
    assert found == []


def test_a_large_level_of_the_tree_loads_in_pages_with_what_is_left(client_as, demo, monkeypatch):
    import re

    from vanguard.campaigns.views import targets as views

    monkeypatch.setattr(views, "CHILDREN_PAGE", 2)
    client = client_as("dangwei")
    children = list(Target.objects.filter(path__startswith=demo.saving.path, depth=2).order_by("path"))
    assert len(children) > 2
    url = f"/campaigns/{demo.cost.pk}/tree/?parent={demo.saving.pk}"
    seen, offset, pages = [], 0, 0
    while url:
        html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert html.lstrip().startswith("<ul") == (offset == 0)  # a later page adds items to the same list
        seen += [int(pk) for pk in re.findall(r'<li id="target-(\d+)"', html)]
        more = re.search(r'hx-get="([^"]+)"[^>]*>.*?还有 (\d+) 项,共 (\d+) 项', html)
        if more:
            assert int(more[2]) == len(children) - len(seen) and int(more[3]) == len(children)
            url, offset = more[1].replace("&amp;", "&"), len(seen)
        else:
            url = None
        pages += 1
    assert seen == [c.pk for c in children]
    assert pages == -(-len(children) // 2)
