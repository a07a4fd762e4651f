from django.contrib import admin

from vanguard.core.admin_site import ReadOnlyAdmin

from .models import Project, ProjectLog, ProjectMember, ProjectStep


class MemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["person"]

    # The team is built on the project's page (audited); here it is shown only.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    """Read-only, like its logs and steps: the project's months, its kept log tally (``projects.summaries``),
    its lifecycle history and the benefits it counts into targets are written together by the services."""

    list_display = ["number", "title", "kind", "status", "branch", "leader", "start_date", "end_date"]
    list_filter = ["kind", "status", "rating"]
    search_fields = ["number", "title", "leader__name"]
    raw_id_fields = ["branch", "leader", "submitted_by"]
    readonly_fields = ["status", "version"]
    inlines = [MemberInline]


@admin.register(ProjectLog)
class ProjectLogAdmin(ReadOnlyAdmin):
    list_display = ["project", "date", "content"]
    raw_id_fields = ["project", "created_by"]
    filter_horizontal = []
    autocomplete_fields = []
    exclude = ["participants"]


@admin.register(ProjectStep)
class ProjectStepAdmin(ReadOnlyAdmin):
    list_display = ["project", "action", "from_status", "to_status", "actor_name", "at"]
    raw_id_fields = ["project", "actor"]
