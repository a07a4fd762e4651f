"""The OpenAPI schema builds without warnings, and the docs page loads nothing from outside."""

import json
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
    # Swagger UI's start-up script is a file of its own: the CSP allows no inline script.
    script = "/api/v1/docs/?script="
    assert script in assets and "<script>" not in html
    for url in assets:
        assert url.startswith("/static/") or url == script, f"external asset {url}"
        assert client.get(url).status_code == 200, url
    start_up = client.get(script).content.decode()
    assert not re.search(r"https?://", start_up.replace("\\/", "/"))
    assert '"validatorUrl": null' in start_up  # Swagger UI's validator badge would call out to the internet


# The operations that take a file; every other request body is JSON alone.
UPLOADS = {("/api/v1/people/import/", "post"), ("/api/v1/project-logs/", "post")}


@pytest.mark.django_db
def test_every_request_body_has_one_content_type_json_unless_a_file_is_uploaded():
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    bodies = {
        (path, method): list(operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert len(bodies) > 30
    for operation, types in bodies.items():
        assert types == (["multipart/form-data"] if operation in UPLOADS else ["application/json"]), operation
    assert schema["info"]["title"].isascii()


@pytest.mark.django_db
def test_generated_class_names_are_not_chinese():
    """Inline enums and objects carry no Chinese title, which client generators would name classes after."""
    text = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    schema = json.loads(text)  # as a client reads it
    people = schema["paths"]["/api/v1/people/"]["get"]["parameters"]
    cadre_level = next(p for p in people if p["name"] == "cadre_level")
    assert "title" not in cadre_level["schema"] and cadre_level["description"].startswith("干部级别")


def test_a_form_encoded_body_is_refused_with_415(api_as, company):
    response = api_as("shuji").post(
        "/api/v1/meetings/", {"org": company.branch.pk, "kind": "committee", "title": "研究工作"}, format="multipart"
    )
    assert response.status_code == 415
