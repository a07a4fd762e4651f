"""Excel import of a target breakdown (all or nothing) and export of a campaign's targets."""

from django.http import Http404
from django.shortcuts import render

from vanguard.core.choices import Action
from vanguard.core.downloads import file_response
from vanguard.core.excel import period_label, report_title
from vanguard.core.views import get_scoped_object
from vanguard.org.models import PartyOrg
from vanguard.org.selectors import scope_label

from .. import selectors
from ..excel import import_template, target_export, target_import
from ..forms import ImportForm
from ..models import Campaign, Target


def _splittable(user, campaign):
    return list(Target.objects.restrict(user, Action.DECOMPOSE).filter(campaign=campaign).order_by("path")[:200])


def target_import_page(request, pk):
    campaign = get_scoped_object(request, Campaign, pk=pk)
    parents = _splittable(request.user, campaign)
    if not parents:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = target_import(actor=request.user, campaign=campaign, source=form.cleaned_data["file"])
    return render(
        request,
        "campaigns/target_import.html",
        {"campaign": campaign, "form": form, "result": result, "parents": parents[:20]},
    )


def target_import_template(request, pk):
    campaign = get_scoped_object(request, Campaign, pk=pk)
    parents = _splittable(request.user, campaign)
    if not parents:
        raise Http404
    return file_response(
        import_template(campaign, parents, actor=request.user), f"{campaign.title}-目标分解导入模板.xlsx", "xlsx"
    )


def campaign_title(request, campaign, what):
    """What · the campaign · the user's orgs · the campaign's dates: the title row of a campaign's exports."""
    orgs = scope_label(model=PartyOrg, user=request.user)
    return report_title(what, campaign.title, orgs, period_label(campaign.starts_on, campaign.ends_on))


def target_export_view(request, pk):
    campaign = get_scoped_object(request, Campaign, pk=pk)
    targets = selectors.target_list(user=request.user, campaign=campaign)
    return file_response(
        target_export(targets, title=campaign_title(request, campaign, "目标分解")),
        f"{campaign.title}-目标分解.xlsx",
        "xlsx",
    )
