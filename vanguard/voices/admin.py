from django.contrib import admin

from vanguard.core.access import may
from vanguard.core.admin_site import PolicyAdmin, ReadOnlyAdmin
from vanguard.core.choices import Action

# ---------------------------------------------------------------- suggestions (合理化建议)
from .models import (
    Finding,
    FindingExtension,
    FindingStep,
    ReplyDeadline,
    RewardRule,
    RewardSetting,
    Suggestion,
    SuggestionReview,
    Visit,
)
from .services.suggestions import RULE_FIELDS, workflow_rule_save


class RuleAdmin(PolicyAdmin):
    """The workflow's rules as data, kept by the office (党委管理员): everyone reads them on the pages and
    the API, but the admin opens them to those who change them; saved through the audited service."""

    def has_module_permission(self, request):
        return may(request.user, Action.CHANGE, self.model)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in RULE_FIELDS[self.model] if name in form.cleaned_data}
        saved = workflow_rule_save(actor=request.user, obj=obj, data=data)
        obj.pk = saved.pk


@admin.register(ReplyDeadline)
class ReplyDeadlineAdmin(RuleAdmin):
    list_display = ["label", "status", "workdays"]
    fields = ["label", "workdays"]

    def has_add_permission(self, request):
        return False  # one row per waiting state, seeded


@admin.register(RewardRule)
class RewardRuleAdmin(RuleAdmin):
    list_display = ["label", "min_benefit", "max_benefit", "min_amount", "max_amount", "certificate", "active"]
    fields = list(RULE_FIELDS[RewardRule])


@admin.register(RewardSetting)
class RewardSettingAdmin(RuleAdmin):
    list_display = ["__str__", "share_percent", "duty_excluded_levels"]
    fields = list(RULE_FIELDS[RewardSetting])

    def has_add_permission(self, request):
        return False  # one row, seeded


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "category", "status", "unit", "proposer", "submitted_on", "due_date"]
    list_filter = ["status", "category"]
    search_fields = ["number", "title"]


@admin.register(SuggestionReview)
class SuggestionReviewAdmin(ReadOnlyAdmin):
    list_display = ["suggestion", "step", "from_status", "to_status", "actor_name", "at"]
    list_filter = ["step"]


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
