"""What merit projects say is due from a user on the home page (``core.home``): two counts."""

from django.urls import reverse

from vanguard.core.choices import Action
from vanguard.core.home import DANGER, INFO, WARNING, DueItem, register_due

from . import selectors
from .access import PROJECT


def project_logs(viewer):
    """Projects the user logs (leader, branch) with no log this month yet, and those with earlier months missing."""
    url = reverse("project-list")
    ledger = selectors.project_ledger
    unlogged = ledger(user=viewer.user, unlogged=True, mine=True, today=viewer.today).count()
    late_in_month = viewer.today.day >= 20
    yield DueItem(
        "本月尚未记录活动的项目", unlogged, f"{url}?unlogged=on&mine=on", WARNING if late_in_month else INFO,
        "每月至少活动一次", "calendar-plus", key="projects.unlogged",
    )  # fmt: skip
    missing = ledger(user=viewer.user, flagged=True, mine=True, today=viewer.today).count()
    yield DueItem(
        "缺少月度活动的项目",
        missing,
        f"{url}?flagged=on&mine=on",
        DANGER,
        "往月未登记活动",
        "calendar-x",
        key="projects.missing",
    )


# The leader and the branch log the months: whoever may change a project.
register_due("projects.logs", project_logs, order=45, visible=lambda scope: PROJECT.reaches(scope, Action.CHANGE))
