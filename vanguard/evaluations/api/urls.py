from rest_framework.routers import SimpleRouter  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- results
# ---- end results
# ---- support
# ---- end support
