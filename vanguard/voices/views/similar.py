"""The similar-suggestions fragment the submit and edit forms load (htmx) while the user types."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..choices import SuggestionStatus
from ..selectors.similar import similar_suggestions
from ..similarity import DUPLICATE_THRESHOLD, suggestion_text

SHOWN = 5


def suggestion_url(pk):
    """A suggestion's page."""
    return reverse("suggestion-detail", args=[pk])


@require_http_methods(["GET", "POST"])
def suggestion_similar(request):
    """``?title=&content=&exclude=``: the closest suggestions the user may see, with their state.

    POST takes the same fields, for a content too long for an address. A duplicate is left out:
    the suggestion it repeats is shown instead.
    """
    data = request.POST if request.method == "POST" else request.GET
    text = suggestion_text(data.get("title", "").strip(), data.get("content", "").strip()).strip()
    exclude = data.get("exclude", "")
    found = similar_suggestions(
        request.user, text, limit=SHOWN, exclude=int(exclude) if exclude.isdigit() else None,
        skip_states=(SuggestionStatus.DUPLICATE,),
    )  # fmt: skip
    rows = [
        {"suggestion": s, "score": score, "likely": score >= DUPLICATE_THRESHOLD, "url": suggestion_url(s.pk)}
        for s, score in found
    ]
    return render(request, "voices/_similar_suggestions.html", {"rows": rows, "asked": bool(text)})
