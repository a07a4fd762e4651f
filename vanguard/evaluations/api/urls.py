from rest_framework.routers import SimpleRouter  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
from django.urls import path  # noqa: E402

from .ballots import BallotCastView  # noqa: E402

urlpatterns += [path("ballots/", BallotCastView.as_view(), name="api-ballot-cast")]
# ---- end ballots
# ---- results
# ---- end results
# ---- support
# ---- end support
