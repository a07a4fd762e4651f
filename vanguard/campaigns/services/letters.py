"""Responsibility letters (责任书): bulk issue and acknowledgement."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed, may
from vanguard.core.audit import audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import model_update
from vanguard.org.models import User

from .. import events
from ..choices import LetterStatus
from ..models import Campaign, ResponsibilityLetter, Target
from ._common import _check_open


def _letter_content(targets: Iterable[Target]) -> list[dict]:
    """The target table of a letter, as issued."""
    return [
        {
            "title": t.title,
            "metric": t.metric_name,
            "unit": t.metric_unit,
            "baseline": None if t.baseline is None else str(t.baseline),
            "target": None if t.target_value is None else str(t.target_value),
            "direction": t.get_direction_display(),
            "due_date": t.due_date.isoformat(),
            "standard": t.standard,
            "outcome": t.outcome,
            "weight": str(t.weight),
        }
        for t in targets
    ]


def _issuer_for(target, parents, campaign):
    parent = parents.get(target.path[: -Target.steplen]) if target.depth > 1 else None
    return (parent.owner_org_id if parent is not None and parent.owner_org_id else None) or campaign.organiser_id


@transaction.atomic
def letter_bulk_issue(*, actor: User, campaign: Campaign, under: Target | None = None) -> list[ResponsibilityLetter]:
    """A letter for every owner of targets the actor manages in ``campaign`` (or below ``under``) who has none yet.

    An owner is a person, or an org for targets without a person. Returns the new letters.
    """
    _check_open(campaign, "下达责任书")
    # The overall targets belong to the organiser itself: nobody issues a letter to themselves.
    targets = (
        Target.objects.restrict(actor, Action.DECOMPOSE)
        .filter(campaign=campaign, depth__gt=1)
        .select_related("owner_person", "owner_org")
    )
    if under is not None:
        ensure_allowed(actor, under, Action.DECOMPOSE)
        targets = targets.filter(path__startswith=under.path).exclude(pk=under.pk)
    targets = list(targets.order_by("path"))
    if not targets:
        raise ScopeError("您管理的范围内没有可下达责任书的目标。")
    parent_paths = {t.path[: -Target.steplen] for t in targets if t.depth > 1}
    parents = {p.path: p for p in Target.objects.filter(path__in=parent_paths)}
    by_owner = {}
    for t in targets:
        key = ("person", t.owner_person_id) if t.owner_person_id else ("org", t.owner_org_id)
        by_owner.setdefault(key, []).append(t)
    existing = set(
        ResponsibilityLetter.objects.filter(campaign=campaign).values_list("recipient_person_id", "recipient_org_id")
    )
    have_person = {p for p, _ in existing if p}
    have_org = {o for p, o in existing if not p}
    now = timezone.now()
    letters = []
    for (kind, owner_id), owned in by_owner.items():
        if (kind == "person" and owner_id in have_person) or (kind == "org" and owner_id in have_org):
            continue
        letters.append(
            ResponsibilityLetter(
                campaign=campaign,
                issuer_org_id=_issuer_for(owned[0], parents, campaign),
                recipient_person=owned[0].owner_person if kind == "person" else None,
                recipient_org=owned[0].owner_org,
                content=_letter_content(owned),
                issued_by=actor,
                issued_at=now,
            )
        )
    ResponsibilityLetter.objects.bulk_create(letters)
    if letters:
        audit_many(
            actor=actor, action=events.LETTER_ISSUE, changes=[(letter, None, snapshot(letter)) for letter in letters]
        )
    return letters


@transaction.atomic
def letter_acknowledge(*, actor: User, letter: ResponsibilityLetter) -> ResponsibilityLetter:
    """The recipient confirms the letter online: issued → acknowledged, with the time."""
    if not may(actor, Action.ACKNOWLEDGE, letter):
        raise ScopeError("只有责任书的乙方可以确认。")
    fresh = ResponsibilityLetter.objects.select_for_update().get(pk=letter.pk)
    if fresh.status == LetterStatus.ACKNOWLEDGED:
        raise ValidationError(f"该责任书已于 {timezone.localtime(fresh.acknowledged_at):%Y-%m-%d %H:%M} 确认。")
    return model_update(
        obj=fresh,
        data={"status": LetterStatus.ACKNOWLEDGED, "acknowledged_at": timezone.now(), "acknowledged_by": actor},
        actor=actor,
        action=events.LETTER_ACKNOWLEDGE,
    )
