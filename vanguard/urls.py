"""Top-level URLs: pages per app, the API under /api/v1/, the admin."""

from django.contrib import admin
from django.urls import include, path

from vanguard.org.views.home import home

urlpatterns = [
    path("", include("vanguard.core.urls")),
    path("", home, name="home"),
    path("org/", include("vanguard.org.urls")),
    path("campaigns/", include("vanguard.campaigns.urls")),
    path("orglife/", include("vanguard.orglife.urls")),
    path("projects/", include("vanguard.projects.urls")),
    path("voices/", include("vanguard.voices.urls")),
    path("indicators/", include("vanguard.indicators.urls")),
    path("evaluations/", include("vanguard.evaluations.urls")),
    path("contributions/", include("vanguard.contributions.urls")),
    path("api/v1/", include("vanguard.api_urls")),
    path("django-admin/", admin.site.urls),
]
