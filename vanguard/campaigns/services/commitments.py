"""Commitments (承诺) and their half-yearly checks."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import model_update
from vanguard.org.models import PartyOrg, Person, User

from .. import events
from ..models import Campaign, Commitment, CommitmentCheck
from ..periods import half_year_start
from ._common import _check_open


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    campaign: Campaign,
    content: str,
    due_date: date,
    measure: str = "",
    person: Person | None = None,
    org: PartyOrg | None = None,
) -> Commitment:
    """A member (for themselves) or a branch manager (for a member or the branch) records a commitment."""
    if not person and not org:
        raise ValidationError({"person": "请指定承诺人或承诺组织。"})
    _check_open(campaign, "新增承诺")
    ensure_allowed(actor, campaign, Action.VIEW)
    commitment = Commitment(
        campaign=campaign, person=person, org=org, content=content, measure=measure, due_date=due_date
    )
    commitment.full_clean()
    commitment.save()
    # Asked of the saved row, which a refusal rolls back: the rules read its org and person. Not through
    # may(), whose answers are kept per row id, and a rolled-back id can be given again.
    if not Commitment.objects.restrict(actor, Action.ADD).filter(pk=commitment.pk).exists():
        raise ScopeError("只能为本人或您管理的组织及其党员登记承诺。")
    audit(actor=actor, action=events.COMMITMENT_CREATE, obj=commitment, after=snapshot(commitment))
    return commitment


@transaction.atomic
def commitment_check_record(
    *,
    actor: User,
    commitment: Commitment,
    period: date,
    result: str,
    rating: str,
    remarks: str = "",
    expected_version: int | None = None,
) -> CommitmentCheck:
    """The half-yearly check of a commitment; one per half year (a second one edits the first)."""
    ensure_allowed(actor, commitment, Action.CHANGE)
    not_in_future(period, "检查日期", field="period", hint="请在检查之后登记结果")
    period = half_year_start(period)
    check = CommitmentCheck.objects.filter(commitment=commitment, period=period).first()
    data = {
        "result": result,
        "rating": rating,
        "remarks": remarks,
        "checked_by": actor,
        "checked_on": timezone.localdate(),
    }
    if check is not None:
        return model_update(
            obj=check, data=data, actor=actor, action=events.COMMITMENT_CHECK_UPDATE, expected_version=expected_version
        )
    check = CommitmentCheck(commitment=commitment, period=period, **data)
    check.full_clean()
    check.save()
    audit(actor=actor, action=events.COMMITMENT_CHECK_CREATE, obj=check, after=snapshot(check))
    return check
