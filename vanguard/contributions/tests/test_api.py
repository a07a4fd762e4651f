"""``project-targets``: link, list, unlink; a counted link stays; bad input answers 400 and writes nothing."""

import pytest

from vanguard.campaigns.models import TargetContribution

pytestmark = pytest.mark.django_db
URL = "/api/v1/project-targets/"


def test_link_list_and_unlink(api_as, running, targets):
    api = api_as("dangyuan")
    response = api.post(URL, {"project": running.pk, "target": targets.own.pk}, format="json")
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["project"] == running.pk and body["target"] == targets.own.pk and body["counted_on"] is None

    listed = api.get(URL, {"source_id": running.pk}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert api_as("outsider").get(URL).json()["count"] == 0

    assert api.delete(f"{URL}{body['id']}/").status_code == 204
    assert not TargetContribution.objects.filter(pk=body["id"]).exists()


def test_a_second_link_to_the_same_target_is_refused(api_as, running, targets):
    api = api_as("dangyuan")
    assert api.post(URL, {"project": running.pk, "target": targets.own.pk}, format="json").status_code == 201
    again = api.post(URL, {"project": running.pk, "target": targets.own.pk}, format="json")
    assert again.status_code == 400 and "请勿重复关联" in str(again.json())
    assert TargetContribution.objects.filter(source_id=running.pk).count() == 1


def test_a_target_the_user_does_not_see_does_not_exist_for_him(api_as, company, running, targets):
    from vanguard.projects.services import project_member_add

    project_member_add(actor=company.users["dangyuan"], project=running, person=company.users["zhigong"].person)
    response = api_as("zhigong").post(URL, {"project": running.pk, "target": targets.own.pk}, format="json")
    assert response.status_code == 400 and "target" in response.json()
    assert not TargetContribution.objects.filter(source_id=running.pk).exists()
