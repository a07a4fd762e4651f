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
from django.urls import path  # noqa: E402

from .views import competitions  # noqa: E402

urlpatterns += [
    path("competitions/", competitions.competition_list, name="competition-list"),
    path("competitions/export/", competitions.competition_list_export, name="competition-list-export"),
    path("competitions/new/", competitions.competition_create, name="competition-create"),
    path("competitions/<int:pk>/setup/", competitions.competition_setup, name="competition-setup"),
    path("competitions/<int:pk>/", competitions.competition_detail, name="competition-detail"),
    path("competitions/<int:pk>/judge/", competitions.judge_sheet, name="competition-judge-sheet"),
    path("competitions/<int:pk>/veto/", competitions.veto_create, name="competition-veto"),
    path("competitions/<int:pk>/results.xlsx", competitions.results_export, name="competition-results-export"),
    path("competitions/<int:pk>/publish/", competitions.results_publish, name="competition-publish"),
    path("competitions/<int:pk>/recompute/", competitions.competition_recompute, name="competition-recompute"),
    path("competitions/<int:pk>/screen-token/", competitions.screen_token_regenerate, name="competition-screen-token"),
    path("competitions/entries/<int:pk>/", competitions.entry_breakdown, name="competition-entry-breakdown"),
    # The workshop screen: no login, the board's token in the URL (``core.middleware.PUBLIC_PREFIXES``).
    path("screen/<str:token>/", competitions.competition_screen, name="competition-screen"),
]
# ---- end competitions

# ---- talent
from django.urls import path  # noqa: E402

from .views import studios as studio_views  # noqa: E402
from .views import talent as talent_views  # noqa: E402

urlpatterns += [
    path("talent/", talent_views.talent_pool, name="talent-pool"),
    path("talent/export/", talent_views.talent_pool_export, name="talent-pool-export"),
    path("talent/mine/", talent_views.talent_mine, name="talent-mine"),
    path("talent/titles/", talent_views.talent_titles, name="talent-titles"),
    path("talent/titles/new/", talent_views.talent_title_edit, name="talent-title-create"),
    path("talent/titles/<int:pk>/", talent_views.talent_title_edit, name="talent-title-edit"),
    path("talent/nominations/", talent_views.talent_nominations, name="talent-nominations"),
    path("talent/nominations/new/", talent_views.talent_nomination_create, name="talent-nomination-create"),
    path("talent/nominations/<int:pk>/", talent_views.talent_nomination_detail, name="talent-nomination-detail"),
    path("talent/nominations/<int:pk>/step/", talent_views.talent_nomination_step, name="talent-nomination-step"),
    path("talent/awards/<int:pk>/revoke/", talent_views.talent_award_revoke, name="talent-award-revoke"),
    path("talent/plans/", talent_views.talent_plans, name="talent-plans"),
    path("talent/plans/export/", talent_views.talent_plan_export, name="talent-plan-export"),
    path("talent/plans/new/", talent_views.talent_plan_create, name="talent-plan-create"),
    path("talent/plans/<int:pk>/", talent_views.talent_plan_detail, name="talent-plan-detail"),
    path("studios/", studio_views.studio_list, name="studio-list"),
    path("studios/export/", studio_views.studio_export, name="studio-export"),
    path("studios/new/", studio_views.studio_create, name="studio-create"),
    path("studios/<int:pk>/", studio_views.studio_detail, name="studio-detail"),
    path("studios/<int:pk>/edit/", studio_views.studio_create, name="studio-edit"),
]
# ---- end talent
