"""Writes of the org app. Every function is atomic and writes one audit event per change.

Who may call each is declared in ``org.access``; a service checks it with ``ensure_allowed``
(a row) or ``ensure_may`` (an ability) before writing anything. One module per entity;
callers import from here (``from vanguard.org import services``).
"""

from .accounts import person_account_open, person_account_open_by_directory, role_assign, role_revoke, user_create
from .bulk import person_bulk_upsert
from .people import PERSON_FIELDS, membership_end, membership_set, person_create, person_update
from .trees import party_org_create, tree_bulk_create, tree_node_move, tree_node_update, unit_create

__all__ = [
    "PERSON_FIELDS",
    "membership_end",
    "membership_set",
    "party_org_create",
    "person_account_open",
    "person_account_open_by_directory",
    "person_bulk_upsert",
    "person_create",
    "person_update",
    "role_assign",
    "role_revoke",
    "tree_bulk_create",
    "tree_node_move",
    "tree_node_update",
    "unit_create",
    "user_create",
]
