"""Who may do what with the organisation: both trees, people, memberships, accounts and roles.

- The roster roles read the party orgs and units their grants cover, the members of those orgs
  and the people working in those units: a secretary his branch, its groups and the teams it
  covers; a team leader (班组长) his team; a union cadre (工会干部) her plant or department.
- The office (党委管理员) and the branch secretaries change what they read: people, nodes and
  memberships, the roster import. Only the office sees full ID-card numbers and grants roles,
  on the nodes it covers; only the system administrator creates top nodes and global roles.
- Everyone reads their own record, membership, account and role assignments.

A new role is one line in one of the role sets below. Other apps read the roster roles
(``ROSTER_VIEW_ROLES``) for "whoever reads an org's roster reads its records".
"""

from django.db.models import Q

from vanguard.core import access
from vanguard.core.access import EVERYTHING, Ability, HoldsRole, InOrg, InUnit, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.core.masking import register_mask
from vanguard.core.models import CalendarDay, DocumentTemplate
from vanguard.core.numbers import parse_id

from .choices import Role
from .models import MembershipTransfer, PartyMembership, PartyOrg, Person, RoleAssignment, Unit, User

# Who reads the roster of the party orgs and units a grant covers.
ROSTER_VIEW_ROLES = frozenset(
    {
        Role.COMMITTEE_ADMIN,
        Role.BRANCH_SECRETARY,
        Role.BRANCH_COMMITTEE,
        Role.GROUP_LEADER,
        Role.TEAM_LEADER,  # granted on a team: its people
        Role.UNION_CADRE,  # granted on a plant or department: its people
    }
)
# Who changes it: people, nodes, memberships, the roster import.
ROSTER_CHANGE_ROLES = frozenset(
    {
        Role.COMMITTEE_ADMIN,
        Role.BRANCH_SECRETARY,
    }
)
# Who reads full ID-card numbers (everyone else sees them masked, but their own).
SENSITIVE_VIEW_ROLES = frozenset(
    {
        Role.COMMITTEE_ADMIN,
    }
)
# Who grants and revokes roles on the nodes they cover, and opens accounts for people.
ROLE_ASSIGN_ROLES = frozenset(
    {
        Role.COMMITTEE_ADMIN,
    }
)
# The roles the office may grant and so revoke (role_assign refuses the rest).
GRANTABLE = ~Q(role=Role.SYSTEM_ADMIN)


def members_of_orgs(roles):
    """People whose membership lies in a party org under a grant of ``roles``."""

    def q(scope, action):
        orgs = scope.party_org_q("party_org__", roles)
        if orgs == EVERYTHING:  # every top org: the whole company
            return EVERYTHING
        # A subquery on the membership table, not a join: the database then reads only the
        # people in scope, through the indexes on membership and on the person's id.
        return Q(pk__in=PartyMembership.objects.filter(orgs).values("person_id"))

    return Where(q, "所在党组织在其范围内的党员", roles)


def working_in_units(roles):
    """People working in a unit under a grant of ``roles`` or covered by a party org under one."""

    def q(scope, action):
        units = scope.unit_q("", roles)
        if units == EVERYTHING:
            return EVERYTHING
        # A subquery on the small unit table, not a join (see ``members_of_orgs``).
        return Q(unit__in=Unit.objects.filter(units).values("pk"))

    return Where(q, "所在单位在其范围内(含其党组织覆盖的单位)的人员", roles)


def _own_account(scope, action):
    return Q(pk=scope.user_id)


PARTY_ORGS = Policy(
    PartyOrg,
    {
        Action.VIEW: (InOrg("", ROSTER_VIEW_ROLES),),
        Action.CHANGE: (InOrg("", ROSTER_CHANGE_ROLES),),
    },
    doc="党组织:授权所及的组织及其下级;党委管理员、支部书记修改、新增下级、移动。",
)
UNITS = Policy(
    Unit,
    {
        Action.VIEW: (InUnit("", ROSTER_VIEW_ROLES),),
        Action.CHANGE: (InUnit("", ROSTER_CHANGE_ROLES),),
    },
    doc="单位:授权所及的单位,以及授权所及党组织覆盖的单位;党委管理员、支部书记修改。",
)
PEOPLE = Policy(
    Person,
    {
        Action.VIEW: (
            Own("user", user=True),
            members_of_orgs(ROSTER_VIEW_ROLES),
            working_in_units(ROSTER_VIEW_ROLES),
        ),
        Action.CHANGE: (
            members_of_orgs(ROSTER_CHANGE_ROLES),
            working_in_units(ROSTER_CHANGE_ROLES),
        ),
    },
    doc="人员:本人;所在党组织或所在单位在范围内的人员。党员、职工只看到本人的档案。",
)
MEMBERSHIPS = Policy(
    PartyMembership,
    {
        Action.VIEW: (Own("person"), InOrg("party_org", ROSTER_VIEW_ROLES)),
        Action.CHANGE: (InOrg("party_org", ROSTER_CHANGE_ROLES),),
    },
    doc="党籍:本人;所在党组织在范围内的党员。",
    union=True,
)
TRANSFERS = Policy(
    MembershipTransfer,
    {Action.VIEW: (Via("person"),)},
    doc="组织关系转接:看得到人员就看得到其转接记录。",
)
ROLE_ASSIGNMENTS = Policy(
    RoleAssignment,
    {
        Action.VIEW: (
            Own("user", user=True),
            InOrg("party_org", ROLE_ASSIGN_ROLES),
            InUnit("unit", ROLE_ASSIGN_ROLES),
        ),
        # Only what the office may grant: a system-administrator role, even one placed on an org
        # inside its scope, is revoked by a system administrator alone.
        Action.DELETE: (
            InOrg("party_org", ROLE_ASSIGN_ROLES, when=GRANTABLE),
            InUnit("unit", ROLE_ASSIGN_ROLES, when=GRANTABLE),
        ),
    },
    doc="角色分配:本人的角色;党委管理员查看其范围内组织、单位上的角色,并撤销其中他可以分配的角色。全局角色只有系统管理员看得到。",
)
ACCOUNTS = Policy(
    User,
    {Action.VIEW: (Where(_own_account, "本人的账号"), Via("person"))},
    doc="账号:本人的;看得到人员就看得到其账号(分配角色时选择)。",
)

# Records the committee office keeps in the admin (core.admin_site.PolicyAdmin): the Word templates of the
# papers it signs and files, and the holidays and make-up working days of the calendar.
_OFFICE = (HoldsRole(frozenset({Role.COMMITTEE_ADMIN})),)
OFFICE_KEEPS = {Action.VIEW: _OFFICE, Action.ADD: _OFFICE, Action.CHANGE: _OFFICE, Action.DELETE: _OFFICE}
DOCUMENT_TEMPLATES = Policy(DocumentTemplate, OFFICE_KEEPS, doc="文书模板:党委管理员上传、启用和停用。")
CALENDAR_DAYS = Policy(CalendarDay, OFFICE_KEEPS, doc="工作日历:党委管理员维护法定节假日和调休上班日。")

SEE_ROSTER = Ability("org.roster", "查看组织树和人员花名册", ROSTER_VIEW_ROLES)
EDIT_ROSTER = Ability("org.roster_edit", "新增人员和组织节点、导入花名册", ROSTER_CHANGE_ROLES)
SEE_ID_CARDS = Ability("org.id_cards", "查看完整的身份证号", SENSITIVE_VIEW_ROLES)
ASSIGN_ROLES = Ability("org.roles", "分配和撤销角色、为人员开通账号", ROLE_ASSIGN_ROLES)
# No role holds these two: the system administrator alone (a global role makes another one).
ADD_TOP_NODES = Ability("org.top_nodes", "新建顶级党组织和单位", frozenset())
GRANT_GLOBAL = Ability("org.global_roles", "分配全局角色和系统管理员角色、创建超级用户", frozenset())

access.declare(
    PARTY_ORGS, UNITS, PEOPLE, MEMBERSHIPS, TRANSFERS, ROLE_ASSIGNMENTS, ACCOUNTS, DOCUMENT_TEMPLATES, CALENDAR_DAYS,
    SEE_ROSTER, EDIT_ROSTER, SEE_ID_CARDS, ASSIGN_ROLES, ADD_TOP_NODES, GRANT_GLOBAL,
)  # fmt: skip


def may_see_id_card(user, person):
    """Whether ``user`` reads ``person``'s full ID-card number: ``SEE_ID_CARDS``, or it is his own.

    The one rule for every screen and export: person page and list, form, API, Excel, history.
    """
    if access.may(user, SEE_ID_CARDS):
        return True
    return person is not None and person.user_id is not None and person.user_id == user.pk


def _may_see_id_card_of(user, person_id):
    if access.may(user, SEE_ID_CARDS):
        return True
    return Person.objects.filter(pk=parse_id(person_id), user_id=user.pk).exists()


# History diffs, the audit list and its API show the card masked to everyone else.
register_mask("org.person", "id_card", mask=Person.mask_id_card, may_see=_may_see_id_card_of)
