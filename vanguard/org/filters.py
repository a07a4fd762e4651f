"""Filters of the person list, shared by the page, the export and the API."""

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .choices import CadreLevel, Channel, Education, Gender, PoliticalStatus
from .forms import TreeNodeChoiceField
from .models import PartyOrg, Person, Unit


def visible(model):
    """The nodes the requesting user may see, as the choices of a filter (none without a request)."""

    def queryset(request):
        return model.objects.restrict(getattr(request, "user", None))

    return queryset


class TreeNodeFilter(django_filters.ModelChoiceFilter):
    """A unit or party org among the user's, chosen with a picker (a select when they are few)."""

    field_class = TreeNodeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "全部")
        super().__init__(*args, **kwargs)


class PersonFilter(django_filters.FilterSet):
    """Pass ``request``: the unit and party-org choices are the requesting user's."""

    q = django_filters.CharFilter(
        label="搜索", method="filter_q", help_text="姓名、工号（开头）或姓名拼音（全拼或首字母的开头，如 zhaow、zwj）"
    )
    unit = TreeNodeFilter(label="单位(含下级)", queryset=visible(Unit), method="filter_unit")
    party_org = extend_schema_field(OpenApiTypes.INT)(
        TreeNodeFilter(label="党组织(含下级)", queryset=visible(PartyOrg), method="filter_party_org")
    )
    political_status = django_filters.ChoiceFilter(label="政治面貌", choices=PoliticalStatus.choices)
    gender = django_filters.ChoiceFilter(label="性别", choices=Gender.choices)
    education = django_filters.ChoiceFilter(label="学历", choices=Education.choices)
    cadre_level = django_filters.ChoiceFilter(label="干部级别", choices=CadreLevel.choices)
    channel = django_filters.ChoiceFilter(label="人员类别", choices=Channel.choices)
    is_member = django_filters.BooleanFilter(label="党员", method="filter_is_member")

    class Meta:
        model = Person
        fields = ["q", "unit", "party_org", "political_status", "gender", "education", "cadre_level", "channel"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path) if value else queryset

    def filter_party_org(self, queryset, name, value):
        return queryset.filter(membership__party_org__path__startswith=value.path) if value else queryset

    def filter_is_member(self, queryset, name, value):
        members = Q(political_status__in=[PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY])
        if value is None:
            return queryset
        return queryset.filter(members) if value else queryset.exclude(members)
