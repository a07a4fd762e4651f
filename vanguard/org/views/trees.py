"""The two org trees: expand and collapse with htmx, counts per node, detail, create, edit, move."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.numbers import parse_id
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..access import EDIT_ROSTER, SEE_ROSTER
from ..forms import MoveForm, PartyOrgForm, UnitForm
from ..models import PartyOrg, Unit

TREES = {
    PartyOrg: {"counts": selectors.party_org_counts, "title": "党组织", "url": "party-org", "icon": "flag"},
    Unit: {"counts": selectors.unit_counts, "title": "单位", "url": "unit", "icon": "building-factory-2"},
}


# Children shown per expansion; "加载更多" asks for the next page (a committee has 400 branches).
CHILDREN_PAGE = 50


def _tree_page(request, model):
    """The user's top nodes (a single one shown opened); ``?parent=<id>`` answers one node's children (htmx),
    a page of them, ``&start=<n>`` the following pages."""
    conf = TREES[model]
    # A node's page is the tree's path and its id (``<tree>/<pk>/``): one reverse for every row.
    tree_path = reverse(f"{conf['url']}-tree")
    context = {"model_name": model._meta.model_name, "title": conf["title"], "conf": conf, "tree_path": tree_path}
    if parent_id := parse_id(request.GET.get("parent")):
        parent = get_scoped_object(request, model, pk=parent_id)
        start = parse_id(request.GET.get("start")) or 0
        page = selectors.tree_children_page(
            model=model, user=request.user, parent=parent, start=start, size=CHILDREN_PAGE
        )
        selectors.with_counts(page.nodes, conf["counts"](page.nodes))
        _not_preloaded(page.nodes)
        context.update(nodes=page.nodes, more=page, parent=parent)
        return render(request, "org/_tree_items.html" if start else "org/_tree_nodes.html", context)
    nodes = selectors.tree_children(model=model, user=request.user)
    shown = list(nodes)
    if len(nodes) == 1 and nodes[0].numchild:
        nodes[0].children_page = selectors.tree_children_page(
            model=model, user=request.user, parent=nodes[0], size=CHILDREN_PAGE
        )
        nodes[0].preloaded = True
        shown += nodes[0].children_page.nodes
    selectors.with_counts(shown, conf["counts"](shown))
    _not_preloaded(shown)
    context["nodes"] = nodes
    if not nodes and not may(request.user, SEE_ROSTER):
        raise Http404
    context["may_add"] = may(request.user, EDIT_ROSTER)
    return render(request, "org/tree.html", context)


def _not_preloaded(nodes):
    # Said for every node: a template asking a model instance for a missing attribute costs a dir().
    for node in nodes:
        node.preloaded = getattr(node, "preloaded", False)


def party_org_tree(request):
    return _tree_page(request, PartyOrg)


def unit_tree(request):
    return _tree_page(request, Unit)


def _node_detail(request, model, pk):
    """One node: its ancestors (linked where visible), children with counts, linked nodes, actions."""
    conf = TREES[model]
    node = get_scoped_object(request, model, pk=pk)
    ancestors = list(model.objects.get_ancestors(node))
    for ancestor in ancestors:
        ancestor.visible = selectors.scope_covers(model=model, user=request.user, path=ancestor.path)
    page = selectors.tree_children_page(model=model, user=request.user, parent=node, size=CHILDREN_PAGE)
    children = page.nodes
    selectors.with_counts([node, *children], selectors.node_and_children_counts(model=model, node=node))
    if model is PartyOrg:
        linked = list(node.units.restrict(request.user).order_by("path"))
        labels = selectors.path_labels(Unit, linked)
    else:
        chain = [a.path for a in ancestors] + [node.path]
        linked = list(PartyOrg.objects.restrict(request.user).filter(units__path__in=chain).distinct().order_by("path"))
        labels = {}
    for item in linked:
        item.label = labels.get(item.path, item.name)
    may_change = selectors.scope_covers(model=model, user=request.user, path=node.path, action=Action.CHANGE)
    context = {
        "node": node,
        "ancestors": ancestors,
        "children": children,
        "children_page": page,
        "linked": linked,
        "conf": conf,
        "model_name": model._meta.model_name,
        "may_change": may_change,
        "object_type": model._meta.label_lower,
    }
    return render(request, "org/node_detail.html", context)


def party_org_detail(request, pk):
    return _node_detail(request, PartyOrg, pk)


def unit_detail(request, pk):
    return _node_detail(request, Unit, pk)


class _NodeFormView(View):
    model = None
    form_class = None

    @property
    def conf(self):
        return TREES[self.model]

    def _form(self, request, instance=None, initial=None):
        parents = self.model.objects.restrict(request.user, Action.CHANGE)
        form = self.form_class(request.POST or None, parent_queryset=parents, instance=instance, initial=initial)
        if "units" in form.fields:
            form.fields["units"].queryset = Unit.objects.restrict(request.user, Action.CHANGE).order_by("path")
        return form

    def render(self, request, form, node=None, action="edit"):
        label = self.model._meta.verbose_name
        title = {"edit": f"编辑{label}", "move": f"移动{label}"}.get(action, f"新增{label}") if node else f"新增{label}"
        context = {"form": form, "title": title, "node": node, "conf": self.conf, "action": action}
        return render(request, "org/node_form.html", context)


class _NodeCreateView(_NodeFormView):
    service = None

    def get(self, request):
        if not may(request.user, EDIT_ROSTER):
            raise Http404
        parent = request.GET.get("parent")
        return self.render(request, self._form(request, initial={"parent": parent} if parent else None))

    def post(self, request):
        if not may(request.user, EDIT_ROSTER):
            raise Http404
        form = self._form(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            try:
                node = type(self).service(actor=request.user, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, f"已新增{self.model._meta.verbose_name} {node.name}。")
                return redirect(f"{self.conf['url']}-detail", pk=node.pk)
        return self.render(request, form)


class PartyOrgCreateView(_NodeCreateView):
    model, form_class, service = PartyOrg, PartyOrgForm, services.party_org_create


class UnitCreateView(_NodeCreateView):
    model, form_class, service = Unit, UnitForm, services.unit_create


class _NodeUpdateView(_NodeFormView):
    def get(self, request, pk):
        node = get_scoped_object(request, self.model, Action.CHANGE, pk=pk)
        return self.render(request, self._form(request, node), node)

    def post(self, request, pk):
        node = get_scoped_object(request, self.model, Action.CHANGE, pk=pk)
        form = self._form(request, node)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.tree_node_update(
                    actor=request.user, node=self.model.objects.get(pk=pk), data=data, expected_version=version
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, "已保存。")
                return redirect(f"{self.conf['url']}-detail", pk=pk)
        return self.render(request, form, node)


class PartyOrgUpdateView(_NodeUpdateView):
    model, form_class = PartyOrg, PartyOrgForm


class UnitUpdateView(_NodeUpdateView):
    model, form_class = Unit, UnitForm


def _move(request, model, pk):
    conf = TREES[model]
    node = get_scoped_object(request, model, Action.CHANGE, pk=pk)
    parents = model.objects.restrict(request.user, Action.CHANGE).exclude(path__startswith=node.path)
    form = MoveForm(request.POST or None, parent_queryset=parents)
    if request.method == "POST" and form.is_valid():
        try:
            services.tree_node_move(actor=request.user, node=node, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已将 {node.name} 移动到 {form.cleaned_data['new_parent'].name} 之下。")
            return redirect(f"{conf['url']}-detail", pk=pk)
    context = {"form": form, "title": f"移动{model._meta.verbose_name}", "node": node, "conf": conf, "action": "move"}
    return render(request, "org/node_form.html", context)


def party_org_move(request, pk):
    return _move(request, PartyOrg, pk)


def unit_move(request, pk):
    return _move(request, Unit, pk)
