"""Voter pages, made for a phone: 我的投票, the ballot (choose → confirm → the code, shown once), the published
codes of a closed round; and the turnout panel of the round page (counts live; names only after closing).

Nothing here logs or keeps what a ballot says: the confirm step carries the choices in the form itself, the
code is rendered into the answer of the casting request and kept nowhere (not in the session, not in a
redirect's address)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.scope import get_scope
from vanguard.core.views import get_scoped_object

from ..forms.ballots import BallotForm
from ..models import EvaluationRound, RoundSubject, Voter
from ..selectors import ballots as selectors
from ..services import ballots as services

CODES_PAGE = 200
NAMES_SHOWN = 300


def _person_id(request):
    scope = get_scope(request.user)
    return scope.person_id if scope is not None else None


@require_GET
def ballot_mine(request):
    """我的投票: every round the user is due to vote in, open ones first, voted or not, with the closing time."""
    person_id = _person_id(request)
    rows = list(selectors.my_ballots(person_id)[:100]) if person_id else []
    now = timezone.now()
    for voter in rows:
        voter.open = selectors.voting_open(voter.round, now)
        voter.closed = selectors.voting_closed(voter.round, now)
    return render(request, "evaluations/ballot_mine.html", {"voters": rows})


def _ballot_context(request, pk):
    """The round (404 unless the user may see it), the user's voter row (403 if none) and the refusal."""
    round_ = get_scoped_object(request, EvaluationRound.objects.select_related("scheme"), pk=pk)
    voter = Voter.objects.filter(round=round_, person_id=_person_id(request)).first() if _person_id(request) else None
    if voter is None:
        raise ScopeError("您不在本轮的投票人名单中,不能投票。")
    refusal = services.voting_refusal(round_) or ("您已经投过票了,每人只能投一次。" if voter.has_voted else "")
    return round_, voter, refusal


def _form(round_, data=None):
    subjects = RoundSubject.objects.filter(round=round_).select_related("person", "party_org", "unit").order_by("pk")
    return BallotForm(
        data, subjects=list(subjects), criteria=services.ballot_criteria(round_),
        choices=round_.scheme.ballot_choices or [],
    )  # fmt: skip


def ballot_vote(request, pk):
    """The ballot: GET the form; POST ``step=review`` shows the choices to confirm, ``step=edit`` goes back,
    ``step=cast`` casts and shows the code once."""
    try:
        round_, voter, refusal = _ballot_context(request, pk)
    except ScopeError as exc:
        return _refused(request, exc.messages[0], status=403)
    context = {"round": round_, "voter": voter, "refusal": refusal}
    if refusal:
        return render(request, "evaluations/ballot_form.html", context, status=400 if request.method == "POST" else 200)
    form = _form(round_, request.POST if request.method == "POST" else None)
    step = request.POST.get("step", "edit") if request.method == "POST" else "edit"
    if step == "edit" or not form.is_valid():
        if step == "edit" and form.is_bound:
            form.errors.clear()  # back from the confirm step: the choices again, no complaints
        return render(request, "evaluations/ballot_form.html", {**context, "form": form})
    if step == "review":
        return render(request, "evaluations/ballot_confirm.html", {**context, "form": form})
    try:
        code = services.ballot_cast(actor=request.user, round_=round_, marks=form.marks())
    except ScopeError as exc:
        return _refused(request, exc.messages[0], status=403)
    except ValidationError as exc:
        context["refusal"] = ";".join(exc.messages)
        return render(request, "evaluations/ballot_form.html", context, status=400)
    response = render(request, "evaluations/ballot_receipt.html", {**context, "code": code})
    response["Cache-Control"] = "no-store"  # the code is shown once; the browser keeps no copy
    return response


def _refused(request, message, *, status):
    return render(request, "evaluations/ballot_refused.html", {"message": message}, status=status)


@require_GET
def ballot_codes(request, pk):
    """计票码公示: after the window closes, the codes of the counted ballots, for the round's voters and its
    organisers to search; nothing else of a ballot."""
    round_ = get_scoped_object(request, EvaluationRound, pk=pk)
    person_id = _person_id(request)
    is_voter = bool(person_id) and Voter.objects.filter(round=round_, person_id=person_id).exists()
    if not is_voter and not may(request.user, Action.CHANGE, round_):
        raise Http404
    closed = selectors.voting_closed(round_)
    search = request.GET.get("q", "").strip()
    page = Paginator(selectors.counted_codes(round_, search), CODES_PAGE).get_page(request.GET.get("page"))
    context = {"round": round_, "closed": closed, "page_obj": page, "q": search,
               "found": bool(search) and closed and page.paginator.count > 0}  # fmt: skip
    return render(request, "evaluations/ballot_codes.html", context)


# ---------------------------------------------------------------- the turnout panel of the round page


def _turnout_context(request, round_):
    closed = selectors.voting_closed(round_)
    names = selectors.voted_names(round_, limit=NAMES_SHOWN) if closed else []
    figures = selectors.turnout(round_)
    validity = selectors.round_validity(round_) if closed else None
    return {"round": round_, "turnout": figures, "closed": closed, "names": names, "validity": validity,
            "names_cut": closed and figures.voted > NAMES_SHOWN}  # fmt: skip


def turnout_panel(request, round_):
    """On the round page: for the organisers, due / voted / percent, polled while voting runs, the names of
    who voted once it closed; for a voter, their own state and the way to the ballot."""
    if round_.status not in services.BALLOT_STATUSES:
        return ""
    if may(request.user, Action.CHANGE, round_):
        return render_to_string("evaluations/_turnout_panel.html", _turnout_context(request, round_), request=request)
    person_id = _person_id(request)
    voter = Voter.objects.filter(round=round_, person_id=person_id).first() if person_id else None
    if voter is None:
        return ""
    context = {"round": round_, "voter": voter, "open": selectors.voting_open(round_),
               "closed": selectors.voting_closed(round_)}  # fmt: skip
    return render_to_string("evaluations/_turnout_mine.html", context, request=request)


@require_GET
def round_turnout(request, pk):
    """The turnout panel alone, for htmx polling."""
    round_ = get_scoped_object(request, EvaluationRound, Action.CHANGE, pk=pk)
    return render(request, "evaluations/_turnout_panel.html", _turnout_context(request, round_))
