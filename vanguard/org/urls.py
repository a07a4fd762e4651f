from django.urls import path

from .views import home, people, roles, roster, trees

urlpatterns = [
    path("overview/", home.overview, name="org-overview"),
    path("party-orgs/", trees.party_org_tree, name="party-org-tree"),
    path("party-orgs/new/", trees.PartyOrgCreateView.as_view(), name="party-org-create"),
    path("party-orgs/<int:pk>/", trees.party_org_detail, name="party-org-detail"),
    path("party-orgs/<int:pk>/edit/", trees.PartyOrgUpdateView.as_view(), name="party-org-edit"),
    path("party-orgs/<int:pk>/move/", trees.party_org_move, name="party-org-move"),
    path("units/", trees.unit_tree, name="unit-tree"),
    path("units/new/", trees.UnitCreateView.as_view(), name="unit-create"),
    path("units/<int:pk>/", trees.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", trees.UnitUpdateView.as_view(), name="unit-edit"),
    path("units/<int:pk>/move/", trees.unit_move, name="unit-move"),
    path("people/", people.PersonListView.as_view(), name="person-list"),
    path("people/export/", roster.person_export, name="person-export"),
    path("people/import/", roster.roster_import_page, name="roster-import"),
    path("people/import/template/", roster.roster_template, name="roster-template"),
    path("people/new/", people.person_create_view, name="person-create"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit_view, name="person-edit"),
    path("people/<int:pk>/membership/", people.membership_edit_view, name="membership-edit"),
    path("me/", people.my_record, name="my-record"),
    path("roles/", roles.role_list, name="role-list"),
    path("roles/new/", roles.role_create, name="role-create"),
    path("roles/<int:pk>/revoke/", roles.role_revoke, name="role-revoke"),
]
