"""What the indicators app puts on a user's home page (``core.home``): what falls due from them."""

from django.urls import reverse

from vanguard.core.choices import Action
from vanguard.core.home import INFO, WARNING, DueItem, register_due
from vanguard.org.choices import Role, UnitKind

from .access import follows_pledges
from .models import IndicatorValue, Pledge
from .periods import month_label, month_number

# ---------------------------------------------------------------- indicators, values, targets and pledges


def values_missing(viewer):
    """The teams the leader enters for that have no value yet for last month: one query."""
    from .selectors.values import visible_units

    last = month_number(viewer.today) - 1
    entered = IndicatorValue.objects.filter(month=last).values("unit_id")
    teams = visible_units(user=viewer.user, action=Action.CHANGE).filter(kind=UnitKind.TEAM)
    missing = teams.exclude(pk__in=entered).count()
    yield DueItem(f"{month_label(last)}指标未填报的班组", missing, reverse("indicator-entry"), WARNING,
                  "请填报上月各项指标", "pencil", key="indicators.values_missing")  # fmt: skip


def pledges_to_follow(viewer):
    """Pledges whose period has ended and that carry no follow-up yet, among those the user follows: one query."""
    ended = Pledge.objects.restrict(viewer.user, Action.REVIEW).filter(
        last_month__lt=month_number(viewer.today), follow_up=""
    )
    yield DueItem("期满待跟踪的指标承诺", ended.count(), f"{reverse('indicator-pledges')}?pending=on", INFO,
                  "核实兑现情况,记录跟踪", "flag", key="indicators.pledges_follow")  # fmt: skip


register_due(
    "indicators.values_missing", values_missing, order=60, visible=lambda scope: scope.has_role(Role.TEAM_LEADER)
)
register_due("indicators.pledges_follow", pledges_to_follow, order=61, visible=follows_pledges)

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
