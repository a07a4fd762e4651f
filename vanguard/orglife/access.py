"""Who may do what in organisational life.

- Readers of an org (its secretary, committee, group leader; the office; team leaders and union
  cadres for their units) see its meetings, attendance, reviews, training and cadres' field days,
  the compliance matrix, the study hours and the meeting rosters.
- The secretary, the branch committee and the group leader (``MANAGE_ROLES``) record their org's
  meetings, attendance, minutes, attachments, reviews and its members' training.
- A member sees the meetings she was marked at, her own attendance, reviews, training and field days;
  a cadre logs his own half-days on site.
- The party-committee office (``RULE_ROLES``) sets the rules: compliance rules and exemptions, study
  hours, the review scale. Everyone reads the rules. It also keeps its central study group (中心组);
  the office and union cadres name the star team leaders (明星班组长) of their units.

Who each rule is *for* is declared once below (``MEMBERS``, ``SECRETARIES``, ``FIELD_CADRES``): the
40 class hours are for party members, the half-day on site for cadres of section level and above. The
menus, the pages and the home's list of what is due read these, so a worker (群众) is never measured
against a member's rule.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from vanguard.core import access
from vanguard.core.access import Ability, Anyone, HoldsRole, InOrg, InUnit, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import SECTION_AND_ABOVE, PartyPost, Role

from .choices import Audience
from .models import (
    Attendance,
    BranchCompliance,
    CentralGroupMember,
    ComplianceExemption,
    ComplianceMark,
    ComplianceRule,
    FieldDay,
    Meeting,
    MeetingAttachment,
    MeetingCount,
    Review,
    ReviewCount,
    ReviewGrade,
    StarTeamLeader,
    StudyRule,
    TrainingRecord,
)

# ---------------------------------------------------------------- who a rule is for


@dataclass(frozen=True)
class RuleAudience:
    """Whom a rule is for. ``of_scope(scope)`` asks it of the signed-in user (menus, the home's list of what
    is due); ``of_person(person)`` of the person a page is about (a member's year, the hours table)."""

    label: str
    of_scope: Callable
    of_person: Callable


def _holds_secretary_post(person):
    membership = getattr(person, "membership", None) if person.is_member else None
    return membership is not None and membership.post in (PartyPost.SECRETARY, PartyPost.DEPUTY_SECRETARY)


# Party members (正式 and 预备): the 40 class hours, the monthly review, the meetings of their org.
MEMBERS = RuleAudience("党员", lambda scope: bool(scope.party_org_path), lambda person: person.is_member)
# Branch secretaries: 56 hours of secretaries' training a year.
SECRETARIES = RuleAudience("支部书记", lambda scope: scope.has_role(Role.BRANCH_SECRETARY), _holds_secretary_post)
# Cadres of section level and above: half a day on site per working day, 40 hours of cadre training.
FIELD_CADRES = RuleAudience(
    "科级及以上干部",
    lambda scope: scope.cadre_level in SECTION_AND_ABOVE,
    lambda person: person.cadre_level in SECTION_AND_ABOVE,
)

# The yearly class hours of each study rule (``StudyRule.audience``) are for these people.
STUDY_RULE_AUDIENCES = {Audience.MEMBER: MEMBERS, Audience.SECRETARY: SECRETARIES, Audience.CADRE: FIELD_CADRES}

# ---------------------------------------------------------------- policies

# Readers of the roster read the organisational life of their orgs; the secretary, the committee and
# the group leader record it; the office sets the rules.
VIEW_ROLES = ROSTER_VIEW_ROLES
MANAGE_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE, Role.GROUP_LEADER})
RULE_ROLES = frozenset({Role.COMMITTEE_ADMIN})

# A person's party org, for records that belong to a person (training, field days).
MEMBER_ORG = "person__membership__party_org"


def _attended(scope, action):
    # A subquery on the user's own attendance rows: a join would repeat a meeting per row.
    return Q(pk__in=Attendance.objects.filter(scope.own_q("person_id")).values("meeting_id"))


ATTENDED = Where(_attended, "会议的出席人员(出勤记录中有本人)")

# Company-wide settings: everyone reads them, the office changes them.
SETTING = {
    Action.VIEW: (Anyone(),),
    Action.ADD: (HoldsRole(RULE_ROLES),),
    Action.CHANGE: (HoldsRole(RULE_ROLES),),
}

MEETING = Policy(
    Meeting,
    {
        Action.VIEW: (InOrg("org", VIEW_ROLES), ATTENDED),
        Action.ADD: (InOrg("org", MANAGE_ROLES),),
        Action.CHANGE: (InOrg("org", MANAGE_ROLES),),
    },
    doc="会议:本组织的读者查看,书记、支委、党小组长登记和记录;出席人员查看自己参加的会议。",
    union=True,
)
ATTACHMENT = Policy(
    MeetingAttachment,
    {Action.VIEW: (Via("meeting"),), Action.ADD: (Via("meeting"),), Action.CHANGE: (Via("meeting"),)},
    doc="会议附件:随会议。",
)
ATTENDANCE = Policy(
    Attendance,
    {
        Action.VIEW: (Own("person"), InOrg("meeting__org", VIEW_ROLES)),
        Action.ADD: (InOrg("meeting__org", MANAGE_ROLES),),
        Action.CHANGE: (InOrg("meeting__org", MANAGE_ROLES),),
    },
    doc="出勤:会议所属组织登记;本人查看自己的出勤。",
)
TRAINING = Policy(
    TrainingRecord,
    {
        Action.VIEW: (Own("person"), InOrg(MEMBER_ORG, VIEW_ROLES)),
        Action.ADD: (InOrg(MEMBER_ORG, MANAGE_ROLES),),
        Action.CHANGE: (InOrg(MEMBER_ORG, MANAGE_ROLES),),
    },
    doc="培训记录:党员所在组织登记;本人查看。",
)
REVIEW = Policy(
    Review,
    {
        Action.VIEW: (Own("person"), InOrg("org", VIEW_ROLES)),
        Action.ADD: (InOrg("org", MANAGE_ROLES),),
        Action.CHANGE: (InOrg("org", MANAGE_ROLES),),
    },
    doc="讲评:讲评组织(党小组、支部)登记;本人查看自己的讲评。",
)
FIELD_DAY = Policy(
    FieldDay,
    {
        # A cadre's own half-days, and those of the cadres the orgs and units in scope cover.
        Action.VIEW: (Own("person"), InOrg(MEMBER_ORG, VIEW_ROLES), InUnit("person__unit", VIEW_ROLES)),
        # Logged by the cadre, or for him by his party org.
        Action.ADD: (Own("person"), InOrg(MEMBER_ORG, MANAGE_ROLES)),
        Action.CHANGE: (Own("person"), InOrg(MEMBER_ORG, MANAGE_ROLES), InUnit("person__unit", MANAGE_ROLES)),
    },
    doc="深入现场:干部本人登记,所在党组织代为登记;覆盖其组织或单位的读者查看。",
)
# The kept counts (``orglife.summaries``) are read like the org's meetings and reviews; only the services
# that write those write them.
MEETING_COUNT = Policy(
    MeetingCount, {Action.VIEW: (InOrg("org", VIEW_ROLES),)}, doc="会议次数汇总:随会议所属组织的读者查看。"
)
REVIEW_COUNT = Policy(
    ReviewCount, {Action.VIEW: (InOrg("org", VIEW_ROLES),)}, doc="讲评人次汇总:随讲评组织的读者查看。"
)
COMPLIANCE_MARK = Policy(
    ComplianceMark, {Action.VIEW: (InOrg("org", VIEW_ROLES),)}, doc="组织生活考核结果:随被考核组织的读者查看。"
)
BRANCH_COMPLIANCE = Policy(
    BranchCompliance, {Action.VIEW: (InOrg("branch", VIEW_ROLES),)}, doc="支部组织生活考核汇总:随支部的读者查看。"
)
REVIEW_GRADE = Policy(ReviewGrade, SETTING, doc="讲评等级:人人可读,党委管理员设置。")
COMPLIANCE_RULE = Policy(ComplianceRule, SETTING, doc="组织生活规则:人人可读,党委管理员设置。")
EXEMPTION = Policy(
    ComplianceExemption,
    {
        Action.VIEW: (InOrg("org", VIEW_ROLES),),
        Action.ADD: (HoldsRole(RULE_ROLES),),
        Action.CHANGE: (HoldsRole(RULE_ROLES),),
    },
    doc="免于考核:党委管理员登记;该组织的读者查看。",
)
STUDY_RULE = Policy(StudyRule, SETTING, doc="学时规则:人人可读,党委管理员设置。")
# Who a meeting kind expects, kept by the office: a committee's central study group, the star team leaders.
CENTRAL_GROUP = Policy(
    CentralGroupMember,
    {
        Action.VIEW: (InOrg("org", VIEW_ROLES), Own("person")),
        Action.ADD: (InOrg("org", RULE_ROLES),),
        Action.CHANGE: (InOrg("org", RULE_ROLES),),
    },
    doc="中心组成员:党委管理员维护本党委的名单;该党委的读者和成员本人查看。",
)
STAR_TITLE_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.UNION_CADRE})
STAR_TITLE = Policy(
    StarTeamLeader,
    {
        Action.VIEW: (InUnit("person__unit", VIEW_ROLES), Own("person")),
        Action.ADD: (InUnit("person__unit", STAR_TITLE_ROLES),),
        Action.CHANGE: (InUnit("person__unit", STAR_TITLE_ROLES),),
    },
    doc="明星班组长:党委管理员、工会干部为其单位的班组长命名和撤销;覆盖其单位的读者和本人查看。",
)

SEE_COMPLIANCE = Ability("orglife.compliance", "查看组织生活合规矩阵和本周到期事项", VIEW_ROLES)
SEE_HOURS = Ability("orglife.hours", "查看学时统计", VIEW_ROLES)
# The hours of their members are the secretaries' to follow (their home lists who is short); the office
# reads the hours page instead.
FOLLOW_HOURS = Ability(
    "orglife.follow_hours",
    "跟进本组织党员学时",
    frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE, Role.GROUP_LEADER}),
    admin=False,
)
SEE_FIELD_DAYS = Ability("orglife.field_days", "查看干部深入现场情况", VIEW_ROLES)
SEE_ATTENDANCE = Ability("orglife.attendance", "查看会议出勤名单、下载会议记录", VIEW_ROLES)
IMPORT_TRAINING = Ability("orglife.training_import", "导入培训记录", MANAGE_ROLES)
SET_RULES = Ability("orglife.rules", "设置组织生活规则和免于考核", RULE_ROLES)
SEE_ATTENDEE_LISTS = Ability("orglife.attendee_lists", "查看中心组和明星班组长名单", VIEW_ROLES)


def reads_meetings(scope):
    """Whom the meeting calendar and ledger are for: the readers of a party org's meetings (a grant on a party
    org, not a team leader's on his team), and members (who see the meetings they were at); a worker outside
    the party has no organisational life to look up."""
    return bool(scope.party_org_paths(VIEW_ROLES)) or MEMBERS.of_scope(scope)


def keeps_attendee_lists(scope):
    """Whom the page of the central study group and star team leaders is offered to: those who keep them."""
    return CENTRAL_GROUP.reaches(scope, Action.ADD) or STAR_TITLE.reaches(scope, Action.ADD)


def sees_field_days(scope):
    """Whom the on-site page is for: the cadres the rule is for, and those who follow them."""
    return FIELD_CADRES.of_scope(scope) or SEE_FIELD_DAYS.held_by(scope)


access.declare(
    MEETING, ATTACHMENT, ATTENDANCE, TRAINING, REVIEW, FIELD_DAY, MEETING_COUNT, REVIEW_COUNT, COMPLIANCE_MARK, BRANCH_COMPLIANCE, REVIEW_GRADE, COMPLIANCE_RULE, EXEMPTION,
    STUDY_RULE, CENTRAL_GROUP, STAR_TITLE, SEE_COMPLIANCE, SEE_HOURS, FOLLOW_HOURS, SEE_FIELD_DAYS, SEE_ATTENDANCE, IMPORT_TRAINING, SET_RULES,
    SEE_ATTENDEE_LISTS,
)  # fmt: skip
