"""Opening table files: CSV in the encodings offices save, workbooks checked before they are read."""

import codecs
import io
import zipfile

import pytest

from vanguard.core.excel import ExcelError, read_table
from vanguard.core.tabular import identifier_cell, text_cell

from .test_excel import workbook_bytes

TITLES = ["姓名", "工号", "职务"]


def _rows(content, name="名单.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    table = read_table(upload, TITLES, required=["姓名"])
    return table, [values for _, values in table.records()]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("gbk"),
        lambda text: text.encode("gb18030"),
        lambda text: codecs.BOM_UTF16_LE + text.replace(",", "\t").encode("utf-16-le"),  # Excel's “Unicode 文本”
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-tab"],
)
def test_a_csv_file_reads_like_a_sheet_in_every_encoding_offices_save(encode):
    table, rows = _rows(encode("人员名单\r\n姓名,工号,职务\r\n赵文静,T100001,工程师（助理）\r\n"))
    assert table.kind == "csv" and table.header_row == 2
    assert rows == [{"姓名": "赵文静", "工号": "T100001", "职务": "工程师（助理）"}]


def test_a_gb18030_name_outside_gbk_survives():
    _, rows = _rows("姓名,工号\n王䶮,T1\n".encode("gb18030"))
    assert rows[0]["姓名"] == "王䶮"


def test_csv_separators_quotes_and_excel_text_cells():
    _, rows = _rows('sep=;\n姓名;工号;职务\n"李, 四";="00123";"说""明"\n'.encode())
    assert rows == [{"姓名": "李, 四", "工号": "00123", "职务": '说"明'}]
    _, rows = _rows("姓名\t工号\t职务\n张三\t1\t班长\n".encode())
    assert rows[0]["职务"] == "班长"


def test_a_file_in_no_known_encoding_is_refused_naming_the_line():
    content = "姓名,工号\n张三,1\n".encode() + b"\xff\xfe\xfa,2\n"
    with pytest.raises(ExcelError, match="第 3 行") as exc:
        _rows(content)
    assert "既不是 UTF-8，也不是 GBK/GB18030" in str(exc.value) and "名单.csv" in str(exc.value)


def test_binary_and_web_pages_renamed_to_csv_or_xls_are_refused_with_what_they_are():
    with pytest.raises(ExcelError, match="不是表格文件"):
        _rows(bytes(range(256)) * 40, "照片.csv")
    with pytest.raises(ExcelError, match="网页（HTML）"):
        _rows("<html><table><tr><td>姓名</td></tr></table></html>".encode(), "导出.xls")
    with pytest.raises(ExcelError, match="是空的"):
        _rows(b"  \n", "空.csv")


def test_other_zip_files_are_named_not_opened():
    for member, what in (("content.xml", "OpenDocument"), ("word/document.xml", "Word 文档"), ("a.txt", "压缩包")):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(member, "x")
        with pytest.raises(ExcelError, match=what):
            _rows(out.getvalue(), "名单.xlsx")


def _with_sheet_xml(extra_rows=b"", padding=0):
    """The openpyxl workbook with rows added at the end of its first sheet, and optional padding."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([TITLES, ["张三", "1", "班长"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", extra_rows + b"</sheetData>" + b" " * padding)
            archive.writestr(info, data)
    return out.getvalue()


def test_a_sheet_spanning_millions_of_cells_is_refused_before_it_is_opened():
    # Two cells, A1 and XFD1048576: the reader would allocate the whole rectangle and abort the process.
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    with pytest.raises(ExcelError, match="工作表范围过大"):
        _rows(_with_sheet_xml(far), "名单.xlsx")
    # The same with cells that carry no reference: their place follows the previous one.
    row = b'<row r="1048576">' + b"<c/>" * 20 + b"</row>"
    with pytest.raises(ExcelError, match="工作表范围过大"):
        _rows(_with_sheet_xml(row), "名单.xlsx")
    _, rows = _rows(_with_sheet_xml(b'<row r="40"><c r="C40" t="inlineStr"><is><t>x</t></is></c></row>'), "名单.xlsx")
    assert rows[0]["姓名"] == "张三"


def test_a_zip_bomb_is_refused_by_what_it_unpacks_to(settings):
    settings.TABLE_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = _with_sheet_xml(padding=3 * 1024 * 1024)
    assert len(bomb) < 100 * 1024  # small on disk
    with pytest.raises(ExcelError, match="解压后超过 2 MB"):
        _rows(bomb, "名单.xlsx")


def test_a_file_over_the_upload_limit_is_refused_unread(settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    path = tmp_path / "大.csv"
    path.write_bytes(("姓名,工号\n" + "张三,1\n" * 200_000).encode())
    with pytest.raises(ExcelError, match="超过 1 MB"):
        read_table(path, TITLES)


def test_a_csv_spanning_too_many_cells_is_refused(settings):
    settings.TABLE_MAX_CELLS = 1000
    with pytest.raises(ExcelError, match="超过 1,000 个单元格"):
        _rows(("姓名,工号,职务\n" + "张三,1,班长\n" * 400).encode())


def test_text_cells_are_kept_as_typed_and_identifiers_say_when_digits_were_lost():
    assert text_cell("\u3000工程师（助理） ") == "工程师（助理）"
    assert text_cell("'=SUM(A1)") == "=SUM(A1)"
    assert identifier_cell(100001.0) == ("100001", False)
    assert identifier_cell(13900000001) == ("13900000001", False)
    assert identifier_cell(120116199005011000.0)[1] is True
    assert identifier_cell("1.20116E+17")[1] is True
    assert identifier_cell("'120116199005011234") == ("120116199005011234", False)
    assert identifier_cell("１００００１") == ("100001", False)
