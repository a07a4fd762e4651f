from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path

from . import documents, services
from .admin_site import PolicyAdmin, ReadOnlyAdmin
from .dates import statutory_year_known
from .downloads import file_response
from .models import AuditEvent, CalendarDay, DocumentTemplate, TaskRun


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is changed by nobody, not even administrators."""

    list_display = ["at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name"]


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "label", "status", "done", "total", "slot", "created_at"]
    list_filter = ["status", "name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(PolicyAdmin):
    """The office's holidays and make-up working days; saved through the services, so each change is audited."""

    list_display = ["date", "weekday", "is_workday", "name", "statutory"]
    list_filter = ["is_workday"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "is_workday", "name"]

    @admin.display(description="星期")
    def weekday(self, obj):
        return "周" + "一二三四五六日"[obj.date.weekday()]

    @admin.display(description="法定日历")
    def statutory(self, obj):
        import chinese_calendar

        if not statutory_year_known(obj.date.year):
            return "未收录(按周一至周五)"
        return "上班" if chinese_calendar.is_workday(obj.date) else "放假"

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            stored = CalendarDay.objects.get(pk=obj.pk)
            saved = services.calendar_day_update(actor=request.user, day=stored, data=data)
        else:
            saved = services.calendar_day_create(actor=request.user, **data)
        obj.pk, obj.version = saved.pk, saved.version

    def delete_model(self, request, obj):
        services.calendar_day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.calendar_day_delete(actor=request.user, day=day)


class DocumentTemplateForm(forms.ModelForm):
    """Upload: the document it is for, the .docx, a note; checked before anything is saved.

    ``activate`` is the form's own field, not the model's: the service switches the active template
    off before this one goes on, so the one-active rule is not checked against the unsaved row.
    """

    key = forms.ChoiceField(label="文书")
    activate = forms.BooleanField(
        label="启用", required=False, initial=True, help_text="启用后立即替换正在使用的模板。"
    )

    class Meta:
        model = DocumentTemplate
        fields = ["key", "file", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.active = False
        self.fields["key"].choices = [(kind.key, kind.label) for kind in documents.kinds()]
        self.fields["file"].help_text = (
            f"Word 文档（.docx），不超过 {settings.DOCUMENT_TEMPLATE_MAX_BYTES // (1024 * 1024)} MB。"
            "先在上方列表下载默认模板，在 Word 中修改文字和版式，保留 {{ … }} 占位符，再上传。"
        )

    def clean(self):
        data = super().clean()
        if data.get("key") and data.get("file"):
            try:
                documents.check_template(data["key"], data["file"])
            except ValidationError as exc:
                self.add_error("file", exc)
        return data


class DocumentTemplateChangeForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["note", "active"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(PolicyAdmin):
    """The office's Word templates: uploaded, checked and switched through the services (each change audited)."""

    list_display = ["document", "note", "active", "uploaded_by", "created_at"]
    list_filter = ["key", "active"]
    readonly_fields = ["document", "file", "sha256", "uploaded_by", "created_at"]
    change_list_template = "admin/core/documenttemplate/change_list.html"

    @admin.display(description="文书", ordering="key")
    def document(self, obj):
        try:
            return documents.get_kind(obj.key).label
        except documents.DocumentError:
            return obj.key

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = DocumentTemplateChangeForm if obj is not None else DocumentTemplateForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["key", "file", "note", "activate"]
        return ["document", "file", "sha256", "note", "active", "uploaded_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            stored = DocumentTemplate.objects.get(pk=obj.pk)
            saved = services.document_template_update(actor=request.user, template=stored, data=data)
        else:
            saved = services.document_template_upload(
                actor=request.user, key=data["key"], file=data["file"], note=data.get("note", ""),
                active=data.get("activate", False),
            )  # fmt: skip
        obj.pk, obj.version = saved.pk, saved.version

    def delete_model(self, request, obj):
        services.document_template_delete(actor=request.user, template=obj)

    def delete_queryset(self, request, queryset):
        for template in queryset:
            services.document_template_delete(actor=request.user, template=template)

    def get_urls(self):
        view = self.admin_site.admin_view(self.default_template)
        return [path("default/<str:key>/", view, name="core_documenttemplate_default"), *super().get_urls()]

    def default_template(self, request, key):
        """The repository's template of ``key``: the file to start from in Word."""
        if not self.has_view_permission(request):
            raise Http404
        try:
            kind = documents.get_kind(key)
        except documents.DocumentError:
            raise Http404 from None
        return file_response(kind.default.read_bytes(), f"默认模板-{kind.label}.docx", "docx")

    def changelist_view(self, request, extra_context=None):
        active = {t.key: t for t in DocumentTemplate.objects.filter(active=True)}
        rows = [{"kind": kind, "active": active.get(kind.key)} for kind in documents.kinds()]
        return super().changelist_view(request, {**(extra_context or {}), "document_kinds": rows})
