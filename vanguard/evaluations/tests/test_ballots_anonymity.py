"""Nothing stored or logged links a ballot's content to its voter: six members vote through the pages, each
with a ballot only they would cast (the member at their place in the roster 不合格, the rest 合格), and the
stored rows (every column, in physical order), the audit events, the sessions and the log lines are read back
against the order and identity of the voters."""

import hashlib
import logging
import threading
import uuid

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction

from vanguard.core.events import emit
from vanguard.core.models import AuditEvent

from ..choices import RoundStatus
from ..events import BALLOT_CAST, BALLOTS_SEAL, ROUND_TRANSITION, RoundChange
from ..models import Ballot, BallotMark, RoundSubject, Voter
from ..services import ballots as services
from .ballot_kit import storage_order, voter_users, voting_round


def _vote_through_the_pages(client, user, round_, marks):
    """Choose, confirm, cast, as a voter does; returns the code shown."""
    client.force_login(user)
    data = {f"m-{subject}-{criterion}": choice for (subject, criterion), choice in marks.items()}
    url = f"/evaluations/ballots/{round_.pk}/"
    assert client.post(url, {**data, "step": "review"}).status_code == 200
    response = client.post(url, {**data, "step": "cast"})
    assert response.status_code == 200, response.content.decode()[:500]
    return response.context["code"]


def _identifiers(voters, users):
    """What could name a voter on a ballot row: ids, logins and their usual hashes."""
    plain = set()
    for voter, user in zip(voters, users, strict=True):
        plain |= {str(voter.pk), str(voter.person_id), str(user.pk), user.username}
    hashes = {
        getattr(hashlib, name)(value.encode()).hexdigest() for value in plain for name in ("md5", "sha1", "sha256")
    }
    return plain, hashes


def test_the_stored_ballots_logs_and_audit_do_not_link_a_vote_to_its_voter(client, company, caplog):
    round_ = voting_round(company)
    users = voter_users(round_)
    voters = list(Voter.objects.filter(round=round_).order_by("person_id"))
    subjects = list(RoundSubject.objects.filter(round=round_).order_by("pk").values_list("pk", flat=True))
    criterion = services.ballot_criteria(round_)[0].pk
    ballot_columns, ballots_before = storage_order(Ballot, "round_id", round_)
    mark_columns, marks_before = storage_order(BallotMark, None, round_)
    events_before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    caplog.set_level(logging.DEBUG)
    codes, contents = [], []
    for place, user in enumerate(users):  # roster order = voting order: the link a leak would show
        marks = {(s, criterion): "unqualified" if i == place else "qualified" for i, s in enumerate(subjects)}
        codes.append(_vote_through_the_pages(client, user, round_, marks))
        contents.append(marks)

    # 1. The ballot and mark tables hold no voter, no time, no sequence of their own.
    assert sorted(ballot_columns) == ["cast", "code", "id", "kind", "round_id"]
    assert sorted(mark_columns) == ["ballot_id", "choice", "criterion_id", "id", "subject_id"]
    ballots_before = [dict(zip(ballot_columns, row, strict=True)) for row in ballots_before]
    marks_before = [dict(zip(mark_columns, row, strict=True)) for row in marks_before]
    ballots_after = [
        dict(zip(ballot_columns, row, strict=True)) for row in storage_order(Ballot, "round_id", round_)[1]
    ]
    marks_after = [dict(zip(mark_columns, row, strict=True)) for row in storage_order(BallotMark, None, round_)[1]]
    # 2. Physical order. SQLite: the rows sit where issuing put them (random, before anyone voted); votes moved
    # nothing. PostgreSQL: an UPDATE wrote each voted row anew at the heap's end, in the order of the votes,
    # until the round is sealed (every row written again in random order; ``xmin`` in the test below).
    if connection.vendor == "postgresql":
        _seal(company, round_)
        ballots_after = [
            dict(zip(ballot_columns, r, strict=True)) for r in storage_order(Ballot, "round_id", round_)[1]
        ]
        marks_after = [dict(zip(mark_columns, r, strict=True)) for r in storage_order(BallotMark, None, round_)[1]]
        assert sorted(str(r["id"]) for r in ballots_after) == sorted(str(r["id"]) for r in ballots_before)
    else:
        assert [row["id"] for row in ballots_after] == [row["id"] for row in ballots_before]
        assert [(row["id"], row["ballot_id"]) for row in marks_after] == [
            (row["id"], row["ballot_id"]) for row in marks_before
        ]
    # 3. Ids and codes are random, not derived from the voter.
    plain, hashes = _identifiers(voters, users)
    for row in ballots_after:
        ballot_id, code = row["id"], row["code"]
        assert uuid.UUID(str(ballot_id)).version == 4
        assert code not in plain and not any(code.lower() in h or str(ballot_id).replace("-", "") in h for h in hashes)
    # Every cast ballot is there with its content, whose voter only the test knows.
    stored = {}
    for row in marks_after:
        stored.setdefault(str(row["ballot_id"]), {})[row["subject_id"]] = row["choice"]
    cast = {str(row["id"]) for row in ballots_after if row["cast"]}
    assert sorted(sorted(stored[b].items()) for b in cast) == sorted(
        sorted((s, c) for (s, _c), c in marks.items()) for marks in contents
    )
    # 4. The audit: one event per voter saying that they voted, nothing of the ballot.
    events = list(AuditEvent.objects.filter(pk__gt=events_before or 0).order_by("pk"))
    votes = [e for e in events if e.action == BALLOT_CAST.name]
    assert {e.action for e in events} - {BALLOT_CAST.name} <= {BALLOTS_SEAL.name}  # sealing: counts only
    assert [int(e.object_id) for e in votes] == [v.pk for v in voters]
    for event in events:
        text = f"{event.object_repr}{event.before}{event.after}"
        assert not any(code in text for code in codes) and "unqualified" not in text
        assert not any(str(b) in text or str(b).replace("-", "") in text for b in cast)
    # 5. Logs and sessions: no code, no choice, no ballot id, no form field.
    lines = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in [*codes, "unqualified", "qualified", *cast, "m-"]:
        assert secret not in lines, secret
    for session in Session.objects.all():
        decoded = str(session.get_decoded())
        assert not any(code in decoded for code in codes)


def _seal(company, round_):
    round_.status = RoundStatus.COMPUTED
    round_.save(update_fields=["status"])
    with transaction.atomic():
        emit(ROUND_TRANSITION, RoundChange(actor=company.users["shuji"], round=round_, before=RoundStatus.VOTING))


@pytest.mark.postgresql
def test_on_postgresql_sealing_leaves_no_transaction_or_position_of_the_vote(company):
    """An UPDATE writes a new row version stamped with its transaction (``xmin``), the one that also marked the
    voter: while voting runs the rows follow the votes. Sealing rewrites them in one transaction."""
    round_ = voting_round(company)
    users = voter_users(round_)
    marks = {s: "qualified" for s in RoundSubject.objects.filter(round=round_).values_list("pk", flat=True)}
    for user in users:
        services.ballot_cast(actor=user, round_=round_, marks=marks)

    def xmins(model, where):
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE {where}", [round_.pk])
            return {row[0] for row in cursor.fetchall()}

    in_ballots = "id IN (SELECT id FROM evaluations_ballot WHERE round_id = %s)"
    voter_xmins = xmins(Voter, "round_id = %s")
    assert xmins(Ballot, "round_id = %s") & voter_xmins  # before sealing, the link a DBA could follow
    _seal(company, round_)
    assert len(xmins(Ballot, "round_id = %s")) == 1 and not xmins(Ballot, "round_id = %s") & voter_xmins
    assert not xmins(BallotMark, in_ballots.replace("id IN", "ballot_id IN")) & voter_xmins
    assert Ballot.objects.filter(round=round_, cast=True).count() == len(users)


@pytest.mark.postgresql
def test_two_tabs_voting_at_once_count_once(seeded_transactional_db):
    from vanguard.org.demo import company_handles

    company = company_handles()
    round_ = voting_round(company)
    user = company.users["dangyuan"]
    marks = {s: "qualified" for s in RoundSubject.objects.filter(round=round_).values_list("pk", flat=True)}
    start, codes, failures = threading.Barrier(4), [], []

    def vote():
        try:
            start.wait()
            codes.append(services.ballot_cast(actor=user, round_=round_, marks=marks))
        except Exception as exc:  # the refused ones
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(codes) == 1 and len(failures) == 3
    assert all("已经投过票" in str(exc) for exc in failures)
    assert Ballot.objects.filter(round=round_, cast=True).count() == 1
    assert Voter.objects.filter(round=round_, has_voted=True).count() == 1
