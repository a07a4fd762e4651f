"""The admin shows, but does not write, the records whose writes keep other things right (roll-ups, kept
counts, history): the administrator changes them through the pages, whose services keep the rest."""

import pytest

from vanguard.campaigns.models import Target
from vanguard.core.testing import database_fingerprint
from vanguard.projects.models import Project, ProjectLog

pytestmark = pytest.mark.django_db

READ_ONLY = [
    ("campaigns", "target", Target),
    ("projects", "project", Project),
    ("projects", "projectlog", ProjectLog),
]


@pytest.mark.parametrize(("app", "model_name", "model"), READ_ONLY)
def test_the_admin_shows_a_record_and_refuses_to_change_or_delete_it(client_as, company, app, model_name, model):
    client = client_as("admin")
    row = model.objects.order_by("pk").first()
    assert row is not None, "the demo holds one"
    assert client.get(f"/django-admin/{app}/{model_name}/{row.pk}/change/").status_code == 200
    before = database_fingerprint()
    assert client.post(f"/django-admin/{app}/{model_name}/{row.pk}/change/", {}).status_code == 403
    assert client.post(f"/django-admin/{app}/{model_name}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"/django-admin/{app}/{model_name}/add/").status_code == 403
    assert database_fingerprint() == before
