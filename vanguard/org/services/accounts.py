"""Accounts and role assignments."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed, ensure_may
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action

from .. import events
from ..access import ASSIGN_ROLES, GRANT_GLOBAL
from ..choices import Role
from ..models import PartyOrg, Person, RoleAssignment, Unit, User


@transaction.atomic
def user_create(
    *, actor: User, username: str, password: str | None, person: Person | None = None, is_superuser: bool = False
) -> User:
    """A new login; ``password=None`` gives it no usable local password (it signs in through the directory)."""
    ensure_may(actor, ASSIGN_ROLES)
    if is_superuser:
        ensure_may(actor, GRANT_GLOBAL, "只有系统管理员可以创建超级用户。")
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "该用户名已存在。"})
    user = User(username=username, is_superuser=is_superuser, is_staff=is_superuser)
    user.set_password(password)
    user.save()
    if person is not None:
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
    audit(
        actor=actor,
        action=events.USER_CREATE,
        obj=user,
        after={"username": username, "person": getattr(person, "pk", None)},
    )
    return user


@transaction.atomic
def person_account_open(*, actor: User, person: Person, password: str) -> User:
    """Give a person a login: the username is their 工号, the password is set by the office."""
    ensure_may(actor, ASSIGN_ROLES)
    ensure_allowed(actor, person, Action.VIEW)
    if person.user_id:
        raise ValidationError("该人员已有账号。")
    from django.contrib.auth.password_validation import validate_password

    validate_password(password)
    return user_create(actor=actor, username=person.employee_no, password=password, person=person)


@transaction.atomic
def person_account_open_by_directory(*, actor: User, person: Person) -> User:
    """A login for a person the directory has vouched for: username the 工号, no local password."""
    if person.user_id:
        raise ValidationError("该人员已有账号。")
    username = person.employee_no
    if User.objects.filter(username=username).exists():
        username = f"ldap-{person.employee_no}"
    return user_create(actor=actor, username=username, password=None, person=person)


@transaction.atomic
def role_assign(
    *,
    actor: User,
    user: User,
    role: str,
    party_org: PartyOrg | None = None,
    unit: Unit | None = None,
    include_descendants: bool = True,
) -> RoleAssignment:
    """Grant ``role`` on a party org or a unit (and below it); no target: a global role. Idempotent."""
    if party_org and unit:
        raise ValidationError("角色只能分配在一个党组织或一个单位上。")
    if role not in Role.values:
        raise ValidationError({"role": "未知角色。"})
    target = party_org or unit
    if target is None:
        ensure_may(actor, GRANT_GLOBAL, "只有系统管理员可以分配全局角色。")
    if role == Role.SYSTEM_ADMIN:
        # A system-admin grant anywhere makes a global administrator.
        ensure_may(actor, GRANT_GLOBAL, "只有系统管理员可以分配系统管理员角色。")
    ensure_may(actor, ASSIGN_ROLES)
    if target is not None:
        ensure_allowed(actor, target, Action.CHANGE)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, party_org=party_org, unit=unit, defaults={"include_descendants": include_descendants}
    )
    if created:
        audit(actor=actor, action=events.ROLE_ASSIGN, obj=assignment, after=snapshot(assignment))
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    ensure_allowed(actor, assignment, Action.DELETE)
    before = snapshot(assignment)
    assignment.delete()
    audit(actor=actor, action=events.ROLE_REVOKE, obj=("org.roleassignment", before["id"], str(before)), before=before)
