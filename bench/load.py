#!/usr/bin/env python3
"""Load test of a running production instance through nginx: the demo personas' journeys for a minute.

    make bench-load     # prod-local with the large demo (started if needed, stopped after if it started it)
    .venv/bin/python bench/load.py http://127.0.0.1:8490 --duration 60 --users office=1,secretary=1,member=2

Every virtual user logs in with the login form (as ``scripts/smoke.py`` does), then repeats its journey
without pause until the time is up (a closed loop: as many requests in flight as users):

* office (``dangwei``): home, the people list with a search, a campaign's dashboard, the compliance matrix,
  the meeting ledger;
* secretary (``shuji``): home, the review queue, accepting a submitted report (a POST with the CSRF token;
  each report is accepted once), the attendance of a past meeting of the branch, saved back (a POST);
* member (``dangyuan``, a phone's User-Agent): my targets, the progress form of one of them and its POST,
  my hours.

A few seconds of the same journeys go first, not counted (``--warmup``). After the journeys, in the same
run, the floor: the cheapest signed-in page (``/ping/``) as fast as the server answers it, by ``wrk``
(Debian package ``wrk``) when installed, and by this driver with as many users.
A request counts as an error when it fails, answers an unexpected status or shows a form error.
The figures (requests/s, p50/p95/p99, errors per journey, step and overall; each step's share of the time
spent waiting, i.e. where the server's time goes; the floor; the load average) are printed as a table and
written to ``bench/load-results.json``. Standard library only; loopback only.
"""

import argparse
import html
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "load-results.json"
PASSWORD = "vanguard-demo"  # vanguard.org.demo.DEMO_PASSWORD
PERSONAS = {"office": "dangwei", "secretary": "shuji", "member": "dangyuan"}
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
SEARCHES = ["王", "李", "张", "刘", "陈", "zhang", "wang", "liu", "zw", "李明", "1000", "赵"]
TARGETS = {"errors": 0, "p95_ms": 250, "share_of_floor": 0.10}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class Failure(Exception):
    pass


class Client:
    """One browser: a keep-alive connection, its cookies, the CSRF token and the headers of a form post."""

    def __init__(self, base, user_agent):
        parts = urlsplit(base)
        self.base, self.host, self.port = base.rstrip("/"), parts.hostname, parts.port or 80
        self.user_agent = user_agent
        self.cookies = {}
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method, path, fields=None, referer=None):
        headers = {"User-Agent": self.user_agent, "Accept": "text/html", "Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})})
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.base,
                "Referer": self.base + (referer or path),
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            }
        for attempt in (1, 2):  # nginx closes an idle keep-alive connection now and then: reconnect once
            if self.connection is None:
                self._connect()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers, content.decode("utf-8", "replace")

    def login(self, username):
        self.request("GET", "/accounts/login/")
        fields = {"username": username, "password": PASSWORD, "next": ""}
        status, headers, _ = self.request("POST", "/accounts/login/", fields, referer="/accounts/login/")
        if status != 302 or urlsplit(headers.get("Location", "")).path != "/":
            raise Failure(f"{username}: 登录失败 / login failed ({status} {headers.get('Location')})")

    def close(self):
        if self.connection is not None:
            self.connection.close()


class Recorder:
    """Each request's time and outcome, by journey and step, inside the measured window only."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}  # (journey, step) -> [seconds]
        self.errors = {}  # (journey, step) -> count
        self.messages = {}  # (journey, step) -> a few error texts
        self.recording = False

    def add(self, journey, step, seconds, error=None):
        if not self.recording:
            return
        key = (journey, step)
        with self.lock:
            self.samples.setdefault(key, []).append(seconds)
            if error:
                self.errors[key] = self.errors.get(key, 0) + 1
                shown = self.messages.setdefault(key, [])
                if len(shown) < 3:
                    shown.append(error[:200])


class User:
    """A virtual user: ``journey()`` yields nothing, it runs the steps through ``step()``, which times them."""

    kind = ""

    def __init__(self, base, recorder, shared):
        self.client = Client(base, DESKTOP)
        self.recorder, self.shared = recorder, shared
        self.rng = random.Random()

    def step(self, name, method, path, fields=None, expect=200, referer=None):
        started = time.perf_counter()
        error = None
        status, headers, text = 0, {}, ""
        try:
            status, headers, text = self.client.request(method, path, fields, referer)
            if status != expect:
                error = f"{method} {path}: HTTP {status} (expected {expect})"
            elif 'data-testid="form-errors"' in text or 'class="invalid-feedback' in text:
                error = f"{method} {path}: form error"
        except OSError as exc:
            error = f"{method} {path}: {exc!r}"
        self.recorder.add(self.kind, name, time.perf_counter() - started, error)
        return status, headers, text, error

    def run(self, deadline):
        while time.monotonic() < deadline:
            try:
                self.journey()
            except Failure as exc:  # a page without what the next step needs: counted, the journey restarts
                self.recorder.add(self.kind, "journey", 0.0, str(exc))
                time.sleep(0.05)
        self.client.close()


class Office(User):
    kind = "office"

    def journey(self):
        self.step("home", "GET", "/")
        self.step("people search", "GET", "/org/people/?" + urlencode({"q": self.rng.choice(SEARCHES)}))
        self.step("campaign dashboard", "GET", f"/campaigns/{self.rng.choice(self.shared['campaigns'])}/")
        self.step("compliance matrix", "GET", "/orglife/compliance/")
        self.step("meeting ledger", "GET", "/orglife/meetings/")


class Secretary(User):
    kind = "secretary"

    def journey(self):
        self.step("home", "GET", "/")
        _, _, queue, error = self.step("review queue", "GET", "/campaigns/reviews/")
        if not error:
            report = self._claim(re.findall(r"/campaigns/reports/(\d+)/accept/", queue))
            if report:
                self.step(
                    "accept report",
                    "POST",
                    f"/campaigns/reports/{report}/accept/",
                    {"note": ""},
                    302,
                    referer="/campaigns/reviews/",
                )
        meeting = self.rng.choice(self.shared["meetings"])
        page = f"/orglife/meetings/{meeting}/attendance/"
        _, _, form, error = self.step("attendance form", "GET", page)
        if error:
            return
        marks = dict(re.findall(r'name="(status_\d+)" id="[^"]*" value="([a-z_]+)" autocomplete="off" checked', form))
        if not marks:
            raise Failure(f"{page}: 没有出勤表 / no attendance rows")
        self.step("record attendance", "POST", page, marks, 302)

    def _claim(self, reports):
        """A report nobody accepted or claimed yet: two secretaries never accept the same one."""
        with self.shared["lock"]:
            for report in reports:
                if report not in self.shared["claimed"]:
                    self.shared["claimed"].add(report)
                    return report
        return None


class Member(User):
    kind = "member"

    def __init__(self, *args):
        super().__init__(*args)
        self.client.user_agent = PHONE

    def journey(self):
        _, _, page, error = self.step("my targets", "GET", "/campaigns/my/")
        targets = re.findall(r'href="/campaigns/targets/(\d+)/report/"', page)
        if not error and not targets:
            raise Failure("/campaigns/my/: 没有可填报的目标 / no target to report on")
        if targets:
            path = f"/campaigns/targets/{self.rng.choice(targets)}/report/"
            _, _, form, error = self.step("report form", "GET", path)
            period = _input_value(form, "period")
            if not error and not period:
                raise Failure(f"{path}: 没有填报期 / no period")
            if period:
                fields = {"period": period, "value": "1", "narrative": "压力测试:本月进展。"}
                self.step("report progress", "POST", path, fields, 302)
        self.step("my hours", "GET", "/orglife/my/")


class Floor(User):
    kind = "floor"

    def journey(self):
        self.step("ping", "GET", "/ping/")


JOURNEYS = {"office": Office, "secretary": Secretary, "member": Member}


def _input_value(page, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = tag and re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def discover(base):
    """What the journeys need from the demo: its campaigns, and the past meetings of the secretary's branch."""
    office = Client(base, DESKTOP)
    office.login(PERSONAS["office"])
    _, _, page = office.request("GET", "/campaigns/")
    campaigns = sorted(set(re.findall(r'href="/campaigns/(\d+)/"', page)), key=int)
    secretary = Client(base, DESKTOP)
    secretary.login(PERSONAS["secretary"])
    meetings = []
    for number in (1, 2, 3):
        _, _, page = secretary.request("GET", f"/orglife/meetings/?page={number}")
        for meeting in dict.fromkeys(re.findall(r'href="/orglife/meetings/(\d+)/"', page)):
            _, _, form = secretary.request("GET", f"/orglife/meetings/{meeting}/attendance/")
            if 'data-testid="save" disabled' not in form and 'name="status_' in form:
                meetings.append(meeting)
            if len(meetings) >= 20:
                break
        if len(meetings) >= 20:
            break
    office.close()
    secretary.close()
    if not campaigns or not meetings:
        raise Failure(f"演示数据不全 / the demo lacks campaigns ({len(campaigns)}) or past meetings ({len(meetings)})")
    return {"campaigns": campaigns, "meetings": meetings, "claimed": set(), "lock": threading.Lock()}


def drive(base, classes, seconds, shared):
    """Log every user in (outside the window), then run them all for ``seconds``; returns the recorder."""
    recorder = Recorder()
    users = []
    for cls in classes:
        user = cls(base, recorder, shared)
        user.client.login(PERSONAS.get(cls.kind, PERSONAS["member"]))
        users.append(user)
    recorder.recording = True
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=user.run, args=(deadline,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)  # a request times out after 60 s: the loop is bounded either way
    recorder.recording = False
    recorder.elapsed = time.monotonic() - started
    return recorder


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summarise(samples, errors, elapsed):
    count = len(samples)
    return {
        "requests": count,
        "requests_per_s": round(count / elapsed, 1) if elapsed else 0,
        "p50_ms": _ms(percentile(samples, 0.50)),
        "p95_ms": _ms(percentile(samples, 0.95)),
        "p99_ms": _ms(percentile(samples, 0.99)),
        "max_ms": _ms(max(samples) if samples else None),
        "mean_ms": _ms(sum(samples) / count if count else None),
        "busy_s": round(sum(samples), 1),  # time spent waiting for answers: where the server's time goes
        "errors": errors,
    }


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def report(recorder):
    """Per step, per journey and overall figures of one recorded window."""
    elapsed = recorder.elapsed
    steps, journeys = {}, {}
    everything, all_errors = [], 0
    for (journey, step), samples in sorted(recorder.samples.items()):
        errors = recorder.errors.get((journey, step), 0)
        real = samples if step != "journey" else []  # a journey cut short is an error, not a request
        if real:
            steps[f"{journey}: {step}"] = summarise(real, errors, elapsed)
        bucket = journeys.setdefault(journey, {"samples": [], "errors": 0})
        bucket["samples"] += real
        bucket["errors"] += errors
        everything += real
        all_errors += errors
    result = {
        "journeys": {name: summarise(b["samples"], b["errors"], elapsed) for name, b in journeys.items()},
        "steps": steps,
        "overall": summarise(everything, all_errors, elapsed),
        "seconds": round(elapsed, 1),
    }
    busy = sum(f["busy_s"] for f in steps.values()) or 1
    for figures in steps.values():
        figures["share_of_time"] = round(figures["busy_s"] / busy, 3)
    if recorder.messages:
        result["error_examples"] = {f"{j}: {s}": texts for (j, s), texts in recorder.messages.items()}
    return result


def wrk_floor(base, cookies, seconds, connections):
    """``/ping/`` by wrk with a signed-in session's cookies; None without wrk."""
    if not shutil.which("wrk"):
        return None
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: {cookie}",
        "-H",
        f"User-Agent: {DESKTOP}",
        f"{base}/ping/",
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    figures = {"tool": f"wrk -t1 -c{connections} -d{seconds}s", "connections": connections}
    figures["requests_per_s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    for share, key in (("50", "p50_ms"), ("90", "p90_ms"), ("99", "p99_ms")):
        value, unit = re.search(rf"\s{share}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        figures[key] = round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 1)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["errors"] = (int(errors.group(1)) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return figures


def load_average():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def parse_users(text):
    users = {}
    for part in text.split(","):
        kind, _, count = part.partition("=")
        if kind not in JOURNEYS or not count.isdigit():
            raise argparse.ArgumentTypeError(f"--users: {part!r} (office=N,secretary=N,member=N)")
        users[kind] = int(count)
    return users


def print_table(result):
    def row(name, f):
        cells = [f"{f['requests_per_s']:.1f}"] + [
            "-" if f.get(k) is None else f"{f[k]:.0f}" for k in ("p50_ms", "p95_ms", "p99_ms")
        ]
        requests = f.get("requests", "")
        share = f"{f['share_of_time']:.0%}" if "share_of_time" in f else ""
        return (
            f"  {name:<34}{requests!s:>8}{cells[0]:>9}{cells[1]:>8}{cells[2]:>8}{cells[3]:>8}{f['errors']:>7}{share:>7}"
        )

    header = f"  {'':<34}{'requests':>8}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}{'time':>7}"
    mix = result["mix"]
    print(f"\n负载测试 / load test: {result['base']}, {mix['seconds']} s, users {result['users']}")
    print(header)
    for name, figures in mix["steps"].items():
        print(row(name, figures))
    print("  " + "-" * 89)
    for name, figures in mix["journeys"].items():
        print(row(f"{name} (journey)", figures))
    print(row("mix overall", mix["overall"]))
    floor = result["floor"]
    if floor.get("wrk"):
        w = floor["wrk"]
        print(row(f"floor /ping/ ({w['tool']})", {**w, "p95_ms": None, "requests": ""}))
    if floor.get("driver"):
        print(row("floor /ping/ (this driver)", floor["driver"]))
    print(
        f"\n  load average before {result['load_average']['before']}, after {result['load_average']['after']}; "
        f"the driver used {mix['driver_cpu_share']:.0%} of a core"
    )
    for target in result["targets"]:
        print(f"  {'✓' if target['met'] else '✗'} {target['what']}: {target['measured']} (target {target['target']})")


def measure_floor(base, seconds, users, shared):
    """``/ping/`` by wrk (when installed) and by the driver itself, for ``seconds`` each."""
    pinger = Client(base, DESKTOP)
    pinger.login(PERSONAS["member"])
    floor = {"wrk": wrk_floor(base, pinger.cookies, seconds, users)}
    pinger.close()
    floor["driver"] = report(drive(base, [Floor] * users, seconds, shared))["overall"]
    return floor


def check_targets(overall, floor):
    """The issue's targets: no error, p95 within budget, the mix at a share of the floor's rate."""
    floor_rate = (floor["wrk"] or floor["driver"])["requests_per_s"]
    share = overall["requests_per_s"] / floor_rate if floor_rate else 0
    p95 = overall["p95_ms"]
    return [
        {"what": "errors", "measured": overall["errors"], "target": "0", "met": overall["errors"] == 0},
        {"what": "p95 ms", "measured": p95, "target": f"≤ {TARGETS['p95_ms']}",
         "met": p95 is not None and p95 <= TARGETS["p95_ms"]},
        {"what": "mix req/s ÷ floor req/s", "measured": round(share, 3),
         "target": f"≥ {TARGETS['share_of_floor']}", "met": share >= TARGETS["share_of_floor"]},
    ]  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8490")
    parser.add_argument("--duration", type=int, default=60, help="seconds of mixed journeys (default 60)")
    parser.add_argument("--users", type=parse_users, default=parse_users("office=1,secretary=1,member=2"))
    parser.add_argument("--floor-seconds", type=int, default=15, help="seconds of /ping/ (each tool)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of journeys not counted (default 5)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if urlsplit(args.base).hostname not in LOOPBACK:
        parser.error("loopback addresses only")
    if not 1 <= args.duration <= 600 or not 1 <= args.floor_seconds <= 120 or not 0 <= args.warmup <= 60:
        parser.error("--duration 1–600 s, --floor-seconds 1–120 s, --warmup 0–60 s")
    base = args.base.rstrip("/")
    total_users = sum(args.users.values())
    load_before = load_average()
    shared = discover(base)
    classes = [JOURNEYS[kind] for kind, count in args.users.items() for _ in range(count)]
    if args.warmup:  # every gunicorn worker opens its connection and fills its caches before anything counts
        drive(base, classes + [Floor] * total_users, args.warmup, shared)

    cpu_before = time.process_time()
    mix = report(drive(base, classes, args.duration, shared))
    # The driver shares the machine's cores with the server: how much of one core it used itself.
    mix["driver_cpu_share"] = round((time.process_time() - cpu_before) / mix["seconds"], 2)

    # The floor after the journeys: its thousands of requests make gunicorn recycle its workers
    # (max_requests), which would otherwise stall the journeys' first seconds.
    floor = measure_floor(base, args.floor_seconds, total_users, shared)
    load_after = load_average()

    targets = check_targets(mix["overall"], floor)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "base": base,
        "cpus": os.cpu_count(),
        "users": args.users,
        "load_average": {"before": load_before, "after": load_after},
        "floor": floor,
        "mix": mix,
        "targets": targets,
        "accepted_reports": len(shared["claimed"]),
    }
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print_table(result)
    print(f"\n  {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0 if all(t["met"] for t in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
