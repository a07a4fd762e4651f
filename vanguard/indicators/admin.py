"""The indicators app in the admin: the rules the office keeps as data (through the audited services)."""

# ---------------------------------------------------------------- indicators, targets and pledges

# ---- competitions
# Competitions are set up and scored through their pages and audited services; the admin shows them read-only.
from django.contrib import admin  # noqa: E402

from vanguard.core.admin_site import ReadOnlyAdmin  # noqa: E402

from .models import Competition, CompetitionStanding, JudgeScore, RedFlag, Veto  # noqa: E402


@admin.register(Competition)
class CompetitionAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "year", "unit", "granularity", "method"]
    list_filter = ["kind", "year", "method"]
    search_fields = ["name"]
    exclude = ["screen_token"]


@admin.register(CompetitionStanding)
class CompetitionStandingAdmin(ReadOnlyAdmin):
    list_display = ["entry", "first_month", "points", "rank", "vetoed", "stands"]
    list_select_related = ["entry"]


@admin.register(JudgeScore)
class JudgeScoreAdmin(ReadOnlyAdmin):
    list_display = ["judge", "entry", "first_month", "score", "signed_at"]
    list_select_related = ["judge__person", "entry"]


@admin.register(Veto)
class VetoAdmin(ReadOnlyAdmin):
    list_display = ["entry", "first_month", "reason", "recorded_at"]
    list_select_related = ["entry"]


@admin.register(RedFlag)
class RedFlagAdmin(ReadOnlyAdmin):
    list_display = ["category", "first_month", "entry", "points"]
    list_select_related = ["category", "entry"]


# ---- end competitions

# ---- talent
# Read-only: titles are set up on their page (``talent-titles``), nominations, awards, plans and studios move
# through the audited services (``services.talent``, ``services.studios``).
from django.contrib import admin  # noqa: E402

from vanguard.core.admin_site import ReadOnlyAdmin  # noqa: E402

from .models import InnovationStudio, TalentAward, TalentNomination, TalentPlan, TalentTitle  # noqa: E402


@admin.register(TalentTitle)
class TalentTitleAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "channel", "unit", "term_years", "pass_score", "min_assessors", "active"]
    list_filter = ["channel", "kind", "active"]


@admin.register(TalentNomination)
class TalentNominationAdmin(ReadOnlyAdmin):
    list_display = ["person", "title", "year", "status", "mean_score", "nominator_name"]
    list_filter = ["status", "year"]
    raw_id_fields = ["person", "title", "nominated_by", "renews"]
    exclude = ["panel"]


@admin.register(TalentAward)
class TalentAwardAdmin(ReadOnlyAdmin):
    list_display = ["person", "title", "valid_from", "valid_to", "status", "revoked_on"]
    list_filter = ["status"]
    raw_id_fields = ["person", "title", "nomination"]


@admin.register(TalentPlan)
class TalentPlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "name", "unit", "channel"]
    raw_id_fields = ["unit"]


@admin.register(InnovationStudio)
class InnovationStudioAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "lead", "level", "founded", "reconfirm_due", "revoked"]
    list_filter = ["level", "revoked"]
    raw_id_fields = ["unit", "lead"]
    exclude = ["members"]


# ---- end talent
