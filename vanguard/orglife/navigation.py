"""The orglife module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.access import policy_for
from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import (
    MEMBERS,
    SEE_COMPLIANCE,
    SEE_HOURS,
    SET_RULES,
    keeps_attendee_lists,
    reads_meetings,
    sees_field_days,
)
from .models import Review, TrainingRecord


def _may_add(model):
    return lambda scope: policy_for(model).reaches(scope, Action.ADD)


register_module(
    "orglife",
    "组织生活",
    "users-group",
    30,
    [
        NavItem("我的组织生活", "my-year", "user-check", MEMBERS.of_scope),
        NavItem("会议日历", "meeting-calendar", "calendar-event", reads_meetings),
        NavItem("会议台账", "meeting-list", "list-details", reads_meetings),
        NavItem("合规矩阵", "compliance", "grid-dots", SEE_COMPLIANCE.held_by),
        NavItem("学时统计", "hours-shortfall", "school", SEE_HOURS.held_by),
        NavItem("月度讲评", "review-board", "message-star", _may_add(Review)),
        NavItem("培训记录", "training-list", "certificate", _may_add(TrainingRecord)),
        NavItem("深入现场", "field-days", "building-factory-2", sees_field_days),
        NavItem("规则设置", "rule-list", "adjustments", SET_RULES.held_by),
        NavItem("中心组与明星班组长", "attendee-lists", "users", keeps_attendee_lists),
    ],
)
