"""The audit chain: events verify after a round trip through the database, and tampering is found."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from vanguard.core.access import system_actor
from vanguard.core.audit import audit, snapshot, verify_chain
from vanguard.core.models import AuditEvent, AuditHead
from vanguard.org import services
from vanguard.org.models import PartyOrg, Person


def write_event(company, **after):
    with transaction.atomic():
        return audit(
            actor=company.users["shuji"],
            action="test.write",
            obj=company.users["zhigong"].person,
            before={"position": "操作工"},
            after={"position": "班长", **after},
        )


def test_fresh_chain_verifies(company, capsys):
    assert AuditEvent.objects.count() > 0
    result = verify_chain()
    assert result.ok and result.checked == AuditEvent.objects.count() == AuditHead.objects.get().count
    call_command("verify_audit")
    assert f"审计链完整:共 {result.checked} 条事件" in capsys.readouterr().out


def test_event_values_survive_the_database_round_trip(company):
    """Dates, decimals, nested dicts and Chinese keys read back as they were hashed (jsonb reorders keys)."""
    event = write_event(
        company,
        joined=date(2019, 7, 1),
        score=Decimal("95.5"),
        nested={"乙": [1, 2], "甲": None},
        at=datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.after["joined"] == "2019-07-01" and stored.after["score"] == "95.5"
    assert stored.at == event.at
    assert verify_chain().ok


def test_chain_links_each_event_to_the_one_before(company):
    first, second = write_event(company), write_event(company)
    assert second.prev_hash == first.hash
    assert AuditHead.objects.get().last_hash == second.hash


def test_tampered_event_is_the_first_broken_link(company):
    write_event(company)
    target = AuditEvent.objects.order_by("id")[3]
    AuditEvent.objects.filter(pk=target.pk).update(after={"position": "厂长"})
    result = verify_chain()
    assert result.broken.pk == target.pk and result.checked == 3
    with pytest.raises(CommandError, match=f"第 4 条事件处断裂:编号 {target.pk}"):
        call_command("verify_audit")


def test_tampered_actor_name_is_found(company):
    event = write_event(company)
    AuditEvent.objects.filter(pk=event.pk).update(actor_name="别人")
    assert verify_chain().broken.pk == event.pk


def test_deleted_event_breaks_the_next_link(company):
    _, second, third = write_event(company), write_event(company), write_event(company)
    AuditEvent.objects.filter(pk=second.pk).delete()
    assert verify_chain().broken.pk == third.pk
    with pytest.raises(CommandError, match=f"编号 {third.pk}"):
        call_command("verify_audit")


def test_deleted_last_event_is_found_through_the_head(company):
    last = write_event(company)
    AuditEvent.objects.filter(pk=last.pk).delete()
    result = verify_chain()
    assert result.broken is None and result.tail_missing
    with pytest.raises(CommandError, match="末尾缺失"):
        call_command("verify_audit")


def test_snapshot_holds_ids_and_many_to_many_and_no_secrets(company):
    branch = PartyOrg.objects.get(pk=company.branch.pk)
    data = snapshot(branch)
    assert data["units"] == sorted(branch.units.values_list("pk", flat=True))
    assert "created_at" not in data and data["version"] == branch.version
    person = Person.objects.get(pk=company.users["zhigong"].person.pk)
    assert snapshot(person)["unit"] == person.unit_id
    assert "password" not in snapshot(company.users["zhigong"])


def test_a_failed_service_writes_no_event(company):
    before = AuditEvent.objects.count()
    with pytest.raises(Exception, match="身份证"):
        services.person_update(
            actor=company.users["dangwei"], person=company.users["zhigong"].person, data={"id_card": "123"}
        )
    assert AuditEvent.objects.count() == before
    assert verify_chain().ok


# ---------------------------------------------------------------- pages


def test_object_history_lists_the_changes_for_whoever_sees_the_object(client_as, company):
    person = Person.objects.get(pk=company.users["zhigong"].person.pk)
    services.person_update(actor=company.users["shuji"], person=person, data={"position": "班长"})
    response = client_as("admin").get(f"/audit/org.person/{person.pk}/")
    assert response.status_code == 200
    assert "王立新" in response.content.decode()  # the secretary who made the change
    assert client_as("shuji").get(f"/audit/org.person/{person.pk}/").status_code == 200
    assert client_as("outsider").get(f"/audit/org.person/{person.pk}/").status_code == 404


def test_object_history_of_an_unknown_model_is_404(client_as, company):
    assert client_as("admin").get("/audit/no.such/1/").status_code == 404
    assert client_as("admin").get("/audit/org.person/999999/").status_code == 404


def test_global_audit_page_for_administrators(client_as, company):
    event = write_event(company)
    response = client_as("admin").get("/audit/", {"q": event.object_repr})
    assert response.status_code == 200
    assert event.object_repr in response.content.decode()
    assert client_as("dangwei").get("/audit/").status_code == 404


@pytest.mark.postgresql
def test_concurrent_writers_keep_one_unbroken_chain(seeded_transactional_db):
    """Writers in parallel transactions queue on the chain head, so every event links to the one before."""
    import threading

    from django.db import connections

    before = AuditEvent.objects.count()
    start = threading.Barrier(4)
    failures = []

    def writer(n):
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():
                    audit(
                        actor=system_actor(),
                        action="test.parallel",
                        obj=("test.item", f"{n}-{i}", "并发"),
                        after={"n": n},
                    )
        except Exception as exc:  # reported below, the thread itself cannot fail the test
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert AuditEvent.objects.count() == before + 40
    assert verify_chain().ok
