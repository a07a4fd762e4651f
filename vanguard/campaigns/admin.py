from django.contrib import admin

from vanguard.core.admin_site import ReadOnlyAdmin

from .models import (
    Campaign,
    Commitment,
    CommitmentCheck,
    Evidence,
    ProgressReport,
    ResponsibilityLetter,
    Target,
    TargetContribution,
    TargetStage,
)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "status", "starts_on", "ends_on", "organiser"]
    list_filter = ["theme", "status"]
    search_fields = ["title"]
    filter_horizontal = ["participants"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    """Read-only: a target's place in its tree, its values and its progress roll up to the targets above
    (``campaigns.rollup``), which only the services keep."""

    list_display = ["title", "campaign", "owner_org", "owner_person", "target_value", "progress_pct", "status"]
    list_filter = ["campaign", "status"]
    search_fields = ["title"]
    raw_id_fields = ["owner_person", "owner_org"]


@admin.register(TargetStage)
class TargetStageAdmin(ReadOnlyAdmin):
    list_display = ["target", "kind", "label", "ends_on", "planned_value"]
    raw_id_fields = ["target"]


@admin.register(TargetContribution)
class TargetContributionAdmin(ReadOnlyAdmin):
    """Read-only: links are made and counted by the modules the results come from."""

    list_display = ["label", "target", "source", "source_id", "value", "counted_on"]
    list_filter = ["source"]
    search_fields = ["label"]
    raw_id_fields = ["target", "linked_by"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are written by the services, which keep the roll-up and the monthly summaries."""

    list_display = ["target", "period", "value", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status"]
    raw_id_fields = ["target", "submitted_by", "reviewer"]
    inlines = [EvidenceInline]


@admin.register(ResponsibilityLetter)
class ResponsibilityLetterAdmin(admin.ModelAdmin):
    list_display = ["campaign", "issuer_org", "recipient_person", "recipient_org", "status", "acknowledged_at"]
    list_filter = ["status", "campaign"]
    raw_id_fields = ["recipient_person", "recipient_org", "issuer_org"]


class CommitmentCheckInline(admin.TabularInline):
    model = CommitmentCheck
    extra = 0
    exclude = ["version"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["content", "campaign", "person", "org", "due_date", "status"]
    list_filter = ["campaign", "status"]
    raw_id_fields = ["person", "org"]
    inlines = [CommitmentCheckInline]
