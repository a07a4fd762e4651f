"""Benchmark of the key pages and endpoints at small and large scale.

    make bench                              # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --only person-list --repeat 50
    .venv/bin/python bench/run.py --rebuild # rebuild the cached databases
    scripts/with-postgres.sh .venv/bin/python bench/run.py   # on PostgreSQL
    DATABASE_URL=postgres://… .venv/bin/python bench/run.py --scales group   # a group of subsidiaries

The demo company is built once per size (``manage.py seed_demo --size small|large``)
into ``bench/cache/<size>-<hash>.sqlite3``; the hash covers every app's ``demo.py``, so
a change there rebuilds it (``--rebuild`` forces it, e.g. after a change to the services
that write the demo), and migrations are applied to a cached file on every run. With ``DATABASE_URL`` set, the benchmark uses that server
instead: it creates ``<name>_bench_small`` and ``<name>_bench_large`` beside the given
database (never touching it) and builds both afresh.

Each page runs in a worker process per size with the Django test client, logged in as
a demo persona: a few warm-up requests, one request counting queries, then ``--repeat``
timed requests (median and p95 of the time spent in Django). Every worker also measures the
floor (``/ping/``, the cheapest signed-in page) the same way, even with ``--only``. The ``group`` size (PostgreSQL
only, ``bench/group.py``) is asked for by name: ten copies of the large company under a
group committee, cached between runs; its subsidiary office and secretary must meet the
large budgets, the group office (``jituan``) twice those; it writes ``results-group.json``. Jobs (the seed, roster
import and export of 40,000 rows) run once. The table compares small and large and
checks the budgets and every page's growth (large/small median ≤ ``RATIO_LIMIT``), and gives each
page's median as a multiple of the floor's; ``bench/report.py`` judges and prints (how very small
pages are judged is said there); ``bench/results.json`` keeps the figures and verdicts
(``results-postgresql.json`` on PostgreSQL). ``--strict`` exits with 1 on any miss.

To add a page, append a ``Case`` to ``CASES``: a URL, or a function of the demo
handles (``bench.run.Handles``) returning one, or ``call(client, handles)`` returning a
response; ``setup(handles)`` runs once before it. To add a timed job, append a ``Job``.
An app keeps its own cases in ``bench/<app>.py`` with ``register(Case, Job)`` returning
``(cases, jobs)``; every such module beside this file is loaded.
"""

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
PYTHON = sys.executable
SCALES = ("small", "large")
HASHED_SOURCES = "vanguard/*/demo.py"  # the demo company and every app's demo data built on it
PAGE_BUDGET = {"median_ms": 100, "queries": 15}
RATIO_LIMIT = 1.5  # large/small median of every page: its cost must not grow with the company

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the apps' case modules and report.py
import report  # noqa: E402

# ---------------------------------------------------------------- what is measured


@dataclass
class Case:
    """One page or endpoint, requested as ``persona``.

    ``url`` is a string or ``url(handles) -> str``; or give ``call(client, handles) -> response``.
    ``budget``: ``{"median_ms": …, "queries": …}`` checked at large scale, and the query count
    must then be the same at both scales. ``ratio_limit``: the large/small median allowed (None: not judged).
    """

    name: str
    url: object = None
    persona: str = "dangwei"
    call: object = None
    setup: object = None
    budget: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    ratio_limit: float | None = RATIO_LIMIT


@dataclass
class Job:
    """Work timed once at large scale: ``run(handles) -> dict`` with ``seconds`` (and any details)."""

    name: str
    run: object
    budget_s: float | None = None
    scales: tuple = ("large",)


HTMX = {"HTTP_HX_REQUEST": "true"}
# The cheapest signed-in page, measured in every run: what any page costs before its own work.
FLOOR = Case(report.FLOOR, "/ping/", ratio_limit=None)

CASES = [
    Case("person-list q", lambda h: "/org/people/?q=王", budget=PAGE_BUDGET),
    Case("person-list q pinyin", lambda h: "/org/people/?q=wj", budget=PAGE_BUDGET),
    Case("person-list unit", lambda h: f"/org/people/?unit={h.plant.pk}", budget=PAGE_BUDGET),
    Case("person-list members", "/org/people/?political_status=member", budget=PAGE_BUDGET),
    Case("person-list shuji", "/org/people/", persona="shuji", budget=PAGE_BUDGET),
    Case("party-tree top", "/org/party-orgs/", budget=PAGE_BUDGET),
    Case(
        "party-tree expand committee",
        lambda h: f"/org/party-orgs/?parent={h.committee.pk}",
        headers=HTMX,
        budget=PAGE_BUDGET,
    ),
    Case(
        "party-tree expand general",
        lambda h: f"/org/party-orgs/?parent={h.general_branch.pk}",
        headers=HTMX,
        budget=PAGE_BUDGET,
    ),
    Case("party-tree top shuji", "/org/party-orgs/", persona="shuji", budget=PAGE_BUDGET),
    Case("unit-tree top", "/org/units/", budget=PAGE_BUDGET),
    Case("unit-tree expand company", lambda h: f"/org/units/?parent={h.company.pk}", headers=HTMX, budget=PAGE_BUDGET),
    Case("unit-tree expand plant", lambda h: f"/org/units/?parent={h.plant.pk}", headers=HTMX, budget=PAGE_BUDGET),
    Case("person detail", lambda h: f"/org/people/{h.users['dangyuan'].person.pk}/"),
    Case("person detail shuji", lambda h: f"/org/people/{h.users['dangyuan'].person.pk}/", persona="shuji"),
    Case("api people", "/api/v1/people/"),
    Case("api people shuji", "/api/v1/people/", persona="shuji"),
]


def _roster():
    try:
        from vanguard.org import roster
    except ImportError:
        return None
    needed = ("roster_export", "roster_import", "synthetic_rows", "COLUMNS")
    return roster if all(hasattr(roster, name) for name in needed) else None


def _rolled_back(work):
    """Run ``work()`` in a transaction that is rolled back, so the cached database stays as built."""
    from django.db import transaction

    with transaction.atomic():
        result = work()
        transaction.set_rollback(True)
    return result


def job_export(h):
    roster = _roster()
    if roster is None:
        return {"skipped": "not available (vanguard.org.roster has no roster_export)"}
    from vanguard.org.selectors import person_list

    people = person_list(user=h.users["dangwei"])
    started = time.perf_counter()
    content = roster.roster_export(queryset=people, show_id_cards=True)
    seconds = time.perf_counter() - started
    h.exported = content
    return {"seconds": seconds, "rows": people.count(), "bytes": len(content)}


def job_import(h):
    roster = _roster()
    if roster is None:
        return {"skipped": "not available (vanguard.org.roster has no roster_import)"}
    from vanguard.core.excel import write_table

    rows = roster.synthetic_rows(40000)
    content = write_table(columns=roster.COLUMNS, rows=rows, sheet_name="花名册")
    actor = h.users["dangwei"]

    def work():
        started = time.perf_counter()
        result = roster.roster_import(actor=actor, source=content)
        return time.perf_counter() - started, result

    seconds, result = _rolled_back(work)
    return {"seconds": seconds, "rows": len(rows), "created": result.created, "errors": len(result.errors)}


def job_import_dry_run(h):
    roster = _roster()
    if roster is None:
        return {"skipped": "not available (vanguard.org.roster has no roster_import)"}
    from vanguard.core.excel import write_table

    content = write_table(columns=roster.COLUMNS, rows=roster.synthetic_rows(40000), sheet_name="花名册")
    started = time.perf_counter()
    result = roster.roster_import(actor=h.users["dangwei"], source=content, dry_run=True)
    return {"seconds": time.perf_counter() - started, "rows": result.total, "errors": len(result.errors)}


def job_reimport_export(h):
    """The office's round trip: the exported roster uploaded again unchanged (40,000 upserts, no change)."""
    roster = _roster()
    content = getattr(h, "exported", None)
    if roster is None or content is None:
        return {"skipped": "not available (needs roster_export and roster_import)"}

    def work():
        started = time.perf_counter()
        result = roster.roster_import(actor=h.users["dangwei"], source=content)
        return time.perf_counter() - started, result

    seconds, result = _rolled_back(work)
    return {"seconds": seconds, "rows": result.total, "unchanged": result.unchanged, "errors": len(result.errors)}


JOBS = [
    Job("export 40k", job_export, budget_s=20),
    Job("import 40k (new people)", job_import, budget_s=60),
    Job("import 40k dry run", job_import_dry_run),
    Job("re-import exported 40k", job_reimport_export),
]


def _register_apps():
    """Apps keep their cases in ``bench/<app>.py``: ``register(Case, Job)`` returns (cases, jobs)."""
    import importlib

    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        if path.stem == "run":
            continue
        module = importlib.import_module(path.stem)
        if hasattr(module, "register"):
            cases, jobs = module.register(Case, Job)
            CASES.extend(cases)
            JOBS.extend(jobs)


_register_apps()


# ---------------------------------------------------------------- the worker (one size, one process)


class Handles:
    """The demo company's named objects (``org.demo.company_handles``) plus what the cases expand."""

    def __init__(self):
        from vanguard.org.choices import PartyOrgKind
        from vanguard.org.demo import company_handles
        from vanguard.org.models import PartyOrg, Unit

        handles = company_handles()
        self.__dict__.update(vars(handles))
        self.company = Unit.objects.get_root_nodes().get()
        self.plant = Unit.objects.get(depth=2, name="轧管厂")
        self.general_branch = PartyOrg.objects.get(kind=PartyOrgKind.GENERAL_BRANCH, name="轧管厂党总支")


class GroupHandles(Handles):
    """At the group size: the first subsidiary's objects (the original company's ids), below the group root."""

    def __init__(self):
        from vanguard.campaigns.choices import Theme
        from vanguard.campaigns.models import Campaign, ProgressReport, Target
        from vanguard.org.choices import PartyOrgKind
        from vanguard.org.demo import company_handles
        from vanguard.org.models import PartyOrg, Unit

        self.__dict__.update(vars(company_handles()))
        self.users["jituan"] = type(self.users["dangwei"]).objects.get(username="jituan")
        self.committee = self.users["dangwei"].role_assignments.get().party_org
        self.company = Unit.objects.get(depth=2, path=self.committee.path)
        self.plant = Unit.objects.get(depth=3, name="轧管厂", path__startswith=self.company.path)
        self.general_branch = PartyOrg.objects.get(
            kind=PartyOrgKind.GENERAL_BRANCH, name="轧管厂党总支", path__startswith=self.committee.path
        )
        branches = PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH, path__startswith=self.committee.path)
        self.other_branch = branches.exclude(pk=self.branch.pk).order_by("-path").first()
        # The campaign cases' handles (``bench/campaigns.py``), taken in the first subsidiary.
        self.cost_campaign = Campaign.objects.filter(theme=Theme.COST).order_by("id").first()
        self.saving = Target.objects.get(campaign=self.cost_campaign, depth=1, metric_name="降本增效额")
        self.branch_target = Target.objects.get(path__startswith=self.saving.path, depth=2, owner_org=self.branch)
        self.campaign_facts = {
            "targets": Target.objects.filter(campaign=self.cost_campaign).count(),
            "reports": ProgressReport.objects.filter(target__campaign=self.cost_campaign).count(),
        }


GROUP_OFFICE = "jituan"


def group_cases():
    """The budgeted pages as the subsidiary office and secretary (large budgets), and the office's
    pages again as the group office (``jituan``, on 集团党委) within twice the budget."""
    cases = [c for c in CASES if c.budget]
    office = [
        Case(
            f"{c.name} [group office]",
            c.url,
            persona=GROUP_OFFICE,
            call=c.call,
            setup=c.setup,
            headers=c.headers,
            budget={"median_ms": 2 * c.budget["median_ms"], "queries": c.budget.get("queries", 0)},
        )
        for c in cases
        if c.persona == "dangwei"
    ]
    return [FLOOR, *cases, *office]  # the floor first: it is measured whatever ``--only`` asks for


def _facts():
    from vanguard.org.choices import PartyOrgKind, UnitKind
    from vanguard.org.models import PartyOrg, Person, Unit

    return {
        "people": Person.objects.count(),
        "members": Person.objects.members().count(),
        "branches": PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).count(),
        "party_groups": PartyOrg.objects.filter(kind=PartyOrgKind.GROUP).count(),
        "teams": Unit.objects.filter(kind=UnitKind.TEAM).count(),
    }


def _request(client, case, handles):
    if case.call is not None:
        return case.call(client, handles)
    url = case.url(handles) if callable(case.url) else case.url
    return client.get(url, **case.headers)


def measure(case, handles, repeat, warmup):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if case.setup:
        case.setup(handles)
    client = Client()
    client.force_login(handles.users[case.persona])
    for _ in range(warmup):
        response = _request(client, case, handles)
    with CaptureQueriesContext(connection) as queries:
        response = _request(client, case, handles)
    count = len(queries)  # read now: the log is cleared by the next request
    if response.status_code != 200:
        return {"status": response.status_code, "error": f"HTTP {response.status_code}"}
    return {"status": response.status_code, **timed(lambda: _request(client, case, handles), repeat), "queries": count}


def timed(request, repeat):
    """Median and p95 wall-clock ms of ``repeat`` calls of ``request()``, the median CPU ms, the last size."""
    times, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = request()
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95 + 0.5) - 1)], 1),
        # This process's CPU time (SQLite's work included, a database server's not): barely moved by
        # other work on the machine, so it tells growth from load where the wall clock cannot.
        "cpu_ms": round(statistics.median(cpu), 1),
        "bytes": len(response.content) if not response.streaming else None,
    }


def measure_cases(scale, cases, handles, only, repeat, warmup):
    """The figures of each case asked for, and of the floor, measured first and again last: the process
    is coldest at the start and the machine's other work comes and goes, so the lower median is kept."""
    figures = {}
    first = measure(FLOOR, handles, repeat, warmup)
    for case in cases:
        if only and not any(o in case.name for o in only):
            continue
        print(f"  [{scale}] {case.name}", file=sys.stderr, flush=True)
        figures[case.name] = measure(case, handles, repeat, warmup)
    last = measure(FLOOR, handles, repeat, warmup)
    floor = min((first, last), key=lambda f: f.get("median_ms", float("inf")))
    return {FLOOR.name: {**floor, "medians_first_last": [first.get("median_ms"), last.get("median_ms")]}, **figures}


def run_jobs(scale, handles, only):
    outcomes = {}
    for job in JOBS:
        if scale not in job.scales or (only and not any(o in job.name for o in only)):
            continue
        print(f"  [{scale}] {job.name}", file=sys.stderr, flush=True)
        outcome = job.run(handles)
        if "seconds" in outcome:
            outcome["seconds"] = round(outcome["seconds"], 2)
        outcomes[job.name] = outcome
    return outcomes


def worker(scale, out, only, repeat, warmup, jobs):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanguard.settings.test")
    import django

    django.setup()
    handles = GroupHandles() if scale == "group" else Handles()
    cases = [c for c in group_cases() if c is not FLOOR] if scale == "group" else CASES
    result = {"facts": _facts(), "cases": measure_cases(scale, cases, handles, only, repeat, warmup), "jobs": {}}
    if jobs and scale != "group":
        result["jobs"] = run_jobs(scale, handles, only)
    Path(out).write_text(json.dumps(result, ensure_ascii=False, indent=1))


# ---------------------------------------------------------------- databases


def source_hash():
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob(HASHED_SOURCES)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _manage(*args, database_url, settings="vanguard.settings.local"):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings}
    done = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


def _seed(scale, database_url):
    _manage("migrate", "--noinput", database_url=database_url)
    started = time.perf_counter()
    done = _manage("seed_demo", "--size", scale, database_url=database_url)
    return {"seed_s": round(time.perf_counter() - started, 1), "seed_output": done.stdout.strip().splitlines()}


def sqlite_database(scale, rebuild):
    """The cached SQLite file for ``scale`` (built when missing or stale); returns (url, build info)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    key = source_hash()
    path = CACHE / f"{scale}-{key}.sqlite3"
    meta = path.with_suffix(".json")
    if rebuild or not path.exists() or not meta.exists():
        for stale in CACHE.glob(f"{scale}-*"):
            stale.unlink()
        building = CACHE / f"{scale}-{key}.building.sqlite3"
        print(f"building the {scale} company into {path.relative_to(ROOT)} …", file=sys.stderr, flush=True)
        seed = _seed(scale, f"sqlite:///{building}")
        building.rename(path)
        meta.write_text(json.dumps({**seed, "built_at": _now(), "hash": key}, ensure_ascii=False))
    else:
        _manage("migrate", "--noinput", database_url=f"sqlite:///{path}")
    return f"sqlite:///{path}", json.loads(meta.read_text())


def postgres_database(scale, base_url):
    """A fresh ``<name>_bench_<scale>`` database next to the one ``DATABASE_URL`` names, seeded."""
    import psycopg

    parts = urlsplit(base_url)
    name = f"{parts.path.lstrip('/')}_bench_{scale}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(parts._replace(path=f"/{name}"))
    print(f"building the {scale} company into PostgreSQL database {name} …", file=sys.stderr, flush=True)
    return url, {**_seed(scale, url), "built_at": _now()}


def group_database(base_url, rebuild):
    """The cached ``<name>_bench_group<N>_<hash>`` (``bench/group.py``), built from a cached large company."""
    import group
    import psycopg

    key = group.source_hash(source_hash())
    base = urlsplit(base_url).path.lstrip("/")
    large, name = f"{base}_bench_large_{source_hash()}", f"{base}_bench_group{group.SUBSIDIARIES}_{key}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        present = {row[0] for row in conn.execute("SELECT datname FROM pg_database")}
        if rebuild and name in present:
            conn.execute(f'DROP DATABASE "{name}"')
            present.discard(name)
        stale = [d for d in present if d.startswith(f"{base}_bench_group") and d != name]
        for old in stale:
            conn.execute(f'DROP DATABASE "{old}"')
        if large not in present:
            conn.execute(f'CREATE DATABASE "{large}"')
    url = group.database_url(base_url, name)
    if name in present:
        _manage("migrate", "--noinput", database_url=url)
        with psycopg.connect(url) as conn:
            info = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
            )
            return url, json.loads(info.fetchone()[0] or "{}")
    info = {}
    if large not in present:
        print(f"building the large company into PostgreSQL database {large} …", file=sys.stderr, flush=True)
        info["large_seed_s"] = _seed("large", group.database_url(base_url, large))["seed_s"]
    else:
        _manage("migrate", "--noinput", database_url=group.database_url(base_url, large))
    print(f"replicating it into {group.SUBSIDIARIES} subsidiaries in {name} …", file=sys.stderr, flush=True)
    info.update(group.build(base_url, large, name, group.SUBSIDIARIES, log=lambda t: print(t, file=sys.stderr)))
    info["built_at"] = _now()
    with psycopg.connect(base_url, autocommit=True) as conn:
        comment = json.dumps(info, ensure_ascii=False).replace("'", "''")
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    return url, info


def _now():
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only cases and jobs whose name contains this")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--scales", default=",".join(SCALES))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached SQLite databases")
    parser.add_argument("--no-jobs", action="store_true", help="skip the import and export jobs")
    parser.add_argument("--output", help="where to write the JSON (default bench/results.json)")
    parser.add_argument("--strict", action="store_true", help="exit with 1 on any miss (budget, queries, ratio)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def measure_scale(scale, url, args):
    """Run the pages and jobs of one scale in a worker process of its own; its figures."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [PYTHON, __file__, "--worker", scale, "--out", out.name]
        command += ["--repeat", str(args.repeat), "--warmup", str(args.warmup)]
        command += [f"--only={o}" for o in args.only or ()]
        command += ["--no-jobs"] if args.no_jobs else []
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "vanguard.settings.test"}
        subprocess.run(command, env=env, check=True)
        return json.loads(Path(out.name).read_text())


def write_results(results, engine, output):
    print(report.table(results))
    load = results["machine"]["load_average_at_start"][0], results["machine"]["load_average_at_end"][0]
    print(f"\nload average {load[0]} at the start, {load[1]} at the end ({os.cpu_count()} CPUs)")
    default = "results.json" if engine == "sqlite" else f"results-{engine}.json"
    target = Path(output) if output else ROOT / "bench" / default
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    print(f"\nwritten to {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


def machine(load_at_start):
    """What the figures were measured on; other work on the machine inflates every figure, the load says how much."""
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def run_group(args, base_url, load_at_start):
    """The group size (PostgreSQL only): build or reuse its database, measure, write results-group.json."""
    url, build = group_database(base_url, args.rebuild)
    measured = measure_scale("group", url, args)
    cases = report.collect_group(group_cases(), measured)
    results = {
        "generated_at": _now(),
        "database": "postgresql",
        "machine": machine(load_at_start),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "size": measured["facts"],
        "build": build,
        "cases": cases,
    }
    print(report.table_group(results))
    target = Path(args.output) if args.output else ROOT / "bench" / "results-group.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    print(f"\nwritten to {target}")
    return 1 if args.strict and not all(c["ok"] for c in cases) else 0


def run_scales(args, engine, base_url, load_at_start):
    """Build or reuse each size's database, measure it, judge and write the results; the exit status."""
    per_scale, builds = {}, {}
    for scale in args.scales.split(","):
        if engine == "postgresql":
            url, builds[scale] = postgres_database(scale, base_url)
        else:
            url, builds[scale] = sqlite_database(scale, args.rebuild)
        per_scale[scale] = measure_scale(scale, url, args)
    cases = report.collect_cases([FLOOR, *CASES], per_scale, SCALES)
    jobs = report.collect_jobs(JOBS, per_scale, builds)
    floors = {scale: figures["cases"].get(FLOOR.name) for scale, figures in per_scale.items()}
    results = {
        "generated_at": _now(),
        "database": engine,
        "machine": machine(load_at_start),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "sizes": {scale: figures["facts"] for scale, figures in per_scale.items()},
        "ratio_limit": RATIO_LIMIT,
        "noise_ms": report.noise_ms(floors),
        "builds": builds,
        "cases": cases,
        "jobs": jobs,
    }
    write_results(results, engine, args.output)
    missed = not (all(c["ok"] for c in cases) and all(j.get("ok", True) for j in jobs))
    return 1 if missed and args.strict else 0


def main(argv=None):
    args = parse_args(argv)
    if args.worker:
        return worker(args.worker, args.out, args.only, args.repeat, args.warmup, not args.no_jobs)
    base_url = os.environ.get("DATABASE_URL", "")
    engine = "postgresql" if base_url.startswith(("postgres://", "postgresql://")) else "sqlite"
    if base_url and engine == "sqlite":
        print(
            "DATABASE_URL names an SQLite file; the benchmark uses its own cache in bench/cache/ instead.",
            file=sys.stderr,
        )
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    if "group" in args.scales.split(","):
        if engine != "postgresql" or args.scales != "group":
            sys.exit("--scales group runs alone and on PostgreSQL only (DATABASE_URL=postgres://…)")
        return run_group(args, base_url, load_at_start)
    return run_scales(args, engine, base_url, load_at_start)


if __name__ == "__main__":
    sys.exit(main())
