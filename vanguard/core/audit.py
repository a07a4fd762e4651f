"""The audit trail: one event per state change, chained by SHA-256."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
_EXCLUDED = {"password", "created_at", "updated_at"}


def snapshot(obj, fields=None):
    """A JSON-safe dict of a model instance's concrete fields, for before/after."""
    if obj is None:
        return None
    data = model_to_dict(obj, fields=fields)
    for field in obj._meta.concrete_fields:
        if field.name in data and field.is_relation:
            data[field.name] = getattr(obj, field.attname)
    return json.loads(json.dumps({k: v for k, v in data.items() if k not in _EXCLUDED}, cls=DjangoJSONEncoder))


def event_hash(prev_hash, *, at, actor_id, action, object_type, object_id, before, after):
    payload = json.dumps(
        [prev_hash, at.isoformat(), actor_id, action, object_type, str(object_id), before, after],
        cls=DjangoJSONEncoder,
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_head():
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def _actor_name(actor):
    if actor is None:
        return "系统"
    person = getattr(actor, "person", None) if hasattr(actor, "_meta") else None
    return person.name if person else actor.get_username()


def audit_many(*, actor, action, changes):
    """Record several events at once: ``changes`` yields (obj_or_label, before, after).

    ``obj_or_label`` is a model instance, or a ``(object_type, object_id, repr)`` tuple.
    Must run inside the caller's transaction.
    """
    assert transaction.get_connection().in_atomic_block, "audit events are written inside the service's transaction"
    head = _lock_head()
    at = timezone.now()
    actor_id = actor.pk if actor is not None else None
    name = _actor_name(actor)
    prev = head.last_hash
    events = []
    for target, before, after in changes:
        if isinstance(target, tuple):
            object_type, object_id, text = target
        else:
            object_type, object_id, text = target._meta.label_lower, target.pk, str(target)
        digest = event_hash(
            prev, at=at, actor_id=actor_id, action=action, object_type=object_type,
            object_id=object_id, before=before, after=after,
        )
        events.append(
            AuditEvent(
                at=at, actor_id=actor_id, actor_name=name, action=action, object_type=object_type,
                object_id=str(object_id), object_repr=str(text)[:200], before=before, after=after,
                prev_hash=prev, hash=digest,
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


def verify_chain(batch_size=5000):
    """Walk the chain in order; return (checked, first_broken_event_or_None)."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for event in batch:
            expected = event_hash(
                prev, at=event.at, actor_id=event.actor_id, action=event.action, object_type=event.object_type,
                object_id=event.object_id, before=event.before, after=event.after,
            )
            if event.prev_hash != prev or event.hash != expected:
                return checked, event
            prev = event.hash
            checked += 1
        last_id = batch[-1].id
