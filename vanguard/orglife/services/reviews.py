"""Monthly reviews (讲评) of members by their party group or branch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date as Date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.bulk import insert_rows
from vanguard.core.choices import Action
from vanguard.core.dates import month_start
from vanguard.core.services import model_update
from vanguard.org.models import PartyMembership, PartyOrg, Person, User

from .. import events
from ..models import Review, ReviewGrade
from ..summaries import REVIEWS, refresh_reviews, refresh_span
from ._common import _ensure_org


@transaction.atomic
def review_record(
    *, actor: User, person: Person, org: PartyOrg, month: Date, grade: ReviewGrade, comment: str = "",
    evidence: Iterable[Mapping[str, Any]] = (),
) -> Review:  # fmt: skip
    """The month's review of one member by a party group or branch (a second one replaces the first)."""
    _ensure_org(actor, Review, org)
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise ValidationError({"month": f"{month:%Y年%m月}尚未到来,不能讲评。"})
    if not PartyMembership.objects.filter(person=person, party_org__path__startswith=org.path).exists():
        raise ValidationError({"person": f"{person.name} 不是 {org} 的党员,不能由该组织讲评。"})
    if not grade.is_active:
        raise ValidationError({"grade": f"讲评等级“{grade.label}”已停用。"})
    evidence = [
        {"object_type": str(e["object_type"]), "object_id": int(e["object_id"]), "label": str(e.get("label", ""))[:100]}
        for e in evidence or ()
    ]
    review = Review.objects.filter(person=person, org=org, month=month).first()
    if review is not None:
        return model_update(
            obj=review, data={"grade": grade, "comment": comment, "evidence": evidence, "reviewer": actor},
            actor=actor, action=events.REVIEW_UPDATE,
        )  # fmt: skip
    review = Review.objects.create(
        person=person, org=org, month=month, grade=grade, comment=comment, evidence=evidence, reviewer=actor
    )
    refresh_reviews((org.pk, month))
    audit(actor=actor, action=events.REVIEW_CREATE, obj=review, after=snapshot(review))
    return review


@transaction.atomic
def review_bulk_create(*, actor: User, reviews: list[Review]) -> int:
    """Many reviews at once; one audit event per org and month lists who got which grade (a month's
    review of a company's members is hundreds of thousands of rows, its trail a few thousand events). The
    number written: the rows are inserted as tuples, so ``reviews`` stay unsaved instances without ids."""
    # A company's year is several hundred thousand rows: plain tuples (``core.bulk``), not bulk_create.
    now = timezone.now()
    insert_rows(
        Review,
        ("person", "org", "month", "grade", "comment", "evidence", "reviewer", "created_at", "updated_at", "version"),
        ((r.person_id, r.org_id, r.month, r.grade_id, r.comment, r.evidence, r.reviewer_id, now, now, 1)
         for r in reviews),
    )  # fmt: skip
    refresh_span(REVIEWS, reviews, "month")
    sessions = {}
    for r in reviews:
        sessions.setdefault((r.org_id, r.month), {})[str(r.person_id)] = r.grade_id
    audit_many(
        actor=actor, action=events.REVIEW_IMPORT,
        changes=((("orglife.review", f"{org_id}:{month:%Y-%m}", f"{month:%Y-%m} 讲评({len(grades)} 人)"), None,
                  {"org": org_id, "month": month, "grades": grades})
                 for (org_id, month), grades in sessions.items()),
    )  # fmt: skip
    return len(reviews)


@transaction.atomic
def review_delete(*, actor: User, review: Review) -> None:
    """Take back a review recorded in error (the wrong member or org); the history keeps what it said."""
    ensure_allowed(actor, review, Action.CHANGE)
    audit(actor=actor, action=events.REVIEW_DELETE, obj=review, before=snapshot(review))
    place = (review.org_id, review.month)
    review.delete()
    refresh_reviews(place)
