"""Target pages: the tree, one target, create, edit (stale edits shown side by side), decompose, watch lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from vanguard.core import access
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exceptions import ConcurrentEditError
from vanguard.core.numbers import parse_id
from vanguard.core.scope import get_scope
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.models import PartyOrg, Person

from .. import selectors, services
from ..allocation import allocation_check, allocation_check_figures
from ..forms import DecomposeFormSet, StageForm, TargetForm
from ..models import Campaign, Target

# The top targets open on the first view when their children are this few; larger trees open on a click.
PRELOAD_CHILDREN = 120
# A node opened by a click shows this many children at a time, with a link to the next ones.
CHILDREN_PAGE = 50
RESULTS_SHOWN = 10  # results counted into a target, listed above its reports
WATCH_KINDS = {"due": "即将到期", "at_risk": "有风险", "overdue": "已逾期"}
# The dashboard's other figures open the same list (责任目标 counts leaf targets: ``?leaves=1``).
LIST_KINDS = {**WATCH_KINDS, "all": "责任目标", "done": "已完成", "on_track": "正常推进", "not_started": "未填报"}


def target_tree(request, pk):
    """The campaign's target tree: the user's top targets opened one level; ``?parent=`` loads children (htmx)."""
    campaign = get_scoped_object(request, Campaign, pk=pk)
    context = {"campaign": campaign, "today": timezone.localdate()}
    if parent_id := parse_id(request.GET.get("parent")):
        parent = get_scoped_object(request, Target.objects.filter(campaign=campaign), pk=parent_id)
        offset = _offset(request.GET.get("offset"))
        nodes, total = selectors.target_child_page(user=request.user, parent=parent, offset=offset, limit=CHILDREN_PAGE)
        context.update(nodes=nodes, page={"parent": parent, "offset": offset, "total": total})
        return render(request, "campaigns/_target_nodes.html", context)
    tops = selectors.target_top_list(user=request.user, campaign=campaign)
    # One query whatever the tree: the children are shown opened only when they are few.
    children = selectors.target_child_lists(user=request.user, parents=tops, limit=PRELOAD_CHILDREN)
    if children is not None:
        for top in tops:
            top.children_list = children.get(top.path, [])
            top.preloaded = bool(top.children_list)
    context.update(nodes=tops, may_change=may(request.user, Action.CHANGE, campaign))
    return render(request, "campaigns/target_tree.html", context)


def _offset(text):
    return int(text) if text and text.isdigit() and len(text) < 9 else 0


def target_detail(request, pk):
    target = get_scoped_object(request, Target.objects.select_related("campaign", "owner_person", "owner_org"), pk=pk)
    user = request.user
    children = selectors.target_children(user=user, parent=target)
    figures = selectors.target_child_figures(children)
    check = allocation_check_figures(target, figures) if figures.count else None
    paginator = Paginator(children, CHILDREN_PAGE)
    paginator.count = figures.count  # counted with the figures: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    reports = list(
        # A report is visible with its target (the same scope rule), and the target was checked above.
        # People are prefetched, not joined: with joins SQLite walks the period index over every report.
        target.reports.all().prefetch_related("evidence", "submitted_by__person", "reviewer__person")[:12]
    )
    may_review = bool(reports) and may(user, Action.REVIEW, reports[0])
    ancestors = list(Target.objects.get_ancestors(target).select_related("owner_org", "owner_person"))
    visible = set(Target.objects.restrict(user).filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True))
    for a in ancestors:
        a.visible = a.pk in visible
    open_ = target.campaign.status != "closed"
    context = {
        "target": target,
        "campaign": target.campaign,
        "children": page.object_list,
        "page_obj": page,
        "check": check,
        "reports": reports,
        "stages": list(target.stages.all()),
        # A target's own links (a leaf's); a split target shows the sum and links to the list behind it.
        "contributions": [] if target.numchild else list(target.contributions.order_by("-counted_on", "-id")),
        "ancestors": ancestors,
        "may_change": open_ and may(user, Action.DECOMPOSE, target),
        "may_edit": open_ and may(user, Action.CHANGE, target),
        "may_report": target.campaign.is_open and not target.numchild and may(user, Action.REPORT, target),
        "may_review": may_review,
        "stage_form": StageForm(),
    }
    return render(request, "campaigns/target_detail.html", context)


def _owner_querysets(user, campaign, parent=None):
    """The orgs and members a target may be given to: below the parent's org (the organiser's), within scope."""
    base = (parent.owner_org if parent is not None and parent.owner_org else None) or campaign.organiser
    orgs = (
        access.choices(user, Target, "owner_org", Action.VIEW)
        .filter(path__startswith=base.path, depth__lte=base.depth + 2)
        .order_by("path")
    )
    people = (
        Person.objects.restrict(user).filter(membership__party_org__path__startswith=base.path).order_by("employee_no")
    )
    return orgs, people


def target_create(request, pk):
    """A new overall target of a campaign (``?parent=`` for a single child)."""
    campaign = get_scoped_object(request, Campaign, pk=pk)
    parent = None
    if parent_id := parse_id(request.GET.get("parent")):
        parent = get_scoped_object(request, Target.objects.filter(campaign=campaign), Action.DECOMPOSE, pk=parent_id)
    elif not may(request.user, Action.CHANGE, campaign):
        raise Http404
    orgs, people = _owner_querysets(request.user, campaign, parent)
    form = TargetForm(request.POST or None, orgs=orgs, people=people)
    if not form.is_bound:
        form.initial.update(due_date=campaign.ends_on, owner_org=(parent.owner_org if parent else campaign.organiser))
        if parent is not None:
            form.initial.update(
                {n: getattr(parent, n) for n in ("metric_name", "metric_unit", "direction", "aggregation")}
            )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            target, check = services.target_create(actor=request.user, campaign=campaign, parent=parent, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            for text in check.warnings:
                messages.warning(request, text)
            success(request, f"已新增目标“{target.title}”。")
            return redirect("target-detail", pk=target.pk)
    return render(
        request,
        "campaigns/target_form.html",
        {"form": form, "campaign": campaign, "parent": parent, "title": "新增目标"},
    )


def target_edit(request, pk):
    target = get_scoped_object(request, Target.objects.select_related("campaign"), Action.CHANGE, pk=pk)
    orgs, people = _owner_querysets(
        request.user, target.campaign, Target.objects.get_parent(target) if target.depth > 1 else None
    )
    form = TargetForm(request.POST or None, instance=target, orgs=orgs, people=people)
    fresh = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        current = Target.objects.select_related("campaign").get(pk=pk)
        try:
            _, check = services.target_update(
                actor=request.user, target=current, data=data, expected_version=form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            if isinstance(exc, ConcurrentEditError):
                # The saved version is shown beside the user's input, which stays in the form; saving
                # again (now against the current version) is a deliberate overwrite.
                fresh = current
                form.data = form.data.copy()
                form.data["version"] = current.version
        else:
            for text in check.warnings:
                messages.warning(request, text)
            success(request, "已保存。")
            return redirect("target-detail", pk=pk)
    return render(
        request,
        "campaigns/target_form.html",
        {
            "form": form,
            "campaign": target.campaign,
            "target": target,
            "fresh": fresh,
            "title": f"编辑 {target.title}",
        },
    )


def _owner_choices(user, parent):
    """The child orgs as select options, built once for every row (a few dozen; people are searched)."""
    return [(f"org:{o.pk}", str(o)) for o in selectors.target_owner_orgs(user=user, parent=parent)[:500]]


def _decompose_rows(formset, parent):
    wanted = [f.cleaned_data.get("owner", "") for f in formset.forms if f.cleaned_data]
    orgs = PartyOrg.objects.in_bulk([int(v.split(":")[1]) for v in wanted if v.startswith("org:")])
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or not (data.get("owner") or data.get("person") or data.get("target_value") or data.get("title")):
            continue
        row = {
            "title": data.get("title") or "",  # empty: the service proposes one from the parent's
            "target_value": data.get("target_value"),
            "weight": data.get("weight") or "1",
            "due_date": data.get("due_date") or parent.due_date,
            "standard": data.get("standard") or "",
            "outcome": data.get("outcome") or parent.outcome,
        }
        person = data.get("person")
        if person is not None:
            membership = getattr(person, "membership", None)
            row["owner_person"] = person
            row["owner_org"] = parent.owner_org or (membership.party_org if membership else None)
        elif data.get("owner"):
            row["owner_org"] = orgs.get(int(data["owner"].partition(":")[2]))
        rows.append(row)
    return rows


def target_decompose(request, pk):
    """Split a target among child orgs or people in one form; nothing is saved if a row is wrong."""
    parent = get_scoped_object(request, Target.objects.select_related("campaign", "owner_org"), Action.DECOMPOSE, pk=pk)
    people = selectors.target_owner_people(user=request.user, parent=parent).select_related("membership__party_org")
    formset = DecomposeFormSet(
        request.POST or None, owner_choices=_owner_choices(request.user, parent), people=people, parent=parent,
        prefix="rows",
    )  # fmt: skip
    errors = []
    if request.method == "POST" and formset.is_valid():
        rows = _decompose_rows(formset, parent)
        try:
            created, _check = services.target_decompose(
                actor=request.user,
                parent=Target.objects.select_related("campaign").get(pk=pk),
                rows=rows,
                expected_version=request.POST.get("version") or None,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            # A shortfall is not flashed: the target's page states it under the children, once.
            success(request, f"已分解为 {len(created)} 项下级目标。")
            return redirect("target-detail", pk=pk)
    existing = selectors.target_child_list(user=request.user, parent=parent)
    return render(
        request,
        "campaigns/target_decompose.html",
        {
            "parent": parent,
            "campaign": parent.campaign,
            "formset": formset,
            "errors": errors,
            "existing": existing,
            "check": allocation_check(parent, existing) if existing else None,
        },
    )


@require_POST
def stage_add(request, pk):
    target = get_scoped_object(request, Target.objects.select_related("campaign"), Action.DECOMPOSE, pk=pk)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.target_stage_set(actor=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            success(request, "已保存阶段性目标。")
    else:
        messages.error(request, "阶段性目标填写不完整。")
    return redirect("target-detail", pk=pk)


def target_reports(request, pk):
    """The reports behind a target's roll-up: every report of every target below it."""
    target = get_scoped_object(request, Target.objects.select_related("campaign"), pk=pk)
    status = request.GET.get("status", "accepted")
    qs = selectors.report_list_behind(user=request.user, target=target)
    if status in ("accepted", "submitted", "returned"):
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # Only counted results make the figure; the first few sit above the reports, all on request.
    results = selectors.contribution_list_behind(user=request.user, target=target).counted()
    shown = results if request.GET.get("results") == "all" else results[:RESULTS_SHOWN]
    return render(
        request,
        "campaigns/target_reports.html",
        {
            "target": target,
            "campaign": target.campaign,
            "contributions": list(shown),
            "contribution_count": results.count(),
            "page_obj": page,
            "status": status,
        },
    )


def watchlist(request):
    """Targets due within 30 days, at risk, or overdue, across the campaigns the user sees."""
    kind = request.GET.get("kind", "at_risk")
    if kind not in LIST_KINDS:
        kind = "at_risk"
    campaign = None
    if campaign_id := parse_id(request.GET.get("campaign")):
        campaign = get_scoped_object(request, Campaign, pk=campaign_id)
    leaves = request.GET.get("leaves") == "1"
    qs = _owned(selectors.target_watchlist(user=request.user, kind=kind, campaign=campaign, leaves=leaves), request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/watchlist.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": LIST_KINDS,
            "campaign": campaign,
            "leaves": leaves,
        },
    )


def _owned(qs, params):
    """Narrowed by owner (``owner`` person, ``org``, ``unit``: its people's) and time node (``due_from``,
    ``due_to``): the targets behind an appraisal's figure."""
    for param, column in (("owner", "owner_person_id"), ("org", "owner_org_id"), ("unit", "owner_person__unit_id")):
        if (pk := parse_id(params.get(param))) is not None:
            qs = qs.filter(**{column: pk})
    for param, lookup in (("due_from", "due_date__gte"), ("due_to", "due_date__lte")):
        try:
            day = parse_date(params.get(param) or "")
        except ValueError:
            day = None
        if day is not None:
            qs = qs.filter(**{lookup: day})
    return qs


def my_targets(request):
    """The phone page: my targets, each with its latest report and a one-tap way to report."""
    scope = get_scope(request.user)
    if scope.person_id is None:
        raise Http404
    targets = selectors.target_own_list(user=request.user)
    letters = list(selectors.letter_list_to_acknowledge(user=request.user).filter(status="issued"))
    return render(
        request,
        "campaigns/my_targets.html",
        {
            "targets": targets,
            "letters": letters,
        },
    )
