"""Writes of the campaigns app. Every function is atomic and audited; bad input raises a Chinese ValidationError.

One module per entity; callers import from here (``from vanguard.campaigns import services``).
"""

from .campaigns import campaign_activate, campaign_close, campaign_create, campaign_refresh, campaign_update
from .commitments import commitment_check_record, commitment_create
from .contributions import (
    contribution_bulk_create,
    contribution_count,
    contribution_link,
    contribution_uncount,
    contribution_unlink,
)
from .letters import letter_acknowledge, letter_bulk_issue
from .progress import report_accept, report_bulk_create, report_return, report_submit
from .targets import (
    NODE_CLEAN_EXCLUDE,
    target_create,
    target_decompose,
    target_stage_set,
    target_update,
)

__all__ = [
    "NODE_CLEAN_EXCLUDE",
    "campaign_activate",
    "campaign_close",
    "campaign_create",
    "campaign_refresh",
    "campaign_update",
    "commitment_check_record",
    "commitment_create",
    "contribution_bulk_create",
    "contribution_link",
    "contribution_unlink",
    "contribution_count",
    "contribution_uncount",
    "letter_acknowledge",
    "letter_bulk_issue",
    "report_accept",
    "report_bulk_create",
    "report_return",
    "report_submit",
    "target_create",
    "target_decompose",
    "target_stage_set",
    "target_update",
]
