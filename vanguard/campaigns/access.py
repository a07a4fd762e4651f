"""Who may do what with campaigns (主题实践活动): the one place that says it.

- The party-committee office (党委管理员) creates a campaign for its committee, edits, starts and
  closes it and sets its overall targets. Everyone with a roster view reads the campaigns their
  orgs organise or take part in; a member, those where she has a target or a commitment.
- A target is read by its owner and by the roster roles over its org, its owner's party org or
  the organiser. The managers (office, secretary, branch committee) of those orgs *decompose* it:
  split it, set its stage targets, issue its owners' letters. Its own figures and owner are
  *changed* only by whoever set it: those who may decompose its parent (the office, for an
  overall target) — a branch splits what it was given but does not rewrite it.
- The owner *reports* progress (the person; for an org's target, a manager of that org), and
  nobody else, the administrator included. A secretary or the office over the target's orgs
  *reviews* the report, never one on their own target (the org above reviews those).
- A responsibility letter is read like a target; only its recipient *acknowledges* it (the
  person; for an org's letter, its secretary), never the administrator on their behalf.
- A member records her own commitments; managers record and check those of their orgs and members.

Reports, stage targets, results and evidence follow their target's rules through joins (the
target's paths filtered in the same query, as the report lists need); a commitment's checks
follow the commitment in a subquery.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr

from vanguard.core import access
from vanguard.core.access import Ability, InOrg, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import Role
from vanguard.org.models import PartyOrg

from .models import (
    Campaign,
    Commitment,
    CommitmentCheck,
    Evidence,
    ProgressReport,
    ResponsibilityLetter,
    Target,
    TargetContribution,
    TargetStage,
)

VIEW_ROLES = ROSTER_VIEW_ROLES  # whoever reads the roster of an org reads its campaigns and targets
CREATE_ROLES = frozenset({Role.COMMITTEE_ADMIN})
MANAGE_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE})
REVIEW_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY})


def through_target(prefix, roles, *, own=False):
    """A target's rules, for rows reaching it through ``prefix`` (``"target__"`` from a report).

    The roles over its org, over the organiser or over its owner's party org; with ``own``,
    its owner person too.
    """
    orgs = (
        InOrg(f"{prefix}owner_org", roles),
        InOrg(f"{prefix}campaign__organiser", roles),
        InOrg(f"{prefix}owner_person__membership__party_org", roles),
    )
    return (Own(f"{prefix}owner_person"), *orgs) if own else orgs


def _taking_part(scope, action):
    # Subqueries, not joins through the participants table: a campaign row must not repeat.
    orgs = PartyOrg.objects.filter(scope.party_org_q("", VIEW_ROLES)).values("pk")
    return Q(pk__in=Campaign.participants.through.objects.filter(partyorg_id__in=orgs).values("campaign_id"))


def _with_targets_in_view(scope, action):
    return Q(pk__in=Target.objects.filter(TARGETS.q(scope, Action.VIEW)).values("campaign_id"))


def _with_own_commitments(scope, action):
    return Q(pk__in=Commitment.objects.filter(scope.own_q("person_id")).values("campaign_id"))


def _set_by(scope, action):
    """Targets whose parent the user may decompose; overall targets of a campaign the user may change."""
    q = access.NOTHING  # asked only of rules that reach the user: a refusal then costs no query
    if CAMPAIGNS.reaches(scope, Action.CHANGE):
        q |= Q(depth=1, campaign__in=Campaign.objects.filter(CAMPAIGNS.q(scope, Action.CHANGE)).values("pk"))
    if TARGETS.reaches(scope, Action.DECOMPOSE):
        parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Target.steplen)
        parents = Target.objects.order_by().filter(TARGETS.q(scope, Action.DECOMPOSE), path=parent_path)
        q |= Q(Exists(parents))
    return q


def _reviewed_by_others(scope, action):
    q = access.NOTHING
    for rule in through_target("target__", REVIEW_ROLES):
        q |= rule.q(scope, action)
    return q if scope.person_id is None else q & ~Q(target__owner_person_id=scope.person_id)


def _commitment_orgs(roles):
    return (
        InOrg("org", roles),
        InOrg("person__membership__party_org", roles),
        InOrg("campaign__organiser", roles),
    )


CAMPAIGNS = Policy(
    Campaign,
    {
        Action.VIEW: (
            InOrg("organiser", VIEW_ROLES),
            Where(_taking_part, "参加活动的党组织在其查看范围内", VIEW_ROLES),
            Where(_with_targets_in_view, "能看到活动中的某项目标(本人的、本组织的)"),
            Where(_with_own_commitments, "在活动中有本人的承诺事项"),
        ),
        Action.ADD: (InOrg("organiser", CREATE_ROLES),),
        Action.CHANGE: (InOrg("organiser", CREATE_ROLES),),
    },
    doc="党委管理员以本党委名义组织活动;参加组织、本人有目标或承诺的人可以查看。",
)

TARGETS = Policy(
    Target,
    {
        Action.VIEW: through_target("", VIEW_ROLES, own=True),
        Action.DECOMPOSE: through_target("", MANAGE_ROLES),
        Action.CHANGE: (Where(_set_by, "下达该目标的组织:可分解其上级目标者;总体目标由可修改活动者", MANAGE_ROLES),),
        Action.REPORT: (
            Own("owner_person"),
            InOrg("owner_org", MANAGE_ROLES, when=Q(owner_person__isnull=True)),
        ),
    },
    admin=frozenset({Action.VIEW, Action.DECOMPOSE, Action.CHANGE}),  # the administrator reports for nobody
    doc="责任组织、责任人所在党组织和活动组织单位的管理者分解;下达者修改;责任人填报。",
)

REPORTS = Policy(
    ProgressReport,
    {
        Action.VIEW: through_target("target__", VIEW_ROLES, own=True),
        Action.REVIEW: (
            Where(_reviewed_by_others, "目标所属组织的支部书记、党委管理员,本人目标的填报除外", REVIEW_ROLES),
        ),
    },
    doc="填报随目标可见;由上级组织审核,不审核本人目标的填报。",
)

STAGES = Policy(TargetStage, {Action.VIEW: through_target("target__", VIEW_ROLES, own=True)})
RESULTS = Policy(TargetContribution, {Action.VIEW: through_target("target__", VIEW_ROLES, own=True)})
EVIDENCE = Policy(Evidence, {Action.VIEW: through_target("report__target__", VIEW_ROLES, own=True)})

LETTERS = Policy(
    ResponsibilityLetter,
    {
        Action.VIEW: (
            Own("recipient_person"),
            InOrg("issuer_org", VIEW_ROLES),
            InOrg("recipient_org", VIEW_ROLES),
            InOrg("recipient_person__membership__party_org", VIEW_ROLES),
        ),
        Action.ACKNOWLEDGE: (
            Own("recipient_person"),
            # An org's letter: whoever holds the role on that very org, not an office above acknowledging for it.
            InOrg("recipient_org", REVIEW_ROLES, when=Q(recipient_person__isnull=True), exact=True),
        ),
    },
    admin=frozenset({Action.VIEW}),  # only the recipient acknowledges
    doc="甲乙双方的组织可以查看;只有乙方(本人,或该组织自己的书记)确认,上级不能代为确认。",
)


def _own_commitment(scope, action):
    # A member's own pledge names no org, or his own party group or branch above it: never another one.
    return scope.own_q("person_id") & (Q(org__isnull=True) | scope.addressed_q("org__", "org"))


OWN_COMMITMENT = Where(
    _own_commitment, "党员本人的承诺(不指定组织,或为本人所在的组织)", serves=lambda scope: scope.person_id is not None
)

COMMITMENTS = Policy(
    Commitment,
    {
        Action.VIEW: (Own("person"), *_commitment_orgs(VIEW_ROLES)),
        Action.ADD: (OWN_COMMITMENT, *_commitment_orgs(MANAGE_ROLES)),
        Action.CHANGE: _commitment_orgs(MANAGE_ROLES),
    },
    doc="党员登记本人的承诺;组织的管理者登记并检查本组织及其党员的承诺。",
)

CHECKS = Policy(CommitmentCheck, {Action.VIEW: (Via("commitment"),), Action.CHANGE: (Via("commitment"),)})

WATCHLIST = Ability("campaigns.watchlist", "预警目标", VIEW_ROLES)

access.declare(CAMPAIGNS, TARGETS, REPORTS, STAGES, RESULTS, EVIDENCE, LETTERS, COMMITMENTS, CHECKS, WATCHLIST)
