"""Declared events: subscribers run in the emitter's transaction or after its commit, never for a rollback."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from vanguard.core import events
from vanguard.core.events import Phase


@dataclass(frozen=True)
class Thing:
    name: str


THING_DONE = events.declare("test_thing.done", "测试完成", payload=Thing)


@pytest.fixture
def heard():
    calls = []

    def now(payload):
        calls.append(("now", payload.name))

    def later(payload):
        calls.append(("later", payload.name))

    events.subscribe(THING_DONE, now)
    events.subscribe(THING_DONE, later, phase=Phase.AFTER_COMMIT)
    yield calls
    for phase in Phase:  # the event is this module's own: no one else listens to it
        events._subscribers[(THING_DONE.name, phase)].clear()


@pytest.mark.django_db(transaction=True)
def test_in_transaction_subscribers_run_at_once_and_after_commit_ones_after_it(heard):
    with transaction.atomic():
        events.emit(THING_DONE, Thing("a"))
        assert heard == [("now", "a")]
    assert heard == [("now", "a"), ("later", "a")]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_notifies_no_one_after_it(heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.emit(THING_DONE, Thing("b"))
        raise RuntimeError
    assert heard == [("now", "b")]


def test_an_event_is_declared_once_with_its_payload_type():
    with pytest.raises(ValueError, match="declared twice"):
        events.declare("test_thing.done", "又一次")
    with pytest.raises(TypeError, match="carries a Thing"):
        events.emit(THING_DONE, {"name": "x"})
    with pytest.raises(TypeError, match="declared event constant"):
        events.emit("test_thing.done", Thing("c"))
    assert events.label_of("test_thing.done") == "测试完成"
    assert events.label_of("no.such_event") == "no.such_event"
