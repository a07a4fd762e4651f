"""Import limits: rows capped before a table is read, hostile workbooks refused within a memory limit."""

import io
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest

from vanguard.core.excel import ExcelError, read_table
from vanguard.core.imports import ImportErrors, error_summary

from .test_tabular import TITLES, _rows, _with_sheet_xml

MEMORY_LIMIT = 400 * 1024 * 1024


def near_empty_rows(count):
    """A small CSV file of ``count`` rows holding a comma or two (1.5 MB for 300,000 rows)."""
    return ("姓名,工号,职务\n" + "x,,\n" * count).encode()


def test_a_file_of_300000_near_empty_rows_is_refused_quickly():
    content = near_empty_rows(300_000)
    assert len(content) < 1_500_000
    started = time.monotonic()
    with pytest.raises(ExcelError, match="超过 50,000 行"):
        _rows(content)
    assert time.monotonic() - started < 3


def test_the_row_limit_is_a_setting_and_counts_workbook_rows_before_opening(settings):
    settings.IMPORT_MAX_ROWS = 30
    _, rows = _rows(near_empty_rows(28))
    assert len(rows) == 28
    with pytest.raises(ExcelError, match="超过 30 行"):
        _rows(near_empty_rows(30))
    far = b'<row r="31"><c r="A31" t="inlineStr"><is><t>x</t></is></c></row>'
    with pytest.raises(ExcelError, match="超过 30 行"):
        _rows(_with_sheet_xml(far), "名单.xlsx")
    # A row element holding no cell (a formatted empty row) does not count.
    _, rows = _rows(_with_sheet_xml(b'<row r="5000" ht="20" customHeight="1"/>'), "名单.xlsx")
    assert rows[0]["姓名"] == "张三"


def _deflate_bomb(path, megabytes):
    """A workbook whose sheet unpacks to ``megabytes`` MB of blanks, written without holding them."""
    source = zipfile.ZipFile(io.BytesIO(_with_sheet_xml()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, data)
                continue
            with archive.open(info.filename, "w", force_zip64=True) as member:
                member.write(data)
                blank = b" " * (1024 * 1024)
                for _ in range(megabytes):
                    member.write(blank)


_READ_UNDER_LIMIT = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    import django
    django.setup()
    from vanguard.core.excel import ExcelError, read_table
    for path in sys.argv[1:]:
        try:
            read_table(path, {titles!r})
        except ExcelError as exc:
            print("refused", path, exc)
        else:
            print("read", path)
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_hostile_files_are_refused_under_a_memory_limit_instead_of_killing_the_process(tmp_path):
    far = tmp_path / "远端单元格.xlsx"
    far.write_bytes(_with_sheet_xml(b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'))
    bomb = tmp_path / "压缩炸弹.xlsx"
    _deflate_bomb(bomb, 300)
    rows = tmp_path / "空行.csv"
    rows.write_bytes(near_empty_rows(300_000))
    assert far.stat().st_size < 10_000 and bomb.stat().st_size < 1_000_000
    script = _READ_UNDER_LIMIT.format(limit=MEMORY_LIMIT, titles=TITLES)
    done = subprocess.run(
        [sys.executable, "-c", script, str(far), str(bomb), str(rows)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "vanguard.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("refused") for line in lines), done.stdout
    assert "工作表范围过大" in lines[0] and "解压后超过" in lines[1] and "超过 50,000 行" in lines[2]


def test_an_answer_lists_the_first_errors_and_counts_them_all(settings):
    settings.IMPORT_MAX_ERRORS = 3
    errors = [(row, "错误") for row in range(10)]
    assert error_summary(errors) == {"errors": errors[:3], "error_count": 10}

    class Result(ImportErrors):
        def __init__(self, errors):
            self.errors = errors

    result = Result(errors)
    assert (result.error_count, len(result.errors_shown), result.errors_hidden) == (10, 3, 7)


def test_reading_a_path_works_under_the_row_limit(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes("姓名,工号,职务\n张三,1,班长\n".encode())
    assert read_table(path, TITLES).count() == 1
