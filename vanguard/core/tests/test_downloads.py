from urllib.parse import unquote

import pytest

from vanguard.core.downloads import content_disposition, file_response


def test_a_chinese_filename_is_sent_in_both_forms():
    response = file_response(b"data", "会议台账-20260615.xlsx", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename=\"-20260615.xlsx\"; filename*=UTF-8''")
    assert unquote(header.split("UTF-8''")[1]) == "会议台账-20260615.xlsx"
    assert response.content == b"data"


def test_unsafe_characters_never_reach_the_header():
    header = content_disposition('责任书 "甲/乙"\r\n;.docx')
    assert "\r" not in header and "\n" not in header
    encoded = header.split("UTF-8''")[1]
    assert all(c.isalnum() or c in "%-._~" for c in encoded)
    assert unquote(encoded) == "责任书 _甲_乙_;.docx"


def test_ascii_names_and_kinds():
    assert (
        content_disposition("report.pdf", inline=True) == "inline; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
    )
    assert file_response(b"a,b", "x.csv", "csv")["Content-Type"] == "text/csv; charset=utf-8"
    assert file_response(b"", "x.docx", "docx")["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="download.xlsx"' in content_disposition("花名册.xlsx")
    with pytest.raises(ValueError):
        file_response(b"", "x.exe", "exe")
