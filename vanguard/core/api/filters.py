"""List filters of the API: a filter on a foreign key (a party org, a person, a campaign, a target) offers and
accepts only the rows the requesting user may see (the browsable API's filter form lists no other branch)."""

from django_filters import ModelChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend, FilterSet

from ..choices import Action


def _visible(model):
    def rows(request):
        return model._default_manager.restrict(getattr(request, "user", None), Action.VIEW)

    return rows


class ScopedFilterSet(FilterSet):
    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        found = super().filter_for_field(field, field_name, lookup_expr)
        if isinstance(found, ModelChoiceFilter) and hasattr(found.queryset, "restrict"):
            found.queryset = _visible(found.queryset.model)
        return found


class ScopedFilterBackend(DjangoFilterBackend):
    """``filterset_fields`` as usual; the choices of foreign keys are restricted to the user's scope."""

    filterset_base = ScopedFilterSet
