"""The Django admin, opened to the office for the records it keeps there.

Most admin pages are the system administrator's (staff, Django's own permissions). A few records
the committee office keeps itself (the Word templates of the papers, the working-day calendar)
are registered with ``PolicyAdmin``: who may see, add, change and delete them is their access
policy (``<app>/access.py``), as everywhere else, and holding such a right lets a user into the
admin without being staff, where they see only those records.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .access import may
from .choices import Action


class PolicyAdmin(admin.ModelAdmin):
    """A model whose admin pages follow its access policy, not Django's model permissions."""

    def _may(self, request, action, obj=None):
        return may(request.user, action, self.model if obj is None else obj)

    def has_module_permission(self, request):
        return self._may(request, Action.VIEW)

    def has_view_permission(self, request, obj=None):
        return self._may(request, Action.VIEW, obj)

    def has_add_permission(self, request):
        return self._may(request, Action.ADD)

    def has_change_permission(self, request, obj=None):
        return self._may(request, Action.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, Action.DELETE, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed in the admin, written only through the audited services (which keep what depends on it:
    the audit chain, summary tables)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VanguardAdminSite(admin.AdminSite):
    site_header = site_title = "先锋 · 系统管理"
    index_title = "系统管理"

    def has_permission(self, request):
        user = request.user
        if not user.is_active:
            return False
        if user.is_staff:
            return True
        return any(
            isinstance(model_admin, PolicyAdmin) and model_admin.has_module_permission(request)
            for model_admin in self._registry.values()
        )


class VanguardAdminConfig(AdminConfig):
    default_site = "vanguard.core.admin_site.VanguardAdminSite"
