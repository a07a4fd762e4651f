"""Tree nodes of both org trees: create, bulk create, update, move."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from vanguard.core.access import ensure_allowed, ensure_may
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.services import model_update

from .. import events
from ..access import ADD_TOP_NODES
from ..models import PartyOrg, TreeNode, Unit, User
from .labels import party_org_labels_refresh

# Kept figures of other apps that follow the party org tree (which branch a party group counts for): each
# ``fn(org_ids)`` is called in the service's transaction with the orgs created, changed in kind or founding
# day, or moved (their subtrees, and the parents they left and joined).
_followers = []


def follow_party_orgs(fn):
    """Register ``fn(org_ids)`` to be called after party orgs are created, moved or change kind or founding day."""
    _followers.append(fn)
    return fn


def _party_orgs_changed(ids):
    ids = sorted({i for i in ids if i is not None})
    for fn in _followers:
        fn(ids)


def _child_names(org: PartyOrg) -> set[str]:
    """The names of an org's children (their labels carry its name)."""
    return set(PartyOrg.objects.filter(path__startswith=org.path, depth=org.depth + 1).values_list("name", flat=True))


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
    party_org_labels_refresh(names=[org.name])
    org.refresh_from_db(fields=["label"])
    _party_orgs_changed([org.pk])
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
    if model is PartyOrg:
        _party_orgs_changed([node.pk for node in created])
        party_org_labels_refresh(names={node.name for node in created})
        labels = dict(PartyOrg.objects.filter(pk__in=[n.pk for n in created]).values_list("pk", "label"))
        for node in created:
            node.label = labels.get(node.pk, node.name)
    return created


@transaction.atomic
def tree_node_update(*, actor: User, node: TreeNode, data: dict, expected_version: int | None = None) -> TreeNode:
    """Rename or re-code a node of either tree (``data`` holds model fields; ``units`` for a party org)."""
    ensure_allowed(actor, node, Action.CHANGE)
    action = events.PARTY_ORG_UPDATE if isinstance(node, PartyOrg) else events.UNIT_UPDATE
    old_name, old_shape = node.name, (getattr(node, "kind", None), getattr(node, "founded_on", None))
    node = model_update(obj=node, data=dict(data), actor=actor, action=action, expected_version=expected_version)
    if isinstance(node, PartyOrg) and (node.kind, node.founded_on) != old_shape:
        _party_orgs_changed([node.pk])
    if isinstance(node, PartyOrg) and node.name != old_name:
        party_org_labels_refresh(names={old_name, node.name} | _child_names(node))
        node.refresh_from_db(fields=["label"])
    return node


@transaction.atomic
def tree_node_move(*, actor: User, node: TreeNode, new_parent: TreeNode) -> TreeNode:
    """Move a node (and its subtree) under ``new_parent``."""
    ensure_allowed(actor, node, Action.CHANGE)
    ensure_allowed(actor, new_parent, Action.CHANGE)
    if new_parent.pk == node.pk or new_parent.path.startswith(node.path):
        raise ValidationError("不能移动到自身或其下级之下。")
    before = {"parent": type(node).objects.get_parent(node).pk if node.depth > 1 else None}
    type(node).objects.move(node, new_parent, pos="last-child")
    if isinstance(node, PartyOrg):
        party_org_labels_refresh(names=[node.name])
        node.refresh_from_db(fields=["path"])
        subtree = PartyOrg.objects.filter(path__startswith=node.path).values_list("pk", flat=True)
        _party_orgs_changed([*subtree, before["parent"], new_parent.pk])
    node.refresh_from_db()
    action = events.PARTY_ORG_MOVE if isinstance(node, PartyOrg) else events.UNIT_MOVE
    audit(actor=actor, action=action, obj=node, before=before, after={"parent": new_parent.pk})
    return node
