"""The OpenAPI schema builds without warnings, and the docs page loads nothing from outside."""

import re

import pytest
from django.core.management import call_command
from django.test import Client


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (unresolved type hints, guessed filters) into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in ("/api/v1/auth/token/", "/api/v1/people/", "/api/v1/party-orgs/{id}/move/", "/api/v1/audit-events/"):
        assert f"{path}:" in text


@pytest.mark.django_db
def test_schema_endpoint_serves_json():
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Vanguard API"
    assert "tokenAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets():
    client = Client()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, "the page names its script and style sheet"
    for url in assets:
        assert url.startswith("/static/"), f"external asset {url}"
        assert client.get(url).status_code == 200, url
    assert not re.search(r"https?://", html.split("<script>", 1)[-1].split("</script>", 1)[0].replace("\\/", "/"))
    assert '"validatorUrl": null' in html  # Swagger UI's validator badge would call out to the internet
