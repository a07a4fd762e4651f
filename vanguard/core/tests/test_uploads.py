import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from vanguard.core.uploads import check_upload


def upload(name, size):
    return SimpleUploadedFile(name, b"0" * size)


def test_one_limit_for_every_upload(settings):
    settings.UPLOAD_MAX_BYTES = 100
    assert check_upload(upload("现场.jpg", 100)).name == "现场.jpg"
    with pytest.raises(ValidationError, match="超过 0 MB"):
        check_upload(upload("现场.jpg", 101))
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    with pytest.raises(ValidationError) as err:
        check_upload(upload("大.pdf", 20 * 1024 * 1024 + 1), field="file")
    assert err.value.message_dict == {"file": ["文件“大.pdf”超过 20 MB,请压缩或拆分后再上传。"]}


def test_types_by_kind():
    assert check_upload(upload("记录.DOCX", 1))
    assert check_upload(upload("花名册.xlsx", 1), "excel")
    with pytest.raises(ValidationError, match="请上传 Excel 或 CSV 文件"):
        check_upload(upload("花名册.txt", 1), "excel")
    with pytest.raises(ValidationError, match="类型不支持"):
        check_upload(upload("run.exe", 1))
    assert check_upload(upload("a.zip", 1), ("excel", "attachment"))
