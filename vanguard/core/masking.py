"""Fields shown masked to viewers who may not read them in full, wherever they reach a screen.

An app declares a masked field once, next to the rule of who may read it (``<app>/access.py``):

    register_mask("org.person", "id_card", mask=Person.mask_id_card, may_see=may_see_id_card_of)

and the screens that show stored snapshots (an object's history, the audit list and its API) mask
it for everyone else. The audit rows themselves stay complete, so the chain still proves what
changed; only what is shown is masked.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mask:
    mask: Callable[[Any], Any]  # the value → what a viewer without the right sees
    may_see: Callable[[Any, Any], bool]  # (user, object id) → may this user read the value in full


_masks: dict[str, dict[str, Mask]] = {}


def register_mask(object_type, field, *, mask, may_see):
    """Declare that ``field`` of ``object_type`` (``app_label.model``) is masked unless ``may_see``."""
    _masks.setdefault(object_type, {})[field] = Mask(mask=mask, may_see=may_see)


def masked_fields(object_type):
    return _masks.get(object_type, {})


def masked_snapshot(object_type, object_id, data, user):
    """``data`` (a snapshot: before or after) as ``user`` may see it; the same dict when nothing is masked."""
    fields = masked_fields(object_type)
    if not isinstance(data, dict) or not fields.keys() & data.keys():
        return data
    shown = dict(data)
    for name, rule in fields.items():
        value = shown.get(name)
        if value and not (user is not None and rule.may_see(user, object_id)):
            shown[name] = rule.mask(value)
    return shown


def masked_event(event, user):
    """(before, after) of an audit event as ``user`` may see them."""
    return (
        masked_snapshot(event.object_type, event.object_id, event.before, user),
        masked_snapshot(event.object_type, event.object_id, event.after, user),
    )
