"""The responsibility letter (责任书): its template (``documents/letter.docx``) and the data it is filled with."""

from datetime import date
from pathlib import Path

from django.utils import timezone

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register

LETTER = "campaigns.letter"

VARIABLES = {
    "campaign_title": "活动名称",
    "issuer": "甲方（下达方）：下达责任书的党组织",
    "recipient": "乙方（责任方）：责任人姓名（及所在组织），或责任组织",
    "period": "活动期间，如“2026年1月1日至2026年12月31日”",
    "rows": "目标任务表的行，每行有 no（序号）、title（任务内容）、metric（指标）、target（目标值）、"
    "due_date（时间节点）、standard（工作标准）、outcome（预期成效）",
    "issued_on": "下达日期",
    "confirmation": "乙方在线确认的说明（如“已于2026年6月1日 14:30在线确认”），未确认时为空",
    "acknowledged_on": "乙方确认日期，未确认时为空白的“年 月 日”",
}


def _number(value) -> str:
    return f"{float(value):g}"


def _target_cell(row: dict) -> str:
    if row.get("target") is None:
        return "按节点完成"
    direction = f"（{row['direction']}）" if row.get("direction") else ""
    return f"{_number(row['target'])}{row.get('unit') or ''}{direction}"


def letter_rows(content: list[dict]) -> list[dict]:
    """The target table as issued (``ResponsibilityLetter.content``), one dict of text per row."""
    return [
        {
            "no": str(n),
            "title": row["title"],
            "metric": row.get("metric") or "—",
            "target": _target_cell(row),
            "due_date": chinese_date(date.fromisoformat(row["due_date"])),
            "standard": row.get("standard") or "—",
            "outcome": row.get("outcome") or "—",
        }
        for n, row in enumerate(content, start=1)
    ]


def letter_context(letter) -> dict:
    """What the letter's template is filled with (plain text: see ``VARIABLES``)."""
    campaign = letter.campaign
    recipient = letter.recipient_person.name if letter.recipient_person_id else letter.recipient_org.name
    if letter.recipient_person_id and letter.recipient_org_id:
        recipient = f"{recipient}（{letter.recipient_org.name}）"
    confirmation = ""
    if letter.acknowledged_at:
        acked = timezone.localtime(letter.acknowledged_at)
        confirmation = f"已于{chinese_date(acked)} {acked:%H:%M}在线确认"
    return {
        "campaign_title": campaign.title,
        "issuer": letter.issuer_org.name,
        "recipient": recipient,
        "period": f"{chinese_date(campaign.starts_on)}至{chinese_date(campaign.ends_on)}",
        "rows": letter_rows(letter.content),
        "issued_on": chinese_date(letter.issued_at),
        "confirmation": confirmation,
        "acknowledged_on": chinese_date(letter.acknowledged_at),
    }


def sample_context() -> dict:
    content = [
        {"title": "岗位降本", "metric": "降本金额", "unit": "万元", "target": "20", "direction": "越高越好",
         "due_date": "2026-12-31", "standard": "每月填报", "outcome": "降本 20 万元"},
    ]  # fmt: skip
    return {
        "campaign_title": "“降成本、降费用、增效益”主题实践活动",
        "issuer": "轧管厂第一党支部",
        "recipient": "张三（轧管厂第一党支部）",
        "period": "2026年1月1日至2026年12月31日",
        "rows": letter_rows(content),
        "issued_on": "2026年3月1日",
        "confirmation": "已于2026年3月2日 09:30在线确认",
        "acknowledged_on": "2026年3月2日",
    }


register(
    DocumentKind(
        key=LETTER,
        label="目标责任书",
        default=Path(__file__).resolve().parent / "documents" / "letter.docx",
        sample=sample_context,
        variables=VARIABLES,
    )
)
