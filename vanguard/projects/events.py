"""Events of the projects app: applications, the lifecycle steps, the team and the monthly logs.

Each is also the audit action of the change (``core.events``); grep a constant for its emitters and
subscribers (``contributions`` counts an accepted benefit into the project's targets on
``PROJECT_ACCEPTED``, and adds its lines to the Word documents on ``PROJECT_DOCUMENT_ROWS``).
"""

from dataclasses import dataclass

from vanguard.core.events import declare

from .choices import Transition


@dataclass(frozen=True)
class ProjectChange:
    """Who took a step on which project (the project as saved by the step)."""

    actor: object
    project: object


@dataclass(frozen=True)
class ProjectDocument:
    """A Word 申报表 or 结项报告 being built for ``project``: subscribers answer rows (label, text)."""

    project: object


PROJECT_CREATE = declare("project.create", "申报项目")
PROJECT_UPDATE = declare("project.update", "修改项目")
PROJECT_IMPORT = declare("project.import", "导入项目申报")
PROJECT_REVIEWED = declare("project.review", "支部审核通过", payload=ProjectChange)
PROJECT_APPROVED = declare("project.approve", "党委批准立项", payload=ProjectChange)
PROJECT_STARTED = declare("project.start", "开始实施", payload=ProjectChange)
PROJECT_COMPLETION_APPLIED = declare("project.apply_completion", "申请结项", payload=ProjectChange)
PROJECT_ACCEPTED = declare("project.accept", "验收通过", payload=ProjectChange)
PROJECT_RATED = declare("project.rate", "评定等级", payload=ProjectChange)
PROJECT_CLOSED = declare("project.close", "结项归档", payload=ProjectChange)
PROJECT_RETURNED = declare("project.return", "退回", payload=ProjectChange)
PROJECT_REJECTED = declare("project.reject", "不予立项", payload=ProjectChange)
PROJECT_RESUBMITTED = declare("project.resubmit", "修改后重新申报", payload=ProjectChange)
PROJECT_WITHDRAWN = declare("project.withdraw", "撤回", payload=ProjectChange)
PROJECT_LOG = declare("project.log", "登记每月活动")
PROJECT_LOG_DELETE = declare("project.log_delete", "删除每月活动")
PROJECT_MEMBER_ADD = declare("project.member_add", "加入项目组")
PROJECT_MEMBER_REMOVE = declare("project.member_remove", "移出项目组")
PROJECT_DOCUMENT_ROWS = declare("project.document_rows", "项目文书附加内容", payload=ProjectDocument)

# The event of each lifecycle step (``project_transition`` emits the one of its action).
TRANSITION_EVENTS = {
    Transition.REVIEW: PROJECT_REVIEWED,
    Transition.APPROVE: PROJECT_APPROVED,
    Transition.START: PROJECT_STARTED,
    Transition.APPLY_COMPLETION: PROJECT_COMPLETION_APPLIED,
    Transition.ACCEPT: PROJECT_ACCEPTED,
    Transition.RATE: PROJECT_RATED,
    Transition.CLOSE: PROJECT_CLOSED,
    Transition.RETURN: PROJECT_RETURNED,
    Transition.REJECT: PROJECT_REJECTED,
    Transition.RESUBMIT: PROJECT_RESUBMITTED,
    Transition.WITHDRAW: PROJECT_WITHDRAWN,
}
