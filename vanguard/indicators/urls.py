urlpatterns = []

# ---------------------------------------------------------------- indicators, targets and pledges

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
# ---- end talent
