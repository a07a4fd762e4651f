"""The site's addresses with a stand-in ledger (``suggestion-list``) where none is installed, so the
statistics' links can be followed in a test."""

from django.http import HttpResponse
from django.urls import NoReverseMatch, path, reverse

from vanguard.urls import urlpatterns as site

urlpatterns = list(site)
try:
    reverse("suggestion-list", urlconf="vanguard.urls")
except NoReverseMatch:
    urlpatterns.append(path("voices/ledger-stand-in/", lambda request: HttpResponse("ledger"), name="suggestion-list"))
