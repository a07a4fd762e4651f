from django.urls import path  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
from .views import ballots as ballot_views  # noqa: E402

urlpatterns += [
    path("ballots/", ballot_views.ballot_mine, name="ballot-mine"),
    path("ballots/<int:pk>/", ballot_views.ballot_vote, name="ballot-vote"),
    path("ballots/<int:pk>/codes/", ballot_views.ballot_codes, name="ballot-codes"),
    path("rounds/<int:pk>/turnout/", ballot_views.round_turnout, name="round-turnout"),
]
# ---- end ballots
# ---- results
# ---- end results
# ---- support
# ---- end support
