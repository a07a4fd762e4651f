"""Merit projects and task forces: 党员立功立项, 攻关组, 课题, 五小创新, 党员示范岗; their teams and monthly logs."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NARRATIVE_MAX, NOTE_MAX, WORK_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.core.search import TextIndex, matching, register_text_index
from vanguard.org.models import PartyOrg, Person, person_search_q

from .choices import MemberRole, ProblemKind, ProjectKind, ProjectStatus, Rating


class ProjectQuerySet(RestrictedQuerySet):
    def in_year(self, year):
        """Projects whose period touches ``year``: compared on the stored month numbers, which the indexes hold."""
        return self.filter(start_month__lte=year * 12 + 11, end_month__gte=year * 12)

    def search(self, text):
        """The title or the 立项编号 holds ``text``, or the leader is found by it (name, 工号, pinyin)."""
        match = matching(PROJECT_SEARCH, text, model=self.model)
        if match is None:
            return self
        # Both ways in as one subquery: PostgreSQL answers each from its index, where an OR with the
        # leaders' subquery would make it read every project.
        projects = self.model._default_manager.order_by()
        titled = projects.filter(match).values("pk")
        led = projects.filter(person_search_q(text, "leader__")).values("pk")
        return self.filter(pk__in=titled.union(led))


PROJECT_SEARCH = register_text_index(TextIndex("projects_project", contains=("title", "number")))


class Project(BaseModel):
    """一个项目: the problem it takes on, its objectives and expected benefit, its plan and its team.

    Proposed by a member or the branch, reviewed by the branch, approved by the committee
    (立项, numbered), carried out with a log every month, accepted with the measured benefit,
    rated and closed (see ``choices.TRANSITIONS``).
    """

    kind = models.CharField("类型", max_length=20, choices=ProjectKind.choices)
    number = models.CharField("立项编号", max_length=30, blank=True, default="")
    title = NameField("项目名称", max_length=200)
    problem_kind = models.CharField(
        "针对问题", max_length=20, choices=ProblemKind.choices, default=ProblemKind.KEY_TASK
    )
    problem = models.TextField("问题描述", max_length=NARRATIVE_MAX, blank=True)
    objectives = models.TextField("目标", max_length=NARRATIVE_MAX, blank=True)
    expected_benefit = models.DecimalField("预期效益(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    indicator = models.CharField("指标变化", max_length=200, blank=True, help_text="如:吨钢能耗下降 2%")
    plan = models.TextField("实施计划与节点", max_length=NARRATIVE_MAX, blank=True)
    start_date = models.DateField("开始日期", validators=[WORK_DATE])
    end_date = models.DateField("结束日期", validators=[WORK_DATE])
    # The months of start_date and end_date as ``month_number``s, written with them by the services.
    start_month = models.PositiveIntegerField("开始月序", default=0, editable=False)
    end_month = models.PositiveIntegerField("结束月序", default=0, editable=False)
    branch = models.ForeignKey(PartyOrg, verbose_name="所属支部", on_delete=models.PROTECT, related_name="projects")
    leader = models.ForeignKey(Person, verbose_name="负责人", on_delete=models.PROTECT, related_name="led_projects")
    status = models.CharField("状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)
    measured_benefit = models.DecimalField("验收效益(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    evidence = models.TextField("验收依据", max_length=NOTE_MAX, blank=True)
    completion_summary = models.TextField("结项总结", max_length=NARRATIVE_MAX, blank=True)
    rating = models.CharField("评定等级", max_length=10, choices=Rating.choices, blank=True)
    approved_at = models.DateTimeField("立项时间", null=True, blank=True)
    accepted_at = models.DateTimeField("验收时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["-start_date", "-id"]
        indexes = [
            # The ledger's pages and counts, the summaries and the flag read only these columns (a branch's
            # projects, or the active ones): from the index, never from the wide rows.
            models.Index(
                fields=["branch", "leader", "status", "start_month", "end_month", "measured_benefit", "start_date"],
                name="project_branch_covering",
            ),
            models.Index(
                fields=["status", "start_month", "end_month", "start_date", "measured_benefit", "branch", "leader"],
                name="project_status_months",
            ),
            models.Index(fields=["status", "start_date"], name="project_status_start"),
            models.Index(fields=["kind", "status", "start_date"], name="project_kind_status"),
            models.Index(fields=["start_date", "id"], name="project_start_id"),
            models.Index(fields=["leader", "status"], name="project_leader_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="project_number_unique",
                violation_error_message="立项编号已被使用。",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="project_period_ordered",
                violation_error_message="结束日期不能早于开始日期。",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.number or '未立项'} · {self.title}"


class ProjectMember(models.Model):
    """团队成员: any employee, with a role on the project."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField("角色", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    duty = models.CharField("分工", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "项目成员"
        verbose_name_plural = "项目成员"
        ordering = ["project_id", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="project_member_once")]
        indexes = [models.Index(fields=["person", "project"], name="project_member_person")]

    def __str__(self):
        return f"{self.person_id} @ {self.project_id}: {self.get_role_display()}"


def log_attachment_path(instance, filename):
    return f"projects/{instance.project_id}/logs/{filename}"


class ProjectLog(BaseModel):
    """活动记录: what the team did in a month (每月活动一次)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="logs")
    date = models.DateField("活动日期", validators=[WORK_DATE])
    month = models.DateField("月份", editable=False, help_text="活动日期所在月的第一天")
    content = models.TextField("活动内容", max_length=NARRATIVE_MAX)
    participants = models.ManyToManyField(Person, verbose_name="参加人员", blank=True, related_name="+")
    outcome = models.TextField("取得成效", max_length=NOTE_MAX, blank=True)
    attachment = models.FileField("附件", upload_to=log_attachment_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "活动记录"
        verbose_name_plural = "活动记录"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["project", "month"], name="project_log_month")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.content[:30]}"


class ProjectLogTally(models.Model):
    """A project's logs in two figures (summary ``projects.log_months``): the months that carry one and the latest.

    Kept by every service that writes or deletes a log, in its transaction, so the months missing a
    log are counted from the project's row and this one, not from its logs. A log is never dated
    after today (the services refuse it), so at most the current month lies after the last closed one.
    """

    project = models.OneToOneField(
        Project, verbose_name="项目", primary_key=True, on_delete=models.CASCADE, related_name="log_tally"
    )
    months = models.PositiveIntegerField("有活动记录的月数", default=0)
    last_month = models.DateField("最近一次活动的月份", null=True)

    class Meta:
        verbose_name = "活动记录汇总"
        verbose_name_plural = "活动记录汇总"

    def __str__(self):
        return f"{self.project_id}: {self.months} 个月"


class ProjectStep(models.Model):
    """One step of a project's lifecycle, for its timeline (the audit trail holds the same with a hash)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("动作", max_length=20)
    from_status = models.CharField("原状态", max_length=20, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=ProjectStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")
    reason = models.TextField("意见", max_length=NOTE_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["project_id", "at", "id"]
        indexes = [models.Index(fields=["project", "at"], name="project_step_at")]

    def __str__(self):
        return f"{self.project_id}: {self.from_status} → {self.to_status}"
