"""Progress pages: report (phone), review queue, accept or return."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from vanguard.core.choices import Action
from vanguard.core.downloads import stored_file_response
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..forms import ReportForm, ReviewForm
from ..models import Evidence, ProgressReport, Target


def report_create(request, pk):
    """Report progress on one target: the latest period is preselected, value and a line of text, submit."""
    target = get_scoped_object(request, Target.objects.select_related("campaign", "owner_org"), Action.REPORT, pk=pk)
    form = ReportForm(request.POST or None, request.FILES or None, target=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                actor=request.user,
                target=target,
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                narrative=form.cleaned_data["narrative"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已提交“{target.title}”的进展,等待支部审核。")
            return redirect("my-targets")
    history = list(target.reports.order_by("-period", "-id")[:6])
    return render(
        request,
        "campaigns/report_form.html",
        {"form": form, "target": target, "history": history},
    )


def review_queue(request):
    reports = list(selectors.report_review_queue(user=request.user)[:200])
    return render(request, "campaigns/review_queue.html", {"reports": reports, "form": ReviewForm()})


@require_POST
def report_review(request, pk, decision):
    report = get_scoped_object(request, ProgressReport, Action.REVIEW, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if decision == "accept":
            services.report_accept(actor=request.user, report=report, note=note)
            success(request, f"已通过“{report.target.title}”{report.period:%Y年%m月}的填报。")
        elif decision == "return":
            services.report_return(actor=request.user, report=report, note=note)
            success(request, f"已退回“{report.target.title}”的填报。")
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("review-queue")


def evidence_download(request, pk):
    """An evidence file, to whoever may see its report (uploaded files are not public)."""
    evidence = get_scoped_object(request, Evidence, pk=pk)
    return stored_file_response(evidence.file, evidence.name)
