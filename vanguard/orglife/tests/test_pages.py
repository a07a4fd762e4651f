"""Pages as their users use them: the secretary records attendance and minutes, exports the ledger and the
Word record, imports training; the member sees her year; pages keep a constant number of queries."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from vanguard.core.access import system_actor
from vanguard.core.dates import add_months
from vanguard.core.excel import write_table
from vanguard.core.testing import page_queries
from vanguard.orglife import services
from vanguard.orglife.excel import COLUMNS
from vanguard.orglife.models import Attendance, Meeting, Review, TrainingRecord
from vanguard.orglife.selectors import person_hours

from .conftest import free_day, free_field_day

pytestmark = pytest.mark.django_db


def test_the_secretary_records_a_meeting_then_attendance_and_the_member_sees_the_hours(client_as, company, life):
    client = client_as("shuji")
    day = free_day(company.branch, "committee")
    response = client.post(
        "/orglife/meetings/new/",
        {"org": company.branch.pk, "kind": "committee", "form": "plain", "title": "研究降本增效攻关措施",
         "date": day.isoformat(), "class_hours": "1.5", "held": "on"},
    )  # fmt: skip
    meeting = Meeting.objects.get(org=company.branch, kind="committee", date=day)
    assert response.status_code == 302 and response["Location"] == f"/orglife/meetings/{meeting.pk}/attendance/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and life.shuji.name in page.content.decode()
    before = person_hours(person_id=life.dangyuan.pk, year=day.year).total
    marks = {f"status_{life.shuji.pk}": "present", "guest": life.dangyuan.employee_no}
    response = client.post(f"/orglife/meetings/{meeting.pk}/attendance/", marks)
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=life.dangyuan).is_guest
    assert person_hours(person_id=life.dangyuan.pk, year=day.year).total == before + Decimal("1.5")
    own = client_as("dangyuan").get(f"/orglife/my/?year={day.year}").content.decode()
    assert "研究降本增效攻关措施" in own


def test_a_future_meeting_cannot_be_recorded_as_held_and_the_form_keeps_the_input(client_as, company):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_as("shuji").post(
        "/orglife/meetings/new/",
        {"org": company.branch.pk, "kind": "lecture", "form": "plain", "title": "书记讲党课", "date": tomorrow.isoformat(),
         "held": "on"},
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200 and "不能晚于今天" in text and "书记讲党课" in text
    assert not Meeting.objects.filter(org=company.branch, date=tomorrow, kind="lecture").exists()


def test_a_bad_mark_keeps_the_secretarys_choices(client_as, life):
    meeting = life.branch_meeting
    response = client_as("shuji").post(
        f"/orglife/meetings/{meeting.pk}/attendance/",
        {f"status_{life.shuji.pk}": "leave_sick", f"status_{life.dangyuan.pk}": "sleeping"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "无效" in text
    assert f'id="s{life.shuji.pk}-leave_sick" value="leave_sick" autocomplete="off" checked' in text
    assert Attendance.objects.get(meeting=meeting, person=life.shuji).status != "leave_sick"


def test_minutes_pasted_from_a_web_page_are_cleaned(client_as, life):
    meeting = life.branch_meeting
    client = client_as("shuji")
    html = '<div><p onmouseover="x()">一、传达精神</p><script>document.cookie</script><ul><li>二、讨论</li></ul></div>'
    response = client.post(
        f"/orglife/meetings/{meeting.pk}/minutes/",
        {"minutes": html, "resolutions": "抓好落实", "version": meeting.version},
    )
    assert response.status_code == 302
    shown = client.get(f"/orglife/meetings/{meeting.pk}/").content.decode()
    assert "<p>一、传达精神</p>" in shown and "<li>二、讨论</li>" in shown and "document.cookie" not in shown


def test_the_ledger_exports_the_filtered_meetings(client_as, company):
    response = client_as("shuji").get(f"/orglife/meetings/export/?kind=general&org={company.branch.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("会议台账(支部党员大会) · 轧管厂第一党支部 · 导出于")
    assert rows[1][:5] == ("日期", "党组织", "会议类型", "活动形式", "主题")
    expected = Meeting.objects.filter(org__path__startswith=company.branch.path, kind="general").count()
    assert len(rows) - 2 == expected > 0
    assert {r[2] for r in rows[2:]} == {"支部党员大会"}


def test_the_word_record_names_who_came(client_as, life):
    meeting = life.branch_meeting
    response = client_as("shuji").get(f"/orglife/meetings/{meeting.pk}/word/")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert f"{meeting.org.name}党员大会会议记录" in text and "支部支部" not in text and meeting.title in cells
    present = Attendance.objects.filter(meeting=meeting, status__in=["present", "late"]).select_related("person")
    assert all(a.person.name in cells for a in present)


def _sheet(rows):
    return write_table(columns=COLUMNS, rows=rows, sheet_name="培训记录")


def test_a_training_import_with_errors_imports_nothing_and_lists_every_row(client_as, life, company):
    yesterday = timezone.localdate() - timedelta(days=1)
    zhigong = company.users["zhigong"].person
    data = _sheet(
        [
            [life.dangyuan.employee_no, life.dangyuan.name, "网课一", "党员教育培训", "网络学习", "", yesterday, 2, ""],
            [life.dangyuan.employee_no, "别人", "网课二", "党员教育培训", "网络学习", "", yesterday, 300, ""],
            [zhigong.employee_no, zhigong.name, "网课三", "", "", "", "昨天", 2, ""],
        ]
    )
    count = TrainingRecord.objects.count()
    upload = io.BytesIO(data)
    upload.name = "培训.xlsx"
    text = client_as("shuji").post("/orglife/training/import/", {"file": upload}).content.decode()
    assert "未导入任何记录" in text
    assert "与表中姓名“别人”不符" in text and "学时应在 0.5 到 200 之间" in text
    assert "不是有效的日期" in text and "不存在或不在您负责的组织内" in text
    assert TrainingRecord.objects.count() == count
    good = io.BytesIO(_sheet([[life.dangyuan.employee_no, life.dangyuan.name, "网课一", "", "", "", yesterday, 2, ""]]))
    good.name = "培训.xlsx"
    client_as("shuji").post("/orglife/training/import/", {"file": good})
    assert TrainingRecord.objects.count() == count + 1


def test_the_review_board_saves_grades_and_the_member_sees_hers(client_as, company, life):
    month = add_months(timezone.localdate(), -1)
    Review.objects.filter(person=life.dangyuan, month=month).delete()
    response = client_as("shuji").post(
        "/orglife/reviews/",
        {"org": company.branch.pk, "month": f"{month:%Y-%m}", f"grade_{life.dangyuan.pk}": "praise",
         f"comment_{life.dangyuan.pk}": "攻关任务完成出色"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client_as("dangyuan").get(f"/orglife/my/?year={month.year}").content.decode()
    assert "攻关任务完成出色" in page and "表扬" in page


def test_members_short_of_hours_are_listed(client_as, company, life):
    from vanguard.orglife.selectors import hours_table

    year = timezone.localdate().year - 1
    # dangyuan missed every meeting of the year and took no training: she is short whatever the demo drew.
    Attendance.objects.filter(person=life.dangyuan, meeting__date__year=year).update(status="absent")
    TrainingRecord.objects.filter(person=life.dangyuan, date__year=year).delete()
    page = client_as("shuji").get(f"/orglife/hours/?year={year}").content.decode()

    rows, _ = hours_table(user=company.users["shuji"], year=year, only_short=True)
    assert life.dangyuan in [row["person"] for row in rows]
    everyone, _ = hours_table(user=company.users["shuji"], year=year)
    short = {row["person"].pk for row in rows}
    for row in everyone:
        listed = row["person"].pk in short
        assert listed == (not row["hours"].met or row["secretary_short"] or row["cadre_short"])
        if listed:
            assert row["person"].name in page


def test_a_cadre_logs_half_a_day_on_site(client_as, company, life):
    from vanguard.orglife.models import FieldDay

    day = free_field_day(life.shuji)
    response = client_as("shuji").post(
        "/orglife/field-days/",
        {"date": day.isoformat(), "half": "am", "place": "管加工线", "problems_found": "定置不到位"},
    )
    assert response.status_code == 302
    assert FieldDay.objects.filter(person=life.shuji, date=day, place="管加工线").exists()
    assert client_as("dangyuan").post("/orglife/field-days/", {"date": day.isoformat()}).status_code == 404


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("dangwei", "/orglife/meetings/"),
        ("shuji", "/orglife/meetings/?kind=committee"),
        ("dangwei", "/orglife/compliance/"),
        ("dangwei", "/orglife/"),
        ("dangyuan", "/orglife/my/"),
        ("shuji", "/orglife/hours/"),
    ],
)
def test_pages_take_a_constant_number_of_queries(client_as, company, persona, url):
    client = client_as(persona)
    client.get(url)
    before, _ = page_queries(client, url)
    # More data of the same kind: another branch-year of meetings with attendance.
    services.meeting_bulk_create(
        actor=system_actor(),
        meetings=[
            Meeting(
                org=company.other_branch,
                kind="theme_day",
                title=f"主题党日{i}",
                date=free_day(company.other_branch, "theme_day") - timedelta(days=30 * i),
                status="recorded",
                class_hours=Decimal(2),
            )
            for i in range(1, 6)
        ],  # fmt: skip
        attendance={},
    )
    after, _ = page_queries(client, url)
    assert after == before <= 20


def test_a_matrix_cell_leads_to_the_meetings_behind_it(client_as, company, life):
    year = timezone.localdate().year - 1
    client = client_as("dangwei")
    response = client.get(
        f"/orglife/compliance/?year={year}&rule={life.general_rule.pk}&cell={company.other_branch.pk}.1"
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/orglife/meetings/?org={company.other_branch.pk}&date_from={year}-04-01&date_to={year}-06-30&kind=general"
    )
    assert "没有符合条件的会议" in client.get(response["Location"]).content.decode()
    # A branch the secretary does not lead: 404, as if it did not exist.
    assert client_as("shuji").get(f"/orglife/compliance/?cell={company.other_branch.pk}.1").status_code == 404


def test_one_branchs_matrix_has_a_line_per_rule_and_group(client_as, company, life):
    text = client_as("shuji").get(f"/orglife/compliance/?org={company.branch.pk}&year={timezone.localdate().year - 1}")
    page = text.content.decode()
    assert 'data-testid="branch-rules"' in page
    assert f"{life.group.name}党小组会" in page and "支部党员大会" in page and "月度讲评" in page


def test_a_review_links_to_the_evidence_behind_it(client_as, company, life):
    from vanguard.orglife.models import ReviewGrade

    month = add_months(timezone.localdate(), -1)
    services.review_record(
        actor=company.users["shuji"], person=life.dangyuan, org=company.branch, month=month,
        grade=ReviewGrade.objects.get(code="praise"), comment="见档案",
        evidence=[{"object_type": "org.person", "object_id": life.dangyuan.pk, "label": "个人档案"}],
    )  # fmt: skip
    page = client_as("dangyuan").get(f"/orglife/my/?year={month.year}").content.decode()
    assert f'<a href="/org/people/{life.dangyuan.pk}/" class="me-2">个人档案</a>' in page


@pytest.mark.parametrize("model", ["meeting", "trainingrecord", "review", "fieldday", "compliancerule"])
def test_the_admin_lists_open(client_as, model):
    assert client_as("admin").get(f"/django-admin/orglife/{model}/").status_code == 200


def test_a_red_cell_says_in_words_which_rule_failed_and_opens_its_meetings(client_as, company, life):
    import re

    year = timezone.localdate().year - 1
    page = client_as("dangwei").get(f"/orglife/compliance/?year={year}&rule={life.general_rule.pk}").content.decode()
    row = re.search(rf'<tr data-org="{re.escape(str(company.other_branch))}">(.*?)</tr>', page).group(1)
    cells = re.findall(r'<td class="vg-cell[^"]*" data-status="(\w+)"><a href="([^"]+)"[^>]*>(.*?)</a></td>', row)
    status, href, inside = cells[1]
    assert status == "missed"
    # The reason is text in the cell (a phone shows no tooltip), not only its title.
    assert 'data-testid="cell-reason"' in inside and "本季度未召开支部党员大会" in inside
    assert "vg-reason" not in cells[0][2]  # a green cell needs no explaining
    target = client_as("dangwei").get(f"/orglife/compliance/{href.replace('&amp;', '&')}")
    assert target.status_code == 302 and "kind=general" in target["Location"]


def test_the_hours_figures_open_the_records_behind_them(client_as, company, life):
    page = client_as("shuji").get("/orglife/hours/?all=1").content.decode()
    assert f"/orglife/people/{life.dangyuan.pk}/?year=" in page and 'data-testid="hours-total"' in page


def test_a_training_list_saved_as_gbk_csv_imports_like_the_workbook(client_as, life):
    yesterday = timezone.localdate() - timedelta(days=1)
    line = [
        life.dangyuan.employee_no,
        life.dangyuan.name,
        "党史学习（第二期）",
        "",
        "",
        "",
        f"{yesterday:%Y/%m/%d}",
        "2",
        "",
    ]
    text = ",".join(["工号", "姓名", "培训名称", "类别", "方式", "举办单位", "日期", "学时", "备注"]) + "\r\n"
    upload = io.BytesIO((text + ",".join(line) + "\r\n").encode("gbk"))
    upload.name = "培训.csv"
    count = TrainingRecord.objects.count()
    client_as("shuji").post("/orglife/training/import/", {"file": upload})
    assert TrainingRecord.objects.count() == count + 1
    assert TrainingRecord.objects.filter(person=life.dangyuan, title="党史学习（第二期）", date=yesterday).exists()
    page = client_as("shuji").get("/orglife/training/", {"q": life.dangyuan.name_pinyin[:6]}).content.decode()
    assert "党史学习（第二期）" in page


def test_a_busy_day_of_the_calendar_lists_its_first_four_meetings_and_links_the_others(client_as, company):
    day = timezone.localdate().replace(day=1) - timedelta(days=20)
    while day.weekday() >= 5 or Meeting.objects.filter(date=day).exists():
        day -= timedelta(days=1)
    kinds = [("other", "07:30"), ("briefing", "08:00"), ("lecture", "09:00"), ("theme_day", "10:00"),
             ("committee", "14:00"), ("group", "16:00")]  # fmt: skip
    services.meeting_bulk_create(
        actor=system_actor(),
        meetings=[
            Meeting(
                org=company.branch,
                kind=kind,
                title=f"第{i}场",
                date=day,
                start_time=at,
                status="recorded",
                class_hours=Decimal(1),
            )
            for i, (kind, at) in enumerate(kinds, start=1)
        ],
        attendance={},
    )
    page = client_as("dangwei").get(f"/orglife/?month={day:%Y-%m}").content.decode()
    # The first four by their time; the other two counted and linked to the ledger of that day.
    assert [f"第{i}场" in page for i in range(1, 7)] == [True] * 4 + [False] * 2
    assert f'?date_from={day:%Y-%m-%d}&date_to={day:%Y-%m-%d}">另 2 场' in page
    ledger = client_as("dangwei").get(f"/orglife/meetings/?date_from={day:%Y-%m-%d}&date_to={day:%Y-%m-%d}")
    assert all(f"第{i}场" in ledger.content.decode() for i in range(1, 7))
