"""The voices module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import NavItem, register_module

from .access import reads_ledger, reviews_suggestions

# ---------------------------------------------------------------- suggestions (合理化建议)
SUGGESTION_ITEMS = [
    NavItem("提建议", "suggestion-create", "bulb", lambda scope: scope.person_id is not None),
    NavItem("我的建议", "suggestion-mine", "user-star", lambda scope: scope.person_id is not None),
    NavItem("建议审核", "suggestion-queue", "checklist", reviews_suggestions),
    NavItem("建议台账", "suggestion-list", "list-details", reads_ledger),
]

register_module("voices", "建议与整改", "message-2", 45, [*SUGGESTION_ITEMS])
