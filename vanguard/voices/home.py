"""What the voices app says is due from a user on the home page (``core.home``)."""

from django.db.models import Q
from django.urls import reverse

from vanguard.core.access import NOTHING
from vanguard.core.choices import Action
from vanguard.core.home import DANGER, INFO, WARNING, DueItem, counts, register_due

from .access import EXTENSION, FINDING, HEAD_ROLES
from .choices import ExtensionStatus, FindingColour, FindingStatus, SuggestionStatus
from .models import Finding, FindingExtension, Suggestion
from .models.findings import DUE, colour_q
from .selectors.suggestions import answerable_q, supervised_q

# ---------------------------------------------------------------- suggestions (合理化建议)


def suggestions_due(viewer):
    """Suggestions waiting past their reply deadline for the user's own answer, those overdue one level below
    him (he heads their reviewers: the unit's steps for the experts, the experts' steps for 党委管理员), and
    his own returned for revision (需完善, the reason on each): counted in one query."""
    overdue = Q(due_date__lt=viewer.today)
    parts = {"returned": Q(proposer_id=viewer.scope.person_id, status=SuggestionStatus.RETURNED)}
    reviews = _reviews(viewer.scope)
    if reviews:
        parts |= {name: q & overdue for name, q in _review_parts(viewer.user).items() if q is not NOTHING}
    if not viewer.scope.person_id:
        del parts["returned"]
    figures = counts(Suggestion.objects.all(), **parts) if parts else {}
    if reviews:
        yield DueItem(
            "逾期未答复的建议", figures.get("mine") or 0, reverse("suggestion-queue"), DANGER,
            "超过答复期限,请尽快办理", "message-exclamation", key="voices.suggestions_overdue",
        )  # fmt: skip
        yield DueItem(
            "下级逾期未答复的建议", figures.get("below") or 0,
            f"{reverse('suggestion-list')}?overdue=on&below=on", WARNING, "请督促办理", "alarm",
            key="voices.suggestions_overdue_below",
        )  # fmt: skip
    if "returned" in parts:
        yield DueItem(
            "退回需完善的建议", figures["returned"] or 0, reverse("suggestion-mine"), WARNING,
            "看理由,修改后重新提交", "pencil", key="voices.suggestions_returned",
        )  # fmt: skip


def _review_parts(user):
    return {"mine": answerable_q(user), "below": supervised_q(user)}


def _reviews(scope):
    from .access import reviews_suggestions

    return reviews_suggestions(scope)


# The reviewers and the proposers: one provider, one query, for the three items.
register_due(
    "voices.suggestions", suggestions_due, order=30,
    visible=lambda scope: scope.person_id is not None or _reviews(scope),
)  # fmt: skip


# ---------------------------------------------------------------- visits and findings


def findings_due(viewer):
    """Findings the user rectifies (responsible person, or head of the responsible unit): due soon and overdue."""
    today, person = viewer.today, viewer.scope.person_id
    url = reverse("finding-board")
    if person:
        mine = Finding.objects.filter(responsible_person_id=person)
        figures = counts(mine, overdue=colour_q(FindingColour.RED, today), soon=colour_q(DUE, today))
        yield DueItem("我负责整改的逾期问题", figures["overdue"], f"{url}?role=responsible&colour=red", DANGER,
                      "已超过整改期限", "alarm", key="voices.findings_overdue_mine")  # fmt: skip
        yield DueItem("我负责整改的即将到期问题", figures["soon"], f"{url}?role=responsible&colour=due", WARNING,
                      "临近期限或进度滞后", "clock", key="voices.findings_due_mine")  # fmt: skip
    if viewer.scope.has_role(*HEAD_ROLES):
        # Escalated: red findings of the units the user heads and everything under them.
        led = Finding.objects.restrict(viewer.user, Action.CHANGE).overdue(today)
        yield DueItem("本单位及下级单位逾期问题", led.count(), f"{reverse('finding-overdue')}?role=led", DANGER,
                      "红色预警,逐级上报", "alert-triangle", key="voices.findings_escalated")  # fmt: skip


def findings_to_verify(viewer):
    """Findings the user raised (or his unit raised) that are resolved and wait for his verification (销号)."""
    waiting = Finding.objects.restrict(viewer.user, Action.REVIEW).filter(status=FindingStatus.RESOLVED)
    yield DueItem("待我验证销号的问题", waiting.count(), f"{reverse('finding-board')}?role=verify", WARNING,
                  "整改完成,由提出方验证", "checklist", key="voices.findings_verify")  # fmt: skip


def extensions_to_decide(viewer):
    """Extension requests waiting for the user's decision (he heads the responsible person's unit)."""
    pending = FindingExtension.objects.restrict(viewer.user, Action.APPROVE).filter(status=ExtensionStatus.PENDING)
    pending = pending.exclude(requested_by_id=viewer.user.pk)
    yield DueItem("待我审批的延期申请", pending.count(), f"{reverse('finding-board')}?role=extension", INFO,
                  "须在原期限内答复", "calendar-time", key="voices.extensions")  # fmt: skip


register_due("voices.findings_due", findings_due, order=50, visible=lambda scope: FINDING.reaches(scope, Action.CHANGE))
register_due(
    "voices.findings_verify", findings_to_verify, order=51, visible=lambda scope: FINDING.reaches(scope, Action.REVIEW)
)
register_due(
    "voices.extensions", extensions_to_decide, order=52, visible=lambda scope: EXTENSION.reaches(scope, Action.APPROVE)
)
