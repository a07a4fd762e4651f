"""Scheme pages: the list (search, subject kind, Excel), a scheme with its criteria tree, groups, bands, vetoes
and items, and the office's design forms (the scheme, a criterion, the weights of siblings, the groups, a band,
a veto, an item, a copy). Every write goes through ``services.schemes``."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exports import export_response
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from ..exports import SCHEME_LIST
from ..forms.schemes import (
    BandForm,
    CopyForm,
    CriterionForm,
    GroupsForm,
    ItemForm,
    SchemeFilterForm,
    SchemeForm,
    VetoForm,
)
from ..models import EvaluationScheme
from ..selectors import schemes as selectors
from ..services import schemes as services

PAGE = 25


def filtered_schemes(user, params):
    form = SchemeFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.scheme_list(user=user, search=data.get("q", ""), subject_kind=data.get("subject_kind", ""))
    return form, qs


def scheme_list(request):
    form, qs = filtered_schemes(request.user, request.GET)
    page = Paginator(qs.select_related(None).order_by("order", "pk"), PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form, "page_obj": page, "schemes": page.object_list,
        "may_design": may(request.user, Action.ADD, EvaluationScheme),
    }  # fmt: skip
    return render(request, "evaluations/scheme_list.html", context)


def scheme_export(request):
    _form, qs = filtered_schemes(request.user, request.GET)
    back = reverse("evaluation-scheme-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, SCHEME_LIST, rows=qs.count(), back=back)


def _scheme(request, pk, action="view"):
    return get_scoped_object(request, EvaluationScheme.objects.select_related("owner"), action, pk=pk)


def scheme_detail(request, pk):
    scheme = _scheme(request, pk)
    tree = selectors.criteria_tree(scheme)
    groups, bands = list(scheme.evaluator_groups.all()), list(scheme.grades.all())
    context = {
        "scheme": scheme,
        "tree": tree,
        "top": [c for c in tree if c.depth == 0],
        "groups": groups,
        "bands": bands,
        "vetoes": list(scheme.vetoes.select_related("max_grade")),
        "items": list(scheme.adjustment_items.all()),
        "problems": services.scheme_problems(scheme, criteria=tree, groups=groups, bands=bands),
        "rounds": scheme.rounds.count(),
        "may_design": may(request.user, Action.CHANGE, scheme),
        "may_copy": may(request.user, Action.ADD, EvaluationScheme),
    }
    return render(request, "evaluations/scheme_detail.html", context)


def _form_page(request, form, *, scheme=None, title, back):
    return render(request, "evaluations/scheme_form.html", {"form": form, "scheme": scheme, "title": title,
                                                             "back": back})  # fmt: skip


def scheme_create(request):
    if not may(request.user, Action.ADD, EvaluationScheme):
        raise Http404
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_save(actor=request.user, data=form.cleaned_data)
            success(request, f"已新建方案:{scheme.name}")
            return redirect("evaluation-scheme", pk=scheme.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return _form_page(request, form, title="新建考评方案", back=reverse("evaluation-scheme-list"))


def scheme_edit(request, pk):
    scheme = _scheme(request, pk, "change")
    fields = {f: getattr(scheme, f) for f in services.SCHEME_FIELDS if f != "order"}
    fields["ballot_choices"] = SchemeForm.choices_text(scheme.ballot_choices)
    form = SchemeForm(request.POST or None, initial={**fields, "code": scheme.code}, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            services.scheme_save(actor=request.user, scheme=scheme, data=data,
                                 expected_version=request.POST.get("version"))  # fmt: skip
            success(request, "已保存方案。")
            return redirect("evaluation-scheme", pk=scheme.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return _form_page(request, form, scheme=scheme, title=f"修改方案:{scheme.name}",
                      back=reverse("evaluation-scheme", args=[scheme.pk]))  # fmt: skip


def scheme_copy(request, pk):
    scheme = _scheme(request, pk)
    if not may(request.user, Action.ADD, EvaluationScheme):
        raise Http404
    form = CopyForm(request.POST or None, initial={"code": f"{scheme.code}-copy", "name": f"{scheme.name}(副本)"})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.scheme_copy(actor=request.user, scheme=scheme, **form.cleaned_data)
            success(request, f"已复制为新方案:{copy.name}")
            return redirect("evaluation-scheme", pk=copy.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return _form_page(request, form, scheme=scheme, title=f"复制方案:{scheme.name}",
                      back=reverse("evaluation-scheme", args=[scheme.pk]))  # fmt: skip


# ---------------------------------------------------------------- parts


PARTS = {
    "criterion": ("criteria", "指标", "criterion_save", "criterion_delete"),
    "band": ("grades", "等次", "band_save", "band_delete"),
    "veto": ("vetoes", "一票否决事项", "veto_save", "veto_delete"),
    "item": ("adjustment_items", "加减分事项", "item_save", "item_delete"),
}


def _part_form(part, scheme, instance, data):
    if part == "criterion":
        initial = {}
        if instance is not None:
            initial = {f: getattr(instance, f) for f in ("parent", "name", "code", "weight", "method", "source",
                                                          "scale_max", "standard", "order")}  # fmt: skip
            initial["params"] = json.dumps(instance.params, ensure_ascii=False) if instance.params else ""
        return CriterionForm(data, scheme=scheme, instance=instance, initial=initial)
    if part == "band":
        initial = (
            {f: getattr(instance, f) for f in ("code", "label", "min_score", "quota", "stars")} if instance else {}
        )
        return BandForm(data, initial=initial)
    if part == "veto":
        initial = {"name": instance.name, "max_grade": instance.max_grade} if instance else {}
        return VetoForm(data, scheme=scheme, initial=initial)
    initial = {"name": instance.name, "points": instance.points} if instance else {}
    return ItemForm(data, initial=initial)


def scheme_part(request, pk, part, part_pk=None):
    """Add (no ``part_pk``) or change one part of a scheme."""
    if part not in PARTS:
        raise Http404
    scheme = _scheme(request, pk, "change")
    related, label, save, _delete = PARTS[part]
    instance = get_object_or_404(getattr(scheme, related), pk=part_pk) if part_pk else None
    form = _part_form(part, scheme, instance, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            getattr(services, save)(
                actor=request.user, scheme=scheme, data=form.cleaned_data,
                expected_version=request.POST.get("version"), **{part: instance},
            )  # fmt: skip
            success(request, f"已保存{label}。")
            return redirect("evaluation-scheme", pk=scheme.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    title = f"{'修改' if instance else '添加'}{label}"
    return _form_page(request, form, scheme=scheme, title=title, back=reverse("evaluation-scheme", args=[scheme.pk]))


@require_POST
def scheme_part_delete(request, pk, part, part_pk):
    if part not in PARTS:
        raise Http404
    scheme = _scheme(request, pk, "change")
    related, label, _save, delete = PARTS[part]
    instance = get_object_or_404(getattr(scheme, related), pk=part_pk)
    try:
        getattr(services, delete)(actor=request.user, scheme=scheme, expected_version=request.POST.get("version"),
                                  **{part: instance})  # fmt: skip
        success(request, f"已删除{label}。")
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("evaluation-scheme", pk=scheme.pk)


def scheme_weights(request, pk):
    """The weights of one parent's children at once (``parent`` in the query; none: the top level)."""
    scheme = _scheme(request, pk, "change")
    parent = get_object_or_404(scheme.criteria, pk=request.GET["parent"]) if request.GET.get("parent") else None
    siblings = list(scheme.criteria.filter(parent=parent).order_by("order", "pk"))
    errors = []
    if request.method == "POST":
        weights = {c.pk: request.POST.get(f"w{c.pk}", "").strip() for c in siblings}
        try:
            services.criterion_weights_save(actor=request.user, scheme=scheme, parent=parent, weights=weights,
                                            expected_version=request.POST.get("version"))  # fmt: skip
            success(request, "已保存权重。")
            return redirect("evaluation-scheme", pk=scheme.pk)
        except ValidationError as exc:
            errors = exc.messages
            for c in siblings:
                c.weight = weights[c.pk]
    context = {"scheme": scheme, "parent": parent, "siblings": siblings, "errors": errors}
    return render(request, "evaluations/scheme_weights.html", context)


def scheme_groups(request, pk):
    scheme = _scheme(request, pk, "change")
    initial = {g.kind: g.weight for g in scheme.evaluator_groups.all()}
    form = GroupsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.groups_save(actor=request.user, scheme=scheme, weights=form.cleaned_data,
                                 expected_version=request.POST.get("version"))  # fmt: skip
            success(request, "已保存评价群体。")
            return redirect("evaluation-scheme", pk=scheme.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return _form_page(request, form, scheme=scheme, title="评价群体与权重",
                      back=reverse("evaluation-scheme", args=[scheme.pk]))  # fmt: skip
