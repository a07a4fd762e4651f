from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import MembershipTransfer, PartyMembership, PartyOrg, Person, RoleAssignment, Unit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "is_active", "is_superuser", "failed_logins", "locked_until", "last_login"]


@admin.register(PartyOrg)
class PartyOrgAdmin(TreeAdmin):
    form = movenodeform_factory(PartyOrg, exclude=["version"])
    list_display = ["name", "kind", "code"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit, exclude=["version"])
    list_display = ["name", "kind", "code"]
    search_fields = ["name", "code"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_no", "unit", "political_status", "cadre_level", "is_active"]
    list_filter = ["political_status", "cadre_level", "channel", "is_active"]
    search_fields = ["name", "employee_no", "name_initials", "name_pinyin"]
    raw_id_fields = ["unit", "user"]


@admin.register(PartyMembership)
class PartyMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "party_org", "status", "post", "joined_on"]
    list_filter = ["status", "post"]
    raw_id_fields = ["person", "party_org"]


@admin.register(MembershipTransfer)
class MembershipTransferAdmin(admin.ModelAdmin):
    list_display = ["person", "from_org", "to_org", "moved_on"]
    raw_id_fields = ["person", "from_org", "to_org"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "party_org", "unit", "include_descendants"]
    list_filter = ["role"]
    raw_id_fields = ["user", "party_org", "unit"]
