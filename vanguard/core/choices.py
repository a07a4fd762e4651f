"""Constants of the core app."""

from django.db import models


class Action(models.TextChoices):
    """What a user wants to do with a scoped object."""

    VIEW = "view", "查看"
    CHANGE = "change", "修改"
    ADD = "add", "新增"
    DELETE = "delete", "删除"
    REVIEW = "review", "审核"
    ACKNOWLEDGE = "acknowledge", "签收"
    APPROVE = "approve", "审批"  # projects
    DECOMPOSE = "decompose", "分解"  # campaigns
    REPORT = "report", "填报"  # campaigns


class TaskStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


# Badge colours (vanguard.core.badges).
STATUS_COLOURS = {
    TaskStatus.PENDING: "secondary",
    TaskStatus.RUNNING: "blue",
    TaskStatus.DONE: "green",
    TaskStatus.FAILED: "red",
}
