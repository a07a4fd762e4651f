"""What the voices app says is due from a user on the home page (``core.home``)."""

from django.urls import reverse

from vanguard.core.access import NOTHING
from vanguard.core.home import DANGER, WARNING, DueItem, register_due

from .choices import SuggestionStatus
from .models import Suggestion
from .selectors.suggestions import answerable_q, supervised_q

# ---------------------------------------------------------------- suggestions (合理化建议)


def _count(q, viewer):
    if q is NOTHING:
        return 0
    return Suggestion.objects.filter(q, due_date__lt=viewer.today).count()


def overdue_to_reviewer(viewer):
    """Suggestions waiting past their reply deadline for the user's own answer."""
    yield DueItem(
        "逾期未答复的建议", _count(answerable_q(viewer.user), viewer), f"{reverse('suggestion-queue')}",
        DANGER, "超过答复期限,请尽快办理", "message-exclamation", key="voices.suggestions_overdue",
    )  # fmt: skip


def overdue_below(viewer):
    """Suggestions overdue one level below the user (he heads their reviewers): the unit's steps for the experts,
    the experts' steps for 党委管理员."""
    yield DueItem(
        "下级逾期未答复的建议", _count(supervised_q(viewer.user), viewer),
        f"{reverse('suggestion-list')}?overdue=on&below=on", WARNING, "请督促办理", "alarm",
        key="voices.suggestions_overdue_below",
    )  # fmt: skip


def returned_to_proposer(viewer):
    """The proposer's suggestions returned for revision (需完善): the reason is on each."""
    count = Suggestion.objects.filter(proposer_id=viewer.scope.person_id, status=SuggestionStatus.RETURNED).count()
    yield DueItem(
        "退回需完善的建议", count, reverse("suggestion-mine"), WARNING, "看理由,修改后重新提交", "pencil",
        key="voices.suggestions_returned",
    )  # fmt: skip


def _reviews(scope):
    from .access import reviews_suggestions

    return reviews_suggestions(scope)


register_due("voices.suggestions_overdue", overdue_to_reviewer, order=30, visible=_reviews)
register_due("voices.suggestions_overdue_below", overdue_below, order=31, visible=_reviews)
register_due("voices.suggestions_returned", returned_to_proposer, order=32, visible=lambda s: s.person_id is not None)
