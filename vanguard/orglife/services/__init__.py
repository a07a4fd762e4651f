"""Writes of the orglife app. Every function is atomic and audited; bad input raises a Chinese ValidationError.

Who may write what is the policy in ``access.py``: a refused write raises ``ScopeError``; a party org or
person outside what the actor may record for is a ValidationError on that field (the forms offer no other).
One module per entity; callers import from here (``from vanguard.orglife import services``). Who a meeting
expects is read in ``orglife.attendees`` (``expected_people`` is here too, for the callers that record).
"""

from ..attendees import expected_people
from .attendance import attendance_remove, meeting_record_attendance
from .attendee_lists import central_group_add, central_group_leave, star_title_award, star_title_revoke
from .field_days import field_day_bulk_create, field_day_create
from .meetings import (
    MEETING_FIELDS,
    attachment_add,
    meeting_bulk_create,
    meeting_cancel,
    meeting_create,
    meeting_delete,
    meeting_record_minutes,
    meeting_update,
)
from .reviews import review_bulk_create, review_delete, review_record
from .rules import exemption_create, rule_create, rule_update
from .trainings import training_bulk_create, training_create, training_update

__all__ = [
    "MEETING_FIELDS",
    "attachment_add",
    "attendance_remove",
    "central_group_add",
    "central_group_leave",
    "exemption_create",
    "expected_people",
    "field_day_bulk_create",
    "field_day_create",
    "meeting_bulk_create",
    "meeting_cancel",
    "meeting_create",
    "meeting_delete",
    "meeting_record_attendance",
    "meeting_record_minutes",
    "meeting_update",
    "review_bulk_create",
    "review_delete",
    "review_record",
    "rule_create",
    "rule_update",
    "star_title_award",
    "star_title_revoke",
    "training_bulk_create",
    "training_create",
    "training_update",
]
