from django.urls import path  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- sources
from .views import sources  # noqa: E402

urlpatterns += [
    path("sources/", sources.source_list, name="evaluation-sources"),
    path("sources/export/", sources.source_export, name="evaluation-source-export"),
]
# ---- end sources
# ---- results
# ---- end results
# ---- support
# ---- end support
