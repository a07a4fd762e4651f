"""The benchmark's verdicts and tables (``bench/run.py`` measures; this module judges and prints).

A case is judged at large scale against its budget (median ms, queries; the query count must also
be the same at both scales) and, when measured at both scales, against the growth the goal allows:
large/small median ≤ ``RATIO_LIMIT`` (``Case.ratio_limit``; None leaves a case unjudged on it).
Every row also carries its ratio to the floor: ``/ping/``, the cheapest signed-in page (session, user
and middleware, no query of its own), requested by the same client in the same worker with the same
warm-up and repeat count, so "× floor" compares like with like within one run. The worker measures
it before and after the cases and keeps the lower median (a cold process and the machine's other
work only ever add to it).

Very small pages: a median of a few milliseconds moves by about a floor's worth from one run to
the next (the machine's other work, the garbage collector), so their ratio alone says little. The
ratio is taken on the medians of ``--repeat`` requests (20 by default; use more for a close call),
and a ratio above the limit counts as a miss only when the page also grew by more than the noise
allowance: the larger of the two floors' medians (small and large run), and at least ``MIN_NOISE_MS``.
A page that grows by less than serving an empty page costs is not growing with the company.

The wall clock is what the goal is about, so it alone decides. On a machine busy with other work
it swings between the small and the large run; each figure therefore also carries the process's
CPU time (``cpu_ms``; on SQLite it includes the database's work) and each row its ``cpu_ratio``,
shown beside a missed ratio, which says whether a page grew or the machine was busy.
"""

FLOOR = "floor"
MIN_NOISE_MS = 1.0


def _median(figures):
    return figures.get("median_ms") if figures and "error" not in figures else None


def ratio(small, large):
    """large/small of two medians, or None when either is missing (or the small one is 0)."""
    s, lg = _median(small), _median(large)
    return round(lg / s, 2) if s and lg is not None else None


def noise_ms(floors):
    """The growth below which a ratio is timing noise: the larger floor median, at least ``MIN_NOISE_MS``."""
    medians = [m for m in (_median(f) for f in floors.values()) if m is not None]
    return max([MIN_NOISE_MS, *medians])


def _budget_problems(budget, small, large):
    problems = []
    if "median_ms" in budget and large["median_ms"] > budget["median_ms"]:
        problems.append(f"median {large['median_ms']} ms > {budget['median_ms']} ms")
    if "queries" in budget:
        if large["queries"] > budget["queries"]:
            problems.append(f"{large['queries']} queries > {budget['queries']}")
        if small and "queries" in small and small["queries"] != large["queries"]:
            problems.append(f"query count differs: {small['queries']} small, {large['queries']} large")
    return problems


def cpu_ratio(small, large):
    """large/small of the median CPU times (``cpu_ms``), when both were measured."""
    s, lg = (small or {}).get("cpu_ms"), (large or {}).get("cpu_ms")
    return round(lg / s, 2) if s and lg is not None else None


def _ratio_problems(limit, small, large, floors):
    grown = ratio(small, large)
    if limit is None or grown is None or grown <= limit:
        return []
    growth = large["median_ms"] - small["median_ms"]
    if growth <= noise_ms(floors):
        return []
    cpu = cpu_ratio(small, large)
    return [f"ratio {grown} > {limit}" + (f" (CPU {cpu})" if cpu is not None else "")]


def check_case(case, small, large, floors=None):
    """What a case misses at large scale: its budget, a query count that grows, its large/small ratio."""
    if large is None or "error" in large:
        return [large.get("error", "not measured") if large else "not measured"]
    problems = [f"small: {small['error']}"] if small and "error" in small else []
    problems += _budget_problems(case.budget if case else {}, small, large)
    if case is not None and case.name != FLOOR:
        problems += _ratio_problems(case.ratio_limit, small, large, floors or {})
    return problems


def times_floor(figures, floor):
    """A page's median as a multiple of the floor's in the same run."""
    m, f = _median(figures), _median(floor)
    return round(m / f, 1) if m is not None and f else None


def _row(name, case, small, large, floors):
    if "large" in floors:
        problems = check_case(case, small, large, floors)
    else:  # a run of the small size alone (``--scales small``): budgets are for the large one
        problems = [f"small: {small['error']}"] if small and "error" in small else []
    return {
        "name": name,
        "persona": case.persona if case else None,
        "small": small,
        "large": large,
        "ratio": ratio(small, large),
        "cpu_ratio": cpu_ratio(small, large),
        "ratio_limit": case.ratio_limit if case else None,
        "x_floor": {scale: times_floor(figures, floors.get(scale)) for scale, figures in (("small", small), ("large", large))},
        "budget": case.budget if case else {},
        "ok": not problems,
        "problems": problems,
    }  # fmt: skip


def collect_cases(cases, per_scale, scales):
    """One row per case measured, in the order measured, with its verdict."""
    by_name = {c.name: c for c in cases}
    measured = [per_scale.get(scale, {}).get("cases", {}) for scale in scales]
    names = list(dict.fromkeys(n for figures in measured for n in figures))
    floors = {scale: per_scale[scale]["cases"].get(FLOOR) for scale in scales if scale in per_scale}
    rows = []
    for name in names:
        small = per_scale.get("small", {}).get("cases", {}).get(name)
        large = per_scale.get("large", {}).get("cases", {}).get(name)
        rows.append(_row(name, by_name.get(name), small, large, floors))
    return rows


def collect_jobs(jobs, per_scale, builds):
    """The large seed (from the build) and each timed job, with its verdict."""
    rows = []
    if "large" in builds:
        build = builds["large"]
        seed = {"name": "seed_demo --size large", "seconds": build["seed_s"], "budget_s": 300, "built_at": build["built_at"],
                "phases": [line.strip() for line in build.get("seed_output", []) if "用时" in line]}  # fmt: skip
        seed["ok"] = seed["seconds"] <= 300
        rows.append(seed)
    budgets = {j.name: j.budget_s for j in jobs}
    for name, outcome in per_scale.get("large", {}).get("jobs", {}).items():
        row = {"name": name, **outcome, "budget_s": budgets.get(name)}
        if "seconds" in outcome:
            row["ok"] = row["budget_s"] is None or outcome["seconds"] <= row["budget_s"]
        rows.append(row)
    return rows


def collect_group(cases, measured):
    """Rows of the group size: budgets only (there is no smaller run to compare with)."""
    by_name = {c.name: c for c in cases}
    floor = measured["cases"].get(FLOOR)
    rows = []
    for name, figures in measured["cases"].items():
        case = by_name[name]
        problems = check_case(case, None, figures)
        rows.append({"name": name, "persona": case.persona, "group": figures, "budget": case.budget,
                     "x_floor": times_floor(figures, floor), "ok": not problems, "problems": problems})  # fmt: skip
    return rows


# ---------------------------------------------------------------- tables


def _verdict(row):
    if not row["ok"]:
        return "MISS: " + "; ".join(row["problems"])
    return "ok" if row["budget"] or row.get("ratio_limit") else "—"


def _cells(figures):
    if "median_ms" in figures:
        return f"{figures['median_ms']:>9.1f} {figures['p95_ms']:>7.1f} {figures['queries']:>3}"
    return f"{figures.get('error', '—'):>21}"


def _number(value, width, digits):
    return f"{value:>{width}.{digits}f}" if value is not None else f"{'—':>{width}}"


def table(results):
    """The pages (small │ large │ ratio, × floor at large scale, verdict), then the jobs."""
    head = f"{'page':<34} {'small ms':>9} {'p95':>7} {'q':>3} │ {'large ms':>9} {'p95':>7} {'q':>3} │ {'ratio':>5} {'×floor':>6}  verdict"
    lines = [head, "─" * len(head)]
    for row in results["cases"]:
        cells = " │ ".join(_cells(row.get(scale) or {}) for scale in ("small", "large"))
        x_floor = (row.get("x_floor") or {}).get("large")
        lines.append(
            f"{row['name']:<34} {cells} │ {_number(row['ratio'], 5, 2)} {_number(x_floor, 6, 1)}  {_verdict(row)}"
        )
    lines.append("")
    lines.extend(_job_lines(results["jobs"]))
    return "\n".join(lines)


def _job_lines(jobs):
    lines = []
    for job in jobs:
        if "skipped" in job:
            lines.append(f"{job['name']:<34} skipped: {job['skipped']}")
            continue
        budget = f" (budget {job['budget_s']} s)" if job.get("budget_s") else ""
        verdict = "" if job.get("budget_s") is None else ("  ok" if job["ok"] else "  MISS")
        skip = ("name", "seconds", "budget_s", "ok", "phases")
        details = ", ".join(f"{k}={v}" for k, v in job.items() if k not in skip)
        lines.append(f"{job['name']:<34} {job['seconds']:>8.1f} s{budget}{verdict}  {details}")
        lines.extend(f"{'':<36}{phase}" for phase in job.get("phases", ()))
    return lines


def table_group(results):
    head = f"{'page':<44} {'persona':>8} {'ms':>8} {'p95':>7} {'q':>3} {'×floor':>6}  budget"
    lines = [head, "─" * len(head)]
    for row in results["cases"]:
        g = row["group"] or {}
        cells = (
            f"{g['median_ms']:>8.1f} {g['p95_ms']:>7.1f} {g['queries']:>3}"
            if "median_ms" in g
            else f"{g.get('error', '—'):>20}"
        )
        lines.append(
            f"{row['name']:<44} {row['persona']:>8} {cells} {_number(row.get('x_floor'), 6, 1)}  {_verdict(row)}"
        )
    return "\n".join(lines)
