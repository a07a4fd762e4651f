"""Results of other modules counted into targets."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.org.models import User

from .. import events, rollup
from ..models import Campaign, Target, TargetContribution
from ._common import _check_open


@transaction.atomic
def contribution_link(*, actor: User, target: Target, source: str, source_id: int, label: str) -> TargetContribution:
    """Link a record of another module (``source`` = ``"projects.project"``, its id) to a leaf target.

    The caller checks the actor's right over the record; here the target must be one the
    actor sees, in an active campaign, and not split further (progress lives on leaves).
    """
    ensure_allowed(actor, target, Action.VIEW)
    target = Target.objects.select_related("campaign").get(pk=target.pk)
    _check_open(target.campaign, "关联成果")
    if target.numchild:
        raise ValidationError(
            {"target": f"目标“{target.title}”已分解到下级,成果请关联到具体负责的下级目标(进度由下级汇总)。"}
        )
    if TargetContribution.objects.filter(target=target, source=source, source_id=source_id).exists():
        raise ValidationError({"target": f"已关联到目标“{target.title}”,请勿重复关联。"})
    link = TargetContribution(target=target, source=source, source_id=source_id, label=label[:250], linked_by=actor)
    link.save()
    audit(actor=actor, action=events.TARGET_CONTRIBUTION_LINK, obj=link, after=snapshot(link))
    return link


@transaction.atomic
def contribution_unlink(*, actor: User, contribution: TargetContribution) -> None:
    """Remove a link whose result has not been counted yet (a counted result is part of the figures)."""
    contribution = TargetContribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.counted:
        raise ValidationError(
            f"“{contribution.label}”已于 {contribution.counted_on:%Y-%m-%d} 计入目标,不能再解除关联。"
        )
    before = snapshot(contribution)
    audit(actor=actor, action=events.TARGET_CONTRIBUTION_UNLINK, obj=contribution, before=before)
    contribution.delete()


def _count_into(link, target, amount_yuan, on):
    """Set ``link``'s counted value in ``target``'s unit; None with a note when the target takes no yuan."""
    link.source_value = Decimal(amount_yuan).quantize(Decimal("0.01"))
    link.value, link.note, link.counted_on = None, "", None
    per_unit = target.yuan_per_unit
    if per_unit is None:
        unit = target.metric_unit or "无单位"
        link.note = f"目标按“{unit}”计量({target.get_direction_display()}),效益金额不计入数值。"
    elif not target.campaign.is_open:
        link.note = f"活动当前为“{target.campaign.get_status_display()}”,未计入。"
    else:
        link.value = (Decimal(amount_yuan) / Decimal(per_unit)).quantize(Decimal("0.0001"))
        link.counted_on = on


@transaction.atomic
def contribution_count(
    *, actor: User, source: str, source_id: int, amount_yuan: Decimal | str, on: date, label: str | None = None
) -> list[TargetContribution]:
    """Count an accepted result (``amount_yuan`` on day ``on``) into every target it is linked to.

    Called by the module that accepted the result, inside its transaction, so the acceptance
    and the targets' figures change together. Each linked leaf and its ancestors are rolled
    up; a target that does not take amounts keeps the link with a note. Returns the links.
    """
    links = list(
        TargetContribution.objects.of_source(source, source_id)
        .select_related("target__campaign")
        .select_for_update(of=("self",))
    )
    for link in links:
        if link.counted:
            continue
        before = snapshot(link)
        _count_into(link, link.target, amount_yuan, on)
        if label:
            link.label = label[:250]
        link.version += 1
        link.save(update_fields=["value", "note", "source_value", "counted_on", "label", "version", "updated_at"])
        audit(actor=actor, action=events.TARGET_CONTRIBUTION_COUNT, obj=link, before=before, after=snapshot(link))
        if link.value is not None:  # after the audit event, as in report_accept (the chain head, then the targets)
            rollup.rollup_leaf(link.target)  # reads the leaf's figures afresh under its lock
    return links


@transaction.atomic
def contribution_uncount(*, actor: User, contribution: TargetContribution) -> TargetContribution:
    """Take a counted result back out of its target (the acceptance that counted it was undone).

    Called by the module that undid it, in its transaction. The link stays, uncounted, and counts
    again when the result is accepted anew; the leaf and its ancestors are rolled up. A closed
    campaign's figures are final: refused there.
    """
    link = (
        TargetContribution.objects.select_related("target__campaign")
        .select_for_update(of=("self",))
        .get(pk=contribution.pk)
    )
    if link.source_value is None and not link.counted:
        return link
    _check_open(link.target.campaign, "撤销已计入的成果")
    before, had_value = snapshot(link), link.value is not None
    link.value, link.source_value, link.counted_on, link.note = None, None, None, ""
    link.version += 1
    link.save(update_fields=["value", "note", "source_value", "counted_on", "version", "updated_at"])
    audit(actor=actor, action=events.TARGET_CONTRIBUTION_UNCOUNT, obj=link, before=before, after=snapshot(link))
    if had_value:
        rollup.rollup_leaf(link.target)
    return link


@transaction.atomic
def contribution_bulk_create(*, actor: User, campaign: Campaign, rows: Iterable[dict]) -> list[TargetContribution]:
    """Many links at once, counted or not (a demo, a migration): one insert, one audit event each, one roll-up.

    ``rows``: dicts with ``target``, ``source``, ``source_id``, ``label`` and, when counted,
    ``amount_yuan`` and ``on``. Targets must be leaves of ``campaign``.
    """
    ensure_allowed(actor, campaign, Action.CHANGE)
    links = []
    for row in rows:
        target = row["target"]
        if target.campaign_id != campaign.pk or target.numchild:
            raise ValidationError(f"目标“{target.title}”不是本活动的末级目标,不能计入成果。")
        link = TargetContribution(
            target=target, source=row["source"], source_id=row["source_id"], label=row["label"][:250],
            linked_by=actor,
        )  # fmt: skip
        if row.get("amount_yuan") is not None:
            target.campaign = campaign
            _count_into(link, target, row["amount_yuan"], row["on"])
        links.append(link)
    TargetContribution.objects.bulk_create(links, batch_size=2000)
    audit_many(actor=actor, action=events.TARGET_CONTRIBUTION_IMPORT, changes=[(c, None, snapshot(c)) for c in links])
    rollup.rollup_campaign(campaign)
    return links
