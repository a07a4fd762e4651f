#!/usr/bin/env python3
"""Load test of casting ballots on the embedded default (SQLite, ``manage.py runserver`` as ``make run``):
50 ballots a second for 60 seconds by 3,000 voters, then a check that none was lost and none doubled.

    make bench-ballots
    .venv/bin/python bench/ballot_load.py [--rate 50] [--duration 60] [--voters 3000] [--port 8766]

1. On a copy of the large cached demo database (``bench/cache/large-*.sqlite3``; ``--database`` another), a
   round of 30 subjects with ``--voters`` voters is made and its ballots issued, and each voter gets an API
   token (written straight to the table: no password hashing in the way of the measurement).
2. The server is started on loopback (``runserver --noreload``, threaded, the local settings: SQLite in WAL
   with immediate transactions), the driver paces ``POST /api/v1/ballots/`` at ``--rate`` a second from a
   pool of threads, each voter once; every 50th voter sends its ballot twice at the same moment (two tabs).
3. The server is stopped (only the process this script started), and the database is checked: voters
   marked = ballots cast = answers 201; each doubled voter counted once; the tally of every subject sums to
   the ballots cast.

Figures (sent, achieved rate, 201/400/other, p50/p95/p99 ms, the checks) are printed and written to
``bench/cache/ballot-load-results.json``; the exit status is non-zero when a check fails. Bounded in time:
the driver stops sending at ``--duration`` and waits at most 30 s more for answers. Standard library only
in the driver; the preparation and the check run Django in a subprocess.
"""

import argparse
import http.client
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"  # loopback only
DOUBLE_EVERY = 50
RESULTS = ROOT / "bench" / "cache" / "ballot-load-results.json"  # with the cached databases, not in git


# ---------------------------------------------------------------- Django side (subprocesses)


def _django():
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanguard.settings.local")
    import django

    django.setup()


def prepare(out, voters):
    """The round, its voters' tokens and subjects, as JSON in ``out``."""
    _django()
    import secrets

    from django.db import transaction
    from evaluations_ballots import SUBJECTS, bench_round, voter_logins
    from rest_framework.authtoken.models import Token

    from vanguard.org.demo import company_handles
    from vanguard.org.models import Person

    h = company_handles()
    people = list(Person.objects.filter(is_active=True).select_related("user").order_by("pk")[:voters])
    if len(people) < voters:
        sys.exit(f"the database has {len(people)} people, fewer than {voters} voters")
    with transaction.atomic():
        round_ = bench_round(people, actor=h.users["dangwei"], org=h.committee, code="load-appraisal")
        users = voter_logins(people, prefix="load-voter")
        Token.objects.filter(user__in=users).delete()
        tokens = [Token(user=u, key=secrets.token_hex(20)) for u in users]
        Token.objects.bulk_create(tokens, batch_size=2000)
    subjects = list(round_.subjects.order_by("pk").values_list("pk", flat=True))
    assert len(subjects) == SUBJECTS
    Path(out).write_text(json.dumps({"round": round_.pk, "subjects": subjects, "tokens": [t.key for t in tokens]}))


def check(plan_path, answers_path):
    """Compare the stored round with the answers the driver received."""
    _django()
    from vanguard.evaluations.models import Ballot, EvaluationRound, Voter
    from vanguard.evaluations.selectors.ballots import ballot_tally

    plan, answers = json.loads(Path(plan_path).read_text()), json.loads(Path(answers_path).read_text())
    round_id = plan["round"]
    accepted = sum(1 for a in answers if a["status"] == 201)
    marked = Voter.objects.filter(round_id=round_id, has_voted=True).count()
    cast = Ballot.objects.filter(round_id=round_id, cast=True).count()
    tally = ballot_tally(EvaluationRound.objects.get(pk=round_id))
    totals = {sum(counts.values()) for counts in tally.values()}
    doubled = {}
    for answer in answers:
        if answer["double"]:
            doubled.setdefault(answer["voter"], []).append(answer["status"])
    codes = [a["code"] for a in answers if a.get("code")]
    people = Voter.objects.filter(round_id=round_id).order_by("person_id").values_list("person_id", "has_voted")
    marked_voters = {index for index, (_person, voted) in enumerate(people) if voted}
    result = {
        "answers_201": accepted,
        "voters_marked": marked,
        "ballots_cast": cast,
        "tally_totals": sorted(totals),
        "doubled_voters": len(doubled),
        # Two tabs at once: at most one accepted, and the voter is marked exactly when one was.
        "doubled_counted_once": all(statuses.count(201) <= 1 for statuses in doubled.values())
        and all((201 in statuses) == (voter in marked_voters) for voter, statuses in doubled.items()),
        "codes_unique": len(codes) == len(set(codes)),
        "codes_stored": Ballot.objects.filter(round_id=round_id, cast=True, code__in=codes).count() == len(codes),
    }
    result["ok"] = (
        accepted == marked == cast and totals == {cast} and result["doubled_counted_once"]
        and result["codes_unique"] and result["codes_stored"]
    )  # fmt: skip
    print(json.dumps(result))


# ---------------------------------------------------------------- the driver (standard library)


def _post(port, token, body):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    started = time.perf_counter()
    try:
        connection.request(
            "POST", "/api/v1/ballots/", body=json.dumps(body),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )  # fmt: skip
        response = connection.getresponse()
        data = response.read()
        status = response.status
    except OSError as exc:
        return {"status": 0, "error": str(exc), "ms": (time.perf_counter() - started) * 1000}
    finally:
        connection.close()
    answer = {"status": status, "ms": (time.perf_counter() - started) * 1000}
    if status == 201:
        answer["code"] = json.loads(data)["code"]
    return answer


def drive(port, plan, rate, duration, workers=48):
    """Send one ballot every 1/rate s for ``duration`` s; every ``DOUBLE_EVERY``th voter twice at once."""
    jobs, answers, lock = queue.Queue(), [], threading.Lock()
    choices = ("excellent", "qualified", "basic", "unqualified")

    def work():
        while True:
            job = jobs.get()
            if job is None:
                return
            voter, double = job
            body = {"round": plan["round"],
                    "marks": [{"subject": s, "choice": choices[(voter + i) % 4]} for i, s in enumerate(plan["subjects"])]}  # fmt: skip
            answer = _post(port, plan["tokens"][voter], body)
            with lock:
                answers.append({**answer, "voter": voter, "double": double})

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    total = min(int(rate * duration), len(plan["tokens"]))
    started = time.perf_counter()
    for voter in range(total):
        delay = started + voter / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        double = voter % DOUBLE_EVERY == 0
        jobs.put((voter, double))
        if double:
            jobs.put((voter, double))
    sent_in = time.perf_counter() - started
    for _ in threads:
        jobs.put(None)
    deadline = time.monotonic() + 30
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return answers, total, sent_in, time.perf_counter() - started


def _wait_for(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server ended before it answered")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("the server did not answer within a minute")


def _database(path):
    if path:
        return Path(path)
    cached = sorted((ROOT / "bench" / "cache").glob("large-*.sqlite3"))
    if not cached:
        sys.exit("no bench/cache/large-*.sqlite3: run bench/run.py once, or give --database")
    copy = Path(tempfile.mkdtemp(prefix="ballot-load-")) / "load.sqlite3"
    shutil.copyfile(cached[-1], copy)
    return copy


def _run(args, env, *extra):
    done = subprocess.run([PYTHON, *extra], env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{' '.join(extra)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--voters", type=int, default=3000)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--database", help="an SQLite file to use as is (default: a copy of the large cache)")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.prepare, args.voters)
    if args.check:
        return check(*args.check)

    database = _database(args.database)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "vanguard.settings.local"}
    work = Path(tempfile.mkdtemp(prefix="ballot-load-run-"))
    plan_path, answers_path = work / "plan.json", work / "answers.json"
    _run(args, env, str(ROOT / "manage.py"), "migrate", "--noinput")
    _run(args, env, __file__, "--prepare", str(plan_path), "--voters", str(args.voters))
    plan = json.loads(plan_path.read_text())
    log = open(work / "server.log", "w")  # noqa: SIM115  (open while the server runs)
    server = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "runserver", f"{HOST}:{args.port}", "--noreload"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(args.port, server)
        answers, total, sent_in, elapsed = drive(args.port, plan, args.rate, args.duration)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    answers_path.write_text(json.dumps(answers))
    checked = json.loads(
        _run(args, env, __file__, "--check", str(plan_path), str(answers_path)).strip().splitlines()[-1]
    )
    times = sorted(a["ms"] for a in answers if a["status"])
    statuses = {}
    for answer in answers:
        statuses[str(answer["status"])] = statuses.get(str(answer["status"]), 0) + 1

    def pct(p):
        return round(times[min(len(times) - 1, int(len(times) * p))], 1) if times else None

    figures = {
        "voters": args.voters, "ballots_sent": total, "requests": len(answers), "sent_in_s": round(sent_in, 1),
        "achieved_per_s": round(total / sent_in, 1) if sent_in else None, "elapsed_s": round(elapsed, 1),
        "statuses": statuses, "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": pct(0.95), "p99_ms": pct(0.99), "check": checked, "database": str(database),
        "server_log": str(work / "server.log"),
    }  # fmt: skip
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0 if checked["ok"] and statuses.get("201", 0) == total else 1


if __name__ == "__main__":
    sys.exit(main())
