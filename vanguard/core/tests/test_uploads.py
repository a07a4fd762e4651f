import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vanguard.core.uploads import check_upload

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def ooxml():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def upload(name, size=None, content=None):
    content = content if content is not None else JPEG + b"0" * max(0, (size or 0) - len(JPEG))
    return SimpleUploadedFile(name, content)


def test_one_limit_for_every_upload(settings):
    settings.UPLOAD_MAX_BYTES = 100
    assert check_upload(upload("现场.jpg", 100)).name == "现场.jpg"
    with pytest.raises(ValidationError, match="超过 0 MB"):
        check_upload(upload("现场.jpg", 101))
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    with pytest.raises(ValidationError) as err:
        check_upload(upload("大.pdf", content=b"%PDF-" + b"0" * (20 * 1024 * 1024)), field="file")
    assert err.value.message_dict == {"file": ["文件“大.pdf”超过 20 MB,请压缩或拆分后再上传。"]}


def test_types_by_kind():
    assert check_upload(upload("记录.DOCX", content=ooxml()))
    assert check_upload(upload("花名册.xlsx", content=ooxml()), "excel")
    with pytest.raises(ValidationError, match="请上传 Excel 或 CSV 文件"):
        check_upload(upload("花名册.txt", content=b"abc"), "excel")
    with pytest.raises(ValidationError, match="类型不支持"):
        check_upload(upload("run.exe", 1))
    assert check_upload(upload("a.zip", content=b"PK\x03\x04rest"), ("excel", "attachment"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("现场.png", b"<html><script>alert(1)</script></html>"),
        ("现场.jpg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("说明.txt", b"\xef\xbb\xbf<!DOCTYPE html><script>fetch('/api/v1/people/')</script>"),
        ("记录.pdf", b"\x89PNG\r\n\x1a\n"),  # a PNG named .pdf: not what it says
        ("记录.docx", b"PK\x03\x04 not an office document"),
        ("汇报.doc", b"plain text named .doc"),
    ],
)
def test_content_must_be_what_the_suffix_says_and_never_markup(name, content):
    with pytest.raises(ValidationError, match="内容与扩展名"):
        check_upload(upload(name, content=content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("现场.jpg", JPEG),
        ("签到表.pdf", b"%PDF-1.7\n"),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8),
        ("录像.mp4", b"\x00\x00\x00\x18ftypmp42"),
        ("说明.txt", "会议说明，共三项。".encode("gb18030")),
        ("名单.csv", "工号,姓名\n1001,张三\n".encode()),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8),
    ],
)
def test_real_files_of_each_family_pass(name, content):
    assert check_upload(upload(name, content=content))
