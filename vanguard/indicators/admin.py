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
# ---- end talent
