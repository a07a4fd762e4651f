from django.contrib import admin

from vanguard.core.admin_site import ReadOnlyAdmin

from .models import (
    Attendance,
    CentralGroupMember,
    ComplianceExemption,
    ComplianceRule,
    FieldDay,
    Meeting,
    MeetingAttachment,
    Review,
    ReviewGrade,
    StarTeamLeader,
    StudyRule,
    TrainingRecord,
)
from .summaries import refresh_marks, refresh_meetings, refresh_reviews, refresh_rules


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


class AttachmentInline(admin.TabularInline):
    model = MeetingAttachment
    extra = 0


class KeptCountsAdmin(admin.ModelAdmin):
    """The admin writes past the services: the kept counts (``orglife.summaries``) of the org and year a row
    had and has are refreshed in the admin's transaction, as the services do."""

    day_field = "date"
    refresh = staticmethod(refresh_meetings)

    def _place(self, obj):
        return (obj.org_id, getattr(obj, self.day_field))

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        self.refresh(*([self._place(before)] if before else []), self._place(obj))

    def delete_model(self, request, obj):
        place = self._place(obj)
        super().delete_model(request, obj)
        self.refresh(place)

    def delete_queryset(self, request, queryset):
        places = [self._place(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        self.refresh(*places)


@admin.register(Meeting)
class MeetingAdmin(KeptCountsAdmin):
    list_display = ["date", "org", "kind", "title", "status", "class_hours"]
    list_filter = ["kind", "status", "form"]
    search_fields = ["title", "org__name"]
    date_hierarchy = "date"
    raw_id_fields = ["org", "host", "recorder", "created_by"]
    inlines = [AttendanceInline, AttachmentInline]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["date", "person", "title", "category", "channel", "hours"]
    list_filter = ["category", "channel"]
    search_fields = ["title", "person__name", "person__employee_no"]
    raw_id_fields = ["person", "created_by"]


@admin.register(Review)
class ReviewAdmin(KeptCountsAdmin):
    day_field = "month"
    refresh = staticmethod(refresh_reviews)

    list_display = ["month", "person", "org", "grade"]
    list_filter = ["grade"]
    search_fields = ["person__name", "person__employee_no"]
    raw_id_fields = ["person", "org", "reviewer"]


@admin.register(FieldDay)
class FieldDayAdmin(admin.ModelAdmin):
    list_display = ["date", "half", "person", "place"]
    search_fields = ["person__name", "place"]
    raw_id_fields = ["person"]


class KeptJudgmentsAdmin(admin.ModelAdmin):
    """Rules and exemptions written past the services: the kept judgments (``orglife.summaries``) they
    touch are refreshed in the admin's transaction, as the services do."""

    def refresh(self, objects):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        before = type(obj).objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        self.refresh([o for o in (before, obj) if o is not None])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.refresh([obj])

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        super().delete_queryset(request, queryset)
        self.refresh(objects)


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(KeptJudgmentsAdmin):
    list_display = ["subject", "org_kind", "period", "minimum", "is_active"]
    list_filter = ["org_kind", "period", "is_active"]

    def refresh(self, objects):
        refresh_rules()


@admin.register(ComplianceExemption)
class ComplianceExemptionAdmin(KeptJudgmentsAdmin):
    list_display = ["org", "rule", "starts_on", "ends_on", "reason"]
    raw_id_fields = ["org"]

    def refresh(self, objects):
        refresh_marks({o.org_id for o in objects})


admin.site.register(StudyRule)
admin.site.register(ReviewGrade)


# Kept on its page (/orglife/attendee-lists/) through the audited services; the admin only lists it.
@admin.register(CentralGroupMember)
class CentralGroupMemberAdmin(ReadOnlyAdmin):
    list_display = ["org", "person", "role", "joined_on", "left_on"]
    list_filter = ["role"]
    search_fields = ["person__name", "person__employee_no", "org__name"]
    raw_id_fields = ["org", "person"]


@admin.register(StarTeamLeader)
class StarTeamLeaderAdmin(ReadOnlyAdmin):
    list_display = ["person", "awarded_on", "revoked_on", "citation"]
    search_fields = ["person__name", "person__employee_no"]
    raw_id_fields = ["person"]
