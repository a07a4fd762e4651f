"""The audit trail: one event per state change, chained by SHA-256.

Each event's hash covers the previous event's hash and every field a reader relies
on (when, who, what, which object, before, after). The hash is computed over exactly
the values that are stored, after a JSON round trip, so it verifies the same on
SQLite and on PostgreSQL (whose ``jsonb`` reorders keys and whose timestamps come
back in UTC).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
_EXCLUDED = {"password", "created_at", "updated_at"}
REPR_LENGTH = 200


def jsonable(value):
    """``value`` as it reads back from a JSON column: dates as ISO strings, tuples as lists."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj, fields=None):
    """A JSON-safe dict of a model instance's fields, for before/after.

    Foreign keys appear as ids under the field name (``"unit": 7``), many-to-many
    fields as sorted id lists, files as their stored names. Passwords and bookkeeping timestamps are left out.
    """
    if obj is None:
        return None
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in _EXCLUDED or (fields is not None and field.name not in fields):
            continue
        value = getattr(obj, field.attname)
        data[field.name] = value.name if isinstance(value, FieldFile) else value  # a file: its stored name
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if fields is None or field.name in fields:
                data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return jsonable(data)


def _timestamp(at):
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(prev_hash, *, at, actor_id, actor_name, action, object_type, object_id, object_repr, before, after):
    payload = json.dumps(
        [
            prev_hash,
            _timestamp(at),
            actor_id,
            actor_name,
            action,
            object_type,
            str(object_id),
            object_repr,
            before,
            after,
        ],
        cls=DjangoJSONEncoder,
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def lock_head():
    """The chain head, locked until the transaction ends, so events are chained one writer at a time."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def _actor_name(actor):
    from .access import is_system

    if actor is None or is_system(actor):
        return "系统"
    person = getattr(actor, "person", None) if hasattr(actor, "_meta") else None
    return person.name if person else actor.get_username()


def _target(target):
    if isinstance(target, tuple):
        object_type, object_id, text = target
    else:
        object_type, object_id, text = target._meta.label_lower, target.pk, str(target)
    return object_type, str(object_id), str(text)[:REPR_LENGTH]


def audit_many(*, actor, action, changes):
    """Record several events at once: ``changes`` yields (obj_or_label, before, after).

    ``obj_or_label`` is a model instance, or a ``(object_type, object_id, repr)`` tuple.
    ``action`` is a declared event (``core.events``); its name is what is stored.
    Must run inside the caller's transaction.
    """
    action = str(action)
    assert transaction.get_connection().in_atomic_block, "audit events are written inside the service's transaction"
    head = lock_head()
    at = timezone.now()
    actor_id = actor.pk if actor is not None else None
    name = _actor_name(actor)
    prev = head.last_hash
    events = []
    for target, before, after in changes:
        object_type, object_id, text = _target(target)
        before, after = jsonable(before), jsonable(after)
        digest = event_hash(
            prev,
            at=at,
            actor_id=actor_id,
            actor_name=name,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=text,
            before=before,
            after=after,
        )
        events.append(
            AuditEvent(
                at=at,
                actor_id=actor_id,
                actor_name=name,
                action=action,
                object_type=object_type,
                object_id=object_id,
                object_repr=text,
                before=before,
                after=after,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    head.last_hash = prev
    head.count += len(events)
    head.save(update_fields=["last_hash", "count"])
    return events


def audit(*, actor, action, obj, before=None, after=None):
    """Record one event for ``obj`` inside the current transaction."""
    return audit_many(actor=actor, action=action, changes=[(obj, before, after)])[0]


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking the chain: how many events held, and where it broke."""

    checked: int
    broken: AuditEvent | None = None
    tail_missing: bool = False

    @property
    def ok(self):
        return self.broken is None and not self.tail_missing


def _expected_hash(prev, event):
    return event_hash(
        prev,
        at=event.at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        before=event.before,
        after=event.after,
    )


def verify_chain(batch_size=5000):
    """Walk the chain in order and report the first event that does not follow from the one before.

    An edited event fails its own hash; a deleted one breaks the next event's link; a
    deleted tail no longer ends at the hash and count kept in ``AuditHead``.
    """
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev or event.hash != _expected_hash(prev, event):
                return ChainCheck(checked=checked, broken=event)
            prev = event.hash
            checked += 1
        last_id = batch[-1].id
    head = AuditHead.objects.filter(pk=1).first()
    expected_last, expected_count = (head.last_hash, head.count) if head else (GENESIS, 0)
    return ChainCheck(checked=checked, tail_missing=(prev, checked) != (expected_last, expected_count))
