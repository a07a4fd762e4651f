"""Helpers shared by the orglife services: the org or person a write is for must be in the actor's reach."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from vanguard.core import access
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import PartyOrg, Person, User


def _ensure_org(actor: User, model: type, org: PartyOrg) -> None:
    """``org`` must be one the policy lets the actor record ``model`` rows for."""
    if not access.choices(actor, model, "org", Action.ADD).filter(pk=org.pk).exists():
        raise ValidationError({"org": "只能为您负责的党组织登记会议。"})


def _ensure_person(actor: User, model: type, person: Person) -> None:
    """``person`` must be one the policy lets the actor record ``model`` rows for (a member of an org he records
    for; for field days also the cadre himself)."""
    if not access.choices(actor, model, "person", Action.ADD).filter(pk=person.pk).exists():
        raise ValidationError({"person": "只能为您负责的党组织的党员登记。"})


def _ensure_may_add(actor: User, model: type, message: str) -> None:
    """For the office's settings: the role message when no rule of the policy lets the actor add at all."""
    if not access.may(actor, Action.ADD, model):
        raise ScopeError(message)
