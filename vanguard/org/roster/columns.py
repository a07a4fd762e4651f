"""The roster's columns, the names they go by and the values each accepts."""

from dataclasses import dataclass

from vanguard.core.excel import Column

from ..choices import CadreLevel, Channel, Education, Gender, PoliticalStatus


@dataclass
class RosterColumn(Column):
    """A column of the roster: its title and width, the field the export reads, its coded values."""

    field: str = ""  # a ``Person.objects.values_list`` path
    choices: type | None = None  # a TextChoices: the export writes labels, the template lists them


# The one list of the roster's columns: the template, the export and the import all follow it.
COLUMNS = (
    RosterColumn("姓名", 10, "name"),
    RosterColumn("工号", 12, "employee_no"),
    RosterColumn("性别", 6, "gender", Gender),
    RosterColumn("出生日期", 12, "birth_date"),
    RosterColumn("民族", 8, "ethnicity"),
    RosterColumn("学历", 12, "education", Education),
    RosterColumn("身份证号", 21, "id_card"),
    RosterColumn("所在单位", 40, "unit_id"),
    RosterColumn("党组织", 40, "membership__party_org_id"),
    RosterColumn("政治面貌", 13, "political_status", PoliticalStatus),
    RosterColumn("入党日期", 12, "membership__joined_on"),
    RosterColumn("转正日期", 12, "membership__regularised_on"),
    RosterColumn("职务", 16, "position"),
    RosterColumn("干部级别", 10, "cadre_level", CadreLevel),
    RosterColumn("人员类别(三支队伍)", 18, "channel", Channel),
    RosterColumn("手机号", 14, "phone"),
)
TITLES = tuple(c.title for c in COLUMNS)
# What an import may change on an existing person: every person field of a column but the key (工号).
PERSON_FIELDS = tuple(c.field for c in COLUMNS if "__" not in c.field and c.field != "employee_no")
REQUIRED = ("姓名", "工号", "性别", "所在单位")
ERROR_COLUMN = "错误说明"
ALIASES = {
    "姓名": ("名字",),
    "工号": ("学工号", "工作证号", "员工编号", "职工号", "员工号", "职工编号"),
    "出生日期": ("出生年月", "出生年月日"),
    "学历": ("文化程度", "最高学历"),
    "身份证号": ("身份证号码", "公民身份号码", "身份证"),
    "所在单位": ("单位", "部门", "所在部门"),
    "党组织": ("所在党组织", "所在党支部", "所在分党委", "所在党总支", "党支部"),
    # A membership status (正式党员 / 预备党员) read as the political status it implies.
    "政治面貌": ("党籍状态", "党员状态"),
    "入党日期": ("入党时间",),
    "转正日期": ("转正时间",),
    "干部级别": ("职级",),
    "人员类别(三支队伍)": ("人员类别", "三支队伍"),
    "手机号": ("手机", "手机号码", "联系电话"),
}
MAX_LENGTHS = {"姓名": 50, "工号": 32, "民族": 20, "职务": 100}
MEMBER_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
CHUNK = 2000
PROGRESS_EVERY = 2000


def _choices(choices, **extra):
    """Label → value for a TextChoices, also accepting the stored value and a few common spellings."""
    mapping = {label: value for value, label in choices.choices}
    mapping.update({value: value for value in choices.values})
    mapping.update(extra)
    return mapping


GENDERS = _choices(Gender, 男性="M", 女性="F", m="M", f="F")
EDUCATIONS = _choices(
    Education,
    博士="doctor",
    研究生="master",
    硕士="master",
    本科="bachelor",
    大学="bachelor",
    大专="college",
    专科="college",
    中专="technical",
    技校="technical",
    职高="technical",
    初中="junior",
    小学="junior",
)
CADRE_LEVELS = _choices(CadreLevel, 正科级="section", 正处级="division")
CHANNELS = _choices(
    Channel,
    经营管理人员="management",
    管理="management",
    专业技术人员="technical",
    技术="technical",
    技能操作人员="skilled",
    技能="skilled",
    操作="skilled",
)
POLITICAL = _choices(
    PoliticalStatus,
    党员="member",
    正式党员="member",
    中共正式党员="member",
    中国共产党党员="member",
    预备党员="probationary",
    中国共产党预备党员="probationary",
    团员="league",
    中国共产主义青年团团员="league",
)
