"""Fixtures of the ballot tests: shuji's branch round in voting with its ballots issued, a full ballot, and
the stored state of a round's ballots (a refused vote must leave every row as it was)."""

import datetime

from django.db import connection
from django.utils import timezone

from ..models import Ballot, BallotMark, RoundSubject, Voter
from ..services.ballots import ballots_issue
from .kit import appraisal_round


def voting_round(company, **kwargs):
    round_ = appraisal_round(company, **kwargs)
    ballots_issue(actor=None, round_=round_)
    return round_


def full_ballot(round_, choice="qualified", **special):
    """``{subject_id: choice}`` for every subject; ``special`` by person name: ``{"党员甲": "excellent"}``."""
    subjects = RoundSubject.objects.filter(round=round_).select_related("person")
    return {s.pk: special.get(s.person.name, choice) for s in subjects}


def ballot_state(round_):
    """Every stored value of the round's voters, ballots and marks (rows in storage order) and the audit count."""
    from vanguard.core.models import AuditEvent

    return (
        list(Voter.objects.filter(round=round_).order_by("pk").values_list()),
        list(Ballot.objects.filter(round=round_).order_by("code").values_list()),
        sorted(BallotMark.objects.filter(ballot__round=round_).values_list("ballot_id", "subject_id", "choice")),
        AuditEvent.objects.count(),
    )


def storage_order(model, round_id_column, round_):
    """The table's rows of the round in physical order (SQLite ``rowid``, PostgreSQL ``ctid``), every column."""
    table = connection.ops.quote_name(model._meta.db_table)
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    if model is BallotMark:
        where = f"ballot_id IN (SELECT id FROM {connection.ops.quote_name(Ballot._meta.db_table)} WHERE round_id = %s)"
    else:
        where = f"{round_id_column} = %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY {position}", [round_.pk])
        columns = [c[0] for c in cursor.description]
        return columns, cursor.fetchall()


def shift_window(round_, *, opens_in=None, closed_ago=None):
    now = timezone.now()
    if opens_in is not None:
        round_.voting_opens = now + datetime.timedelta(hours=opens_in)
    if closed_ago is not None:
        round_.voting_closes = now - datetime.timedelta(hours=closed_ago)
    round_.save(update_fields=["voting_opens", "voting_closes"])


def user_of(person):
    """The person's login, made for the test when the demo gave them none."""
    from vanguard.org.models import User

    if person.user_id is None:
        person.user = User.objects.create_user(username=f"voter{person.pk}", password=None)
        person.save(update_fields=["user"])
    return person.user


def voter_users(round_):
    """The logins of every voter of the round, in roster order."""
    people = [v.person for v in Voter.objects.filter(round=round_).select_related("person__user").order_by("person_id")]
    return [user_of(person) for person in people]
