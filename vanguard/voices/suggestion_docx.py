"""The 合理化建议表 of one suggestion, as Word from ``documents/suggestion.docx`` (and PDF beside it).

The form carries what the proposer wrote, each review's opinion with its reviewer and date, and the
verified benefit and the reward once they are settled; blanks where a hand still signs.
"""

from pathlib import Path

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register

from .choices import SuggestionStep

SUGGESTION_FORM = "voices.suggestion_form"
HERE = Path(__file__).resolve().parent / "documents"
BLANK = chinese_date(None)

VARIABLES = {
    "number": "建议编号",
    "title": "建议名称",
    "category": "类别",
    "proposer": "建议人",
    "co_proposers": "共同建议人(没有时为“—”)",
    "unit": "所在单位",
    "submitted_on": "提交日期",
    "content": "建议内容,每段一项(列表)",
    "expected_benefit": "预期效益,如“120,000.00 元/年”",
    "status": "当前状态",
    "unit_opinion": "单位初审意见(未审时为空)",
    "unit_signed": "单位初审人及日期(未审时为空白的“年 月 日”)",
    "expert_opinion": "专家评审意见",
    "expert_signed": "评审人及日期",
    "implementation_cost": "实施费用",
    "verified_benefit": "核定年净效益(扣除实施费用)",
    "benefit_from": "效益起算月",
    "evidence": "核定依据及财务签认人",
    "reward": "奖励金额(及证书)",
    "steps": "办理记录表的行,每行有 date、step(环节)、actor(办理人)、reason(意见)",
}
UNIT_STEPS = (SuggestionStep.UNIT_PASS,)
EXPERT_STEPS = (SuggestionStep.RECOMMEND,)


def _money(value, unit="元"):
    return "—" if value is None else f"{value:,.2f} {unit}"


def _opinion(history, steps, at_status):
    """The last decision taken at a review: its text and who signed it when (blank for a hand to fill)."""
    found = [r for r in history if r.step in steps or (r.from_status == at_status and r.step != SuggestionStep.JOIN)]
    if not found:
        return "", BLANK
    last = found[-1]
    text = last.get_step_display() + (f":{last.reason}" if last.reason else "")
    return text, f"{last.actor_name or '—'}  {chinese_date(last.at)}"


def suggestion_context(suggestion, co_proposers, history) -> dict:
    unit_opinion, unit_signed = _opinion(history, UNIT_STEPS, "submitted")
    expert_opinion, expert_signed = _opinion(history, EXPERT_STEPS, "unit_reviewed")
    evidence = suggestion.benefit_evidence or "—"
    if suggestion.finance_signoff:
        evidence += f"(财务签认:{suggestion.finance_signoff})"
    reward = _money(suggestion.reward_amount)
    if suggestion.reward_certificate:
        reward += ",颁发证书"
    return {
        "number": suggestion.number or "—",
        "title": suggestion.title,
        "category": suggestion.get_category_display(),
        "proposer": suggestion.proposer.name,
        "co_proposers": "、".join(c.person.name for c in co_proposers) or "—",
        "unit": str(suggestion.unit),
        "submitted_on": chinese_date(suggestion.submitted_on),
        "content": [line.strip() for line in suggestion.content.splitlines() if line.strip()] or ["—"],
        "expected_benefit": _money(suggestion.expected_benefit, "元/年"),
        "status": suggestion.get_status_display(),
        "unit_opinion": unit_opinion,
        "unit_signed": unit_signed,
        "expert_opinion": expert_opinion,
        "expert_signed": expert_signed,
        "implementation_cost": _money(suggestion.implementation_cost),
        "verified_benefit": _money(suggestion.verified_benefit),
        "benefit_from": f"{suggestion.benefit_from.year}年{suggestion.benefit_from.month}月"
        if suggestion.benefit_from
        else "—",
        "evidence": evidence,
        "reward": reward,
        "steps": [
            {
                "date": chinese_date(r.at),
                "step": r.get_step_display(),
                "actor": r.actor_name or "—",
                "reason": r.reason or "—",
            }
            for r in history
        ],
    }


def sample() -> dict:
    return {
        "number": "JY2026-00001",
        "title": "加热炉烟道加装余热回收换热器",
        "category": "降本",
        "proposer": "张三",
        "co_proposers": "李四",
        "unit": "轧管厂 · 加热班",
        "submitted_on": "2026年3月2日",
        "content": ["加热炉排烟温度约 450℃。", "建议在烟道加装换热器预热助燃空气。"],
        "expected_benefit": "200,000.00 元/年",
        "status": "已奖励",
        "unit_opinion": "单位初审通过",
        "unit_signed": "王五  2026年3月4日",
        "expert_opinion": "推荐实施",
        "expert_signed": "赵六  2026年3月12日",
        "implementation_cost": "30,000.00 元",
        "verified_benefit": "156,000.00 元",
        "benefit_from": "2026年4月",
        "evidence": "财务部效益核算单(财务签认:钱七)",
        "reward": "1,000.00 元",
        "steps": [{"date": "2026年3月2日", "step": "提交", "actor": "张三", "reason": "—"}],
    }


register(DocumentKind(SUGGESTION_FORM, "合理化建议表", HERE / "suggestion.docx", sample, VARIABLES))
