"""The indicators app in the admin: the rules the office keeps as data (through the audited services)."""

from django.contrib import admin

from vanguard.core.access import may
from vanguard.core.admin_site import PolicyAdmin, ReadOnlyAdmin
from vanguard.core.choices import Action

# ---------------------------------------------------------------- indicators, targets and pledges
from .models import Indicator, IndicatorPeriod, IndicatorValue, ValueCorrection
from .services.indicators import INDICATOR_FIELDS, indicator_save


@admin.register(Indicator)
class IndicatorAdmin(PolicyAdmin):
    """The indicators as data, kept by the office (党委管理员); saved through the audited service. Never
    deleted: values and targets refer to them (an indicator no longer used is set inactive)."""

    list_display = ["code", "name", "kind", "unit_of_measure", "direction", "aggregation", "active", "order"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]
    fields = list(INDICATOR_FIELDS)

    def has_module_permission(self, request):
        return may(request.user, Action.CHANGE, Indicator)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in INDICATOR_FIELDS if name in form.cleaned_data}
        saved = indicator_save(actor=request.user, indicator=obj if change else Indicator(), data=data)
        obj.pk = saved.pk


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "unit", "month", "value", "source", "updated_at"]
    list_filter = ["indicator", "source"]
    search_fields = ["unit__name"]
    list_select_related = ["indicator", "unit"]


@admin.register(ValueCorrection)
class ValueCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["value", "old_value", "new_value", "reason", "actor", "at"]
    list_select_related = ["value__indicator", "actor"]


@admin.register(IndicatorPeriod)
class IndicatorPeriodAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "closed_at", "closed_by"]


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
