"""Word documents of one project: the application form (申报表) and the completion report (结项报告).

Templates: ``documents/application.docx`` and ``documents/completion.docx``. ``extra`` are
(label, value) rows other modules add (subscribers of ``events.PROJECT_DOCUMENT_ROWS``: the
campaign targets a project serves).
"""

from pathlib import Path

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register

from .choices import COMPLETED_STATUSES, ProjectStatus

APPLICATION = "projects.application"
COMPLETION = "projects.completion"
HERE = Path(__file__).resolve().parent / "documents"
BLANK = chinese_date(None)

COMMON = {
    "kind": "项目类型，如“党员立功立项”（标题为“{{ kind }}申报表”或“{{ kind }}结项报告”）",
    "title": "项目名称",
    "number": "立项编号（立项前为“（立项后编号）”）",
    "branch": "所属支部",
    "leader": "负责人",
    "team": "团队成员及角色",
    "period": "实施周期，如“2026年1月1日至2026年12月31日”",
    "expected_benefit": "预期效益，如“120,000.00 元”",
    "extra": "系统其他部分补充的行，每行有 label 和 value（如“关联目标”）",
}
APPLICATION_VARIABLES = {
    **COMMON,
    "problem": "针对问题（类别：描述）",
    "objectives": "目标",
    "indicator": "指标变化",
    "plan": "实施计划与节点",
    "applied_on": "申报日期",
    "approved_on": "党委立项日期，未立项时为空白的“年 月 日”",
}
COMPLETION_VARIABLES = {
    **COMMON,
    "measured_benefit": "验收效益",
    "evidence": "验收依据",
    "rating": "评定等级",
    "summary": "结项总结，每段一项（列表）",
    "log_count": "月度活动次数",
    "logs": "月度活动表的行，每行有 date、content、outcome",
    "steps": "流转记录表的行，每行有 date、status（环节）、actor（办理人）、reason（说明）",
    "acceptance_opinion": "验收意见（已验收时由系统写明核定效益和等级，否则为空，手写）",
    "accepted_on": "验收日期，未验收时为空白的“年 月 日”",
}


def _text(value, empty="—"):
    return str(value) if value not in (None, "") else empty


def _money(value):
    return "—" if value is None else f"{value:,.2f} 元"


def _team(members):
    return "、".join(f"{m.person.name}（{m.get_role_display()}）" for m in members) or "—"


def _extra(extra):
    return [{"label": label, "value": _text(value)} for label, value in extra]


def _common(project, members, extra):
    return {
        "kind": project.get_kind_display(),
        "title": project.title,
        "number": project.number or "（立项后编号）",
        "branch": project.branch.name,
        "leader": project.leader.name,
        "team": _team(members),
        "period": f"{chinese_date(project.start_date)}至{chinese_date(project.end_date)}",
        "expected_benefit": _money(project.expected_benefit),
        "extra": _extra(extra),
    }


def application_context(project, members, extra=()) -> dict:
    return {
        **_common(project, members, extra),
        "problem": f"{project.get_problem_kind_display()}：{project.problem}" if project.problem else "—",
        "objectives": _text(project.objectives),
        "indicator": _text(project.indicator),
        "plan": _text(project.plan),
        "applied_on": chinese_date(project.created_at),
        "approved_on": chinese_date(project.approved_at),
    }


def _accepted_at(project, steps):
    """When it was accepted: the project's own time, else its timeline's 已验收 step (rows kept before the field)."""
    if project.accepted_at is not None:
        return project.accepted_at
    return next((step.at for step in steps if step.to_status == ProjectStatus.ACCEPTED), None)


def _acceptance_opinion(project):
    if project.status not in COMPLETED_STATUSES:
        return ""
    parts = [f"经验收，核定效益{_money(project.measured_benefit)}"]
    if project.rating:
        parts.append(f"评定等级为“{project.get_rating_display()}”")
    return "，".join(parts) + "。"


def completion_context(project, members, logs, steps, extra=()) -> dict:
    return {
        **_common(project, members, extra),
        "measured_benefit": _money(project.measured_benefit),
        "evidence": _text(project.evidence),
        "rating": _text(project.get_rating_display() if project.rating else ""),
        "summary": [line.strip() for line in (project.completion_summary or "").splitlines() if line.strip()]
        or ["（未填写）"],
        "log_count": str(len(logs)),
        "logs": [
            {"date": chinese_date(log.date), "content": log.content, "outcome": log.outcome or "—"} for log in logs
        ]
        or [{"date": "—", "content": "（无活动记录）", "outcome": "—"}],
        "steps": [
            {
                "date": chinese_date(step.at),
                "status": step.get_to_status_display(),
                "actor": step.actor_name or "—",
                "reason": step.reason or "—",
            }
            for step in steps
        ],
        "acceptance_opinion": _acceptance_opinion(project),
        "accepted_on": chinese_date(_accepted_at(project, steps)) if project.status in COMPLETED_STATUSES else BLANK,
    }


def _sample_common():
    return {
        "kind": "党员立功立项",
        "title": "降低轧辊消耗",
        "number": "LG-2026-001",
        "branch": "轧管厂第一党支部",
        "leader": "张三",
        "team": "张三（负责人）、李四（成员）",
        "period": "2026年1月1日至2026年12月31日",
        "expected_benefit": "120,000.00 元",
        "extra": [{"label": "关联目标", "value": "岗位降本（验收后计入）"}],
    }


def application_sample() -> dict:
    return {
        **_sample_common(),
        "problem": "重点任务：轧辊消耗偏高",
        "objectives": "辊耗下降 6%",
        "indicator": "吨钢辊耗下降 6%",
        "plan": "一季度分析原因\n二季度试验改进",
        "applied_on": "2026年1月5日",
        "approved_on": "2026年1月20日",
    }


def completion_sample() -> dict:
    return {
        **_sample_common(),
        "measured_benefit": "98,000.00 元",
        "evidence": "财务核算单",
        "rating": "优秀",
        "summary": ["辊耗下降 6%。"],
        "log_count": "1",
        "logs": [{"date": "2026年4月6日", "content": "攻关例会", "outcome": "—"}],
        "steps": [{"date": "2026年1月20日", "status": "已立项", "actor": "王五", "reason": "—"}],
        "acceptance_opinion": "经验收，核定效益98,000.00 元，评定等级为“优秀”。",
        "accepted_on": "2026年12月20日",
    }


register(DocumentKind(APPLICATION, "项目申报表", HERE / "application.docx", application_sample, APPLICATION_VARIABLES))
register(DocumentKind(COMPLETION, "项目结项报告", HERE / "completion.docx", completion_sample, COMPLETION_VARIABLES))
