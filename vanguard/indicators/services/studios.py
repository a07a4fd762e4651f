"""Writes of innovation studios (职工创新工作室): the registry, the yearly projects, the 复核.

Keyword-only, atomic, audited; refused in Chinese before anything is written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import may
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version
from vanguard.org.models import Person, User
from vanguard.projects.choices import ProjectKind
from vanguard.projects.models import Project

from .. import events
from ..choices import StudioReviewOutcome
from ..models import InnovationStudio, StudioProject, StudioReview
from .talent import term_end

REFUSED = "只有党委管理员或工作室所在单位的工会干部可以办理。"
STUDIO_FIELDS = ("name", "unit", "lead", "founded", "level", "focus", "reconfirm_years")


def _text(value) -> str:
    return (value or "").strip()


@transaction.atomic
def studio_save(
    *, actor: User, studio: InnovationStudio | None = None, data: dict, members: list[Person] | None = None,
    expected_version=None,
) -> InnovationStudio:  # fmt: skip
    """登记 or change a studio; its next 复核 falls ``reconfirm_years`` after its founding until a review moves it."""
    before = snapshot(studio) if studio else None
    if studio is None:
        studio = InnovationStudio()
    else:
        check_version(studio, expected_version)
        if not may(actor, Action.CHANGE, studio):
            raise ScopeError(REFUSED)
        studio.version += 1
    for name in STUDIO_FIELDS:
        if name in data:
            setattr(studio, name, _text(data[name]) if isinstance(data[name], str) else data[name])
    if studio.founded and studio.founded > timezone.localdate():
        raise ValidationError({"founded": "命名日期不能晚于今天。"})
    last = studio.reviews.filter(outcome=StudioReviewOutcome.CONFIRMED).first() if studio.pk else None
    start = last.reviewed_on if last else studio.founded
    if start and studio.reconfirm_years:
        studio.reconfirm_due = term_end(start, studio.reconfirm_years)
    studio.full_clean()
    studio.save()
    if not InnovationStudio.objects.restrict(actor, Action.CHANGE).filter(pk=studio.pk).exists():
        raise ScopeError("只能登记本人负责的单位的工作室。")
    if members is not None:
        studio.members.set([m for m in members if m.pk != studio.lead_id])
    audit(actor=actor, action=events.STUDIO_SAVE, obj=studio, before=before, after=snapshot(studio))
    emit(events.STUDIO_SAVE)
    return studio


@transaction.atomic
def studio_project_save(
    *, actor: User, studio: InnovationStudio, year: int, title: str = "", funding=0, outputs: str = "",
    benefit=None, project: Project | None = None, item: StudioProject | None = None,
) -> StudioProject:  # fmt: skip
    """A studio's project of a year. Linked to a 五小 project, it takes that project's title (recorded once)."""
    if not may(actor, Action.CHANGE, studio):
        raise ScopeError(REFUSED)
    if item is not None and item.studio_id != studio.pk:
        raise ValidationError("该项目不属于这个工作室。")
    if project is not None:
        if project.kind != ProjectKind.INNOVATION:
            raise ValidationError({"project": f"“{project.title}”不是五小项目。"})
        taken = StudioProject.objects.filter(project=project).exclude(pk=getattr(item, "pk", None))
        if taken.exists():
            raise ValidationError({"project": f"五小项目“{project.title}”已登记在其他工作室。"})
        title = project.title
    title = _text(title)
    if not title:
        raise ValidationError({"title": "请填写项目名称,或选择对应的五小项目。"})
    before = snapshot(item) if item else None
    row = item or StudioProject(studio=studio)
    row.year, row.title, row.project, row.funding = year, title, project, funding or 0
    row.outputs, row.benefit = _text(outputs), benefit
    if item is not None:
        row.version += 1
    row.full_clean()
    row.save()
    audit(actor=actor, action=events.STUDIO_PROJECT_SAVE, obj=row, before=before, after=snapshot(row))
    emit(events.STUDIO_PROJECT_SAVE)
    return row


@transaction.atomic
def studio_review_record(
    *, actor: User, studio: InnovationStudio, outcome: str, reviewed_on: datetime.date | None = None, note: str = ""
) -> StudioReview:
    """复核 a studio: confirmed starts its next period; to rectify keeps the date; revoked withdraws its name."""
    if not may(actor, Action.CHANGE, studio):
        raise ScopeError(REFUSED)
    if studio.revoked:
        raise ValidationError("该工作室已撤销命名,不能再复核。")
    if outcome not in StudioReviewOutcome.values:
        raise ValidationError({"outcome": "请选择复核结果。"})
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate() or reviewed_on < studio.founded:
        raise ValidationError({"reviewed_on": "复核日期须在命名之后、今天之前。"})
    note = _text(note)
    if outcome != StudioReviewOutcome.CONFIRMED and not note:
        raise ValidationError({"note": "限期整改或撤销命名须写明复核意见。"})
    before = snapshot(studio)
    review = StudioReview.objects.create(
        studio=studio, reviewed_on=reviewed_on, outcome=outcome, note=note, reviewer=actor
    )
    if outcome == StudioReviewOutcome.CONFIRMED:
        studio.reconfirm_due = term_end(reviewed_on, studio.reconfirm_years)
    studio.revoked = outcome == StudioReviewOutcome.REVOKED
    studio.version += 1
    studio.save(update_fields=["reconfirm_due", "revoked", "version", "updated_at"])
    audit(actor=actor, action=events.STUDIO_REVIEW, obj=studio, before=before, after=snapshot(studio))
    emit(events.STUDIO_REVIEW)
    return review
