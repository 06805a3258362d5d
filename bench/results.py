"""bench/RESULTS.md from the report dict bench/run.py collects (also saved as var/bench/report.json).

Pure functions (no Django, no I/O besides `write`), so the table and the targets are unit-tested.
"""

from pathlib import Path

# The targets. "scenario" names refer to bench/scenarios.toml; pages not on this build show as such.
UNCACHED_PAGES = ["home", "category", "article"]
# Cache-hit stand-ins, the first judged against the target, the others shown beside it.
CACHE_SERVERS = ["sitecache", "sitecache-early"]
CACHE_HIT = {"rps": 1500, "p99_ms": 60}
EDGE_RPS = 20_000
UNCACHED = {"rps": 150, "p95_ms": 50}
SEARCH_P95_MS = 100
SWEEP_SECONDS = 10
SWEEP_IDLE_MS = 100
# "The merge of a portal with 10,000 articles": the issue names no number; judged against "well under a minute".
MERGE_TARGET = "Merge of a portal with 10,000 articles (no number in the issue; here ≤ 60 s)"
MERGE_SECONDS = 60


def _fmt(value, digits=0, suffix=""):
    if value is None:
        return "—"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}{suffix}"
    if isinstance(value, int | float):
        return f"{value:,.0f}{suffix}"
    return f"{value}{suffix}"


def find_run(report, scenario, server, cache="warm"):
    for run in report.get("runs", []):
        if run["scenario"] == scenario and run["server"] == server and run.get("cache", "warm") == cache:
            return run
    return None


def find_latency(report, scenario, scale):
    for row in report.get("latency", []):
        if row["scenario"] == scenario and row["scale"] == scale:
            return row
    return None


def _status(ok):
    return "met" if ok else "**missed**"


def evaluate_targets(report):
    """[(target, measured, status, note)] for the issue's targets; status is met / **missed** / not measured."""
    rows = []
    why = report.get("why", {})
    scale = report.get("load_scale", "100k")

    hits = [r for r in (find_run(report, "home", server) for server in CACHE_SERVERS) if r]
    if hits:
        measured = "; ".join(f"{r['rps']:,.0f} req/s, p99 {r['p99_ms']:.1f} ms ({r['server']})" for r in hits)
        ok = hits[0]["rps"] >= CACHE_HIT["rps"] and hits[0]["p99_ms"] <= CACHE_HIT["p99_ms"]
        rows.append(
            (
                "Cache hit ≥ 1,500 req/s, p99 ≤ 60 ms",
                f"home: {measured}",
                _status(ok),
                why.get("cache_hit", ""),
            )
        )
    else:
        rows.append(("Cache hit ≥ 1,500 req/s, p99 ≤ 60 ms", "—", "not measured", why.get("cache_hit", "")))

    edge = [r for r in report.get("runs", []) if r["server"] == "edge" and r.get("cache") == "warm"]
    if edge:
        best = max(edge, key=lambda r: r["rps"])
        rows.append(
            (
                "Edge (nginx micro-cache) ≥ 20,000 req/s",
                f"{best['rps']:,.0f} req/s, p99 {best['p99_ms']:.1f} ms ({best['scenario']})",
                _status(best["rps"] >= EDGE_RPS),
                why.get("edge", ""),
            )
        )
    else:
        rows.append(("Edge (nginx micro-cache) ≥ 20,000 req/s", "—", "not measured", why.get("edge", "")))

    for page in UNCACHED_PAGES:
        label = f"Uncached {page} at {scale}: ≥ 150 req/s, single-request p95 ≤ 50 ms"
        run = find_run(report, page, "sync2")
        lat = find_latency(report, page, scale)
        if not run and not lat:
            rows.append((label, "—", "not on this build", ""))
            continue
        parts, ok = [], True
        if run:
            parts.append(f"{run['rps']:,.0f} req/s (sync2)")
            ok = ok and run["rps"] >= UNCACHED["rps"]
        if lat:
            parts.append(f"p95 {lat['p95_ms']:.1f} ms")
            ok = ok and lat["p95_ms"] <= UNCACHED["p95_ms"]
        rows.append((label, ", ".join(parts), _status(ok), why.get(f"uncached_{page}", "")))
        big = find_latency(report, page, "1m")
        if lat and big:
            ratio = big["p95_ms"] / lat["p95_ms"] if lat["p95_ms"] else 0
            rows.append(
                (
                    f"{page} at 1M no worse than 1.5× {scale}",
                    f"p95 {big['p95_ms']:.1f} ms vs {lat['p95_ms']:.1f} ms ({ratio:.2f}×)",
                    _status(ratio <= 1.5),
                    why.get(f"scale_{page}", ""),
                )
            )

    search = find_latency(report, "search", "1m")
    if search:
        rows.append(
            (
                "Search single-request p95 ≤ 100 ms at 1M",
                f"p95 {search['p95_ms']:.1f} ms",
                _status(search["p95_ms"] <= SEARCH_P95_MS),
                why.get("search", ""),
            )
        )
    elif find_latency(report, "search", scale):
        lat = find_latency(report, "search", scale)
        rows.append(
            (
                "Search single-request p95 ≤ 100 ms at 1M",
                f"1M not in this run; at {scale}: p95 {lat['p95_ms']:.1f} ms",
                "not measured",
                why.get("search", ""),
            )
        )
    else:
        rows.append(("Search single-request p95 ≤ 100 ms at 1M", "—", "not on this build", ""))

    sweep = [c for c in report.get("commands", []) if c["scenario"] == "deadline-sweep"]
    if sweep:
        first = sweep[0]
        ok = first["seconds"] <= SWEEP_SECONDS and (first.get("idle_ms") or 0) <= SWEEP_IDLE_MS
        rows.append(
            (
                "Deadline sweep ≤ 10 s (100k open), idle sweep ≤ 100 ms",
                f"{first['seconds']:.2f} s, idle {_fmt(first.get('idle_ms'), 1, ' ms')}, "
                f"peak RSS {_fmt(first.get('peak_rss_mb'), 0, ' MB')}",
                _status(ok),
                why.get("sweep", ""),
            )
        )
    else:
        rows.append(("Deadline sweep ≤ 10 s (100k open), idle sweep ≤ 100 ms", "—", "not on this build", ""))

    merge = [c for c in report.get("commands", []) if c["scenario"] == "merge-portal"]
    if merge:
        first = merge[0]
        rows.append(
            (
                MERGE_TARGET,
                f"{first['seconds']:.2f} s, {_fmt(first.get('queries'))} SQL, "
                f"peak RSS {_fmt(first.get('peak_rss_mb'), 0, ' MB')}; re-run {_fmt(first.get('idle_ms'), 1, ' ms')}",
                _status(first["seconds"] <= MERGE_SECONDS),
                why.get("merge", ""),
            )
        )
    else:
        rows.append((MERGE_TARGET, "—", "not on this build", ""))

    runs = report.get("runs", [])
    if runs:
        failing = [f"{r['scenario']}/{r['server']}" for r in runs if r["errors"]]
        rows.append(
            (
                "Zero errors under load",
                "0 errors in every run" if not failing else "errors in " + ", ".join(failing),
                _status(not failing),
                why.get("errors", ""),
            )
        )
    growth = report.get("query_growth")
    if growth is not None:
        # A count that rises with the scale is growth; a different count at a larger scale can also come from
        # the sampled row (a search whose words match no article makes one query fewer): only rises are flagged.
        order = {"tiny": 0, "10k": 1, "100k": 2, "1m": 3}
        grown = []
        for name, counts in growth.items():
            seen = [counts[s] for s in sorted(counts, key=lambda s: order.get(s, 9)) if counts[s] is not None]
            if any(later > earlier for earlier, later in zip(seen, seen[1:], strict=False)):
                grown.append(name + " (" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
        rows.append(
            (
                "No page's query count grows with data size",
                "no count rises with the scale" if not grown else "grows: " + "; ".join(grown),
                _status(not grown),
                "",
            )
        )
    # The "why" column explains misses; a met target needs no excuse.
    return [(target, measured, status, "" if status == "met" else note) for target, measured, status, note in rows]


def _table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |")
    return "\n".join(out)


def render_markdown(report):
    lines = ["# Benchmark results", ""]
    lines.append(
        "Produced by `make bench` (bench/run.py) — do not edit by hand; rerun instead. How to read and extend it: "
        "bench/README.md."
    )
    lines.append("")
    lines.append(f"- Date: {report.get('date', '—')}")
    machine = report.get("machine", {})
    lines.append(
        f"- Machine: {machine.get('cpu', '—')}, {machine.get('nproc', '—')} cores, "
        f"{machine.get('memory', '—')} memory, {machine.get('os', '—')}"
    )
    versions = report.get("versions", {})
    if versions:
        lines.append("- Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    wrk = report.get("wrk", {})
    if wrk:
        lines.append(
            f"- Load: wrk -t{wrk.get('threads')} -c{wrk.get('connections')} -d{wrk.get('duration')}s, "
            f"all traffic to 127.0.0.1; data scale of the load runs: {report.get('load_scale', '—')}"
        )
    for note in report.get("notes", []):
        lines.append(f"- {note}")
    lines.append("")

    gens = report.get("generation", [])
    if gens:
        lines += ["## Data sets", ""]
        rows = []
        for g in gens:
            counts = g.get("rows", {})
            rows.append(
                (
                    g["scale"],
                    ", ".join(f"{k.split('.')[-1]} {v:,}" for k, v in counts.items()),
                    _fmt(g.get("seconds"), 1, " s"),
                    _fmt(g.get("rows_per_s")),
                    _fmt(g.get("load_rows_per_s")),
                    g.get("method", ""),
                    g.get("database_size", "—"),
                    "reused" if g.get("reused") else "generated now",
                )
            )
        lines.append(
            _table(
                ["scale", "rows", "time", "rows/s overall", "rows/s load", "method", "database size", "this run"],
                rows,
            )
        )
        lines.append("")
        warmed = [w for w in report.get("prewarm", []) if w]
        if warmed:
            lines.append(
                "Before measuring, each data set was loaded into PostgreSQL's shared buffers (bench/pgserver.py: a "
                "running server has them there): "
                + ", ".join(f"{w['database']} {w['mb']:,} MB in {w['seconds']} s" for w in warmed)
                + "."
            )
            lines.append("")

    runs = report.get("runs", [])
    if runs:
        lines += ["## Load runs", ""]
        lines.append(
            "Errors = non-2xx/3xx responses + socket errors (connect, read, write, timeout). SQL = queries of one "
            "warm request (Django test client, CaptureQueriesContext). RSS = largest gunicorn worker after the run."
        )
        lines.append("")
        rows = []
        for r in runs:
            rows.append(
                (
                    r["scenario"],
                    r["server"],
                    r.get("cache", "warm"),
                    _fmt(r["rps"]),
                    _fmt(r["p50_ms"], 1),
                    _fmt(r["p99_ms"], 1),
                    _fmt(r["errors"]),
                    _fmt(r.get("queries")),
                    _fmt(r.get("rss_mb"), 0, " MB") if r.get("rss_mb") else "—",
                    r.get("note", ""),
                )
            )
        lines.append(
            _table(
                ["scenario", "server", "cache", "req/s", "p50 ms", "p99 ms", "errors", "SQL", "worker RSS", "note"],
                rows,
            )
        )
        lines.append("")

    latency = report.get("latency", [])
    if latency:
        lines += ["## Single-request latency by data scale", ""]
        lines.append("One client, one request at a time (http.client, new connection each), after a warm-up.")
        lines.append("")
        rows = [
            (
                r["scenario"],
                r["scale"],
                _fmt(r["n"]),
                _fmt(r["p50_ms"], 1),
                _fmt(r["p95_ms"], 1),
                _fmt(r.get("errors", 0)),
                _fmt(r.get("queries")),
            )
            for r in latency
        ]
        lines.append(_table(["scenario", "scale", "requests", "p50 ms", "p95 ms", "errors", "SQL"], rows))
        lines.append("")

    commands = report.get("commands", [])
    if commands:
        lines += ["## Commands", ""]
        rows = [
            (
                c["scenario"],
                c["scale"],
                _fmt(c["seconds"], 2, " s"),
                _fmt(c.get("queries")),
                _fmt(c.get("peak_rss_mb"), 0, " MB"),
                _fmt(c.get("idle_ms"), 1, " ms"),
            )
            for c in commands
        ]
        lines.append(_table(["command", "scale", "time", "SQL", "peak RSS", "idle run"], rows))
        lines.append("")

    queries = report.get("queries", {})
    if queries:
        lines += ["## SQL queries per request", ""]
        rows = []
        for name, q in queries.items():
            flag = ""
            if q.get("expected") is not None and q.get("warm") is not None and q["warm"] != q["expected"]:
                flag = f"expected {q['expected']}"
            rows.append((name, q.get("path", ""), q.get("status", "—"), _fmt(q.get("cold")), _fmt(q.get("warm")), flag))
        lines.append(_table(["scenario", "path", "status", "cold cache", "warm cache", "flag"], rows))
        lines.append("")

    unavailable = report.get("unavailable", [])
    if unavailable:
        lines += ["## Not available on this build", ""]
        lines += [f"- {u['scenario']}: {u['reason']}" for u in unavailable]
        lines.append("")

    editor = report.get("editor")
    if editor:
        lines += ["## Editor during the mixed run", ""]
        lines.append(
            f"{editor.get('steps', 0)} steps ({editor.get('updated', 0)} updates, {editor.get('published', 0)} "
            f"publications, {editor.get('errors', 0)} errors); step p50 {_fmt(editor.get('step_p50_ms'), 1, ' ms')}, "
            f"max {_fmt(editor.get('step_max_ms'), 1, ' ms')}."
        )
        lines.append("")

    lines += ["## Targets", ""]
    lines.append(
        _table(["target (issue 7)", "measured", "status", "why / what would fix it"], evaluate_targets(report))
    )
    lines.append("")

    for title, body in report.get("sections", []):
        lines += [f"## {title}", "", body.rstrip(), ""]

    profiles = report.get("profiles", {})
    if profiles:
        lines += ["## Profiles", ""]
        for name, text in profiles.items():
            lines += [f"### {name}", "", "```", text.rstrip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def write(report, path):
    Path(path).write_text(render_markdown(report), encoding="utf-8")
