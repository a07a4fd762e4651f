"""The Word 帮促计划 of one support plan: the member and the result, the grounds and shortcomings, the support
group, the measures, the follow-up reviews and the closure; signed by the branch secretary and the member.

Template: ``documents/support_plan.docx`` (``scripts/build_docx_templates.py``)."""

from pathlib import Path

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register

SUPPORT_PLAN_DOC = "evaluations.support_plan"
HERE = Path(__file__).resolve().parent / "documents"

VARIABLES = {
    "member": "帮促对象",
    "org": "党组织",
    "round": "评议轮次",
    "grade": "评议等次",
    "opened_on": "建立日期",
    "status": "状态(帮促中、已结束)",
    "grounds": "情形依据(不合格情形及具体表现)",
    "shortcomings": "存在的主要问题",
    "goal": "帮促目标",
    "leader": "帮促小组组长",
    "helpers": "帮促小组其他成员",
    "measures": "改进措施表的行,每行有 no、content、responsible、due_date、done",
    "reviews": "回访记录表的行,每行有 date、reviewer、change",
    "outcome": "处置结果和说明(未结束时为“帮促中”)",
    "signed_on": "落款日期(建立日期)",
}


def _text(value, empty="—"):
    return str(value) if value not in (None, "") else empty


def plan_context(plan, parts) -> dict:
    helpers = parts["helpers"]
    leader = next((h.person.name for h in helpers if h.leader), "")
    if plan.closed:
        outcome = f"{plan.get_outcome_display()}({chinese_date(plan.closed_on)}):{plan.outcome_note}"
        if plan.rectify_by:
            outcome += f" 改正期限:{chinese_date(plan.rectify_by)}。"
    else:
        outcome = "帮促中"
    return {
        "member": plan.member.name,
        "org": str(plan.org),
        "round": plan.round.name,
        "grade": plan.result.grade.label if plan.result.grade_id else "—",
        "opened_on": chinese_date(plan.opened_on),
        "status": plan.get_status_display(),
        "grounds": ";".join(f"{g.situation.name}({g.note})" if g.note else g.situation.name for g in parts["grounds"])
        or "—",
        "shortcomings": _text(plan.shortcomings),
        "goal": _text(plan.goal),
        "leader": _text(leader),
        "helpers": "、".join(h.person.name for h in helpers if not h.leader) or "—",
        "measures": [
            {
                "no": str(n),
                "content": m.content,
                "responsible": m.responsible.name,
                "due_date": chinese_date(m.due_date),
                "done": f"{chinese_date(m.done_on)}完成" if m.done_on else "进行中",
            }
            for n, m in enumerate(parts["measures"], start=1)
        ],  # fmt: skip
        "reviews": [
            {"date": chinese_date(r.held_on), "reviewer": r.reviewer.name if r.reviewer_id else "—", "change": r.change}
            for r in reversed(parts["reviews"])
        ],
        "outcome": outcome,
        "signed_on": chinese_date(plan.opened_on),
    }


def sample() -> dict:
    return {
        "member": "王建国", "org": "轧管厂第一党支部", "round": "轧管厂第一党支部 2026 年民主评议党员", "grade": "不合格",
        "opened_on": "2026年1月20日", "status": "帮促中", "grounds": "无正当理由不参加组织生活(连续 6 个月未参加)",
        "shortcomings": "组织观念淡薄,连续 6 个月未参加组织生活。", "goal": "按时参加组织生活,发挥岗位作用。",
        "leader": "李红", "helpers": "张伟",
        "measures": [{"no": "1", "content": "每月参加主题党日并作交流发言", "responsible": "王建国",
                      "due_date": "2026年6月30日", "done": "进行中"}],
        "reviews": [{"date": "2026年3月1日", "reviewer": "李红", "change": "已参加 2 次组织生活。"}],
        "outcome": "帮促中", "signed_on": "2026年1月20日",
    }  # fmt: skip


register(DocumentKind(SUPPORT_PLAN_DOC, "党员帮促计划", HERE / "support_plan.docx", sample, VARIABLES))
