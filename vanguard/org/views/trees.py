"""The two org trees: expand and collapse with htmx, counts per node, create, edit, move."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from vanguard.core.views import apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..forms import MoveForm, PartyOrgForm, UnitForm
from ..models import PartyOrg, Unit

TREES = {
    PartyOrg: {"counts": selectors.party_org_counts, "template": "org/party_org_tree.html", "title": "党组织"},
    Unit: {"counts": selectors.unit_counts, "template": "org/unit_tree.html", "title": "单位"},
}


def _tree_page(request, model):
    """The tree's top nodes; ``?parent=<id>`` answers one node's children (htmx)."""
    conf = TREES[model]
    parent = None
    if request.GET.get("parent"):
        parent = get_scoped_object(request, model, pk=request.GET["parent"])
    nodes = selectors.tree_children(model=model, user=request.user, parent=parent)
    selectors.with_counts(nodes, conf["counts"](nodes))
    context = {"nodes": nodes, "model_name": model._meta.model_name, "title": conf["title"]}
    if parent is not None or request.htmx:
        return render(request, "org/_tree_nodes.html", context)
    if not nodes:
        raise Http404
    return render(request, conf["template"], context)


def party_org_tree(request):
    return _tree_page(request, PartyOrg)


def unit_tree(request):
    return _tree_page(request, Unit)


def party_org_detail(request, pk):
    org = get_scoped_object(request, PartyOrg, pk=pk)
    children = selectors.with_counts(
        selectors.tree_children(model=PartyOrg, user=request.user, parent=org), {}
    )
    counts = selectors.party_org_counts([org]).get(org.path, {})
    context = {"node": org, "children": children, "counts": counts, "units": org.units.all(),
               "ancestors": PartyOrg.objects.get_ancestors(org)}
    return render(request, "org/party_org_detail.html", context)


def unit_detail(request, pk):
    unit = get_scoped_object(request, Unit, pk=pk)
    children = selectors.tree_children(model=Unit, user=request.user, parent=unit)
    counts = selectors.unit_counts([unit]).get(unit.path, {})
    context = {"node": unit, "children": children, "counts": counts, "party_orgs": unit.party_orgs.all(),
               "ancestors": Unit.objects.get_ancestors(unit)}
    return render(request, "org/unit_detail.html", context)


class _NodeFormView(View):
    model = None
    form_class = None

    def _form(self, request, instance=None):
        parents = self.model.objects.restrict(request.user, "change")
        form = self.form_class(request.POST or None, parent_queryset=parents, instance=instance)
        if "units" in form.fields:
            form.fields["units"].queryset = Unit.objects.restrict(request.user, "change")
        return form

    def render(self, request, form, node=None):
        label = self.model._meta.verbose_name
        title = f"编辑{label} {node.name}" if node else f"新增{label}"
        return render(request, "org/node_form.html", {"form": form, "title": title, "node": node})


class PartyOrgCreateView(_NodeFormView):
    model, form_class = PartyOrg, PartyOrgForm

    def get(self, request):
        return self.render(request, self._form(request))

    def post(self, request):
        form = self._form(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            try:
                node = services.party_org_create(actor=request.user, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, f"已新增党组织 {node.name}。")
                return redirect("party-org-detail", pk=node.pk)
        return self.render(request, form)


class UnitCreateView(_NodeFormView):
    model, form_class = Unit, UnitForm

    def get(self, request):
        return self.render(request, self._form(request))

    def post(self, request):
        form = self._form(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            try:
                node = services.unit_create(actor=request.user, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, f"已新增单位 {node.name}。")
                return redirect("unit-detail", pk=node.pk)
        return self.render(request, form)


class _NodeUpdateView(_NodeFormView):
    detail_url = None

    def get(self, request, pk):
        node = get_scoped_object(request, self.model, "change", pk=pk)
        return self.render(request, self._form(request, node), node)

    def post(self, request, pk):
        node = get_scoped_object(request, self.model, "change", pk=pk)
        form = self._form(request, node)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.tree_node_update(actor=request.user, node=self.model.objects.get(pk=pk), data=data,
                                          expected_version=version)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, "已保存。")
                return redirect(self.detail_url, pk=pk)
        return self.render(request, form, node)


class PartyOrgUpdateView(_NodeUpdateView):
    model, form_class, detail_url = PartyOrg, PartyOrgForm, "party-org-detail"


class UnitUpdateView(_NodeUpdateView):
    model, form_class, detail_url = Unit, UnitForm, "unit-detail"


def _move(request, model, pk, detail_url):
    node = get_scoped_object(request, model, "change", pk=pk)
    parents = model.objects.restrict(request.user, "change").exclude(path__startswith=node.path)
    form = MoveForm(request.POST or None, parent_queryset=parents)
    if request.method == "POST" and form.is_valid():
        try:
            services.tree_node_move(actor=request.user, node=node, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已将 {node.name} 移动到 {form.cleaned_data['new_parent'].name} 之下。")
            return redirect(detail_url, pk=pk)
    return render(request, "org/node_form.html", {"form": form, "title": f"移动 {node.name}", "node": node})


def party_org_move(request, pk):
    return _move(request, PartyOrg, pk, "party-org-detail")


def unit_move(request, pk):
    return _move(request, Unit, pk, "unit-detail")
