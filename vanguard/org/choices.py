"""Constants of the org app."""

from django.db import models


class PartyOrgKind(models.TextChoices):
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    GROUP = "group", "党小组"


class UnitKind(models.TextChoices):
    COMPANY = "company", "公司"
    PLANT = "plant", "分厂/部门"
    AREA = "area", "作业区"
    PROCESS = "process", "工序"
    TEAM = "team", "班组"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    DOCTOR = "doctor", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    TECHNICAL = "technical", "中专/技校"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR = "junior", "初中及以下"


class CadreLevel(models.TextChoices):
    NONE = "none", "无"
    TEAM_LEADER = "team_leader", "班组长"
    SECTION_DEPUTY = "section_deputy", "副科级"
    SECTION = "section", "科级"
    DIVISION_DEPUTY = "division_deputy", "副处级"
    DIVISION = "division", "处级"
    BUREAU = "bureau", "厅局级及以上"


# Section level and above are the cadres the on-site rule applies to.
SECTION_AND_ABOVE = (
    CadreLevel.SECTION_DEPUTY,
    CadreLevel.SECTION,
    CadreLevel.DIVISION_DEPUTY,
    CadreLevel.DIVISION,
    CadreLevel.BUREAU,
)


class Channel(models.TextChoices):
    """三支队伍: the three career channels."""

    MANAGEMENT = "management", "经营管理"
    TECHNICAL = "technical", "专业技术"
    SKILLED = "skilled", "技能操作"


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", "中共党员"
    PROBATIONARY = "probationary", "中共预备党员"
    LEAGUE = "league", "共青团员"
    MASSES = "masses", "群众"


class MembershipStatus(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class PartyPost(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    COMMITTEE_MEMBER = "committee_member", "委员"
    GROUP_LEADER = "group_leader", "党小组长"
    MEMBER = "member", "党员"


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    COMMITTEE_ADMIN = "committee_admin", "党委管理员"
    BRANCH_SECRETARY = "branch_secretary", "支部书记"
    BRANCH_COMMITTEE = "branch_committee", "支委委员"
    GROUP_LEADER = "group_leader", "党小组长"
    MEMBER = "member", "党员"
    TEAM_LEADER = "team_leader", "班组长"
    UNION_CADRE = "union_cadre", "工会干部"
    WORKER = "worker", "职工"


# Badge colours (vanguard.core.badges).
STATUS_COLOURS = {
    PoliticalStatus.MEMBER: "red",
    PoliticalStatus.PROBATIONARY: "orange",
    PoliticalStatus.LEAGUE: "blue",
    PoliticalStatus.MASSES: "secondary",
    MembershipStatus.FULL: "red",
    MembershipStatus.PROBATIONARY: "orange",
}
