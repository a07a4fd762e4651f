"""Constants of the projects app: kinds, the lifecycle, ratings. Who may do what: ``access.py``."""

from django.db import models

from vanguard.core.choices import Action
from vanguard.org.choices import PartyOrgKind


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
APPLIED_STATUSES = (ProjectStatus.PROPOSED, ProjectStatus.REVIEWED)

# The stages the summary counts (and the ledger filters by, so each figure opens its projects).
STAGES = {"applied": APPLIED_STATUSES, "active": ACTIVE_STATUSES, "completed": COMPLETED_STATUSES}
STAGE_CHOICES = [("applied", "申报中"), ("active", "实施中"), ("completed", "已完成")]


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


# What the page says once a step is taken (the status labels already start with 已 where they
# should; a message is never composed as "已" + label).
TRANSITION_DONE = {
    Transition.REVIEW: "支部审核已通过",
    Transition.APPROVE: "已批准立项",
    Transition.START: "已开始实施",
    Transition.APPLY_COMPLETION: "已申请结项",
    Transition.ACCEPT: "验收已通过",
    Transition.RATE: "已评定等级",
    Transition.CLOSE: "已结项归档",
    Transition.RETURN: "已退回",
    Transition.REJECT: "已决定不予立项",
    Transition.RESUBMIT: "已重新申报",
    Transition.WITHDRAW: "已撤回",
}

S = ProjectStatus
A = Action
# step → (states it may start from, state it leads to (or per start state), the access action that
# takes it, reason required). Who holds each action is declared in ``access.py``: CHANGE the
# project's leader or its branch, REVIEW the branch, APPROVE the party committee's office.
TRANSITIONS = {
    Transition.REVIEW: ((S.PROPOSED,), S.REVIEWED, A.REVIEW, False),
    Transition.APPROVE: ((S.REVIEWED,), S.APPROVED, A.APPROVE, False),
    Transition.START: ((S.APPROVED,), S.UNDER_WAY, A.CHANGE, False),
    Transition.APPLY_COMPLETION: ((S.UNDER_WAY,), S.COMPLETION_APPLIED, A.CHANGE, False),
    Transition.ACCEPT: ((S.COMPLETION_APPLIED,), S.ACCEPTED, A.APPROVE, False),
    Transition.RATE: ((S.ACCEPTED,), S.RATED, A.APPROVE, False),
    Transition.CLOSE: ((S.RATED,), S.CLOSED, A.APPROVE, False),
    # A returned application goes back to its author; a returned completion goes back to work.
    Transition.RETURN: (
        (S.PROPOSED, S.REVIEWED, S.COMPLETION_APPLIED),
        {S.PROPOSED: S.RETURNED, S.REVIEWED: S.RETURNED, S.COMPLETION_APPLIED: S.UNDER_WAY},
        A.REVIEW,
        True,
    ),
    Transition.REJECT: ((S.PROPOSED, S.REVIEWED), S.REJECTED, A.APPROVE, True),
    Transition.RESUBMIT: ((S.RETURNED,), S.PROPOSED, A.CHANGE, False),
    Transition.WITHDRAW: ((S.PROPOSED, S.REVIEWED, S.RETURNED, S.APPROVED), S.WITHDRAWN, A.CHANGE, True),
}
del S, A

# The party orgs a project may belong to (项目应归属于一个党支部或党总支).
BRANCH_KINDS = (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH)

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
