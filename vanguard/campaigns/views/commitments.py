"""Commitments of a campaign with their half-yearly checks; the check results as Excel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core import access
from vanguard.core.choices import Action
from vanguard.core.downloads import file_response
from vanguard.core.excel import DATE, Column, write_table
from vanguard.core.scope import get_scope
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..forms import CheckForm, CommitmentForm
from ..models import Campaign, Commitment
from ..periods import half_year_start
from .excel import campaign_title


def _form(request, campaign):
    user = request.user
    people = selectors.commitment_people(user=user)
    orgs = access.choices(user, Commitment, "org", Action.ADD).order_by("path")
    form = CommitmentForm(request.POST or None, people=people, orgs=orgs)
    if not form.is_bound:
        form.initial.update(due_date=campaign.ends_on, person=get_scope(user).person_id)
    return form


def commitment_list(request, pk):
    campaign = get_scoped_object(request, Campaign, pk=pk)
    form = _form(request, campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已登记承诺事项。")
            return redirect("commitment-list", pk=pk)
    items = selectors.commitment_list(user=request.user, campaign=campaign)
    due = request.GET.get("due") == "1"  # the home page's link: those whose half-yearly check is due
    if due:
        items = items.filter(pk__in=selectors.commitment_check_due(user=request.user).values("pk"))
    items = list(items)
    managed = set(
        Commitment.objects.restrict(request.user, Action.CHANGE).filter(campaign=campaign).values_list("pk", flat=True)
    )
    for item in items:
        item.may_check = item.pk in managed
    return render(
        request,
        "campaigns/commitment_list.html",
        {
            "campaign": campaign,
            "items": items,
            "due": due,
            "form": form,
            "check_form": CheckForm(initial={"period": half_year_start(timezone.localdate())}),
        },
    )


@require_POST
def commitment_check(request, pk):
    commitment = get_scoped_object(request, Commitment, Action.CHANGE, pk=pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "检查结果填写不完整:请填写检查半年、评定结果和完成情况。")
    else:
        try:
            services.commitment_check_record(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            success(request, "已记录推动检查结果。")
    return redirect("commitment-list", pk=commitment.campaign_id)


CHECK_COLUMNS = [
    Column("检查半年", 12),
    Column("承诺人/组织", 14),
    Column("所在党组织", 18),
    Column("承诺内容", 40),
    Column("衡量标准", 20),
    Column("完成时限", 12, kind=DATE),
    Column("完成情况", 40),
    Column("评定结果", 10),
    Column("备注", 20),
    Column("检查人", 10),
    Column("检查日期", 12, kind=DATE),
]


def check_export(request, pk):
    """The half-yearly check results, ready to be published (公示)."""
    campaign = get_scoped_object(request, Campaign, pk=pk)
    checks = selectors.commitment_check_list(user=request.user, campaign=campaign)
    if not checks.exists():
        raise Http404
    rows = []
    for c in checks:
        commitment = c.commitment
        membership = getattr(commitment.person, "membership", None) if commitment.person_id else None
        org = commitment.org or (membership.party_org if membership else None)
        checker = getattr(c.checked_by, "person", None) if c.checked_by_id else None
        rows.append(
            [
                c.period_label,
                commitment.owner_label,
                str(org) if org else "",
                commitment.content,
                commitment.measure,
                commitment.due_date,
                c.result,
                c.get_rating_display(),
                c.remarks,
                checker.name if checker else "",
                c.checked_on,
            ]
        )
    title = campaign_title(request, campaign, "承诺推动检查结果")
    data = write_table(columns=CHECK_COLUMNS, rows=rows, sheet_name="推动检查结果", title=title)
    return file_response(data, f"{campaign.title}-承诺检查结果.xlsx", "xlsx")
