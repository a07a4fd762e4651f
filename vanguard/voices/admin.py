from django.contrib import admin

from vanguard.core.admin_site import ReadOnlyAdmin

from .models import Finding, FindingExtension, FindingStep, Visit

# ---------------------------------------------------------------- visits and findings
# Read-only: a visit, a finding's loop, its history and its extensions are written together by the services
# (audited, the colours' dates kept with the deadline).


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["date", "title", "kind", "visiting_unit", "visited_unit", "leader"]
    list_filter = ["kind"]
    search_fields = ["title", "leader__name"]
    raw_id_fields = ["visiting_unit", "visited_unit", "leader", "created_by"]
    exclude = ["participants"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "source_kind", "status", "responsible_unit", "responsible_person", "deadline"]
    list_filter = ["status", "source_kind"]
    search_fields = ["number", "title"]
    raw_id_fields = [
        "visit", "suggestion", "meeting", "raised_unit", "raised_by", "responsible_unit", "responsible_person",
        "closed_by", "created_by",
    ]  # fmt: skip


@admin.register(FindingStep)
class FindingStepAdmin(ReadOnlyAdmin):
    list_display = ["finding", "action", "from_status", "to_status", "actor_name", "at"]
    raw_id_fields = ["finding", "actor"]


@admin.register(FindingExtension)
class FindingExtensionAdmin(ReadOnlyAdmin):
    list_display = ["finding", "previous_deadline", "requested_deadline", "status", "requested_on", "decided_on"]
    list_filter = ["status"]
    raw_id_fields = ["finding", "requested_by", "decided_by"]
