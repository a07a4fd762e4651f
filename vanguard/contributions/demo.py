"""Demo links: merit projects of the branches serve their members' saving targets in the cost campaign.

One project per member's target, led by that member: projects under way are linked (their
benefit counts when accepted), accepted ones are linked and counted with their measured
benefit. dangyuan's own target is left for the persona to link. Built after the campaigns and
projects demos.
"""

import time

from django.db import transaction
from django.utils import timezone

from vanguard.campaigns.choices import CampaignStatus, Theme
from vanguard.campaigns.models import Campaign, Target
from vanguard.org.models import Person, User
from vanguard.projects.choices import COMPLETED_STATUSES, ProjectKind, ProjectStatus
from vanguard.projects.models import Project

from .choices import PROJECT_SOURCE
from .labels import project_label
from .services import project_target_bulk_link

LINKS = {"tiny": 12, "small": 40, "large": 400}
LINKED_STATES = (ProjectStatus.UNDER_WAY, ProjectStatus.COMPLETION_APPLIED, *COMPLETED_STATUSES)
SAVING_KINDS = (ProjectKind.MERIT, ProjectKind.TASK_FORCE, ProjectKind.INNOVATION)


def _saving_leaves(campaign):
    """Each member's leaf target that takes amounts in yuan, by owner (dangyuan's left out)."""
    persona = Person.objects.filter(user__username="dangyuan").values_list("pk", flat=True).first()
    leaves = Target.objects.filter(campaign=campaign, numchild=0, owner_person__isnull=False).exclude(
        owner_person_id=persona
    )
    return {t.owner_person_id: t for t in leaves.order_by("path") if t.yuan_per_unit}


def _rows(campaign, leaves, limit, today):
    projects = Project.objects.filter(
        leader_id__in=list(leaves), status__in=LINKED_STATES, kind__in=SAVING_KINDS, end_date__gte=campaign.starts_on
    ).order_by("id")
    rows = []
    for project in projects.iterator():
        target = leaves.pop(project.leader_id, None)
        if target is None:
            continue
        row = {"target": target, "source": PROJECT_SOURCE, "source_id": project.pk, "label": project_label(project)}
        if project.status in COMPLETED_STATUSES and project.measured_benefit is not None:
            row["amount_yuan"] = project.measured_benefit
            row["on"] = min(max(project.end_date, campaign.starts_on), today)
        rows.append(row)
        if len(rows) >= limit:
            break
    return rows


@transaction.atomic
def build_demo_links(size, stdout=None, today=None):
    started = time.perf_counter()
    campaign = Campaign.objects.filter(theme=Theme.COST, status=CampaignStatus.ACTIVE).order_by("id").first()
    office = User.objects.filter(username="dangwei").first()
    if campaign is None or office is None:
        return []
    rows = _rows(campaign, _saving_leaves(campaign), LINKS.get(size, LINKS["tiny"]), today or timezone.localdate())
    links = project_target_bulk_link(actor=office, campaign=campaign, rows=rows)
    if stdout:
        counted = sum(1 for link in links if link.counted_on)
        stdout.write(
            f"  contributions: {len(links)} projects linked to targets, {counted} counted, "
            f"{time.perf_counter() - started:.0f} s"
        )
    return links
