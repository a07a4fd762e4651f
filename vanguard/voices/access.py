"""Who may do what with suggestions (合理化建议), exchange visits (交流走访) and findings (问题清单).

- **See** a suggestion: its proposer and co-proposers, and the roles that read the roster over the
  proposer's unit (党委管理员, 支部书记, 支委委员, 党小组长, 班组长, 工会干部).
- **Submit** one (ADD): anyone with a person record, for himself.
"""

from django.db.models import Q

from vanguard.core import access
from vanguard.core.access import InUnit, Own, Policy, Where
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES

from .models import CoProposer, Suggestion


def _co_proposer(scope, action):
    # A subquery on the co-proposers (indexed by person), not a join that would repeat suggestions.
    return Q(pk__in=CoProposer.objects.filter(scope.own_q("person_id")).values("suggestion_id"))


CO_PROPOSER = Where(_co_proposer, "共同建议人", serves=lambda scope: scope.person_id is not None)

SUGGESTION = Policy(
    Suggestion,
    {
        Action.VIEW: (InUnit("unit", ROSTER_VIEW_ROLES), Own("proposer"), CO_PROPOSER),
        Action.ADD: (Own("proposer"),),
    },
    doc="合理化建议:建议人、共同建议人和所在单位的管理者可见;人人可为自己提建议。",
)
CO_PROPOSERS = Policy(
    CoProposer,
    {Action.VIEW: (access.Via("suggestion"),)},
    doc="共同建议人:随建议。",
)

access.declare(SUGGESTION, CO_PROPOSERS)


# ---- participation
# The statistics (合理化建议统计) are for whoever reads the roster of a unit: its figures, its units below.
# The targets are company settings, kept by the committee's office; everyone who sees the statistics reads them.
from vanguard.core.access import Ability, HoldsRole  # noqa: E402
from vanguard.org.choices import Role  # noqa: E402

from .models import ParticipationTarget  # noqa: E402

TARGET_ROLES = frozenset({Role.COMMITTEE_ADMIN})

SEE_STATISTICS = Ability("voices.suggestion_statistics", "合理化建议统计", ROSTER_VIEW_ROLES)
PARTICIPATION_TARGET = Policy(
    ParticipationTarget,
    {
        Action.VIEW: (HoldsRole(ROSTER_VIEW_ROLES),),
        Action.ADD: (HoldsRole(TARGET_ROLES),),
        Action.CHANGE: (HoldsRole(TARGET_ROLES),),
        Action.DELETE: (HoldsRole(TARGET_ROLES),),
    },
    doc="合理化建议参与目标:看得到统计的人可见;党委管理员设置。",
)

access.declare(SEE_STATISTICS, PARTICIPATION_TARGET)
# ---- end participation
