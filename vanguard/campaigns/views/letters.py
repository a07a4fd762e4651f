"""Responsibility letters: list (all or unacknowledged), bulk issue, Word and PDF download, acknowledge."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from vanguard.core.choices import Action
from vanguard.core.documents import document_response
from vanguard.core.numbers import parse_id
from vanguard.core.views import get_scoped_object, success

from .. import selectors, services
from ..letters_docx import LETTER, letter_context
from ..models import Campaign, ResponsibilityLetter, Target


def letter_list(request):
    campaign = None
    if campaign_id := parse_id(request.GET.get("campaign")):
        campaign = get_scoped_object(request, Campaign, pk=campaign_id)
    pending = request.GET.get("pending") == "1"
    qs = selectors.letter_list(user=request.user, campaign=campaign, unacknowledged=pending)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/letter_list.html",
        {
            "page_obj": page,
            "campaign": campaign,
            "pending": pending,
            "campaigns": list(selectors.campaign_list(user=request.user)[:50]),
        },
    )


@require_POST
def letter_issue(request, pk):
    """Issue letters to every owner (below ``target`` if given) who has none yet."""
    campaign = get_scoped_object(request, Campaign, pk=pk)
    if not Target.objects.restrict(request.user, Action.DECOMPOSE).filter(campaign=campaign).exists():
        raise Http404
    under = None
    if target_id := parse_id(request.POST.get("target")):
        under = get_scoped_object(request, Target.objects.filter(campaign=campaign), Action.DECOMPOSE, pk=target_id)
    try:
        letters = services.letter_bulk_issue(actor=request.user, campaign=campaign, under=under)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, f"已下达 {len(letters)} 份责任书。" if letters else "所有责任人均已下达责任书。")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(f"/campaigns/letters/?campaign={campaign.pk}")


def letter_download(request, pk, fmt="docx"):
    """The letter as Word (``fmt`` docx) or PDF; a failed PDF goes back to the letters with the reason."""
    letter = get_scoped_object(
        request,
        ResponsibilityLetter.objects.select_related("campaign", "issuer_org", "recipient_person", "recipient_org"),
        pk=pk,
    )
    return document_response(
        request, key=LETTER, context=letter_context(letter), filename=f"责任书-{letter.recipient_label}", fmt=fmt,
        back=reverse("my-targets"),
    )  # fmt: skip


@require_POST
def letter_acknowledge(request, pk):
    letter = get_scoped_object(request, ResponsibilityLetter, Action.ACKNOWLEDGE, pk=pk)
    try:
        services.letter_acknowledge(actor=request.user, letter=letter)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, "已确认责任书。")
    return redirect("my-targets")
