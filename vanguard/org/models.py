"""The two org trees, people, party membership, accounts and role assignments."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from vanguard.core.limits import LIFE_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.core.search import TextIndex, matching, register_text_index, search

from .choices import (
    CadreLevel,
    Channel,
    Education,
    Gender,
    MembershipStatus,
    PartyOrgKind,
    PartyPost,
    PoliticalStatus,
    Role,
    UnitKind,
)
from .validators import validate_id_card, validate_phone


class UserManager(DjangoUserManager.from_queryset(RestrictedQuerySet)):
    """Django's user manager plus ``.restrict()`` (who may see an account: ``org.access``)."""


class User(AbstractUser):
    """A login. Most users are linked to a ``Person`` (``user.person``)."""

    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    last_failed_login = models.DateTimeField("最近登录失败时间", null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self):
        person = getattr(self, "person", None)
        return f"{person.name}({self.username})" if person else self.username


class LoginGuard(models.Model):
    """Failed logins counted per account and client address (``<user id>@<address>``), and per address
    alone (``*@<address>``), so guesses from one place lock that place out, not the account's owner."""

    key = models.CharField("键", max_length=120, unique=True)
    failures = models.PositiveIntegerField("失败次数", default=0)
    last_failed = models.DateTimeField("最近失败时间", null=True, blank=True)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录限制"
        verbose_name_plural = "登录限制"

    def __str__(self):
        return self.key


class TreeQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    """Treebeard's queryset (safe bulk delete) plus ``.restrict()``."""


class TreeManager(MP_NodeManager.from_queryset(TreeQuerySet)):
    def get_queryset(self):
        return TreeQuerySet(self.model).order_by("path")


class TreeNode(MP_Node, BaseModel):
    """A node of one of the org trees (materialised path: ``path``, ``depth``)."""

    name = NameField("名称", max_length=100)
    code = models.CharField("编码", max_length=32, blank=True)
    node_order_by = None

    objects = TreeManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class PartyOrg(TreeNode):
    """党组织: committee → general branch → branch → party group."""

    kind = models.CharField("类型", max_length=20, choices=PartyOrgKind.choices)
    # 40 party groups are called 第一党小组: a name shared with another org is shown with its
    # parent's (轧管厂第一党支部 · 第一党小组). Kept by the tree services (``org.services.labels``),
    # so a page or an export reads it from the row, with no query per row.
    label = models.CharField("显示名称", max_length=210, blank=True, editable=False)
    founded_on = models.DateField("成立日期", null=True, blank=True, validators=[LIFE_DATE])
    units = models.ManyToManyField(
        "Unit",
        verbose_name="覆盖单位",
        blank=True,
        related_name="party_orgs",
        help_text="本组织覆盖的行政单位(含其下级单位)。",
    )

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"

    def __str__(self):
        return self.label or self.name


class Unit(TreeNode):
    """行政单位: company → plant/department → work area → process → team."""

    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"


class PersonQuerySet(RestrictedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def members(self):
        return self.filter(political_status__in=[PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY])

    def search(self, text):
        """Name, 工号, or the start of the name's pinyin initials (``zwj``) or full pinyin (``zhaow``)."""
        return search(self, PERSON_SEARCH, text)


def _pinyin_key(text):
    """What was typed as a pinyin key (``Zhao Wen`` → ``zhaowen``); "" when it cannot be one."""
    key = "".join(text.lower().split())
    return key if key.isascii() and key.isalnum() else ""


# The name anywhere; the 工号 and the keys (stored in lower case, without spaces) from the start.
PERSON_SEARCH = register_text_index(
    TextIndex(
        "org_person",
        contains=("name",),
        prefix={"employee_no": None, "name_initials": _pinyin_key, "name_pinyin": _pinyin_key},
    )
)


def person_search_q(text, prefix=""):
    """The one people search as a ``Q`` (None for no text); ``prefix`` reaches a person from another model.

    ``person_search_q(q, "user__person__")`` finds role assignments, ``"person__"`` training
    records, by the same rule as the person list, the API's ``q`` and every person picker.
    Through a relation it is a subquery of the matching people, so their index answers it.
    """
    match = matching(PERSON_SEARCH, text, model=Person)
    if match is None or not prefix:
        return match
    return Q(**{f"{prefix}pk__in": Person.objects.filter(match).values("pk")})


class Person(BaseModel):
    """人员: everyone in the company, member or not."""

    user = models.OneToOneField(
        User, verbose_name="账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    name = NameField("姓名", max_length=50)
    name_initials = models.CharField("拼音首字母", max_length=50, blank=True, db_index=True, editable=False)
    name_pinyin = models.CharField("姓名全拼", max_length=200, blank=True, db_index=True, editable=False)
    employee_no = models.CharField("工号", max_length=32, unique=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True, validators=[LIFE_DATE])
    ethnicity = models.CharField("民族", max_length=20, default="汉族", blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    id_card = models.CharField("身份证号", max_length=18, blank=True, validators=[validate_id_card])
    position = models.CharField("职务", max_length=100, blank=True)
    cadre_level = models.CharField("干部级别", max_length=20, choices=CadreLevel.choices, default=CadreLevel.NONE)
    channel = models.CharField("人员类别", max_length=20, choices=Channel.choices, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="people")
    phone = models.CharField("手机号", max_length=20, blank=True, validators=[validate_phone])
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    is_active = models.BooleanField("在职", default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["unit__path", "employee_no"]
        indexes = [
            # Sorting by name reads it in order; a one-character search (王) checks these columns here,
            # not in the rows (``PERSON_SEARCH``).
            models.Index(fields=["name", "employee_no", "name_initials", "name_pinyin"], name="person_name_search"),
            models.Index(fields=["political_status"]),
            # Lists in unit order read it in order; the tree counts read it alone (covering).
            models.Index(fields=["unit", "employee_no", "political_status", "is_active"], name="person_unit_order"),
        ]

    def __str__(self):
        return f"{self.name}({self.employee_no})"

    @property
    def is_member(self):
        return self.political_status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)

    @property
    def id_card_masked(self):
        return self.mask_id_card(self.id_card)

    @staticmethod
    def mask_id_card(card):
        """``120116********1234``: the region and the last four digits, for viewers without ``org.id_cards``."""
        return f"{card[:6]}********{card[-4:]}" if len(card) == 18 else ("*" * len(card))


class PartyMembership(BaseModel):
    """党籍: a person's current membership; transfers are kept in ``MembershipTransfer``."""

    person = models.OneToOneField(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="membership")
    party_org = models.ForeignKey(
        PartyOrg, verbose_name="所在党组织", on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField("党员状态", max_length=20, choices=MembershipStatus.choices)
    joined_on = models.DateField("入党日期", null=True, blank=True, validators=[LIFE_DATE])
    regularised_on = models.DateField("转正日期", null=True, blank=True, validators=[LIFE_DATE])
    post = models.CharField("党内职务", max_length=20, choices=PartyPost.choices, default=PartyPost.MEMBER)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "党籍"
        verbose_name_plural = "党籍"
        # The party-org tree counts members per org from this index alone.
        indexes = [models.Index(fields=["party_org", "status"], name="membership_org_status")]

    def __str__(self):
        return f"{self.person.name} @ {self.party_org}"


class MembershipTransfer(models.Model):
    """组织关系转接: one move of a member from one party org to another."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(
        PartyOrg, verbose_name="转出组织", null=True, on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_org = models.ForeignKey(PartyOrg, verbose_name="转入组织", on_delete=models.PROTECT, related_name="transfers_in")
    moved_on = models.DateField("转接日期", validators=[LIFE_DATE])
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        ordering = ["-moved_on", "-id"]

    def __str__(self):
        return f"{self.person.name}: {self.from_org} → {self.to_org}"


class RoleAssignment(BaseModel):
    """A role held by a user on a party org or a unit (and, by default, below it)."""

    user = models.ForeignKey(User, verbose_name="账号", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    party_org = models.ForeignKey(
        PartyOrg,
        verbose_name="党组织",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments"
    )
    include_descendants = models.BooleanField("含下级", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_org__isnull=True) | Q(unit__isnull=True), name="role_on_org_or_unit_not_both"
            ),
            models.UniqueConstraint(fields=["user", "role", "party_org", "unit"], name="role_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.party_org or self.unit or '全局'}"


class UnitHeadcount(models.Model):
    """Summary table (``org.unit_headcounts``): active people and party members placed on a unit itself.

    The trees show a count per node over its whole subtree; summing these few thousand kept rows by
    path costs the same however many people the company has. Kept by the people services."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True, related_name="+")
    people = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "单位人数汇总"
        verbose_name_plural = "单位人数汇总"

    def __str__(self):
        return f"{self.unit_id}: {self.people}"


class PartyOrgHeadcount(models.Model):
    """Summary table (``org.party_org_headcounts``): memberships (and probationary ones) of a party org itself."""

    party_org = models.OneToOneField(PartyOrg, on_delete=models.CASCADE, primary_key=True, related_name="+")
    members = models.PositiveIntegerField(default=0)
    probationary = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "党组织党员数汇总"
        verbose_name_plural = "党组织党员数汇总"

    def __str__(self):
        return f"{self.party_org_id}: {self.members}"
