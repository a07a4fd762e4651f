"""The API: one router; each app registers its viewsets in ``<app>/api/urls.py``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("vanguard.core.api.urls")),
    path("", include("vanguard.org.api.urls")),
    path("", include("vanguard.campaigns.api.urls")),
    path("", include("vanguard.orglife.api.urls")),
    path("", include("vanguard.projects.api.urls")),
    path("", include("vanguard.voices.api.urls")),
    path("", include("vanguard.indicators.api.urls")),
    path("", include("vanguard.evaluations.api.urls")),
    path("", include("vanguard.contributions.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view sends its start-up script as a file of its own, which the page's CSP (script-src 'self') allows.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
