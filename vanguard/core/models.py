"""Base model, audit trail, background task records and the office's calendar, shared by every app."""

from django.conf import settings
from django.db import models

from .choices import TaskStatus
from .scope import RestrictedQuerySet


class BaseModel(models.Model):
    """Timestamps and a version number for detecting concurrent edits.

    A form or API client sends back the ``version`` it read; the service refuses the
    write when the row has moved on (see ``core.services.check_version``).
    """

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEventQuerySet(RestrictedQuerySet):
    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One state change: who, when, what, before and after, chained by hash.

    ``hash`` covers the event's own fields and ``prev_hash``, so editing or deleting
    any event breaks the chain from there on (``manage.py verify_audit``).
    """

    at = models.DateTimeField("时间", db_index=True)
    # PROTECT: the actor's id is hashed into the chain, so accounts are deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("动作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    prev_hash = models.CharField("前一事件哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """The single row holding the latest hash; locking it serialises the chain."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self):
        return f"{self.count} 条,末哈希 {self.last_hash[:12]}…"


class TaskRun(models.Model):
    """A piece of background work and its progress, shown as a progress bar."""

    name = models.CharField("任务", max_length=100)
    label = models.CharField("说明", max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    params = models.JSONField("参数", default=dict, blank=True)
    result = models.JSONField("结果", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # A scheduled job's run stands for one slot (the time it was due); empty for work people start.
    slot = models.DateTimeField("计划时间", null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-id"]
        constraints = [
            # The claim on a slot: a second process or a restart cannot run the same slot again.
            # Rows without a slot do not collide (NULLs are distinct).
            models.UniqueConstraint(fields=["name", "slot"], name="core_taskrun_one_run_per_slot"),
        ]

    def __str__(self):
        return f"{self.label or self.name} ({self.get_status_display()})"

    @property
    def percent(self):
        if self.status == TaskStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self):
        return self.status in (TaskStatus.DONE, TaskStatus.FAILED)


class CalendarDay(BaseModel):
    """The office's answer for one day, overriding the statutory calendar (the chinese-calendar package).

    For a holiday or make-up working day the package does not know yet (a year past its
    data, a company's own day off), a row says whether the day is worked. ``core.dates``
    reads these rows first. No access policy: administrators only.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", help_text="勾选:当天上班(如调休补班);不勾选:当天放假。")
    name = models.CharField("说明", max_length=50, help_text="如“春节”“春节调休上班”。")

    class Meta:
        verbose_name = "工作日历调整"
        verbose_name_plural = "工作日历调整"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}({'上班' if self.is_workday else '放假'})"


def document_template_path(instance, filename):
    return f"document-templates/{instance.key}/{filename}"


class DocumentTemplate(BaseModel):
    """A Word template the office uploaded in place of the repository's (``core.documents``).

    ``key`` names a registered document (``campaigns.letter``, …). The active row of a key is
    used for every download of that document; with none active, the file kept in the repository
    is. Rows are written through ``core.services`` (checked, audited); administrators only.
    """

    key = models.CharField("文书", max_length=50)
    file = models.FileField("模板文件", upload_to=document_template_path, max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64, editable=False)
    note = models.CharField("说明", max_length=200, blank=True, help_text="如“2027年版，增加编号栏”。")
    active = models.BooleanField("启用", default=True, help_text="启用后该文书按此模板生成；同一文书只能启用一个。")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["key", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(active=True), name="core_documenttemplate_one_active",
                violation_error_message="同一文书只能启用一个模板。",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.key} #{self.pk}{'（启用）' if self.active else ''}"
