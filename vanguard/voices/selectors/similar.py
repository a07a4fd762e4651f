"""Similar suggestions over the ones a user may see (the index: ``voices.similarity``)."""

from vanguard.core.choices import Action
from vanguard.core.search import clean

from ..models import Suggestion
from ..similarity import CANDIDATES, MAX_QUERY_CHARS, MIN_SCORE, suggestion_index

# What a list of similar suggestions shows of each (the content stays in the database).
SHOWN_FIELDS = ("id", "number", "title", "status", "submitted_on")


def similar_suggestions(user, text, *, limit=10, exclude=None, skip_states=(), min_score=MIN_SCORE):
    """The suggestions ``user`` may see that read most like ``text``, as (suggestion, score 0–1), best first.

    The index gives its best ``CANDIDATES`` (all suggestions, scope aside); one query keeps the
    ones in the user's scope; the list is then cut to ``limit``. ``exclude`` is the id of the
    suggestion being edited; ``skip_states`` leaves out states the caller does not want (e.g. duplicates).
    """
    text = clean(text)[:MAX_QUERY_CHARS]  # the title and the start of the content say what it is about
    if not text:
        return []
    hits = suggestion_index().search(text, limit=CANDIDATES, exclude=exclude, skip_states=tuple(skip_states))
    hits = [(pk, score) for pk, score in hits if score >= min_score]
    if not hits:
        return []
    visible = Suggestion.objects.restrict(user, Action.VIEW).filter(pk__in=[pk for pk, _ in hits])
    # Rows as tuples: most of the candidates are dropped by the limit, only the kept ones become objects.
    rows = {row[0]: row for row in visible.order_by().values_list(*SHOWN_FIELDS)}
    kept = [(rows[pk], score) for pk, score in hits if pk in rows][:limit]
    return [(Suggestion.from_db(visible.db, SHOWN_FIELDS, row), score) for row, score in kept]
