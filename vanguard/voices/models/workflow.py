"""The suggestion workflow as data: its review history, the reply deadline of each step, the reward
rules of the company, and the files (photos) a proposer attaches."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vanguard.core.limits import NOTE_MAX
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet

from ..choices import WAITING_STATES, RewardBasis, SuggestionStatus, SuggestionStep
from .suggestions import Suggestion


class SuggestionReview(models.Model):
    """One step of a suggestion's history: who decided what, why, and when. The proposer reads it, so a
    return or a rejection always says why (a reason is required for them)."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="reviews")
    step = models.CharField("环节", max_length=20, choices=SuggestionStep.choices)
    from_status = models.CharField("原状态", max_length=20, choices=SuggestionStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=SuggestionStatus.choices)
    reason = models.TextField("意见或理由", max_length=NOTE_MAX, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_name = models.CharField("办理人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "建议办理记录"
        verbose_name_plural = "建议办理记录"
        ordering = ["suggestion_id", "at", "id"]
        indexes = [models.Index(fields=["suggestion", "at"], name="suggestion_review_at")]

    def __str__(self):
        return f"{self.suggestion_id}: {self.get_step_display()}"


class ReplyDeadline(models.Model):
    """How many working days a waiting step may take before the suggestion shows as overdue."""

    status = models.CharField(
        "等待的状态", max_length=20, unique=True, choices=[(s.value, s.label) for s in WAITING_STATES]
    )
    label = models.CharField("答复环节", max_length=50)
    workdays = models.PositiveSmallIntegerField(
        "答复期限(工作日)", validators=[MinValueValidator(1), MaxValueValidator(250)]
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "答复期限"
        verbose_name_plural = "答复期限"
        ordering = ["id"]

    def __str__(self):
        return f"{self.label}:{self.workdays} 个工作日"


class RewardRule(BaseModel):
    """One tier of the reward scale: a verified yearly net benefit from ``min_benefit`` (included) up to
    ``max_benefit`` (excluded; empty: no upper bound) earns from ``min_amount`` to ``max_amount`` yuan.
    Seeded from the 1986 regulation; a company edits them in the admin."""

    label = models.CharField("档次", max_length=50)
    min_benefit = models.DecimalField("年效益下限(元)", max_digits=14, decimal_places=2)
    max_benefit = models.DecimalField("年效益上限(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    min_amount = models.DecimalField("奖金下限(元)", max_digits=12, decimal_places=2)
    max_amount = models.DecimalField("奖金上限(元)", max_digits=12, decimal_places=2)
    certificate = models.BooleanField("颁发证书", default=False)
    basis = models.CharField("依据", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "奖励标准"
        verbose_name_plural = "奖励标准"
        ordering = ["-min_benefit"]

    def __str__(self):
        return self.label


class RewardSetting(BaseModel):
    """The company's reward settings (one row): tiers or a share of the first-year net benefit, and the
    cadre levels whose ideas within their own duties are not rewarded as suggestions."""

    basis = models.CharField("奖励方式", max_length=10, choices=RewardBasis.choices, default=RewardBasis.TIERS)
    share_percent = models.DecimalField(
        "提成比例(%)", max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)], help_text="按首年净效益提成时使用",
    )  # fmt: skip
    duty_excluded_levels = models.JSONField(
        "本职工作不奖励的干部级别", default=list, blank=True, help_text="干部级别代码的列表,如 section、division"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "奖励设置"
        verbose_name_plural = "奖励设置"

    def __str__(self):
        return RewardBasis(self.basis).label


def attachment_path(instance, filename):
    return f"voices/suggestions/{instance.suggestion_id}/{filename}"


class SuggestionAttachment(models.Model):
    """A photo or a file of a suggestion (a phone's camera: the problem on site)."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("附件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "建议附件"
        verbose_name_plural = "建议附件"
        ordering = ["suggestion_id", "id"]
        indexes = [models.Index(fields=["suggestion"], name="suggestion_attachment")]

    def __str__(self):
        return self.name
