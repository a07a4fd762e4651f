"""Helpers every service uses (optimistic locking, field updates with audit), and the writes of core's own rows."""

from collections.abc import Mapping
from datetime import date as Date
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from . import audit_events
from .audit import audit, snapshot
from .choices import Action
from .events import Event
from .exceptions import ConcurrentEditError
from .limits import check_limits
from .models import CalendarDay, DocumentTemplate

M = TypeVar("M", bound=models.Model)


def check_version(obj: models.Model, expected_version: int | str | None) -> None:
    """Refuse a write based on a stale read. ``expected_version`` None skips the check."""
    if expected_version is not None and int(expected_version) != obj.version:
        raise ConcurrentEditError()


def model_update(
    *,
    obj: M,
    data: Mapping[str, Any],
    actor: AbstractBaseUser | None,
    action: Event,
    expected_version: int | str | None = None,
) -> M:
    """Apply ``data`` to ``obj``, bump its version and write one audit event with before/after.

    ``data`` may name many-to-many fields (their value is an iterable of objects); they are
    set after the row update, inside the caller's transaction, and appear in the same event.
    The UPDATE is conditional on the version read, so two concurrent saves cannot both
    pass the check (the second matches no row and is refused).
    """
    check_version(obj, expected_version)
    before = snapshot(obj)
    m2m_names = {f.name for f in obj._meta.many_to_many}
    fields = {name: value for name, value in data.items() if name not in m2m_names}
    relations = {name: value for name, value in data.items() if name in m2m_names}
    for name, value in fields.items():
        setattr(obj, name, value)
    check_limits(obj)  # the row is written by an UPDATE below, which no pre_save receiver sees
    obj.full_clean()
    read_version = obj.version
    obj.updated_at = timezone.now()
    updated = (
        type(obj)
        .objects.filter(pk=obj.pk, version=read_version)
        .update(version=F("version") + 1, updated_at=obj.updated_at, **{name: getattr(obj, name) for name in fields})
    )
    if not updated:
        raise ConcurrentEditError()
    obj.version = read_version + 1
    for name, value in relations.items():
        getattr(obj, name).set(value)
    audit(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj))
    return obj


def ensure_allowed(actor: AbstractBaseUser | None, obj: object, action: str = "change") -> None:
    """Raise ``ScopeError`` unless ``actor`` may ``action`` ``obj`` under its model's policy."""
    from .access import ensure_allowed as allowed

    allowed(actor, obj, action)


# ---------------------------------------------------------------- the office's calendar (core.dates reads it)


@transaction.atomic
def calendar_day_create(*, actor, date: Date, is_workday: bool, name: str) -> CalendarDay:
    """Say whether ``date`` is worked, whatever the statutory calendar says (administrators only)."""
    ensure_allowed(actor, CalendarDay, Action.ADD)
    day = CalendarDay(date=date, is_workday=is_workday, name=(name or "").strip())
    day.full_clean()
    day.save()
    audit(actor=actor, action=audit_events.CALENDAR_DAY_CREATE, obj=day, after=snapshot(day))
    return day


@transaction.atomic
def calendar_day_update(*, actor, day: CalendarDay, data: dict, expected_version: int | None = None) -> CalendarDay:
    ensure_allowed(actor, CalendarDay, Action.CHANGE)
    if "name" in data:
        data = {**data, "name": (data["name"] or "").strip()}
    return model_update(
        obj=day, data=data, actor=actor, action=audit_events.CALENDAR_DAY_UPDATE, expected_version=expected_version
    )


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    """Remove the office's answer: the day follows the statutory calendar again."""
    ensure_allowed(actor, CalendarDay, Action.DELETE)
    target, before = (day._meta.label_lower, day.pk, str(day)), snapshot(day)
    day.delete()
    audit(actor=actor, action=audit_events.CALENDAR_DAY_DELETE, obj=target, before=before)


# ---------------------------------------------------------------- the office's Word templates (core.documents)


def _deactivate_others(*, actor, key: str, keep=None) -> None:
    for other in DocumentTemplate.objects.filter(key=key, active=True).exclude(pk=getattr(keep, "pk", None)):
        model_update(obj=other, data={"active": False}, actor=actor, action=audit_events.DOCUMENT_TEMPLATE_DEACTIVATE)


@transaction.atomic
def document_template_upload(*, actor, key: str, file, note: str = "", active: bool = True) -> DocumentTemplate:
    """Keep an uploaded Word template for ``key``, once checked (``documents.check_template``).

    Active (the default), it replaces the template in use, whose row is deactivated in the same
    transaction. A refused file raises ``ValidationError`` (Chinese) and changes nothing.
    """
    from django.core.files.base import ContentFile

    from . import documents

    ensure_allowed(actor, DocumentTemplate, Action.ADD)
    data = documents.check_template(key, file)
    if active:
        _deactivate_others(actor=actor, key=key)
    template = DocumentTemplate(
        key=key, note=(note or "").strip(), active=active, uploaded_by=actor, sha256=documents.sha256(data)
    )
    template.file.save(documents.upload_name(key), ContentFile(data), save=False)
    template.full_clean()
    template.save()
    audit(actor=actor, action=audit_events.DOCUMENT_TEMPLATE_UPLOAD, obj=template, after=snapshot(template))
    return template


@transaction.atomic
def document_template_update(
    *, actor, template: DocumentTemplate, data: dict, expected_version: int | None = None
) -> DocumentTemplate:
    """Change the note, or switch the template on (the one in use goes off) or off (the repository's is used)."""
    ensure_allowed(actor, DocumentTemplate, Action.CHANGE)
    data = {name: value for name, value in data.items() if name in ("note", "active")}
    if "note" in data:
        data["note"] = (data["note"] or "").strip()
    action = audit_events.DOCUMENT_TEMPLATE_UPDATE
    if data.get("active") is True and not template.active:
        _deactivate_others(actor=actor, key=template.key, keep=template)
        action = audit_events.DOCUMENT_TEMPLATE_ACTIVATE
    elif data.get("active") is False and template.active:
        action = audit_events.DOCUMENT_TEMPLATE_DEACTIVATE
    return model_update(obj=template, data=data, actor=actor, action=action, expected_version=expected_version)


@transaction.atomic
def document_template_delete(*, actor, template: DocumentTemplate) -> None:
    """Remove an uploaded template (the file too); with it gone, the repository's template is used again."""
    ensure_allowed(actor, DocumentTemplate, Action.DELETE)
    target, before = (template._meta.label_lower, template.pk, str(template)), snapshot(template)
    stored = template.file.name
    template.delete()
    audit(actor=actor, action=audit_events.DOCUMENT_TEMPLATE_DELETE, obj=target, before=before)
    transaction.on_commit(lambda: DocumentTemplate._meta.get_field("file").storage.delete(stored))
