"""Who may do what with merit projects (立功立项), their teams, logs and timelines.

- **See** a project: its leader, its team, and the roles that read the roster over its branch
  (党委管理员, 支部书记, 支委委员, 党小组长, 班组长, 工会干部).
- **Submit** one (ADD): the branch (支部书记, 支委委员, 党委管理员 over it) for anyone; a party member
  for himself, in the branch he belongs to.
- **Change** it (CHANGE): its leader or its branch: edit the application, start, apply for
  completion, resubmit, withdraw, build the team, log the months.
- **Review** it (REVIEW: 支部审核, 退回): the branch. **Approve** it (APPROVE: 立项, 不予立项, 验收,
  评定, 结项): the party committee's office over the branch.
- The team, the logs and the timeline follow their project; the summary page and the Excel
  import are abilities of the roles above.

Which action each lifecycle step needs is the third column of ``choices.TRANSITIONS``.
"""

from django.db.models import Q

from vanguard.core import access
from vanguard.core.access import Ability, InOrg, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import Role
from vanguard.org.models import PartyOrg

from .choices import BRANCH_KINDS
from .models import Project, ProjectLog, ProjectMember, ProjectStep

VIEW_ROLES = ROSTER_VIEW_ROLES
BRANCH_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE})
COMMITTEE_ROLES = frozenset({Role.COMMITTEE_ADMIN})


def own_branch(scope):
    """The branch a member belongs to: his own party org if it is a branch, else the one above it (his
    party group's branch); one row at most, read as a subquery."""
    own = scope.party_org_path
    if not own:
        return PartyOrg.objects.none()
    rows = PartyOrg.objects.filter(path__in=(own, own[: -PartyOrg.steplen]), kind__in=BRANCH_KINDS)
    return rows.order_by("-depth").values("pk")[:1]


def _on_team(scope, action):
    # A subquery on the team table (indexed by person), not a join that would repeat projects.
    return Q(pk__in=ProjectMember.objects.filter(scope.own_q("person_id")).values("project_id"))


def _for_himself(scope, action):
    return scope.own_q("leader_id") & Q(branch__in=own_branch(scope))


ON_TEAM = Where(_on_team, "项目团队成员", serves=lambda scope: scope.person_id is not None)
FOR_HIMSELF = Where(
    _for_himself,
    "党员本人为负责人,在本人所在的支部",
    serves=lambda scope: bool(scope.person_id and scope.party_org_path),
)
BRANCH = InOrg("branch", BRANCH_ROLES)

PROJECT = Policy(
    Project,
    {
        Action.VIEW: (InOrg("branch", VIEW_ROLES), Own("leader"), ON_TEAM),
        Action.ADD: (BRANCH, FOR_HIMSELF),
        Action.CHANGE: (BRANCH, Own("leader")),
        Action.REVIEW: (BRANCH,),
        Action.APPROVE: (InOrg("branch", COMMITTEE_ROLES),),
    },
    doc="项目:团队和所属支部可见;负责人或支部修改,支部审核,党委审批、验收、评定。",
    union=True,
)
# The team and the logs are changed by whoever may change their project.
MEMBER = Policy(
    ProjectMember,
    {Action.VIEW: (Via("project"),), Action.DELETE: (Via("project", action=Action.CHANGE),)},
    doc="项目成员:随项目。",
)
LOG = Policy(
    ProjectLog,
    {Action.VIEW: (Via("project"),), Action.DELETE: (Via("project", action=Action.CHANGE),)},
    doc="活动记录:随项目。",
)
STEP = Policy(ProjectStep, {Action.VIEW: (Via("project"),)}, doc="流转记录:看得到项目就看得到。")

SUMMARY = Ability("projects.summary", "项目汇总", VIEW_ROLES)
IMPORT = Ability("projects.import", "导入项目申报", BRANCH_ROLES)


def reads_ledger(scope):
    """Whom the project ledger (立项台账) is for: the readers of a branch's projects and those who may submit
    one (the branch; a party member for himself). A worker finds his team's projects under 我的项目."""
    return bool(scope.party_org_paths(VIEW_ROLES)) or PROJECT.reaches(scope, Action.ADD)


access.declare(PROJECT, MEMBER, LOG, STEP, SUMMARY, IMPORT)
