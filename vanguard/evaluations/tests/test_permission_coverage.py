"""Every page and API route of the app is in the permission matrix of the area whose views answer it. Each area's
matrix needs its own rows (a round, a scheme, ratings …), so each area checks the routes of its own modules."""

from vanguard.core.testing import uncovered

from .. import urls as app_urls
from ..api import urls as api_urls


def _module(callback):
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    return view.__module__.removeprefix("vanguard.evaluations.")


def routes_by_module():
    """``{route name: module}`` (``views.rounds``, ``api.schemes`` …) of the app's pages and API."""
    return {p.name: _module(p.callback) for p in [*app_urls.urlpatterns, *api_urls.urlpatterns] if p.name}


def uncovered_in(matrix, company, modules):
    """The routes answered by ``modules`` that no case of ``matrix`` requests."""
    owner = routes_by_module()
    names = uncovered(matrix, company, [*app_urls.urlpatterns, *api_urls.urlpatterns])
    return [name for name in names if owner.get(name) in modules]


def test_every_route_belongs_to_an_area_that_checks_its_routes():
    checked = {"views.schemes", "views.rounds", "api.schemes", "api.rounds", "views.results", "api.results",
               "views.sources", "views.ballots", "api.ballots", "views.support", "api.support"}  # fmt: skip
    assert set(routes_by_module().values()) <= checked
