"""Writes of the org app. Every function is atomic and writes one audit event per change.

Who may call each is declared in ``org.access``; a service checks it with ``ensure_allowed``
(a row) or ``ensure_may`` (an ability) before writing anything.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from pypinyin import Style, lazy_pinyin

from vanguard.core.access import ensure_allowed, ensure_may
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.services import check_version, model_update

from . import events
from .access import ADD_TOP_NODES, ASSIGN_ROLES, EDIT_ROSTER, GRANT_GLOBAL
from .choices import PartyPost, PoliticalStatus, Role
from .models import MembershipTransfer, PartyMembership, PartyOrg, Person, RoleAssignment, TreeNode, Unit, User


def name_initials(name):
    """Pinyin initials for search: 张三丰 → zsf."""
    return "".join(s[0] for s in lazy_pinyin(name, style=Style.FIRST_LETTER) if s).lower()[:50]


# ---------------------------------------------------------------- trees


def _ensure_may_add_under(actor, parent):
    if parent is None:
        ensure_may(actor, ADD_TOP_NODES, "只有系统管理员可以新建顶级节点。")
    else:
        ensure_allowed(actor, parent, Action.CHANGE)


def _tree_node_create(model, *, actor, parent, audit_action, **fields):
    _ensure_may_add_under(actor, parent)
    node = model(**fields)
    node.full_clean(exclude=["path", "depth", "numchild"])
    node = model.objects.add_child(parent, instance=node) if parent else model.objects.add_root(instance=node)
    audit(actor=actor, action=audit_action, obj=node, after=snapshot(node))
    return node


@transaction.atomic
def party_org_create(
    *,
    actor: User,
    parent: PartyOrg | None = None,
    name: str,
    kind: str,
    code: str = "",
    founded_on: date | None = None,
    units: Iterable[Unit] = (),
) -> PartyOrg:
    org = _tree_node_create(
        PartyOrg,
        actor=actor,
        parent=parent,
        audit_action=events.PARTY_ORG_CREATE,
        name=name,
        kind=kind,
        code=code,
        founded_on=founded_on,
    )
    if units:
        org.units.set(units)
    return org


@transaction.atomic
def unit_create(*, actor: User, parent: Unit | None = None, name: str, kind: str, code: str = "") -> Unit:
    return _tree_node_create(
        Unit, actor=actor, parent=parent, audit_action=events.UNIT_CREATE, name=name, kind=kind, code=code
    )


def _next_child_positions(model, parents):
    """The last used child position under each existing parent (``None`` = roots)."""
    positions = {}
    for parent in parents:
        if parent is None:
            last = model.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        else:
            last = (
                model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
        positions[parent.path if parent else ""] = model._str2int(last[-model.steplen :]) if last else 0
    return positions


def _plan_nodes(model, nodes, positions):
    """Unsaved nodes with paths, the units of each, and how many children each existing parent gains."""
    created, units, added = [], [], {}
    for spec in nodes:
        fields = {k: v for k, v in spec.items() if k not in ("parent", "units")}
        parent = created[spec["parent"]] if isinstance(spec["parent"], int) else spec["parent"]
        base, depth = (parent.path, parent.depth + 1) if parent is not None else ("", 1)
        positions[base] = positions.get(base, 0) + 1
        node = model(**fields, depth=depth, numchild=0, path=model._get_path(base, depth, positions[base]))
        node.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
        if isinstance(spec["parent"], int):
            parent.numchild += 1
        elif parent is not None:
            added[parent.pk] = added.get(parent.pk, 0) + 1
        created.append(node)
        units.append(list(spec.get("units", ())))
    return created, units, added


def _audit_created_nodes(actor, model, pairs):
    concrete = [f.name for f in model._meta.concrete_fields]
    changes = []
    for node, units in pairs:
        after = snapshot(node, fields=concrete)
        if model is PartyOrg:
            after["units"] = sorted(u.pk for u in units)
        changes.append((node, None, after))
    audit_many(
        actor=actor, action=events.PARTY_ORG_CREATE if model is PartyOrg else events.UNIT_CREATE, changes=changes
    )


@transaction.atomic
def tree_bulk_create(*, actor: User, model: type[TreeNode], nodes: list[dict]) -> list[TreeNode]:
    """Create many nodes of one tree at once: paths computed here, one insert per batch, one audit event each.

    ``nodes`` is a list of dicts of node fields plus ``parent``: an existing node, the index
    of an earlier dict in the list, or None for a root; a party org may carry ``units``
    (saved units it covers). Returns the created nodes in the order given.
    """
    existing = {id(n["parent"]): n["parent"] for n in nodes if not isinstance(n["parent"], int)}
    for parent in existing.values():
        _ensure_may_add_under(actor, parent)
    created, units, added = _plan_nodes(model, nodes, _next_child_positions(model, existing.values()))
    model.objects.bulk_create(created, batch_size=2000)
    for pk, count in added.items():
        model.objects.filter(pk=pk).update(numchild=F("numchild") + count)
    pairs = list(zip(created, units, strict=True))
    links = [PartyOrg.units.through(partyorg_id=node.pk, unit_id=u.pk) for node, us in pairs for u in us]
    PartyOrg.units.through.objects.bulk_create(links, batch_size=2000)
    _audit_created_nodes(actor, model, pairs)
    return created


@transaction.atomic
def tree_node_update(*, actor: User, node: TreeNode, data: dict, expected_version: int | None = None) -> TreeNode:
    """Rename or re-code a node of either tree (``data`` holds model fields; ``units`` for a party org)."""
    ensure_allowed(actor, node, Action.CHANGE)
    action = events.PARTY_ORG_UPDATE if isinstance(node, PartyOrg) else events.UNIT_UPDATE
    return model_update(obj=node, data=dict(data), actor=actor, action=action, expected_version=expected_version)


@transaction.atomic
def tree_node_move(*, actor: User, node: TreeNode, new_parent: TreeNode) -> TreeNode:
    """Move a node (and its subtree) under ``new_parent``."""
    ensure_allowed(actor, node, Action.CHANGE)
    ensure_allowed(actor, new_parent, Action.CHANGE)
    if new_parent.pk == node.pk or new_parent.path.startswith(node.path):
        raise ValidationError("不能移动到自身或其下级之下。")
    before = {"parent": type(node).objects.get_parent(node).pk if node.depth > 1 else None}
    type(node).objects.move(node, new_parent, pos="last-child")
    node.refresh_from_db()
    action = events.PARTY_ORG_MOVE if isinstance(node, PartyOrg) else events.UNIT_MOVE
    audit(actor=actor, action=action, obj=node, before=before, after={"parent": new_parent.pk})
    return node


# ---------------------------------------------------------------- people

PERSON_FIELDS = (
    "name",
    "employee_no",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "id_card",
    "position",
    "cadre_level",
    "channel",
    "unit",
    "phone",
    "political_status",
    "is_active",
)


def _check_unit(actor, unit):
    """A person may be put in a unit the actor may change (a form field's message, not a refusal)."""
    if not Unit.objects.restrict(actor, Action.CHANGE).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "所选单位不在您的管理范围内。"})


@transaction.atomic
def person_create(*, actor: User, membership: dict | None = None, **fields) -> Person:
    """Add a person (``fields``: ``PERSON_FIELDS``); ``membership`` (dict) makes them a member of a party org."""
    ensure_may(actor, EDIT_ROSTER)
    _check_unit(actor, fields["unit"])
    person = Person(**fields)
    if person.id_card:
        person.id_card = person.id_card.upper()
    person.name_initials = name_initials(person.name)
    person.full_clean()
    person.save()
    audit(actor=actor, action=events.PERSON_CREATE, obj=person, after=snapshot(person))
    if membership:
        membership_set(actor=actor, person=person, **membership)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, data: dict, expected_version: int | None = None) -> Person:
    ensure_allowed(actor, person, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    if "unit" in data and data["unit"].pk != person.unit_id:
        _check_unit(actor, data["unit"])
    if data.get("id_card"):
        data["id_card"] = data["id_card"].upper()
    if "name" in data:
        data["name_initials"] = name_initials(data["name"])
    person = model_update(
        obj=person, data=data, actor=actor, action=events.PERSON_UPDATE, expected_version=expected_version
    )
    if not person.is_member and hasattr(person, "membership"):
        membership_end(actor=actor, person=person)
    return person


@transaction.atomic
def membership_set(
    *,
    actor: User,
    person: Person,
    party_org: PartyOrg,
    status: str,
    joined_on: date | None = None,
    regularised_on: date | None = None,
    post: str = PartyPost.MEMBER,
    moved_on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> PartyMembership:
    """Create or change a person's membership; a change of party org is recorded as a transfer."""
    ensure_allowed(actor, person, Action.CHANGE)
    ensure_allowed(actor, party_org, Action.CHANGE)
    _validate_membership_dates(status=status, joined_on=joined_on, regularised_on=regularised_on)
    current = PartyMembership.objects.select_for_update().filter(person=person).first()
    if current is not None:
        check_version(current, expected_version)
    before = snapshot(current)
    if current is None:
        current = PartyMembership(person=person)
    elif current.party_org_id != party_org.pk:
        ensure_allowed(actor, current.party_org, Action.CHANGE)
    if current.pk is None or current.party_org_id != party_org.pk:
        MembershipTransfer.objects.create(
            person=person,
            from_org_id=current.party_org_id,
            to_org=party_org,
            moved_on=moved_on or date.today(),
            note=note,
        )
    current.party_org, current.status, current.post = party_org, status, post
    current.joined_on, current.regularised_on = joined_on, regularised_on
    current.version = (current.version or 0) + 1 if current.pk else 1
    current.save()
    political = PoliticalStatus.PROBATIONARY if status == "probationary" else PoliticalStatus.MEMBER
    if person.political_status != political:
        Person.objects.filter(pk=person.pk).update(political_status=political)
        person.political_status = political
    audit(actor=actor, action=events.MEMBERSHIP_SET, obj=current, before=before, after=snapshot(current))
    return current


def _validate_membership_dates(*, status, joined_on, regularised_on, today=None):
    today = today or date.today()
    errors = {}
    if joined_on and joined_on > today:
        errors["joined_on"] = "入党日期不能晚于今天。"
    if regularised_on and regularised_on > today:
        errors["regularised_on"] = "转正日期不能晚于今天。"
    if status == "probationary" and regularised_on:
        errors["regularised_on"] = "预备党员不应有转正日期。"
    if joined_on and regularised_on and regularised_on < joined_on:
        errors["regularised_on"] = "转正日期不能早于入党日期。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_end(*, actor: User, person: Person) -> None:
    """Remove a membership (the person is no longer a member); history stays in the audit trail."""
    ensure_allowed(actor, person, Action.CHANGE)
    current = PartyMembership.objects.filter(person=person).first()
    if current is None:
        return
    before = snapshot(current)
    current.delete()
    audit(
        actor=actor, action=events.MEMBERSHIP_END, obj=("org.partymembership", before["id"], str(person)), before=before
    )


# ---------------------------------------------------------------- accounts and roles


@transaction.atomic
def user_create(
    *, actor: User, username: str, password: str, person: Person | None = None, is_superuser: bool = False
) -> User:
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


# ---------------------------------------------------------------- bulk upsert (roster import, demo data)

MEMBERSHIP_FIELDS = ("party_org_id", "status", "joined_on", "regularised_on", "post")
BULK_PERSON_FIELDS = tuple(f if f != "unit" else "unit_id" for f in PERSON_FIELDS) + ("name_initials",)
CHUNK = 2000


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _person_values(row):
    values = {name: row[name] for name in BULK_PERSON_FIELDS if name in row}
    values["name_initials"] = name_initials(values["name"])
    if values.get("id_card"):
        values["id_card"] = values["id_card"].upper()
    return values


def _existing_people(numbers):
    found = {}
    for chunk in _chunks(numbers):
        found.update({p.employee_no: p for p in Person.objects.filter(employee_no__in=chunk)})
    return found


def _upsert_people(rows, existing):
    """Create new people and update changed ones; returns (people by 工号, audit changes, counts)."""
    created, updated, changes = [], [], []
    for row in rows:
        values = _person_values(row)
        person = existing.get(values["employee_no"])
        if person is None:
            person = Person(**values)
            created.append(person)
            continue
        if any(getattr(person, k) != v for k, v in values.items()):
            before = snapshot(person)
            for key, value in values.items():
                setattr(person, key, value)
            person.version += 1
            updated.append(person)
            changes.append((events.PERSON_UPDATE, person, before))
    Person.objects.bulk_create(created, batch_size=CHUNK)
    if created and created[0].pk is None:  # backends without RETURNING (none we support, but be safe)
        created = list(Person.objects.filter(employee_no__in=[p.employee_no for p in created]))
    Person.objects.bulk_update(updated, [*BULK_PERSON_FIELDS, "version"], batch_size=CHUNK)
    changes.extend((events.PERSON_CREATE, p, None) for p in created)
    people = {**existing, **{p.employee_no: p for p in created}}
    return people, changes, {"created": len(created), "updated": len(updated)}


def _upsert_memberships(rows, people, moved_on):
    """Bring memberships in line with the rows: create, change (with transfer) or end."""
    person_ids = [p.pk for p in people.values()]
    current = {}
    for chunk in _chunks(person_ids):
        current.update({m.person_id: m for m in PartyMembership.objects.filter(person_id__in=chunk)})
    to_create, to_update, to_end, transfers, changes = [], [], [], [], []
    for row in rows:
        person = people[row["employee_no"]]
        wanted = row.get("membership")
        have = current.get(person.pk)
        if wanted is None:
            if have is not None:
                to_end.append(have)
                changes.append((events.MEMBERSHIP_END, have, snapshot(have)))
            continue
        if have is None:
            have = PartyMembership(person_id=person.pk, **wanted)
            to_create.append(have)
            transfers.append(
                MembershipTransfer(
                    person_id=person.pk,
                    from_org_id=None,
                    to_org_id=wanted["party_org_id"],
                    moved_on=moved_on,
                    note="花名册导入",
                )
            )
            continue
        if any(getattr(have, k) != v for k, v in wanted.items()):
            before = snapshot(have)
            if have.party_org_id != wanted["party_org_id"]:
                transfers.append(
                    MembershipTransfer(
                        person_id=person.pk,
                        from_org_id=have.party_org_id,
                        to_org_id=wanted["party_org_id"],
                        moved_on=moved_on,
                        note="花名册导入",
                    )
                )
            for key, value in wanted.items():
                setattr(have, key, value)
            have.version += 1
            to_update.append(have)
            changes.append((events.MEMBERSHIP_SET, have, before))
    _attach_related([*to_create, *to_update, *to_end], people)
    PartyMembership.objects.bulk_create(to_create, batch_size=CHUNK)
    PartyMembership.objects.bulk_update(to_update, [*MEMBERSHIP_FIELDS, "version"], batch_size=CHUNK)
    for chunk in _chunks([m.pk for m in to_end]):
        PartyMembership.objects.filter(pk__in=chunk).delete()
    MembershipTransfer.objects.bulk_create(transfers, batch_size=CHUNK)
    changes.extend((events.MEMBERSHIP_SET, m, None) for m in to_create)
    return changes


def _attach_related(memberships, people):
    """Give each membership its person and party org, so audit texts need no query per row."""
    by_id = {p.pk: p for p in people.values()}
    orgs = PartyOrg.objects.in_bulk({m.party_org_id for m in memberships})
    for membership in memberships:
        membership.person = by_id[membership.person_id]
        membership.party_org = orgs[membership.party_org_id]


def _audit_changes(actor, changes):
    by_action = {}
    for action, obj, before in changes:
        after = None if action is events.MEMBERSHIP_END else snapshot(obj)
        target = obj if after is not None else (obj._meta.label_lower, before["id"], str(obj))
        by_action.setdefault(action, []).append((target, before, after))
    for action, items in by_action.items():
        audit_many(actor=actor, action=action, changes=items)


@transaction.atomic
def person_bulk_upsert(
    *, actor: User, rows: list[dict], moved_on: date | None = None, progress: Callable[[int], None] | None = None
) -> dict:
    """Create or update people by 工号, with their memberships, all or nothing.

    ``rows`` are validated dicts: person fields (``unit_id``) and ``membership``, either
    None (not a member) or a dict of ``party_org_id, status, joined_on, regularised_on,
    post``. Used by the roster import and the demo company, so both take the same path.
    """
    ensure_may(actor, EDIT_ROSTER)
    moved_on = moved_on or date.today()
    existing = _existing_people([r["employee_no"] for r in rows])
    if progress:
        progress(len(rows) // 4)
    people, person_changes, counts = _upsert_people(rows, existing)
    if progress:
        progress(len(rows) // 2)
    membership_changes = _upsert_memberships(rows, people, moved_on)
    if progress:
        progress(len(rows) * 3 // 4)
    _audit_changes(actor, person_changes + membership_changes)
    return {**counts, "total": len(rows), "memberships_changed": len(membership_changes)}
