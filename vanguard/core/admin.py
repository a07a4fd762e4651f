from django.contrib import admin

from . import services
from .dates import statutory_year_known
from .models import AuditEvent, CalendarDay, TaskRun


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is changed by nobody, not even administrators."""

    list_display = ["at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "label", "status", "done", "total", "slot", "created_at"]
    list_filter = ["status", "name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
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
