"""Writes: link a project to the campaign targets it serves, and count its accepted benefit into them.

The links and the counted values are ``campaigns.TargetContribution`` rows, written through the
campaigns services; this module checks the project's side (who may change the project, which
targets it may serve) and calls them. Atomic and audited like every service.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.campaigns import services as campaign_services
from vanguard.campaigns.models import Target
from vanguard.core.services import ensure_allowed
from vanguard.projects.choices import COMPLETED_STATUSES, ProjectStatus
from vanguard.projects.events import ProjectChange, ProjectDocument
from vanguard.projects.models import Project

from .choices import PROJECT_SOURCE
from .selectors import project_links, relevant_targets_q

UNLINKABLE = (ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)


def project_label(project):
    return f"{project.number or '未立项'} · {project.title}"


@transaction.atomic
def project_target_link(*, actor, project, target):
    """Link ``project`` to a leaf ``target``; a project already accepted counts its benefit at once."""
    ensure_allowed(actor, project, "change")
    project = Project.objects.select_related("branch").get(pk=project.pk)
    if project.status in UNLINKABLE:
        raise ValidationError(f"项目{project.get_status_display()},不能关联目标。")
    if not Target.objects.filter(relevant_targets_q(project), pk=target.pk).exists():
        raise ValidationError({"target": "只能关联本支部的目标,或项目团队成员负责的目标。"})
    link = campaign_services.contribution_link(
        actor=actor, target=target, source=PROJECT_SOURCE, source_id=project.pk, label=project_label(project)
    )
    if project.status in COMPLETED_STATUSES and project.measured_benefit is not None:
        project_benefit_count(ProjectChange(actor=actor, project=project))
        link.refresh_from_db()
    return link


@transaction.atomic
def project_target_unlink(*, actor, contribution):
    """Remove a link not counted yet, by whoever may change the project."""
    if contribution.source != PROJECT_SOURCE:
        raise ValidationError("该成果不是立功立项项目。")
    ensure_allowed(actor, Project.objects.get(pk=contribution.source_id), "change")
    campaign_services.contribution_unlink(actor=actor, contribution=contribution)


def project_benefit_count(change: ProjectChange):
    """On ``PROJECT_ACCEPTED``: the measured benefit counts into every linked target, in the same transaction."""
    actor, project = change.actor, change.project
    accepted_on = timezone.localdate(project.accepted_at) if project.accepted_at else timezone.localdate()
    return campaign_services.contributions_count(
        actor=actor, source=PROJECT_SOURCE, source_id=project.pk, amount_yuan=project.measured_benefit,
        on=accepted_on, label=project_label(project),
    )  # fmt: skip


def project_document_rows(document: ProjectDocument):
    """On ``PROJECT_DOCUMENT_ROWS``: the 关联目标 line of the Word 申报表 and 结项报告."""
    project = document.project
    links = project_links(project)
    if not links:
        return None
    return [("关联目标", ";".join(_link_text(link) for link in links))]


def _link_text(link):
    target = link.target
    if link.counted:
        return f"{target.title}(计入 {link.value.normalize():f} {target.metric_unit},{link.counted_on:%Y-%m-%d})"
    return f"{target.title}({link.note or '验收后计入'})"
