"""Papers fit to sign and file: templates, Chinese typesetting, PDF conversion, the office's own templates."""

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.oxml.ns import qn

from vanguard.campaigns.models import ResponsibilityLetter
from vanguard.core import documents
from vanguard.core.dates import chinese_date
from vanguard.core.models import AuditEvent, DocumentTemplate
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.core.typography import ascii_punctuation_in_chinese, cjk_punctuation, join_names
from vanguard.orglife.models import Meeting
from vanguard.projects.choices import COMPLETED_STATUSES
from vanguard.projects.models import Project

ROOT = Path(__file__).resolve().parents[3]
KEYS = (
    "campaigns.letter", "orglife.meeting_record", "projects.application", "projects.completion",
    "voices.suggestion_form", "voices.rectification_notice", "voices.closure", "evaluations.results",
    "evaluations.support_plan",
)  # fmt: skip
needs_converter = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None)
    and not os.environ.get("VANGUARD_REQUIRE_PDF"),
    reason="LibreOffice (libreoffice-writer-nogui) or poppler-utils missing; .ci/run installs them",
)


# ---------------------------------------------------------------- dates and punctuation


def test_chinese_dates_have_no_leading_zeros_and_read_the_local_day():
    assert chinese_date(date(2026, 6, 1)) == "2026年6月1日"
    assert chinese_date(date(2026, 12, 31)) == "2026年12月31日"
    # 17:30 UTC on 31 May is already 1 June in Beijing.
    assert chinese_date(datetime(2026, 5, 31, 17, 30, tzinfo=UTC)) == "2026年6月1日"
    assert chinese_date(None) == "    年  月  日"


def test_ascii_punctuation_touching_chinese_becomes_full_width():
    assert cjk_punctuation("甲方(下达方):轧管厂") == "甲方（下达方）：轧管厂"
    assert (
        cjk_punctuation("岗位降本(计入 7.2 万元,2026年6月1日);下一项")
        == "岗位降本（计入 7.2 万元，2026年6月1日）；下一项"
    )
    assert cjk_punctuation("20万元(越高越好)") == "20万元（越高越好）"
    # Between Latin letters and digits it stays as typed.
    assert cjk_punctuation("Q235(H) 1,234.5 10:30") == "Q235(H) 1,234.5 10:30"
    assert cjk_punctuation("钢种 Q235(H)") == "钢种 Q235(H)"


def test_names_are_joined_without_doubling_the_shared_word():
    assert join_names("机关党支部", "支部党员大会") == "机关党支部党员大会"
    assert join_names("第一党小组", "党小组会") == "第一党小组会"
    assert join_names("公司党委", "中心组学习") == "公司党委中心组学习"


# ---------------------------------------------------------------- the templates in the repository


def test_the_committed_templates_are_what_the_script_builds():
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "scripts" / "build_docx_templates.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", KEYS)
def test_a_template_is_a4_with_official_margins_page_numbers_fonts_and_fixed_tables(key):
    data = documents.get_kind(key).default.read_bytes()
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [37, 35, 28, 26]
    footer = section.footer._element.xml
    assert "PAGE" in footer and "— " in footer and " —" in footer
    east_asia = {s.name: s.element.rPr.rFonts.get(qn("w:eastAsia")) for s in doc.styles if s.type == 1 and s.element.rPr is not None and s.element.rPr.rFonts is not None}  # fmt: skip
    assert east_asia["Normal"] == "仿宋_GB2312" and east_asia["一级标题"] == "黑体"
    assert east_asia["表格文字"] == "宋体" and east_asia["文书标题"] == "方正小标宋简体"
    for table in doc.tables:
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(grid) and sum(grid) <= 8850  # within the 156 mm of text width
        for cell in table._tbl.iter(qn("w:tc")):
            assert cell.tcPr.find(qn("w:tcW")).get(qn("w:type")) == "dxa"
    fixed_text = re.sub(r"\{[{%].*?[}%]\}", "", documents.docx_text(data))
    assert ascii_punctuation_in_chinese(fixed_text) == []


def test_each_registered_document_renders_its_sample_and_lists_its_variables():
    assert sorted(k.key for k in documents.kinds()) == sorted(KEYS)
    for kind in documents.kinds():
        assert set(kind.sample()) == set(kind.variables), kind.key
        assert documents.docx_text(documents._render(kind.default.read_bytes(), kind.sample()))


# ---------------------------------------------------------------- the four papers from real records


def _urls():
    letter = ResponsibilityLetter.objects.order_by("id").first()
    meeting = Meeting.objects.filter(attendances__isnull=False, kind="general").order_by("id").first()
    project = Project.objects.filter(status__in=COMPLETED_STATUSES).order_by("id").first()
    title = cjk_punctuation(project.title)  # 攻关(0004) is typeset 攻关（0004）
    return {
        "责任书": (f"/campaigns/letters/{letter.pk}/", ["目标责任书", "甲方（下达方）", letter.issuer_org.name]),
        "会议记录": (
            f"/orglife/meetings/{meeting.pk}/",
            ["会议记录", "主持人（签字）", cjk_punctuation(meeting.title)],
        ),
        "申报表": (f"/projects/{project.pk}/application.", ["申报表", "申报人（签字）", "支部意见", "盖章"]),
        "结项报告": (f"/projects/{project.pk}/completion.", ["结项报告", "验收意见", "验收人（签字）", title]),
    }


def _docx_url(base):
    return base + ("docx" if base.endswith(".") else "word/")


def _pdf_url(base):
    return base + ("pdf" if base.endswith(".") else "pdf/")


def test_every_word_paper_uses_full_width_punctuation_and_chinese_dates(client_as, company):
    client = client_as("admin")
    for name, (base, expected) in _urls().items():
        response = client.get(_docx_url(base))
        assert response.status_code == 200, name
        text = documents.docx_text(response.content)
        assert all(part in text for part in expected), (name, expected)
        assert ascii_punctuation_in_chinese(text) == [], name
        assert not re.search(r"\d{4}-\d{2}-\d{2}|年0\d月|月0\d日", text), name


def _pdf_pages(pdf: bytes, tmp_path) -> tuple[list[str], str]:
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True).stdout  # noqa: S603,S607
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout  # noqa: S603,S607
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout  # noqa: S603,S607
    return sizes, text, fonts


@needs_converter
def test_every_paper_downloads_as_an_a4_pdf_with_its_chinese_text(client_as, company, tmp_path):
    client = client_as("admin")
    for name, (base, expected) in _urls().items():
        response = client.get(_pdf_url(base))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        assert response.content.startswith(b"%PDF"), name
        sizes, text, fonts = _pdf_pages(response.content, tmp_path)
        assert sizes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in sizes), (name, sizes)
        flat = re.sub(r"\s+", "", text)
        assert all(re.sub(r"\s+", "", part) in flat for part in expected), (name, expected)
        assert "—1—" in flat, name  # the page number
        # No tofu: every font is embedded, and the Chinese is set in Noto CJK.
        rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all("yes" in row[-5:-3] for row in rows), fonts
        assert "NotoSerifCJK" in fonts, fonts
        assert not re.search(r"(?i)droid|wenquanyi|unifont|lastresort", fonts), fonts


@pytest.mark.django_db
def test_a_missing_converter_says_so_in_chinese_and_goes_back(client_as, company, settings):
    settings.DOCUMENT_PDF_SOFFICE = "/nonexistent/soffice"
    project = Project.objects.order_by("id").first()
    response = client_as("admin").get(f"/projects/{project.pk}/application.pdf", follow=True)
    assert response.redirect_chain[-1][0] == f"/projects/{project.pk}/"
    text = response.content.decode()
    assert "未安装 PDF 转换程序" in text and "libreoffice-writer-nogui" in text


def test_a_conversion_that_hangs_is_stopped_at_the_time_limit(settings, tmp_path):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    settings.DOCUMENT_PDF_SOFFICE, settings.DOCUMENT_PDF_TIMEOUT, settings.VAR_DIR = str(slow), 1, tmp_path
    with pytest.raises(documents.DocumentError, match="超过 1 秒"):
        documents.docx_to_pdf(b"not read")


def test_conversions_wait_for_a_free_slot_and_give_up_with_a_message(settings, tmp_path):
    import fcntl

    settings.VAR_DIR, settings.DOCUMENT_PDF_CONCURRENCY, settings.DOCUMENT_PDF_QUEUE_SECONDS = tmp_path, 1, 0
    (tmp_path / "pdf-slots").mkdir()
    with open(tmp_path / "pdf-slots" / "slot-0.lock", "w") as busy:
        fcntl.flock(busy, fcntl.LOCK_EX)  # another process converting
        with pytest.raises(documents.DocumentError, match="稍后"), documents._conversion_slot():
            pass
    with documents._conversion_slot():
        pass  # free again


# ---------------------------------------------------------------- the office's own templates (admin)


def _edited_letter_template() -> bytes:
    doc = Document(io.BytesIO(documents.get_kind("campaigns.letter").default.read_bytes()))
    doc.add_paragraph("本责任书由党委组织部统一印制。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _upload(client, data, name="责任书模板.docx", key="campaigns.letter"):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        "/django-admin/core/documenttemplate/add/", {"key": key, "file": upload, "note": "2027年版", "activate": "on"}
    )


def _letter_text(client):
    letter = ResponsibilityLetter.objects.order_by("id").first()
    return documents.docx_text(client.get(f"/campaigns/letters/{letter.pk}/word/").content)


def test_the_office_replaces_a_template_in_the_admin_and_switches_back(client_as, company, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = client_as("admin")
    assert "本责任书由党委组织部统一印制" not in _letter_text(admin)
    listing = admin.get("/django-admin/core/documenttemplate/").content.decode()
    assert "系统默认模板" in listing and "campaign_title" in listing
    default = admin.get("/django-admin/core/documenttemplate/default/campaigns.letter/")
    assert default.content == documents.get_kind("campaigns.letter").default.read_bytes()

    response = _upload(admin, _edited_letter_template())
    assert response.status_code == 302, response.content.decode()[:2000]
    template = DocumentTemplate.objects.get()
    assert template.active and template.uploaded_by == company.users["admin"]
    assert AuditEvent.objects.filter(action="document_template.upload", object_id=str(template.pk)).exists()
    assert "本责任书由党委组织部统一印制" in _letter_text(admin)

    second = _upload(admin, _edited_letter_template())
    assert second.status_code == 302, re.findall(r"errorlist[^<]*<li>([^<]*)", second.content.decode())
    assert DocumentTemplate.objects.filter(active=True).count() == 1  # the newer one replaced the first

    for row in DocumentTemplate.objects.filter(active=True):
        admin.post(f"/django-admin/core/documenttemplate/{row.pk}/change/", {"note": row.note, "active": ""})
    assert not DocumentTemplate.objects.filter(active=True).exists()
    assert AuditEvent.objects.filter(action="document_template.deactivate").exists()
    assert "本责任书由党委组织部统一印制" not in _letter_text(admin)  # the repository's template again


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def _with_document_xml(transform, add=None) -> bytes:
    """The repository's letter template with its body changed by ``transform`` (and parts added)."""
    source = documents.get_kind("campaigns.letter").default.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/document.xml"] = transform(parts["word/document.xml"].decode()).encode()
    return _zip({**parts, **(add or {})})


BROKEN = {
    "not a zip": (b"just text, renamed to .docx", "不是 Word 文档"),
    "a zip without a document": (_zip({"hello.txt": b"hi"}), "不是 Word 文档"),
    "a placeholder that does not parse": (
        _with_document_xml(lambda xml: xml.replace("{{ campaign_title }}", "{{ campaign_title( }}")),
        "占位符有误",
    ),
    "an unknown variable": (
        _with_document_xml(lambda xml: xml.replace("{{ campaign_title }}", "{{ campaign_titel }}")),
        "占位符有误",
    ),
    "a loop that counts to a million": (
        _with_document_xml(
            lambda xml: xml.replace("{{ campaign_title }}", "{% for i in range(1000000) %}x{% endfor %}")
        ),
        "不安全",
    ),
    "an entity declaration": (
        _with_document_xml(lambda xml: xml.replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)),
        "DOCTYPE",
    ),
    "a macro document": (_with_document_xml(lambda xml: xml, add={"word/vbaProject.bin": b"\0" * 64}), "宏"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_or_hostile_template_is_refused_and_changes_nothing(client_as, company, settings, tmp_path, case):
    settings.MEDIA_ROOT = tmp_path
    data, message = BROKEN[case]
    admin = client_as("admin")
    before = database_fingerprint()
    response = _upload(admin, data)
    assert response.status_code == 200 and message in response.content.decode(), case
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert not any(tmp_path.rglob("*.docx")), "nothing stored"


def test_a_huge_template_is_refused_before_it_is_read(client_as, company, settings, tmp_path):
    settings.MEDIA_ROOT, settings.DOCUMENT_TEMPLATE_MAX_BYTES = tmp_path, 1024 * 1024
    before = database_fingerprint()
    response = _upload(client_as("admin"), b"PK" + b"\0" * (2 * 1024 * 1024))
    assert "模板文件超过 1 MB" in response.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_committee_office_keeps_the_templates_in_the_admin_without_being_staff(
    client_as, company, settings, tmp_path
):
    from vanguard.core.testing import database_fingerprint, fingerprint_changes

    settings.MEDIA_ROOT = tmp_path
    office = client_as("dangwei")
    assert not company.users["dangwei"].is_staff
    index = office.get("/django-admin/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "/django-admin/core/documenttemplate/" in html and "/django-admin/core/calendarday/" in html
    assert "/django-admin/core/auditevent/" not in html  # the rest of the admin stays the administrator's
    assert office.get("/django-admin/core/auditevent/").status_code == 403
    assert _upload(office, _edited_letter_template()).status_code == 302
    assert DocumentTemplate.objects.get().uploaded_by == company.users["dangwei"]
    # A branch secretary is not let in, and his upload changes nothing.
    secretary = client_as("shuji")
    assert secretary.get("/django-admin/").status_code == 302
    before = database_fingerprint()
    assert _upload(secretary, _edited_letter_template()).status_code == 302  # to the admin's login page
    assert fingerprint_changes(before, database_fingerprint()) == []
