"""The lists the office keeps of whom some meetings expect: a committee's central study group (中心组) and
the star team leaders (明星班组长)."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core import access
from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import model_update
from vanguard.org.choices import CadreLevel, PartyOrgKind
from vanguard.org.models import PartyOrg, Person, User

from .. import events
from ..choices import CentralGroupRole
from ..models import CentralGroupMember, StarTeamLeader


def _check_day(day, field, what):
    if day is None:
        raise ValidationError({field: f"请填写{what}。"})
    not_in_future(day, what, field=field, hint="请到当天再登记")


@transaction.atomic
def central_group_add(
    *, actor: User, org: PartyOrg, person: Person, joined_on: Date | None = None,
    role: str = CentralGroupRole.MEMBER, note: str = "",
) -> CentralGroupMember:  # fmt: skip
    """Put ``person`` on the central study group of the committee ``org``."""
    if not access.choices(actor, CentralGroupMember, "org", Action.ADD).filter(pk=org.pk).exists():
        raise ScopeError("只有本党委的管理员可以维护中心组名单。")
    if org.kind != PartyOrgKind.COMMITTEE:
        raise ValidationError({"org": f"{org.name}不是党委,理论学习中心组设在党委。"})
    if not person.is_active:
        raise ValidationError({"person": f"{person.name} 已不在职,不能加入中心组。"})
    joined_on = joined_on or timezone.localdate()
    _check_day(joined_on, "joined_on", "加入日期")
    if CentralGroupMember.objects.filter(org=org, person=person, left_on__isnull=True).exists():
        raise ValidationError({"person": f"{person.name} 已在{org.name}中心组名单中。"})
    member = CentralGroupMember(org=org, person=person, role=role, joined_on=joined_on, note=(note or "").strip())
    member.full_clean(validate_constraints=False)
    member.save()
    audit(actor=actor, action=events.CENTRAL_GROUP_ADD, obj=member, after=snapshot(member))
    return member


@transaction.atomic
def central_group_leave(
    *, actor: User, member: CentralGroupMember, left_on: Date | None = None, expected_version: int | None = None
) -> CentralGroupMember:
    """Take a member off the group from ``left_on`` (today by default); meetings before keep him."""
    ensure_allowed(actor, member, Action.CHANGE)
    left_on = left_on or timezone.localdate()
    _check_day(left_on, "left_on", "退出日期")
    if member.left_on is not None:
        raise ValidationError(f"{member.person.name} 已于 {member.left_on:%Y-%m-%d} 退出中心组。")
    if left_on < member.joined_on:
        raise ValidationError({"left_on": "退出日期不能早于加入日期。"})
    return model_update(
        obj=member, data={"left_on": left_on}, actor=actor, action=events.CENTRAL_GROUP_LEAVE,
        expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def star_title_award(
    *, actor: User, person: Person, awarded_on: Date | None = None, citation: str = ""
) -> StarTeamLeader:
    """Name a team leader 明星班组长 from ``awarded_on`` (today by default)."""
    if not access.choices(actor, StarTeamLeader, "person", Action.ADD).filter(pk=person.pk).exists():
        raise ScopeError("只能为您负责的单位的班组长命名明星班组长。")
    if person.cadre_level != CadreLevel.TEAM_LEADER:
        raise ValidationError({"person": f"{person.name} 不是班组长,明星班组长从班组长中命名。"})
    awarded_on = awarded_on or timezone.localdate()
    _check_day(awarded_on, "awarded_on", "命名日期")
    if StarTeamLeader.objects.filter(person=person, revoked_on__isnull=True).exists():
        raise ValidationError({"person": f"{person.name} 已是明星班组长。"})
    title = StarTeamLeader(person=person, awarded_on=awarded_on, citation=(citation or "").strip())
    title.full_clean(validate_constraints=False)
    title.save()
    audit(actor=actor, action=events.STAR_TITLE_AWARD, obj=title, after=snapshot(title))
    return title


@transaction.atomic
def star_title_revoke(
    *, actor: User, title: StarTeamLeader, revoked_on: Date | None = None, expected_version: int | None = None
) -> StarTeamLeader:
    ensure_allowed(actor, title, Action.CHANGE)
    revoked_on = revoked_on or timezone.localdate()
    _check_day(revoked_on, "revoked_on", "撤销日期")
    if title.revoked_on is not None:
        raise ValidationError(f"该称号已于 {title.revoked_on:%Y-%m-%d} 撤销。")
    if revoked_on < title.awarded_on:
        raise ValidationError({"revoked_on": "撤销日期不能早于命名日期。"})
    return model_update(
        obj=title, data={"revoked_on": revoked_on}, actor=actor, action=events.STAR_TITLE_REVOKE,
        expected_version=expected_version,
    )  # fmt: skip
