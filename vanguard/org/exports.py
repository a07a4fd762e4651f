"""Exports of the org app (declared with ``core.exports``; imported from ``AppConfig.ready()``)."""

from types import SimpleNamespace

from django.utils import timezone

from vanguard.core.access import may
from vanguard.core.excel import report_title
from vanguard.core.exports import register_export

from . import roster, selectors
from .access import SEE_ID_CARDS, SEE_ROSTER
from .filters import PersonFilter
from .models import PartyOrg, Unit

PERSON_ROSTER = "org.roster"


def _export_title(user, people):
    """人员花名册 · the org or unit filtered on, else the user's orgs · the day."""
    data = people.form.cleaned_data if people.is_bound and people.form.is_valid() else {}
    node = data.get("party_org") or data.get("unit")
    where = node.name if node else selectors.scope_label(model=PartyOrg, user=user)
    return report_title("人员花名册", where or selectors.scope_label(model=Unit, user=user))


@register_export(PERSON_ROSTER, "人员花名册")
def person_roster_export(user, params, progress):
    """The people ``user`` may see, filtered as the person list (``params``), in the import template's columns."""
    if not may(user, SEE_ROSTER):
        raise PermissionError("没有查看花名册的权限。")
    people = PersonFilter(params, queryset=selectors.person_list(user=user), request=SimpleNamespace(user=user))
    content = roster.roster_export(
        queryset=people.qs,
        show_id_cards=may(user, SEE_ID_CARDS),
        title=_export_title(user, people),
        progress=progress,
    )
    return content, f"人员花名册-{timezone.localdate():%Y%m%d}.xlsx"
