"""Constants of the projects app: kinds, the lifecycle, ratings, who may do what."""

from django.db import models

from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import Role


class ProjectKind(models.TextChoices):
    MERIT = "merit", "党员立功立项"
    TASK_FORCE = "task_force", "攻关组"
    RESEARCH = "research", "课题"
    INNOVATION = "innovation", "五小创新"
    MODEL_POST = "model_post", "党员示范岗"


# 一个党员一面旗: these kinds are led by a party member.
MEMBER_LED_KINDS = (ProjectKind.MERIT, ProjectKind.MODEL_POST)
KIND_CODES = {
    ProjectKind.MERIT: "LG",
    ProjectKind.TASK_FORCE: "GG",
    ProjectKind.RESEARCH: "KT",
    ProjectKind.INNOVATION: "WX",
    ProjectKind.MODEL_POST: "SF",
}


class ProblemKind(models.TextChoices):
    KEY_LINK = "key_link", "关键环节"
    KEY_TASK = "key_task", "重点任务"
    DIFFICULTY = "difficulty", "难点问题"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "已申报"
    REVIEWED = "reviewed", "支部已审核"
    APPROVED = "approved", "已立项"
    UNDER_WAY = "under_way", "实施中"
    COMPLETION_APPLIED = "completion_applied", "结项申请"
    ACCEPTED = "accepted", "已验收"
    RATED = "rated", "已评定"
    CLOSED = "closed", "已结项"
    RETURNED = "returned", "已退回"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


# A project whose months are expected to carry an activity log.
ACTIVE_STATUSES = (ProjectStatus.UNDER_WAY, ProjectStatus.COMPLETION_APPLIED)
COMPLETED_STATUSES = (ProjectStatus.ACCEPTED, ProjectStatus.RATED, ProjectStatus.CLOSED)
ENDED_STATUSES = (ProjectStatus.CLOSED, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)
EDITABLE_STATUSES = (ProjectStatus.PROPOSED, ProjectStatus.RETURNED)


class Rating(models.TextChoices):
    FIRST = "first", "一等"
    SECOND = "second", "二等"
    THIRD = "third", "三等"
    FAILED = "failed", "未达标"


class MemberRole(models.TextChoices):
    LEADER = "leader", "负责人"
    CORE = "core", "骨干成员"
    MEMBER = "member", "成员"
    ADVISOR = "advisor", "指导人"


# Who acts at which step. "leader": the project's leader, or the branch; "branch": the
# secretary or a committee member of the project's branch (or the office above it);
# "committee": the party committee's office.
class Actor(models.TextChoices):
    LEADER = "leader", "项目负责人或支部"
    BRANCH = "branch", "支部书记或支委"
    COMMITTEE = "committee", "党委"


class Transition(models.TextChoices):
    REVIEW = "review", "支部审核通过"
    APPROVE = "approve", "党委批准立项"
    START = "start", "开始实施"
    APPLY_COMPLETION = "apply_completion", "申请结项"
    ACCEPT = "accept", "验收"
    RATE = "rate", "评定等级"
    CLOSE = "close", "结项归档"
    RETURN = "return", "退回"
    REJECT = "reject", "不予立项"
    RESUBMIT = "resubmit", "修改后重新申报"
    WITHDRAW = "withdraw", "撤回"


S = ProjectStatus
# action → (states it may start from, state it leads to (or per start state), who, reason required)
TRANSITIONS = {
    Transition.REVIEW: ((S.PROPOSED,), S.REVIEWED, Actor.BRANCH, False),
    Transition.APPROVE: ((S.REVIEWED,), S.APPROVED, Actor.COMMITTEE, False),
    Transition.START: ((S.APPROVED,), S.UNDER_WAY, Actor.LEADER, False),
    Transition.APPLY_COMPLETION: ((S.UNDER_WAY,), S.COMPLETION_APPLIED, Actor.LEADER, False),
    Transition.ACCEPT: ((S.COMPLETION_APPLIED,), S.ACCEPTED, Actor.COMMITTEE, False),
    Transition.RATE: ((S.ACCEPTED,), S.RATED, Actor.COMMITTEE, False),
    Transition.CLOSE: ((S.RATED,), S.CLOSED, Actor.COMMITTEE, False),
    # A returned application goes back to its author; a returned completion goes back to work.
    Transition.RETURN: (
        (S.PROPOSED, S.REVIEWED, S.COMPLETION_APPLIED),
        {S.PROPOSED: S.RETURNED, S.REVIEWED: S.RETURNED, S.COMPLETION_APPLIED: S.UNDER_WAY},
        Actor.BRANCH,
        True,
    ),
    Transition.REJECT: ((S.PROPOSED, S.REVIEWED), S.REJECTED, Actor.COMMITTEE, True),
    Transition.RESUBMIT: ((S.RETURNED,), S.PROPOSED, Actor.LEADER, False),
    Transition.WITHDRAW: ((S.PROPOSED, S.REVIEWED, S.RETURNED, S.APPROVED), S.WITHDRAWN, Actor.LEADER, True),
}
del S

VIEW_ROLES = ROSTER_VIEW_ROLES
BRANCH_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE})
COMMITTEE_ROLES = frozenset({Role.COMMITTEE_ADMIN})

MAX_BENEFIT = 10**11  # yuan

STATUS_COLOURS = {
    ProjectStatus.PROPOSED: "azure",
    ProjectStatus.REVIEWED: "cyan",
    ProjectStatus.APPROVED: "blue",
    ProjectStatus.UNDER_WAY: "indigo",
    ProjectStatus.COMPLETION_APPLIED: "purple",
    ProjectStatus.ACCEPTED: "teal",
    ProjectStatus.RATED: "green",
    ProjectStatus.CLOSED: "secondary",
    ProjectStatus.RETURNED: "yellow",
    ProjectStatus.REJECTED: "red",
    ProjectStatus.WITHDRAWN: "secondary",
}
