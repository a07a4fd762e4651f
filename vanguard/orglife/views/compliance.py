"""The compliance matrix (committee and one branch), the rules and exemptions the office keeps."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from vanguard.core import pickers
from vanguard.core.access import choices, may
from vanguard.core.choices import Action
from vanguard.core.dates import plausible_year
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg

from .. import compliance, services
from ..access import SEE_COMPLIANCE, SET_RULES
from ..forms import ExemptionForm, RuleForm
from ..models import ComplianceExemption, ComplianceRule, StudyRule

# The org filter of the matrix: a search among the branches in scope, not a list of hundreds of options.
MATRIX_ORG_PICKER = pickers.register_source(
    pickers.Source(
        name="orglife.matrix_org",
        options=lambda user, params: (
            PartyOrg.objects.restrict(user)
            .filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH])
            .order_by("path")
        ),
        search=lambda qs, text: qs.filter(Q(name__contains=text) | Q(label__contains=text)),
    )
)


def _org_picker(root):
    """The org filter, showing the org chosen (cleared: every branch in scope)."""
    widget = pickers.PickerWidget(MATRIX_ORG_PICKER.name, placeholder="搜索支部名称,留空为全部支部")
    widget.lookup = lambda value: root
    return widget.render("org", root.pk if root is not None else "", attrs={"id": "f-org"})


DUE_SHOWN = 30  # checks due listed beside the matrix (all of them counted)


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def compliance_page(request):
    """Orgs × months (or one rule's periods): green kept, red missed, yellow due, grey exempt."""
    if not may(request.user, SEE_COMPLIANCE):
        raise Http404
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year)
    if not plausible_year(year, today):
        year = today.year
    root = None
    if request.GET.get("org"):
        root = get_scoped_object(request, PartyOrg, pk=_int(request.GET["org"], 0))
    rules = list(ComplianceRule.objects.filter(is_active=True))
    rule = next((r for r in rules if str(r.pk) == request.GET.get("rule")), None)
    if request.GET.get("cell"):
        return _drill_down(request, year, rule)
    matrix = compliance.compliance_matrix(
        user=request.user, year=year, root=root, rule=rule, today=today, due_keep=DUE_SHOWN,
        shown=lambda branches: Paginator(branches, compliance.ROWS_PER_PAGE).get_page(request.GET.get("page")),
    )  # fmt: skip
    days = min(max(_int(request.GET.get("days"), 7), 1), 31)  # the home page links to a longer look ahead
    due = (
        compliance.due_this_week(user=request.user, root=root, today=today, days=days, matrix=matrix, limit=DUE_SHOWN)
        if year == today.year
        else compliance.DueList()
    )
    context = {
        "rule_rows": _by_rule(matrix) if root is not None and root.kind == PartyOrgKind.BRANCH else None,
        "matrix": matrix,
        "year": year,
        "years": list(range(today.year, today.year - 4, -1)),
        "root": root,
        "rules": rules,
        "rule": rule,
        "due": due,
        "due_total": due.total,
        "due_days": days,
        "org_picker": _org_picker(root),
    }
    return render(request, "orglife/compliance.html", context)


def _by_rule(matrix):
    """One branch's matrix turned around: a line per rule (and per party group for group rules)."""
    if len(matrix.rows) != 1:
        return None
    lines = {}
    for n, cell in enumerate(matrix.rows[0].cells):
        for check in cell.checks:
            key = (check.rule.org_kind != "group", check.org_name, check.rule.pk)
            line = lines.setdefault(key, {"label": f"{check.org_name}{check.text.split(' ')[0].removeprefix(check.org_name)}",
                                          "rule": check.rule, "cells": [None] * len(matrix.columns)})  # fmt: skip
            line["cells"][n] = check
    return [lines[k] for k in sorted(lines, key=lambda k: (not k[0], k[1], k[2]))]


def _drill_down(request, year, rule):
    """A cell's link (``?cell=<org>.<column>``): the meetings of that org in that period."""
    try:
        org_id, column = (int(x) for x in request.GET["cell"].split("."))
        query = compliance.cell_query(org_id=org_id, year=year, column=column, rule=rule)
    except (ValueError, IndexError):
        raise Http404 from None
    get_scoped_object(request, PartyOrg, pk=org_id)
    return redirect(f"{reverse('meeting-list')}?{query}")


def _may_set_rules(user):
    if not may(user, SET_RULES):
        raise Http404


def rule_list(request):
    _may_set_rules(request.user)
    context = {
        "rules": ComplianceRule.objects.restrict(request.user),
        "study_rules": StudyRule.objects.restrict(request.user),
        "exemptions": ComplianceExemption.objects.restrict(request.user).select_related("org", "rule")[:100],
    }
    return render(request, "orglife/rule_list.html", context)


def rule_edit(request, pk):
    rule = get_scoped_object(request, ComplianceRule, Action.CHANGE, pk=pk)
    form = RuleForm(request.POST or None, instance=rule, initial={"version": rule.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.rule_update(
                actor=request.user, rule=ComplianceRule.objects.get(pk=pk), data=data,
                expected_version=form.cleaned_data.get("version"),
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已保存规则。")
            return redirect("rule-list")
    return render(request, "orglife/simple_form.html", {"form": form, "title": f"修改规则:{rule}", "back": "rule-list"})


def exemption_create(request):
    _may_set_rules(request.user)
    orgs = choices(request.user, ComplianceExemption, "org", Action.ADD).exclude(kind=PartyOrgKind.COMMITTEE)
    form = ExemptionForm(request.POST or None, orgs=orgs.order_by("path"))
    if request.method == "POST" and form.is_valid():
        try:
            services.exemption_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已登记免于考核。")
            return redirect("rule-list")
    return render(request, "orglife/simple_form.html", {"form": form, "title": "登记免于考核", "back": "rule-list"})
