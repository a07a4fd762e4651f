from django.contrib import admin

from .models import Project, ProjectLog, ProjectMember, ProjectStep


class MemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind", "status", "branch", "leader", "start_date", "end_date"]
    list_filter = ["kind", "status", "rating"]
    search_fields = ["number", "title", "leader__name"]
    raw_id_fields = ["branch", "leader", "submitted_by"]
    readonly_fields = ["status", "version"]
    inlines = [MemberInline]


@admin.register(ProjectLog)
class ProjectLogAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "content"]
    raw_id_fields = ["project", "created_by"]
    filter_horizontal = []
    autocomplete_fields = []
    exclude = ["participants"]


@admin.register(ProjectStep)
class ProjectStepAdmin(admin.ModelAdmin):
    list_display = ["project", "action", "from_status", "to_status", "actor_name", "at"]
    raw_id_fields = ["project", "actor"]
