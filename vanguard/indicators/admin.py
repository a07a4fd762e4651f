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
# ---- end competitions

# ---- talent
# ---- end talent
