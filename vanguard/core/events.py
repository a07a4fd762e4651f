"""Declared events: what each app emits, with a Chinese label and a payload type, and who listens.

An app declares its events once, as constants in ``<app>/events.py``::

    PROJECT_ACCEPTED = declare("project.accept", "验收通过", payload=ProjectChange)

Every audit action is such an event (``audit(action=PROJECT_ACCEPTED, …)``), so history pages
read its label, and grep for the constant finds every emitter and every subscriber. No event
name is assembled from strings at run time.

A module to the right subscribes in its ``AppConfig.ready()``, for one of two phases:

- ``Phase.IN_TRANSACTION``: called inside the emitting service's transaction; a subscriber that
  raises rolls the whole service back, so both sides change together or not at all (a project's
  benefit counted into its targets);
- ``Phase.AFTER_COMMIT``: called once the transaction has committed, never for a rolled-back
  one (notifications).

``ask(event, payload)`` is the question form: the answers of the subscribers that had one (rows
another app adds to a document the emitting app builds).
"""

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction


class Phase(StrEnum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


@dataclass(frozen=True)
class Event:
    """One kind of thing that happens: stored by its ``name`` in the audit trail, shown by its ``label``."""

    name: str
    label: str
    payload: type | None = None

    def __str__(self):
        return self.name


_declared: dict[str, Event] = {}
_subscribers: dict[tuple[str, Phase], list] = defaultdict(list)


def declare(name: str, label: str, *, payload: type | None = None) -> Event:
    """Declare an event once; a second declaration of the same name is a programming error."""
    if name in _declared:
        raise ValueError(f"event {name!r} is declared twice")
    event = Event(name=name, label=label, payload=payload)
    _declared[name] = event
    return event


def declared() -> dict[str, Event]:
    return dict(_declared)


def label_of(name) -> str:
    """The Chinese label of a stored action name (the name itself for one no longer declared)."""
    event = _declared.get(str(name))
    return event.label if event is not None else str(name)


def subscribe(event: Event, fn, *, phase: Phase = Phase.IN_TRANSACTION):
    if not isinstance(event, Event):
        raise TypeError("subscribe to a declared event constant, not a name")
    if fn not in _subscribers[(event.name, phase)]:
        _subscribers[(event.name, phase)].append(fn)


def subscribers(event: Event, phase: Phase) -> list:
    return list(_subscribers[(event.name, phase)])


def _check(event, payload):
    if not isinstance(event, Event):
        raise TypeError("emit a declared event constant, not a name")
    if event.payload is not None and not isinstance(payload, event.payload):
        raise TypeError(f"{event.name} carries a {event.payload.__name__}, not {type(payload).__name__}")


def emit(event: Event, payload=None):
    """Call the in-transaction subscribers now and queue the after-commit ones."""
    _check(event, payload)
    for fn in subscribers(event, Phase.IN_TRANSACTION):
        fn(payload)
    for fn in subscribers(event, Phase.AFTER_COMMIT):
        transaction.on_commit(lambda fn=fn: fn(payload))


def ask(event: Event, payload=None) -> list:
    """The answers of the in-transaction subscribers, leaving out those that had nothing (None)."""
    _check(event, payload)
    answers = (fn(payload) for fn in subscribers(event, Phase.IN_TRANSACTION))
    return [answer for answer in answers if answer is not None]
