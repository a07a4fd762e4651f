from django.urls import path

urlpatterns = []

# ---------------------------------------------------------------- indicators, targets and pledges
from .views import values  # noqa: E402

urlpatterns += [
    path("", values.indicator_board, name="indicator-board"),
    path("entry/", values.indicator_entry, name="indicator-entry"),
    path("values/", values.value_list, name="indicator-values"),
    path("values/export/", values.value_export, name="indicator-values-export"),
    path("values/import/", values.value_import_page, name="indicator-import"),
    path("values/import/template/", values.value_import_template, name="indicator-import-template"),
    path("months/", values.indicator_months, name="indicator-months"),
    path("targets/", values.target_list, name="indicator-targets"),
    path("targets/edit/", values.target_edit, name="indicator-target-edit"),
    path("targets/export/", values.target_export, name="indicator-targets-export"),
    path("targets/import/", values.target_import_page, name="indicator-targets-import"),
    path("pledges/", values.pledge_list, name="indicator-pledges"),
    path("pledges/new/", values.pledge_create, name="indicator-pledge-create"),
    path("pledges/export/", values.pledge_export, name="indicator-pledges-export"),
    path("pledges/<int:pk>/follow/", values.pledge_follow, name="indicator-pledge-follow"),
]

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
