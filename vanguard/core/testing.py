"""A permission-matrix kit: personas × URLs × expected answer, one line per case.

    MATRIX = [
        Case("/org/people/", expect(404, admin=200, dangwei=200, shuji=200)),
        Case(lambda c: f"/org/people/{c.users['zhigong'].person.pk}/", expect(404, shuji=200, zhigong=200)),
        Case(lambda c: f"/api/v1/people/{c.users['zhigong'].person.pk}/", expect(404, shuji=200), api=True,
             method="patch", data=lambda c: {"position": "班长", "version": 1}),
    ]

    @pytest.mark.parametrize("case,persona,expected", expand(MATRIX))
    def test_permission_matrix(client_as, company, case, persona, expected):
        check(client_as, company, case, persona, expected)

    def test_every_route_is_in_the_matrix(company):
        assert uncovered(MATRIX, company, [*app_urls.urlpatterns, *app_api_urls.urlpatterns]) == []

``expect(default, **answers)`` names the answer of every persona, so none is forgotten;
``anonymous`` (not logged in) defaults to 302 (to the login page) for pages and 401
for the API. A URL and the data may be strings/dicts or functions of the demo company
handles. ``uncovered(cases, company, urlconfs)`` lists the views of a URL module that no
case reaches, so a new page without a line in the matrix fails the suite.

A refused write (any method but GET answered 4xx, or an anonymous one sent to the
login) must have changed nothing: ``check`` compares a fingerprint of every table of
the project (rows, newest id, versions, last update) and the audit trail before and after.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections
from django.test.utils import CaptureQueriesContext

PERSONAS = ("admin", "dangwei", "shuji", "dangyuan", "zhigong", "outsider")
ANONYMOUS = "anonymous"


def expect(default=None, **answers):
    """Expected status per persona: ``answers`` by name, every other persona ``default``.

    ``anonymous`` is added by ``Case`` unless given here.
    """
    unknown = set(answers) - set(PERSONAS) - {ANONYMOUS}
    if unknown:
        raise ValueError(f"unknown personas: {sorted(unknown)}")
    missing = [p for p in PERSONAS if p not in answers]
    if missing and default is None:
        raise ValueError(f"no answer for {missing} and no default")
    return {**{p: default for p in PERSONAS}, **answers}


@dataclass(frozen=True)
class Case:
    url: object
    expected: dict
    method: str = "get"
    data: object = field(default_factory=dict)
    api: bool = False
    label: str = ""
    format: str = "json"  # of an API write: "json" or "multipart"

    def __post_init__(self):
        if ANONYMOUS not in self.expected:
            anonymous = 401 if self.api else 302
            object.__setattr__(self, "expected", {**self.expected, ANONYMOUS: anonymous})

    def resolve(self, company):
        return self.url(company) if callable(self.url) else self.url

    def payload(self, company):
        return self.data(company) if callable(self.data) else self.data

    def __str__(self):
        if self.label:
            return self.label
        return self.url if isinstance(self.url, str) else getattr(self.url, "__name__", "url")


def expand(cases):
    """Parametrisation rows ``(case, persona, expected)`` with readable ids."""
    import pytest

    return [
        pytest.param(case, persona, status, id=f"{case.method} {case} as {persona}")
        for case in cases
        for persona, status in case.expected.items()
    ]


def _client(client_factory, company, case, persona):
    from django.test import Client
    from rest_framework.test import APIClient

    if persona == ANONYMOUS:
        return APIClient() if case.api else Client()
    if case.api:
        client = APIClient()
        client.force_authenticate(company.users[persona])
        return client
    return client_factory(persona)


def check(client_factory, company, case, persona, expected):
    """Request ``case`` as ``persona`` and assert the status; an anonymous page must redirect to the login."""
    from django.conf import settings
    from django.shortcuts import resolve_url

    client = _client(client_factory, company, case, persona)
    url = case.resolve(company)
    data = case.payload(company)
    kwargs = {"format": case.format} if case.api and case.method != "get" else {}
    # An anonymous write is refused unless it is answered as accepted (the token endpoint logs in).
    refused = case.method != "get" and (expected >= 400 or (persona == ANONYMOUS and expected >= 300))
    before = database_fingerprint() if refused else None
    response = getattr(client, case.method)(url, data or None, **kwargs)
    assert response.status_code == expected, (
        f"{persona} {case.method.upper()} {url}: got {response.status_code}, expected {expected}"
    )
    if refused:
        changed = fingerprint_changes(before, database_fingerprint())
        assert not changed, f"{persona} {case.method.upper()} {url} was refused but changed {changed}"
    if persona == ANONYMOUS and expected == 302 and not case.api:
        login = resolve_url(settings.LOGIN_URL)
        assert response["Location"].startswith(login), f"{url} sends anonymous to {response['Location']}"
    return response


def database_fingerprint():
    """Per table of the project: (rows, newest id, sum of versions, last update); one query a table.

    Every write goes through a service that bumps ``version`` and ``updated_at`` or adds a
    row, and writes an audit event, so a refused write that changed anything shows here.
    """
    from django.apps import apps
    from django.db.models import Count, Max, Sum

    prints = {}
    for model in apps.get_models():
        if not model.__module__.startswith("vanguard.") or model._meta.proxy:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        aggregates = {"rows": Count("pk")}
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField"):
            aggregates["newest"] = Max(
                "pk"
            )  # random keys (a ballot's uuid) have no newest; PostgreSQL has no max(uuid)
        if "version" in names:
            aggregates["versions"] = Sum("version")
        if "updated_at" in names:
            aggregates["updated"] = Max("updated_at")
        prints[model._meta.label] = model._base_manager.aggregate(**aggregates)
    return prints


def fingerprint_changes(before, after):
    """The tables whose fingerprint differs."""
    return sorted(label for label in after if before.get(label) != after[label])


def view_names(urlpatterns, namespace=""):
    """Every named route in ``urlpatterns`` (following includes)."""
    from django.urls import URLPattern, URLResolver

    names = set()
    for entry in urlpatterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= view_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def uncovered(cases, company, urlpatterns):
    """Route names of ``urlpatterns`` that no case in ``cases`` requests."""
    from django.urls import resolve

    reached = {resolve(case.resolve(company).split("?")[0]).view_name for case in cases}
    return sorted(view_names(urlpatterns) - reached)


# ---------------------------------------------------------------- query counts


@contextmanager
def assert_max_queries(n, using="default"):
    """Fail if the block runs more than ``n`` queries; the captured queries are listed in the message."""
    with CaptureQueriesContext(connections[using]) as captured:
        yield captured
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert len(captured) <= n, f"{len(captured)} queries, at most {n} expected:\n{sql}"


def page_queries(client, url, *, status=200, using="default"):
    """(number of queries, response) of one GET of ``url``; the status is checked unless ``status`` is None."""
    with CaptureQueriesContext(connections[using]) as captured:
        response = client.get(url)
    if status is not None:
        assert response.status_code == status, (url, response.status_code)
    return len(captured), response


# ---------------------------------------------------------------- choice lists


@contextmanager
def recording_choices(models):
    """Record ``(model, pk)`` of every row of ``models`` a model choice list renders inside the block."""
    from django.forms.models import ModelChoiceIterator

    seen = []
    original = ModelChoiceIterator.__iter__

    def recording(self):
        for choice in original(self):
            instance = getattr(choice[0], "instance", None)
            if isinstance(instance, models):
                seen.append((type(instance), instance.pk))
            yield choice

    ModelChoiceIterator.__iter__ = recording
    try:
        yield seen
    finally:
        ModelChoiceIterator.__iter__ = original


def stray_choices(client_factory, company, cases, persona="shuji"):
    """Rows outside ``persona``'s scope that a form or filter on a page of ``cases`` offers them.

    Walks every page the matrix lets the persona open (GET, 200) and checks each party org,
    unit and person offered by a choice list against what the persona may see.
    """
    from vanguard.org.models import PartyOrg, Person, Unit

    models = (PartyOrg, Unit, Person)
    user, client = company.users[persona], client_factory(persona)
    visible = {model: set(model.objects.restrict(user).values_list("pk", flat=True)) for model in models}
    pages = [c for c in cases if c.method == "get" and not c.api and c.expected.get(persona) == 200]
    assert pages, f"no page for {persona} in the matrix"
    strays = set()
    for case in pages:
        url = case.resolve(company)
        with recording_choices(models) as offered:
            assert client.get(url).status_code == 200, url
        strays |= {f"{url}: {m._meta.verbose_name} {m.objects.get(pk=pk)}" for m, pk in offered if pk not in visible[m]}
    return sorted(strays)


# ---------------------------------------------------------------- the home page


def home_items(client):
    """``{key: (count, url)}`` of the due items on the home page, as the logged-in client sees them."""
    import html
    import re

    page = client.get("/").content.decode()
    found = re.findall(
        r'<a [^>]*href="([^"]*)" data-testid="due-item" data-key="([^"]+)">.*?due-count">([^<]+)<', page, re.S
    )
    return {key: (count, html.unescape(url)) for url, key, count in found}
