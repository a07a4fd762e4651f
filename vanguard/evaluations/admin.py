"""The evaluations app in the admin. Ballots are not registered: no one reads them, the administrator included."""

# ---- schemes
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
