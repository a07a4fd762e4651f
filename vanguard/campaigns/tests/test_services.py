"""Services: the loop's writes, and bad input answered in Chinese with nothing written."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vanguard.campaigns import services
from vanguard.campaigns.choices import CampaignStatus, LetterStatus, Rating, ReportStatus
from vanguard.campaigns.excel import IMPORT_TITLES, target_import
from vanguard.campaigns.models import CommitmentCheck, ProgressReport, ResponsibilityLetter, Target
from vanguard.core.excel import write_table
from vanguard.core.exceptions import ConcurrentEditError, ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint

from .factories import D, make_campaign, make_root, split

YESTERDAY = timezone.localdate() - timedelta(days=1)


@pytest.fixture
def loop(company):
    campaign = make_campaign(company)
    root = make_root(company, campaign)
    branch = split(company, root, [{"owner_org": company.branch, "target_value": 60, "title": "支部降本"}])[0]
    mine = split(
        company,
        branch,
        [{"owner_person": company.users["dangyuan"].person, "target_value": 20, "title": "岗位降本"}],
        actor="shuji",
    )[0]
    return {"campaign": campaign, "root": root, "branch": branch, "mine": mine}


def test_only_the_committee_office_creates_campaigns(company):
    with pytest.raises(ScopeError):
        services.campaign_create(
            actor=company.users["shuji"], title="x", starts_on=YESTERDAY, ends_on=YESTERDAY, organiser=company.branch
        )


def test_the_secretary_splits_his_branch_target_but_not_another(company, loop):
    other = split(company, loop["root"], [{"owner_org": company.other_branch, "target_value": 10}])[0]
    with pytest.raises(ScopeError):
        services.target_decompose(
            actor=company.users["shuji"], parent=other, rows=[{"owner_org": company.other_branch, "target_value": 5}]
        )


def test_an_allocation_above_the_parent_is_refused_and_nothing_is_written(company, loop):
    count = Target.objects.count()
    with pytest.raises(ValidationError) as err:
        services.target_decompose(
            actor=company.users["shuji"],
            parent=loop["branch"],
            rows=[
                {"owner_person": company.users["shuji"].person, "target_value": 30},
                {"owner_person": company.users["zhigong"].person, "target_value": 20},
            ],
        )
    assert "超过上级目标 60万元" in err.value.messages[0]
    assert Target.objects.count() == count


def test_an_allocation_short_of_the_parent_is_a_warning(company, loop):
    _, check = services.target_decompose(
        actor=company.users["shuji"],
        parent=loop["branch"],
        rows=[{"owner_person": company.users["shuji"].person, "target_value": 10}],
    )
    assert check.warnings == ["分解合计 30万元 未覆盖上级目标 60万元(差 30万元)。"]


def test_a_bad_row_in_a_breakdown_names_the_row_and_writes_nothing(company, loop):
    count = Target.objects.count()
    with pytest.raises(ValidationError) as err:
        services.target_decompose(
            actor=company.users["shuji"],
            parent=loop["branch"],
            rows=[
                {"owner_person": company.users["shuji"].person, "target_value": 5},
                {"owner_person": company.users["zhigong"].person, "target_value": "五万"},
            ],
        )
    assert err.value.messages == ["第 2 行:目标值“五万”不是有效的数字,请只填写数字(如 12.5)。"]
    assert Target.objects.count() == count


def test_the_owner_reports_and_the_branch_secretary_accepts(company, loop):
    report = services.report_submit(
        actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value="12.5", narrative="辅料回收"
    )
    assert report.status == ReportStatus.SUBMITTED
    services.report_accept(actor=company.users["shuji"], report=report, note="属实")
    mine, root = Target.objects.get(pk=loop["mine"].pk), Target.objects.get(pk=loop["root"].pk)
    assert mine.actual_value == D("12.5") and root.actual_value == D("12.5")
    assert AuditEvent.objects.filter(action="progress_report.accept", object_id=str(report.pk)).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "实际值“abc”不是有效的数字,请只填写数字(如 12.5)。"), ("", "请填写实际值或工作进展。")],
)
def test_a_report_needs_a_number(company, loop, value, message):
    with pytest.raises(ValidationError) as err:
        services.report_submit(actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value=value)
    assert err.value.messages == [message]
    assert not ProgressReport.objects.filter(target=loop["mine"]).exists()


def test_only_the_owner_reports(company, loop):
    with pytest.raises(ScopeError, match="只有该目标的责任人可以填报进展"):
        services.report_submit(actor=company.users["zhigong"], target=loop["mine"], period=YESTERDAY, value=1)


def test_no_report_outside_the_period_or_on_a_closed_campaign(company, loop):
    campaign = loop["campaign"]
    with pytest.raises(ValidationError, match="填报期应在活动期间"):
        services.report_submit(
            actor=company.users["dangyuan"], target=loop["mine"], period=campaign.starts_on - timedelta(days=1), value=1
        )
    services.campaign_close(actor=company.users["dangwei"], campaign=campaign)
    with pytest.raises(ValidationError, match="已结束,不能填报进展"):
        services.report_submit(actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value=1)


def test_a_decomposed_target_is_reported_below(company, loop):
    with pytest.raises(ValidationError, match="进度由下级目标汇总"):
        services.report_submit(actor=company.users["shuji"], target=loop["branch"], period=YESTERDAY, value=1)


def test_a_return_needs_a_reason_and_a_report_is_reviewed_once(company, loop):
    report = services.report_submit(actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value=3)
    with pytest.raises(ValidationError, match="退回时请写明原因"):
        services.report_return(actor=company.users["shuji"], report=report, note="")
    services.report_return(actor=company.users["shuji"], report=report, note="请附佐证")
    with pytest.raises(ConcurrentEditError, match="已被他人审核"):
        services.report_accept(actor=company.users["shuji"], report=report)
    assert Target.objects.get(pk=loop["mine"].pk).actual_value is None


def test_a_member_cannot_accept_reports(company, loop):
    report = services.report_submit(actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value=3)
    with pytest.raises(ScopeError):
        services.report_accept(actor=company.users["dangyuan"], report=report)


def test_a_stale_edit_is_detected(company, loop):
    target = loop["mine"]
    services.target_update(
        actor=company.users["shuji"],
        target=Target.objects.get(pk=target.pk),
        data={"standard": "每月回收辅料"},
        expected_version=target.version,
    )
    with pytest.raises(ConcurrentEditError):
        services.target_update(
            actor=company.users["shuji"],
            target=Target.objects.get(pk=target.pk),
            data={"standard": "另一人的修改"},
            expected_version=target.version,
        )
    assert Target.objects.get(pk=target.pk).standard == "每月回收辅料"


def test_letters_are_issued_once_per_owner_and_acknowledged_with_time(company, loop):
    letters = services.letter_bulk_issue(actor=company.users["shuji"], campaign=loop["campaign"], under=loop["branch"])
    assert [letter.recipient_person for letter in letters] == [company.users["dangyuan"].person]
    assert letters[0].issuer_org == company.branch
    assert (
        services.letter_bulk_issue(actor=company.users["shuji"], campaign=loop["campaign"], under=loop["branch"]) == []
    )
    with pytest.raises(ScopeError):
        services.letter_acknowledge(actor=company.users["zhigong"], letter=letters[0])
    letter = services.letter_acknowledge(actor=company.users["dangyuan"], letter=letters[0])
    assert letter.status == LetterStatus.ACKNOWLEDGED and letter.acknowledged_at is not None
    with pytest.raises(ValidationError, match="已于"):
        services.letter_acknowledge(actor=company.users["dangyuan"], letter=letter)


def test_the_letter_is_a_word_document_with_both_parties_and_the_targets(company, loop):
    from docx import Document

    from vanguard.campaigns.letters_docx import LETTER, letter_context
    from vanguard.core.documents import render

    letter = services.letter_bulk_issue(actor=company.users["shuji"], campaign=loop["campaign"], under=loop["branch"])[
        0
    ]
    doc = Document(io.BytesIO(render(LETTER, letter_context(ResponsibilityLetter.objects.get(pk=letter.pk)))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"甲方（下达方）：{company.branch.name}" in text
    assert f"乙方（责任方）：{company.users['dangyuan'].person.name}" in text
    cells = [c.text for c in doc.tables[0].rows[1].cells]
    assert cells[1] == "岗位降本" and cells[3].startswith("20万元")


def test_commitments_are_checked_once_per_half_year(company, loop):
    commitment = services.commitment_create(
        actor=company.users["dangyuan"],
        campaign=loop["campaign"],
        person=company.users["dangyuan"].person,
        content="每月一条建议",
        due_date=loop["campaign"].ends_on,
    )
    with pytest.raises(ScopeError):
        services.commitment_check_record(
            actor=company.users["dangyuan"],
            commitment=commitment,
            period=YESTERDAY,
            result="自评",
            rating=Rating.EXCELLENT,
        )
    services.commitment_check_record(
        actor=company.users["shuji"], commitment=commitment, period=YESTERDAY, result="完成", rating=Rating.GOOD
    )
    services.commitment_check_record(
        actor=company.users["shuji"],
        commitment=commitment,
        period=YESTERDAY,
        result="完成并超额",
        rating=Rating.EXCELLENT,
    )
    check = CommitmentCheck.objects.get(commitment=commitment)
    assert check.rating == Rating.EXCELLENT and check.period.day == 1 and check.period.month in (1, 7)


def test_a_member_cannot_commit_for_someone_else(company, loop):
    with pytest.raises(ScopeError):
        services.commitment_create(
            actor=company.users["dangyuan"],
            campaign=loop["campaign"],
            person=company.users["shuji"].person,
            content="x",
            due_date=YESTERDAY,
        )


def test_a_members_own_commitment_names_no_org_outside_her_own(company, loop):
    dangyuan = company.users["dangyuan"]
    pledge = {"actor": dangyuan, "campaign": loop["campaign"], "person": dangyuan.person, "content": "x"}
    before = database_fingerprint()
    with pytest.raises(ScopeError):
        services.commitment_create(**pledge, org=company.other_branch, due_date=loop["campaign"].ends_on)
    assert database_fingerprint() == before
    own = services.commitment_create(**pledge, org=company.branch, due_date=loop["campaign"].ends_on)
    assert own.org == company.branch


def _sheet(rows):
    return io.BytesIO(write_table(columns=IMPORT_TITLES, rows=rows))


def test_an_excel_breakdown_is_all_or_nothing(company, loop):
    branch = loop["branch"]
    zhigong = company.users["zhigong"].person
    good = [branch.pk, "设备降耗", "", zhigong.employee_no, "", "", "", "10", "", "", "", "", ""]
    bad = [branch.pk, "能耗", "", "T999999", "", "", "", "十", "", "", "", "", ""]
    count = Target.objects.count()
    result = target_import(actor=company.users["shuji"], campaign=loop["campaign"], source=_sheet([good, bad]))
    assert not result.ok and Target.objects.count() == count
    assert {line for line, _ in result.errors} == {3}
    assert any("T999999" in m for _, m in result.errors) and any("“十”" in m for _, m in result.errors)
    result = target_import(actor=company.users["shuji"], campaign=loop["campaign"], source=_sheet([good, good]))
    assert result.ok and result.created == 2
    assert Target.objects.filter(path__startswith=branch.path, owner_person=zhigong).count() == 2


def test_an_excel_breakdown_over_the_parent_writes_nothing(company, loop):
    row = [
        loop["branch"].pk,
        "超额",
        "",
        company.users["zhigong"].person.employee_no,
        "",
        "",
        "",
        "50",
        "",
        "",
        "",
        "",
        "",
    ]
    count = Target.objects.count()
    result = target_import(actor=company.users["shuji"], campaign=loop["campaign"], source=_sheet([row]))
    assert not result.ok and "超过上级目标" in result.errors[0][1] and Target.objects.count() == count


def test_closing_stops_changes(company, loop):
    services.campaign_close(actor=company.users["dangwei"], campaign=loop["campaign"])
    assert loop["campaign"].status == CampaignStatus.CLOSED
    with pytest.raises(ValidationError, match="已结束"):
        services.target_decompose(
            actor=company.users["shuji"],
            parent=Target.objects.get(pk=loop["branch"].pk),
            rows=[{"owner_org": company.branch, "target_value": 1}],
        )


def test_evidence_is_kept_with_the_report(company, loop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff" + b"0" * 100, content_type="image/jpeg")
    report = services.report_submit(
        actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value=2, files=[photo]
    )
    assert [(e.name, e.size) for e in report.evidence.all()] == [("现场.jpg", 103)]


def test_refresh_recomputes_the_statuses(company, loop):
    Target.objects.filter(pk=loop["root"].pk).update(status="done", progress_pct=100)
    services.campaign_refresh(actor=company.users["dangwei"], campaign=loop["campaign"])
    assert Target.objects.get(pk=loop["root"].pk).status == "not_started"


def test_a_target_cannot_go_to_someone_outside_the_secretarys_scope(company, loop):
    with pytest.raises(ValidationError, match="责任人不在您的管理范围内"):
        services.target_decompose(
            actor=company.users["shuji"],
            parent=loop["branch"],
            rows=[{"owner_person": company.users["outsider"].person, "target_value": 1}],
        )
    with pytest.raises(ValidationError, match="责任组织不在您的管理范围内"):
        services.target_decompose(
            actor=company.users["shuji"],
            parent=loop["branch"],
            rows=[{"owner_org": company.other_branch, "target_value": 1}],
        )


def test_a_branch_splits_its_target_but_does_not_change_what_it_was_given(company, loop):
    branch = Target.objects.get(pk=loop["branch"].pk)
    with pytest.raises(ScopeError, match="只有下达该目标的组织可以修改它"):
        services.target_update(
            actor=company.users["shuji"], target=branch, data={"target_value": "1"}, expected_version=branch.version
        )
    services.target_update(
        actor=company.users["dangwei"], target=branch, data={"standard": "按月核定"}, expected_version=branch.version
    )
    assert Target.objects.get(pk=branch.pk).standard == "按月核定"


def test_a_secretary_does_not_review_his_own_report(company, loop):
    own = split(
        company, loop["branch"], [{"owner_person": company.users["shuji"].person, "target_value": 5}], actor="shuji"
    )[0]
    report = services.report_submit(actor=company.users["shuji"], target=own, period=YESTERDAY, value=1)
    with pytest.raises(ScopeError, match="不能审核本人目标的填报"):
        services.report_accept(actor=company.users["shuji"], report=report)
    services.report_accept(actor=company.users["dangwei"], report=report)


def test_a_check_dated_in_the_future_is_refused_and_changes_nothing(client_as, company, loop):
    from vanguard.core.testing import database_fingerprint, fingerprint_changes

    shuji = company.users["shuji"]
    # A deadline ahead is a plan, and stays allowed.
    commitment = services.commitment_create(
        actor=shuji, campaign=loop["campaign"], person=company.users["dangyuan"].person, content="每月一条建议",
        due_date=timezone.localdate() + timedelta(days=90),
    )  # fmt: skip
    tomorrow = timezone.localdate() + timedelta(days=1)
    before = database_fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.commitment_check_record(
            actor=shuji, commitment=commitment, period=tomorrow, result="完成", rating=Rating.GOOD
        )
    assert exc.value.message_dict == {"period": [f"检查日期 {tomorrow:%Y-%m-%d} 不能晚于今天,请在检查之后登记结果。"]}
    response = client_as("shuji").post(
        f"/campaigns/commitments/{commitment.pk}/check/",
        {"period": (tomorrow + timedelta(days=200)).isoformat(), "result": "完成", "rating": Rating.GOOD},
        follow=True,
    )
    assert "不能晚于今天" in response.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.skipif(not connection.features.has_select_for_no_key_update, reason="row locks: PostgreSQL")
def test_accepting_locks_no_key_so_a_report_submitted_meanwhile_on_the_target_commits(company, loop):
    # A member's report inserted while the secretary accepts another on the same target checks its
    # foreign key with FOR KEY SHARE at commit, holding the audit chain's head; a plain FOR UPDATE on
    # the target (or, through select_related, on the report's joined rows) made the two deadlock.
    report = services.report_submit(actor=company.users["dangyuan"], target=loop["mine"], period=YESTERDAY, value=3)
    with CaptureQueriesContext(connection) as queries:
        services.report_accept(actor=company.users["shuji"], report=report)
    locks = [q["sql"] for q in queries if " FOR " in q["sql"] and "campaigns_" in q["sql"]]
    assert locks and all("FOR NO KEY UPDATE" in sql for sql in locks), locks
