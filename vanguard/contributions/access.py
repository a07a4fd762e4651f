"""Who may link a project to a campaign target, see the link and remove it.

- **See** a link: whoever sees its project (``projects.access.PROJECT``), or its target
  (``campaigns.TargetContribution``'s own policy, read by ``selectors.project_target_visible``).
- **Link** a project (``services.project_target_link``) and **remove** a link not counted yet: whoever
  may change the project (its leader, its branch, the office), to a target he sees.
- Counting an accepted benefit into the targets is no one's action: it is part of the acceptance
  (``projects.access.PROJECT``, APPROVE).
- A suggestion's link: seen with the suggestion; made and removed (counted or not: removing a counted one
  takes its value back out of the target) by the office, the secretary or the union cadre over its unit.
  Its verified benefit counts when the benefit is verified, and leaves when the verification is undone.
"""

from vanguard.core import access
from vanguard.core.access import Policy, Via
from vanguard.core.choices import Action

from .models import ProjectContribution

PROJECT_CONTRIBUTION = Policy(
    ProjectContribution,
    {Action.VIEW: (Via("project"),), Action.DELETE: (Via("project", action=Action.CHANGE),)},
    doc="项目计入目标:看得到项目就看得到;能修改项目的人解除关联。",
)

access.declare(PROJECT_CONTRIBUTION)


# ---- suggestions
# A suggestion is linked to a target, and unlinked, by those who answer for the suggestions of its unit:
# the office, the secretary of a branch covering it, the union cadre of the plant (the scheme's organisers).
from vanguard.core.access import InUnit  # noqa: E402
from vanguard.org.choices import Role  # noqa: E402

from .models import SuggestionContribution  # noqa: E402

SUGGESTION_LINK_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.UNION_CADRE})

SUGGESTION_CONTRIBUTION = Policy(
    SuggestionContribution,
    {
        Action.VIEW: (Via("suggestion"),),
        Action.ADD: (InUnit("suggestion__unit", SUGGESTION_LINK_ROLES),),
        Action.DELETE: (InUnit("suggestion__unit", SUGGESTION_LINK_ROLES),),
    },
    doc="建议计入目标:看得到建议就看得到;建议所在单位的党委管理员、支部书记、工会干部关联和解除。",
)

access.declare(SUGGESTION_CONTRIBUTION)
# ---- end suggestions
