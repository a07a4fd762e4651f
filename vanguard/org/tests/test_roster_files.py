"""The roster files people really have: CSV in any encoding, other systems' headers, ID cards that
Excel turned into numbers, text kept as typed, re-imports that change nothing; and finding people
as they type their names (full pinyin)."""

import codecs
import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.org import roster
from vanguard.org.choices import MembershipStatus, PoliticalStatus
from vanguard.org.models import Person
from vanguard.org.validators import id_card_check_digit

from .test_roster import messages, roster_file
from .test_roster_pages import make_row  # noqa: F401 - fixture

NUMERIC_CARD = "身份证号被存成了数字，末尾几位已丢失，请把该列设为文本后重新填写"


def csv_bytes(rows, *, header=roster.TITLES, encoding="utf-8"):
    """A CSV file as Excel writes it: the header, then the rows (dicts by title), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(title, "") for title in header])
    if encoding == "utf-8-bom":
        return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
    return out.getvalue().encode(encoding)


def import_file(company, content, name="花名册.csv", who="dangwei", dry_run=False):
    upload = io.BytesIO(content)
    upload.name = name
    return roster.roster_import(actor=company.users[who], source=upload, dry_run=dry_run)


def valid_card(ending):
    """A valid ID card whose last characters are ``ending`` (``"000"``: what a number cell makes of a card)."""
    for day in range(1, 29):
        for seq in range(1000):
            first17 = f"120116199005{day:02d}{seq:03d}"
            card = first17 + id_card_check_digit(first17)
            if card.endswith(ending):
                return card
    raise AssertionError(f"no card ends in {ending}")


# ---------------------------------------------------------------- CSV in every encoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-bom", "gbk"])
def test_a_csv_roster_imports_in_utf8_with_or_without_bom_and_in_gbk(company, make_row, encoding):  # noqa: F811
    content = csv_bytes([make_row("N000001", 姓名="赵文静", 职务="工程师（助理）")], encoding=encoding)
    result = import_file(company, content)
    assert messages(result) == [] and (result.created, result.updated) == (1, 0)
    person = Person.objects.select_related("membership").get(employee_no="N000001")
    assert (person.name, person.position) == ("赵文静", "工程师（助理）")
    assert person.political_status == PoliticalStatus.MEMBER
    assert person.id_card == make_row("N000001")["身份证号"]


def test_the_page_previews_and_imports_a_gbk_csv(company, client_as, make_row):  # noqa: F811
    content = csv_bytes([make_row("N000001", 姓名="赵文静")], encoding="gbk")
    client = client_as("dangwei")
    page = client.post(reverse("roster-import"), {"file": SimpleUploadedFile("花名册.csv", content)}).content.decode()
    assert "检查通过" in page and not Person.objects.filter(employee_no="N000001").exists()
    token = page.split('name="upload" value="')[1].split('"')[0]
    assert token.endswith(".csv")
    client.post(reverse("roster-import"), {"upload": token})
    assert Person.objects.get(employee_no="N000001").name == "赵文静"


def test_a_csv_in_no_known_encoding_is_refused_and_nothing_is_written(company, api_as, make_row):  # noqa: F811
    content = csv_bytes([make_row("N000001")]) + b"\xff\xfe\xfa,\r\n"
    before = database_fingerprint()
    upload = SimpleUploadedFile("花名册.csv", content)
    response = api_as("dangwei").post("/api/v1/people/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert "文字编码无法识别" in message and "第 3 行" in message
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_hostile_files_are_refused_with_the_reason_and_nothing_is_written(company, client_as, settings):
    client = client_as("dangwei")
    before = database_fingerprint()
    binary = SimpleUploadedFile("花名册.csv", bytes(range(256)) * 100)
    assert "不是表格文件" in client.post(reverse("roster-import"), {"file": binary}).content.decode()
    huge = io.BytesIO(b"x" * (settings.UPLOAD_MAX_BYTES + 1))
    with pytest.raises(roster.ExcelError, match="超过 20 MB"):
        roster.roster_import(actor=company.users["dangwei"], source=huge)
    assert fingerprint_changes(before, database_fingerprint()) == []


# ---------------------------------------------------------------- other systems' headers


SYNONYMS = {
    "工号": "学工号",
    "党组织": "所在党支部",
    "政治面貌": "党籍状态",
    "入党日期": "入党时间",
    "身份证号": "身份证号码",
    "手机号": "手机号码",
    "学历": "最高学历",
}


def test_a_roster_exported_from_another_system_reads_by_its_own_headers(company, make_row, client_as):  # noqa: F811
    header = [SYNONYMS.get(title, title) for title in roster.TITLES] + ["籍贯", "备注"]
    full = make_row("N000001", 政治面貌="正式党员")
    probationary = make_row("N000002", 政治面貌="预备党员", 转正日期="")
    for row in (full, probationary):
        row.update({SYNONYMS.get(k, k): v for k, v in row.items()}, 籍贯="河北", 备注="x")
    content = roster_file([full, probationary], header=header)
    preview = import_file(company, content, name="花名册.xlsx", dry_run=True)
    assert messages(preview) == [] and preview.created == 2
    assert preview.unknown_columns == ["籍贯", "备注"]
    page = client_as("dangwei").post(reverse("roster-import"), {"file": SimpleUploadedFile("外系统.xlsx", content)})
    assert "以下列未识别，不会导入：籍贯、备注" in page.content.decode()
    import_file(company, content, name="花名册.xlsx")
    people = {p.employee_no: p for p in Person.objects.select_related("membership").filter(employee_no__startswith="N")}
    assert people["N000001"].political_status == PoliticalStatus.MEMBER  # not 群众
    assert people["N000001"].membership.status == MembershipStatus.FULL
    assert people["N000001"].membership.joined_on == date(2015, 7, 1)
    assert people["N000002"].political_status == PoliticalStatus.PROBATIONARY
    assert people["N000002"].membership.status == MembershipStatus.PROBATIONARY
    assert people["N000001"].membership.party_org == company.branch
    assert people["N000001"].phone == "13900000001" and people["N000001"].education == "bachelor"


def test_the_template_title_wins_over_a_synonym_in_the_same_file(company, make_row):  # noqa: F811
    row = make_row("N000001")
    header = ["员工编号", *roster.TITLES]
    content = roster_file([{**row, "员工编号": "OLD-1"}], header=header)
    result = import_file(company, content, name="花名册.xlsx", dry_run=True)
    assert messages(result) == [] and result.unknown_columns == ["员工编号"]
    assert Person.objects.filter(employee_no="OLD-1").count() == 0


# ---------------------------------------------------------------- numbers that lost their digits


def test_an_id_card_in_a_number_cell_is_refused_with_its_real_cause(company, make_row):  # noqa: F811
    zhigong = company.users["zhigong"].person
    number = float(zhigong.id_card[:15] + "000") if zhigong.id_card[-1] != "X" else 120116199005011000.0
    row = make_row(zhigong.employee_no, 姓名=zhigong.name, 身份证号=number)
    before = database_fingerprint()
    result = import_file(company, roster_file([row]), name="花名册.xlsx")
    assert [(e.column, e.message.rstrip("。")) for e in result.errors if e.column == "身份证号"] == [
        ("身份证号", NUMERIC_CARD)
    ]
    assert not result.written and fingerprint_changes(before, database_fingerprint()) == []
    assert Person.objects.get(pk=zhigong.pk).id_card == zhigong.id_card


def test_a_csv_id_card_in_scientific_notation_or_ending_in_000_is_refused(company, make_row):  # noqa: F811
    card = valid_card("000")
    rows = [make_row("N000001", 身份证号="1.20116E+17"), make_row("N000002", 身份证号=card)]
    before = database_fingerprint()
    result = import_file(company, csv_bytes(rows))
    cards = [(e.row, e.message) for e in result.errors if e.column == "身份证号"]
    assert [row for row, _ in cards] == [2, 3] and all(NUMERIC_CARD in m for _, m in cards)
    assert fingerprint_changes(before, database_fingerprint()) == []
    # The same card in an .xlsx text cell was typed as text: it is taken.
    assert messages(import_file(company, roster_file([make_row("N000002", 身份证号=card)]), name="a.xlsx")) == []
    # And a CSV re-read of the person who holds exactly that card is unchanged, not refused.
    again = import_file(company, csv_bytes([make_row("N000002", 身份证号=card)]))
    assert messages(again) == [] and again.unchanged == 1


def test_numbers_typed_into_number_cells_read_as_their_digits_or_are_refused_when_lost(company, make_row):  # noqa: F811
    row = make_row("N000001", 手机号=13900000001)
    row["工号"] = 1000001.0
    result = import_file(company, roster_file([row]), name="a.xlsx")
    assert messages(result) == []
    assert Person.objects.get(employee_no="1000001").phone == "13900000001"  # not "1000001.0"
    lost = make_row("N000002", 手机号="1.39E+10")
    result = import_file(company, csv_bytes([lost]))
    assert [(e.column, e.message) for e in result.errors] == [
        ("手机号", "手机号被存成了数字，末尾几位已丢失，请把该列设为文本后重新填写。")
    ]


# ---------------------------------------------------------------- text as typed, unchanged rows


def test_text_is_kept_as_typed_and_matches_places_whatever_their_brackets(company, make_row):  # noqa: F811
    row = make_row("N000001", 职务="工程师（助理）", 姓名="欧阳 娜")
    import_file(company, roster_file([row]), name="a.xlsx")
    person = Person.objects.get(employee_no="N000001")
    assert (person.position, person.name) == ("工程师（助理）", "欧阳 娜")
    company.team.name = "甲班（白班）"
    company.team.save()
    full_width = make_row("N000002", 所在单位=row["所在单位"].replace("甲班", "甲班(白班)"))
    assert messages(import_file(company, roster_file([full_width]), name="a.xlsx")) == []
    assert Person.objects.get(employee_no="N000002").unit_id == company.team.pk


def test_reimporting_unchanged_rows_reports_no_update_and_writes_nothing(company, make_row):  # noqa: F811
    rows = [
        make_row("N000001", 职务="工程师（助理）"),
        make_row("N000002", 民族="", 学历="", 手机号="", 出生日期="", 转正日期=""),
        make_row("N000003", 政治面貌="群众", 党组织="", 入党日期="", 转正日期=""),
    ]
    first = import_file(company, csv_bytes(rows, encoding="gbk"))
    assert messages(first) == [] and first.created == 3
    before = database_fingerprint()
    for content, name in ((csv_bytes(rows, encoding="gbk"), "a.csv"), (roster_file(rows), "a.xlsx")):
        again = import_file(company, content, name=name)
        assert messages(again) == [] and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    exported = roster.roster_export(queryset=Person.objects.filter(employee_no__startswith="N"), show_id_cards=True)
    again = import_file(company, exported, name="export.xlsx")
    assert (again.updated, again.unchanged) == (0, 3)
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_position_typed_on_the_page_survives_an_export_and_reimport(company):
    from vanguard.org import services

    zhigong = company.users["zhigong"].person
    services.person_update(actor=company.users["dangwei"], person=zhigong, data={"position": "工程师（助理）"})
    exported = roster.roster_export(queryset=Person.objects.filter(pk=zhigong.pk), show_id_cards=True)
    before = database_fingerprint()
    again = import_file(company, exported, name="export.xlsx")
    assert messages(again) == [] and (again.updated, again.unchanged) == (0, 1)
    assert Person.objects.get(pk=zhigong.pk).position == "工程师（助理）"
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_lower_case_x_in_an_id_card_is_not_a_change(company, make_row):  # noqa: F811
    card = valid_card("X")
    import_file(company, roster_file([make_row("N000001", 身份证号=card)]), name="a.xlsx")
    again = import_file(company, roster_file([make_row("N000001", 身份证号=card.lower())]), name="a.xlsx")
    assert messages(again) == [] and again.unchanged == 1


# ---------------------------------------------------------------- search as people type it


@pytest.fixture
def zhao(company, make_row):  # noqa: F811
    import_file(company, roster_file([make_row("N000001", 姓名="赵文静")]), name="a.xlsx")
    return Person.objects.get(employee_no="N000001")


def test_a_person_carries_full_pinyin_beside_initials(zhao):
    assert (zhao.name_initials, zhao.name_pinyin) == ("zwj", "zhaowenjing")


@pytest.mark.parametrize("typed", ["zhaowenjing", "zhaow", "ZhaoWen", "zhao wenjing", "zwj", "赵文"])
def test_the_person_list_finds_people_as_they_type_their_name(client_as, zhao, typed):
    page = client_as("shuji").get("/org/people/", {"q": typed}).content.decode()
    assert "N000001" in page


def test_the_api_people_search_takes_full_pinyin(api_as, zhao):
    api = api_as("shuji")
    for typed in ("zhaowenjing", "zhaow", "zwj"):
        found = api.get("/api/v1/people/", {"q": typed, "page_size": 500}).json()["results"]
        assert zhao.pk in {r["id"] for r in found}
    assert zhao.pk not in {r["id"] for r in api.get("/api/v1/people/", {"q": "wenjing"}).json()["results"]}


def test_renaming_a_person_renews_the_search_keys(company, zhao):
    from vanguard.org import services

    person = services.person_update(actor=company.users["dangwei"], person=zhao, data={"name": "吕思远"})
    assert (person.name_initials, person.name_pinyin) == ("lsy", "lvsiyuan")
    assert Person.objects.search("lvsi").filter(pk=zhao.pk).exists()


def test_role_assignments_are_found_by_the_holders_pinyin(client_as, company):
    shuji = company.users["shuji"].person
    page = client_as("dangwei").get("/org/roles/", {"q": shuji.name_pinyin[:5]}).content.decode()
    assert company.users["shuji"].username in page
