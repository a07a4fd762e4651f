"""The evaluations app in the admin. Ballots are not registered: no one reads them, the administrator included."""

# ---- schemes
from django.contrib import admin  # noqa: E402

from vanguard.core.admin_site import ReadOnlyAdmin  # noqa: E402

from .models import Criterion, EvaluationRound, EvaluationScheme, EvaluatorGroup, GradeBand  # noqa: E402

# Read-only: schemes and rounds are kept through their pages (checked, audited); the admin only shows them.


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["parent", "code", "name", "weight", "method", "source", "params", "scale_max"]
    extra = 0


class GroupInline(admin.TabularInline):
    model = EvaluatorGroup
    extra = 0


class BandInline(admin.TabularInline):
    model = GradeBand
    extra = 0


@admin.register(EvaluationScheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "subject_kind", "combination", "active", "order"]
    list_filter = ["subject_kind", "active"]
    search_fields = ["name", "code"]
    inlines = [CriterionInline, GroupInline, BandInline]


@admin.register(EvaluationRound)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "scheme", "org", "status", "period_start", "period_end", "voting_closes"]
    list_filter = ["status", "scheme"]
    search_fields = ["name"]
    list_select_related = ["scheme", "org"]
    raw_id_fields = ["org", "created_by"]


# ---- end schemes
# ---- results
# ---- end results
# ---- support
from django.contrib import admin  # noqa: E402

from vanguard.core.admin_site import ReadOnlyAdmin  # noqa: E402

from .models import ReverseSituation, SupportPlan  # noqa: E402


# Kept on their own pages (``support-situations``, ``support-plan-detail``) through the audited services.
@admin.register(ReverseSituation)
class ReverseSituationAdmin(ReadOnlyAdmin):
    list_display = ["order", "category", "name", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "code"]


@admin.register(SupportPlan)
class SupportPlanAdmin(ReadOnlyAdmin):
    list_display = ["member", "org", "round", "status", "outcome", "opened_on"]
    list_filter = ["status", "outcome"]
    list_select_related = ["member", "org", "round"]


# ---- end support
