"""ID-card numbers stay masked on every screen for viewers who may not read them in full."""

import pytest

from vanguard.core.models import AuditEvent
from vanguard.core.templatetags.vanguard import audit_diff
from vanguard.org import services
from vanguard.org.models import Person


@pytest.fixture
def zhigong(company):
    """A worker in the secretary's scope whose card is known, edited once by the office (a history row)."""
    person = company.users["zhigong"].person
    assert person.id_card
    services.person_update(actor=company.users["dangwei"], person=person, data={"position": "巡检工"})
    return Person.objects.get(pk=person.pk)


def test_the_history_page_masks_the_card_for_a_secretary_and_shows_it_to_the_office(client_as, zhigong):
    assert AuditEvent.objects.filter(
        object_type="org.person", object_id=str(zhigong.pk), after__id_card=zhigong.id_card
    )
    url = f"/audit/org.person/{zhigong.pk}/"
    page = client_as("shuji").get(url).content.decode()
    assert "巡检工" in page and zhigong.id_card not in page and zhigong.id_card_masked in page
    page = client_as("dangwei").get(url).content.decode()
    assert zhigong.id_card in page


def test_the_audit_list_masks_the_card_for_whoever_may_not_read_it(client_as, company, zhigong):
    event = AuditEvent.objects.filter(object_type="org.person", object_id=str(zhigong.pk)).earliest("at")
    shown = " ".join(f"{r['before']} {r['after']}" for r in audit_diff(event, company.users["shuji"]))
    assert zhigong.id_card not in shown and zhigong.id_card_masked in shown
    assert zhigong.id_card not in " ".join(str(r["after"]) for r in audit_diff(event))  # no viewer: masked
    assert client_as("shuji").get("/audit/").status_code == 404
    page = client_as("admin").get("/audit/", {"q": zhigong.name, "object_type": "org.person"}).content.decode()
    assert zhigong.id_card in page  # the administrator may read it
    event.refresh_from_db()
    assert event.after["id_card"] == zhigong.id_card  # the row itself stays complete


def test_the_edit_form_shows_the_masked_card_to_a_secretary_and_keeps_the_stored_one(client_as, zhigong):
    client = client_as("shuji")
    url = f"/org/people/{zhigong.pk}/edit/"
    page = client.get(url).content.decode()
    assert zhigong.id_card not in page and f'value="{zhigong.id_card_masked}"' in page
    form = _form_data(zhigong, position="检修工", id_card=zhigong.id_card_masked)
    assert client.post(url, form).status_code == 302
    after = Person.objects.get(pk=zhigong.pk)
    assert after.position == "检修工" and after.id_card == zhigong.id_card
    assert client.post(url, _form_data(after, position="点检员", id_card="")).status_code == 302
    after = Person.objects.get(pk=zhigong.pk)
    assert after.position == "点检员" and after.id_card == zhigong.id_card
    history = client.get(f"/audit/org.person/{zhigong.pk}/").content.decode()
    assert zhigong.id_card not in history


def test_the_office_sees_and_edits_the_full_card(client_as, zhigong):
    page = client_as("dangwei").get(f"/org/people/{zhigong.pk}/edit/").content.decode()
    assert f'value="{zhigong.id_card}"' in page


def _form_data(person, **changes):
    from vanguard.org.forms import PersonForm

    form = PersonForm(instance=person)
    data = {name: form.initial.get(name) for name in form.fields}
    data["version"] = person.version
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}
