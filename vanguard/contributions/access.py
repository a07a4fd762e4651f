"""Who may link a project to a campaign target, see the link and remove it.

- **See** a link: whoever sees its project (``projects.access.PROJECT``), or its target
  (``campaigns.TargetContribution``'s own policy, read by ``selectors.project_target_visible``).
- **Link** a project (``services.project_target_link``) and **remove** a link not counted yet: whoever
  may change the project (its leader, its branch, the office), to a target he sees.
- Counting an accepted benefit into the targets is no one's action: it is part of the acceptance
  (``projects.access.PROJECT``, APPROVE).
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
