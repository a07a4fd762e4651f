"""Roster import service: tolerant reading, every validation rule, all or nothing, upsert, audit."""

import io
from datetime import date, timedelta

import openpyxl
import pytest

from vanguard.core.models import AuditEvent
from vanguard.org import roster
from vanguard.org.models import PartyMembership, Person, Unit
from vanguard.org.selectors import tree_path_names
from vanguard.org.validators import id_card_check_digit


def id_card(birth=date(1990, 5, 1), seq="123"):
    first17 = f"120116{birth:%Y%m%d}{seq}"
    return first17 + id_card_check_digit(first17)


def path_of(node):
    return {pk: path for path, pk in tree_path_names(type(node)).items()}[node.pk]


def roster_file(rows, *, header=roster.TITLES, start_row=1, preamble=()):
    """An .xlsx made with openpyxl: optional lines above the header, then header and rows (dicts or lists)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for offset, line in enumerate(preamble):
        ws.cell(row=offset + 1, column=1, value=line)
    for col, title in enumerate(header, start=1):
        ws.cell(row=start_row, column=col, value=title)
    for offset, values in enumerate(rows, start=1):
        if isinstance(values, dict):
            values = [values.get(title) for title in header]
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=start_row + offset, column=col, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def company_paths(company):
    return {
        "team": path_of(company.team),
        "branch": path_of(company.branch),
        "other_team": path_of(company.other_team),
        "other_branch": path_of(company.other_branch),
    }


def valid_row(paths, number="N000001", **changes):
    """A good row for a new member of the secretary's branch; ``changes`` by column title."""
    row = {
        "姓名": "钱多多",
        "工号": number,
        "性别": "男",
        "出生日期": "1990-05-01",
        "民族": "汉族",
        "学历": "大学本科",
        "身份证号": id_card(seq=number[-3:]),
        "所在单位": paths["team"],
        "党组织": paths["branch"],
        "政治面貌": "中共党员",
        "入党日期": "2015-07-01",
        "转正日期": "2016-07-01",
        "职务": "轧钢工",
        "干部级别": "无",
        "人员类别(三支队伍)": "技能操作",
        "手机号": "13900000001",
    }
    row.update(changes)
    return row


@pytest.fixture
def paths(company):
    return company_paths(company)


@pytest.fixture
def make_row(paths):
    return lambda number="N000001", **changes: valid_row(paths, number, **changes)


def run(company, rows, who="dangwei", dry_run=False, **kwargs):
    return roster.roster_import(actor=company.users[who], source=roster_file(rows, **kwargs), dry_run=dry_run)


def messages(result):
    return [(e.row, e.column, e.message) for e in result.errors]


# ---------------------------------------------------------------- tolerant reading


def test_tolerant_file_header_below_title_full_width_digits_spaces_and_date_spellings(company, make_row):
    rows = [
        make_row(
            "N000001",
            姓名=" 钱多多\u3000",
            工号="Ｎ０００００１",
            手机号="１３９０００００００２",
            出生日期="1990.5.1",
            入党日期="2015年7月1日",
            转正日期="2016/7/1",
        ),
        make_row("N000002", 出生日期=date(1990, 5, 1), 入党日期="2015.07", 转正日期=42552, 手机号="139-0000-0003"),
        make_row(
            "N000003",
            出生日期="1990-05-01 ",
            政治面貌=" 群众 ",
            党组织="",
            入党日期="",
            转正日期="",
            所在单位=" " + path_of(company.team).replace("/", " / ") + " ",
        ),
    ]
    result = run(company, rows, start_row=4, preamble=["轧管厂人员花名册", "2026年11月"])
    assert messages(result) == []
    assert result.written and result.created == 3
    first = Person.objects.get(employee_no="N000001")
    assert (first.name, first.phone, first.birth_date) == ("钱多多", "13900000002", date(1990, 5, 1))
    assert (first.membership.joined_on, first.membership.regularised_on) == (date(2015, 7, 1), date(2016, 7, 1))
    second = Person.objects.get(employee_no="N000002")
    assert second.phone == "13900000003"
    assert second.membership.joined_on == date(2015, 7, 1)  # 2015.07 → first of the month
    assert second.membership.regularised_on == date(2016, 7, 1)  # Excel serial number 42552
    third = Person.objects.get(employee_no="N000003")
    assert third.unit_id == company.team.pk and not hasattr(third, "membership")


def test_employee_numbers_and_id_cards_typed_as_numbers_come_back_as_digits(company, make_row):
    result = run(company, [make_row("88000001", 工号=88000001.0, 身份证号=id_card(seq="001"), 手机号=1.39e10)])
    assert messages(result) == []
    person = Person.objects.get(employee_no="88000001")
    assert person.phone == "13900000000"


def test_birth_date_is_taken_from_the_id_card_when_left_empty(company, make_row):
    run(company, [make_row(出生日期="")])
    assert Person.objects.get(employee_no="N000001").birth_date == date(1990, 5, 1)


def test_a_file_without_the_header_is_refused_in_chinese(company):
    with pytest.raises(roster.ExcelError, match="表头"):
        run(company, [["a", "b"]], header=["x", "y"])


# ---------------------------------------------------------------- each rule, with its message

BAD_CARD = id_card()[:17] + ("0" if id_card()[17] != "0" else "1")
FUTURE = (date.today() + timedelta(days=30)).isoformat()


@pytest.mark.parametrize(
    "changes, column, message",
    [
        ({"姓名": ""}, "姓名", "姓名不能为空。"),
        ({"工号": ""}, "工号", "工号不能为空。"),
        ({"性别": ""}, "性别", "性别不能为空"),
        ({"性别": "未知"}, "性别", "“未知”不是有效的性别,可填:男、女"),
        ({"学历": "大学"}, None, None),  # an accepted spelling
        ({"学历": "幼儿园"}, "学历", "不是有效的学历"),
        ({"所在单位": ""}, "所在单位", "所在单位不能为空。"),
        ({"所在单位": "不存在的车间"}, "所在单位", "找不到单位“不存在的车间”"),
        ({"所在单位": "甲班"}, "所在单位", "单位“甲班”不唯一,请填写完整路径,候选:"),
        ({"党组织": "不存在的支部"}, "党组织", "找不到党组织“不存在的支部”"),
        ({"身份证号": BAD_CARD}, "身份证号", "身份证号校验位不正确,请核对。"),
        ({"身份证号": "12345"}, "身份证号", "身份证号应为18位"),
        ({"出生日期": "1991-01-01"}, "出生日期", "出生日期与身份证号不一致(身份证为1990-05-01)。"),
        ({"出生日期": "1991-13-01"}, "出生日期", "日期不存在"),
        ({"出生日期": "去年"}, "出生日期", "无法识别的日期“去年”"),
        ({"党组织": ""}, "党组织", "中共党员须填写所在党组织。"),
        ({"政治面貌": "中共预备党员", "党组织": ""}, "党组织", "中共预备党员须填写所在党组织。"),
        ({"政治面貌": "群众", "入党日期": "", "转正日期": ""}, "党组织", "政治面貌为群众,不应填写党组织。"),
        ({"政治面貌": "共青团员", "党组织": "", "转正日期": ""}, "入党日期", "政治面貌为共青团员,不应填写入党日期。"),
        ({"政治面貌": "中共预备党员"}, "转正日期", "预备党员不应有转正日期。"),
        ({"入党日期": "2016-07-01", "转正日期": "2015-07-01"}, "转正日期", "转正日期不能早于入党日期。"),
        ({"入党日期": FUTURE, "转正日期": ""}, "入党日期", "入党日期不能晚于今天。"),
        ({"转正日期": FUTURE}, "转正日期", "转正日期不能晚于今天。"),
        ({"手机号": "1390000"}, "手机号", "手机号应为11位数字,以1开头。"),
        ({"身份证号": "120116********0123"}, "身份证号", "身份证号已脱敏(含*)"),
        ({"姓名": "钱" * 51}, "姓名", "姓名过长,最多50个字。"),
    ],
)
def test_each_rule_names_row_column_and_reason(company, make_row, changes, column, message):
    result = run(company, [make_row(**changes)], dry_run=True)
    if column is None:
        assert messages(result) == []
        return
    assert any(row == 2 and col == column and message in text for row, col, text in messages(result)), messages(result)


def test_duplicates_within_the_file_point_at_the_first_row(company, make_row):
    rows = [make_row("N000001"), make_row("N000002"), make_row("N000001", 身份证号=id_card(seq="002"))]
    result = run(company, rows, dry_run=True)
    assert (4, "工号", "工号“N000001”与第2行重复。") in messages(result)
    assert (4, "身份证号", "身份证号与第3行重复。") in messages(result)


def test_an_id_card_held_by_someone_else_in_the_database_is_refused(company, make_row):
    holder = Person.objects.exclude(id_card="").first()
    result = run(company, [make_row(身份证号=holder.id_card, 出生日期="")], dry_run=True)
    assert (2, "身份证号", f"该身份证号已被工号为 {holder.employee_no} 的人员使用。") in messages(result)


HINT = "请核对名称或填写完整路径(如 公司/分厂/作业区)。"


def test_secretary_cannot_import_into_a_unit_or_org_outside_the_branch(company, make_row, paths):
    result = run(company, [make_row(所在单位=paths["other_team"], 党组织=paths["other_branch"])], who="shuji")
    assert (2, "所在单位", f"在您的管理范围内找不到单位“{paths['other_team']}”,{HINT}") in messages(result)
    assert (2, "党组织", f"在您的管理范围内找不到党组织“{paths['other_branch']}”,{HINT}") in messages(result)
    assert not Person.objects.filter(employee_no="N000001").exists()


def test_secretary_cannot_overwrite_a_person_outside_the_branch_by_employee_number(company, make_row):
    outsider = company.users["outsider"].person
    result = run(
        company, [make_row(outsider.employee_no, 政治面貌="群众", 党组织="", 入党日期="", 转正日期="")], who="shuji"
    )
    assert (2, "工号", "该工号无法使用，请联系党委组织部。") in messages(result)
    outsider.refresh_from_db()
    assert outsider.name == "赵外援"


def test_secretary_imports_into_own_branch(company, make_row):
    result = run(company, [make_row()], who="shuji")
    assert messages(result) == [] and result.created == 1
    assert PartyMembership.objects.get(person__employee_no="N000001").party_org == company.branch


# ---------------------------------------------------------------- all or nothing, dry run, upsert, audit


def test_one_bad_row_writes_nothing(company, make_row):
    people, events = Person.objects.count(), AuditEvent.objects.count()
    zhigong = company.users["zhigong"].person
    rows = [
        make_row("N000001"),
        make_row(zhigong.employee_no, 姓名="改名", 政治面貌="群众", 党组织="", 入党日期="", 转正日期="", 身份证号=""),
        make_row("N000003", 手机号="123"),
    ]
    result = run(company, rows)
    assert messages(result) == [(4, "手机号", "手机号应为11位数字,以1开头。")]
    assert not result.written
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)
    zhigong.refresh_from_db()
    assert zhigong.name == "张小军"


def test_dry_run_counts_and_writes_nothing(company, make_row):
    zhigong = company.users["zhigong"].person
    same = {"姓名": zhigong.name, "政治面貌": "群众", "党组织": "", "入党日期": "", "转正日期": ""}
    rows = [make_row("N000001"), make_row(zhigong.employee_no, **{**same, "姓名": "张晓军"})]
    people, events = Person.objects.count(), AuditEvent.objects.count()
    result = run(company, rows, dry_run=True)
    assert messages(result) == []
    assert (result.total, result.created, result.updated, result.unchanged) == (2, 1, 1, 0)
    assert not result.written
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_upsert_by_employee_number_updates_and_audits(company, make_row, paths):
    zhigong = company.users["zhigong"].person
    row = make_row(
        zhigong.employee_no,
        姓名="张晓军",
        身份证号=zhigong.id_card,
        出生日期=zhigong.birth_date,
        性别=zhigong.get_gender_display(),
    )
    result = run(company, [row])
    assert (result.created, result.updated) == (0, 1)
    zhigong.refresh_from_db()
    assert zhigong.name == "张晓军" and zhigong.political_status == "member"
    assert zhigong.membership.party_org == company.branch
    update = AuditEvent.objects.filter(action="person.update", object_id=str(zhigong.pk)).latest("id")
    assert update.actor == company.users["dangwei"]
    assert (update.before["name"], update.after["name"]) == ("张小军", "张晓军")
    assert AuditEvent.objects.filter(action="membership.set", after__person=zhigong.pk).exists()
    assert zhigong.transfers.filter(to_org=company.branch, note="花名册导入").exists()


def test_new_people_are_audited_as_created(company, make_row):
    run(company, [make_row("N000001"), make_row("N000002", 政治面貌="群众", 党组织="", 入党日期="", 转正日期="")])
    created = Person.objects.filter(employee_no__in=["N000001", "N000002"])
    ids = {str(p.pk) for p in created}
    assert set(AuditEvent.objects.filter(action="person.create").values_list("object_id", flat=True)) >= ids
    assert AuditEvent.objects.filter(action="membership.set", object_type="org.partymembership").count() >= 1


def test_a_member_keeps_his_party_post_when_reimported(company, make_row):
    shuji = company.users["shuji"].person
    before = shuji.membership.post
    row = roster_row_of(shuji)
    result = run(company, [row])
    assert messages(result) == [] and result.unchanged == 1
    assert PartyMembership.objects.get(person=shuji).post == before == "secretary"


def roster_row_of(person):
    exported = roster.roster_export(queryset=Person.objects.filter(pk=person.pk), show_id_cards=True)
    table = roster.roster_read(exported)
    return {title: value for title, value in next(table.records())[1].items()}


# ---------------------------------------------------------------- the annotated workbook


def test_error_workbook_keeps_the_rows_and_adds_a_red_error_column(company, make_row):
    rows = [make_row("N000001"), make_row("N000002", 手机号="123", 性别="")]
    result = run(company, rows, start_row=2, preamble=["花名册"])
    content = roster.roster_error_workbook(result.table, result.errors)
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws["A1"].value == "花名册"
    header = [c.value for c in ws[2]]
    assert header[: len(roster.TITLES)] == list(roster.TITLES) and header[-1] == "错误说明"
    error_col = len(header)
    assert ws.cell(row=3, column=error_col).value is None
    note = ws.cell(row=4, column=error_col).value
    assert "性别:性别不能为空" in note and "手机号:手机号应为11位数字" in note
    assert ws.cell(row=4, column=error_col).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=4, column=2).value == "N000002"


def test_an_annotated_file_uploaded_again_gets_its_error_column_refilled(company, make_row):
    first = run(company, [make_row("N000001", 手机号="123"), make_row("N000002", 性别="")])
    annotated = roster.roster_error_workbook(first.table, first.errors)
    ws = openpyxl.load_workbook(io.BytesIO(annotated)).active
    ws["P2"] = "13900000001"  # the phone corrected; the old note stays in the file
    fixed = io.BytesIO()
    ws.parent.save(fixed)
    second = roster.roster_import(actor=company.users["dangwei"], source=fixed.getvalue(), dry_run=True)
    assert messages(second) == [(3, "性别", "性别不能为空,请填写“男”或“女”。")]
    rows = list(
        openpyxl.load_workbook(io.BytesIO(roster.roster_error_workbook(second.table, second.errors))).active.values
    )
    assert rows[0].count("错误说明") == 1
    assert rows[1][-1] is None and "性别不能为空" in rows[2][-1]


def test_template_has_header_example_row_and_instructions(company):
    content = roster.roster_template(actor=company.users["shuji"])
    wb = openpyxl.load_workbook(io.BytesIO(content))
    sheet = wb["花名册"]
    assert [c.value for c in sheet[1]] == list(roster.TITLES)
    assert sheet["A2"].value == "张三"
    assert sheet["H2"].value == path_of(
        Unit.objects.restrict(company.users["shuji"], "change").order_by("-depth", "path").first()
    )
    notes = " ".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "中共预备党员" in notes and "技能操作" in notes and "2019.7.1" in notes
    # the template as downloaded (example row included) imports cleanly
    result = roster.roster_import(actor=company.users["shuji"], source=content, dry_run=True)
    assert messages(result) == []


# ---------------------------------------------------------------- no answer about people and places outside scope


def test_a_secretary_learns_nothing_of_an_id_card_or_number_held_outside_his_scope(company, make_row):
    outsider = company.users["outsider"].person
    assert outsider.id_card
    card_row = make_row(身份证号=outsider.id_card, 出生日期="")
    number_row = make_row(outsider.employee_no, 身份证号="", 政治面貌="群众", 党组织="", 入党日期="", 转正日期="")
    found = messages(run(company, [card_row], who="shuji", dry_run=True))
    assert found == [(2, "身份证号", "该身份证号无法使用，请联系党委组织部。")]
    found = messages(run(company, [number_row], who="shuji", dry_run=True))
    assert found == [(2, "工号", "该工号无法使用，请联系党委组织部。")]
    # The committee office, whose scope holds the person, is told who holds the card.
    found = messages(run(company, [card_row], who="dangwei", dry_run=True))
    assert found == [(2, "身份证号", f"该身份证号已被工号为 {outsider.employee_no} 的人员使用。")]
    assert messages(run(company, [number_row], who="dangwei", dry_run=True)) == []


def test_a_secretary_is_offered_only_places_in_his_scope(company, make_row, paths):
    everywhere = [p for p in tree_path_names(Unit) if p.endswith("/甲班")]
    assert len(everywhere) > 1
    result = run(company, [make_row(所在单位="甲班")], who="shuji", dry_run=True)
    text = " ".join(message for _, _, message in messages(result))
    outside = [p for p in everywhere if p != paths["team"]]
    assert not any(p in text for p in outside) and "炼钢厂" not in text
    # The office's scope holds every 甲班: it is asked to choose, with the candidates' paths.
    result = run(company, [make_row(所在单位="甲班")], who="dangwei", dry_run=True)
    text = " ".join(message for _, _, message in messages(result))
    assert "不唯一" in text and "炼钢厂" in text
    result = run(company, [make_row(党组织="炼钢厂第二党支部")], who="shuji", dry_run=True)
    assert (2, "党组织", f"在您的管理范围内找不到党组织“炼钢厂第二党支部”,{HINT}") in messages(result)
