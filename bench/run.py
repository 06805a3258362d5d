"""The benchmark harness behind `make bench`: data sets, servers, wrk runs, latency loops, RESULTS.md.

    .venv/bin/python -m bench.run [--quick] [--only home,search] [--scales 10k,100k] [--duration 20]
                                  [--output bench/RESULTS.md] [--note "..."]

Everything runs natively on this machine and talks only to 127.0.0.1: PostgreSQL (databases bench_<scale>,
created and filled by bench/generate.py when missing or stale), Redis db 6 (BENCH_REDIS_DB), gunicorn started
here for each server profile of bench/scenarios.toml, nginx started here with deploy/nginx/portal.conf rendered
by bench/nginx.py, wrk with bench/wrk.lua. Every loop is bounded in count and time; every process started here
is stopped here (by its own process group id).
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus

from . import pgserver, results
from .generate import SCALES

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VAR = ROOT / "var" / "bench"
# Subprocesses use the interpreter running the harness (make bench: .venv) and the tools installed beside it.
PY = sys.executable
BIN = Path(sys.executable).parent
GUNICORN = str(BIN / "gunicorn")
# The server measured: bench/pgserver.py's own cluster when this machine can run it (set by main()), else BENCH_PG.
PG_BASE = os.environ.get("BENCH_PG") or (
    f"postgres://postgres@127.0.0.1:{pgserver.PORT}" if pgserver.available() else "postgres://postgres@127.0.0.1:5432"
)
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "6"))
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PLACEHOLDERS = {
    "portal_prefix",
    "portal_slug",
    "category_id",
    "category_slug",
    "article_id",
    "article_slug",
    "article_year",
    "article_category_slug",
    "doc_id",
    "doc_slug",
    "query",
    "query_unaccented",
}
LOAD_KINDS_EXTRA = {"edge", "mixed"}


def log(message):
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# --- Configuration ---------------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    paths: list = field(default_factory=list)
    sample: str | None = None
    host: str = "province"
    expect_queries: int | None = None
    load: list = field(default_factory=lambda: ["sync2"])
    cold: bool | list = False
    latency: list = field(default_factory=list)
    scale: str | None = None
    needs: str | None = None
    command: list | None = None
    setup: str | None = None
    teardown: str | None = None


@dataclass
class Config:
    defaults: dict
    servers: dict
    scenarios: list


def load_config(path=BENCH / "scenarios.toml"):
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    defaults = data.get("defaults", {})
    servers = data.get("servers", {})
    scenarios, seen = [], set()
    for raw in data.get("scenario", []):
        unknown = set(raw) - set(Scenario.__dataclass_fields__)
        if unknown:
            raise ValueError(f"scenario {raw.get('name')!r}: unknown fields {sorted(unknown)}")
        scenario = Scenario(**raw)
        if scenario.name in seen:
            raise ValueError(f"scenario name {scenario.name!r} used twice")
        seen.add(scenario.name)
        if not scenario.paths and not scenario.command:
            raise ValueError(f"scenario {scenario.name!r} needs paths or command")
        for kind in scenario.load:
            if kind not in servers and kind not in LOAD_KINDS_EXTRA:
                raise ValueError(f"scenario {scenario.name!r}: unknown load {kind!r}")
        for scale in [*scenario.latency, scenario.scale or defaults.get("scale", "100k")]:
            if scale not in SCALES:
                raise ValueError(f"scenario {scenario.name!r}: unknown scale {scale!r} (bench/generate.py SCALES)")
        for template in scenario.paths:
            names = set(re.findall(r"{(\w+)}", template))
            if names - PLACEHOLDERS:
                raise ValueError(f"scenario {scenario.name!r}: unknown placeholders {sorted(names - PLACEHOLDERS)}")
            if names - {"portal_prefix", "portal_slug"} and not scenario.sample:
                raise ValueError(f"scenario {scenario.name!r}: placeholders need `sample`")
        scenarios.append(scenario)
    return Config(defaults, servers, scenarios)


# --- Processes -------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def db_name(scale):
    # BENCH_DB_PREFIX lets two checkouts keep separate data sets (e.g. bench_search_100k) on one server.
    return f"{os.environ.get('BENCH_DB_PREFIX', 'bench')}_{scale}"


def site_env(scale, settings="portal.settings", **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=f"{PG_BASE}/{db_name(scale)}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="bench",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz",
        # As production sets it (README): the province domain and its subdomains.
        ALLOWED_HOSTS="127.0.0.1,localhost,.camau.gov.vn",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(VAR / "static"),
        MEDIA_ROOT=str(VAR / "media"),
        VAR_DIR=str(VAR / "var"),
        LOG_LEVEL="WARNING",
        EMAIL_URL="dummymail://",  # nothing a benchmark triggers may reach a mail server
        CONN_MAX_AGE="600",
        PYTHONDONTWRITEBYTECODE="1",
        # Uncached profiles measure Django rendering pages; the `sitecache` profile (bench.settings_pagecache)
        # turns the public site's own page cache (portal/cache.py) back on.
        PORTAL_PAGE_CACHE="0",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(cmd, *, env=None, timeout=600, check=True):
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def stop_group(proc, timeout=15):
    """Stop a process started here with start_new_session=True, and its children, by its group id."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def wait_http(port, path="/healthz", host="127.0.0.1", timeout=40, expect=(200,)):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            status, _headers, _body = http_get(port, path, host)
            if status in expect:
                return True
            last = status
        except OSError as exc:
            last = exc
        time.sleep(0.25)
    raise RuntimeError(f"127.0.0.1:{port}{path} not ready after {timeout}s (last: {last})")


def http_get(port, path, host, headers=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(scale, profile, server_def, *, flush=True):
    worker_class, workers, threads, settings = server_def
    port = free_port()
    if flush:
        flush_redis()
    logfile = open(VAR / f"gunicorn-{profile}.log", "ab")  # noqa: SIM115 (closed below)
    cmd = [
        GUNICORN,
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--timeout",
        "30",
    ]
    proc = subprocess.Popen(
        cmd, env=site_env(scale, settings), cwd=ROOT, stdout=logfile, stderr=logfile, start_new_session=True
    )
    try:
        wait_http(port)
        yield proc, port
    finally:
        stop_group(proc)
        logfile.close()


def worker_rss_mb(master_pid):
    """Largest resident set of the master's worker processes, in MB (read from /proc)."""
    largest = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != master_pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
        except (OSError, ValueError, IndexError):
            continue
    return round(largest / 1024, 1) if largest else None


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# --- Data ------------------------------------------------------------------------------------------


def pg(dbname="postgres"):
    import psycopg2

    conn = psycopg2.connect(f"{PG_BASE}/{dbname}")
    conn.autocommit = True
    return conn


def _code_fingerprint():
    """Generator version + migrations: a data set made by another version (or schema) is regenerated."""
    import hashlib

    from .generate import GENERATOR_VERSION

    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(path.read_bytes())
    return f"v{GENERATOR_VERSION}-{digest.hexdigest()[:12]}"


def ensure_database(scale):
    """Create, migrate and fill bench_<scale> unless it already holds this generator's data set."""
    name = db_name(scale)
    fingerprint = f"bench-generate {scale} {_code_fingerprint()}"
    with contextlib.closing(pg()) as conn, conn.cursor() as cur:
        cur.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cur.fetchone()
        if row is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    stats_file = VAR / f"generate-{scale}.json"
    if row and row[0] == fingerprint and stats_file.exists():
        stats = json.loads(stats_file.read_text())
        stats["reused"] = True
        log(f"data set {scale}: reusing {name}")
    else:
        env = site_env(scale)
        log(f"data set {scale}: migrating {name}")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env, timeout=600)
        log(f"data set {scale}: generating (bench/generate.py)")
        out = run(
            [PY, "-m", "bench.generate", "--scale", scale, "--reset", "--json", str(stats_file)], env=env, timeout=3600
        )
        log(out.stdout.strip())
        with contextlib.closing(pg()) as conn, conn.cursor() as cur:
            cur.execute(f'COMMENT ON DATABASE "{name}" IS %s', [fingerprint])
        stats = json.loads(stats_file.read_text())
        stats["reused"] = False
    with contextlib.closing(pg()) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name])
        stats["database_size"] = cur.fetchone()[0]
    stats["scale"] = scale
    return stats


def sample_rows(scale, kind, n=500, seed=11):
    """Rows filling the path placeholders, drawn from published content of the data set."""
    from components.text import unaccent

    prefix = "CASE WHEN p.parent_id IS NULL THEN '' ELSE '/web/' || p.slug END"
    queries = {
        "portal": f"SELECT {prefix} AS portal_prefix, p.slug AS portal_slug FROM components_portal p "
        "WHERE p.parent_id IS NOT NULL AND p.status = 'active' AND p.domain IS NULL",
        "category": f"SELECT {prefix} AS portal_prefix, p.slug AS portal_slug, c.id AS category_id, "
        "c.slug AS category_slug FROM editorial_category c JOIN components_portal p ON p.id = c.portal_id "
        "WHERE c.is_active",
        "article": f"SELECT {prefix} AS portal_prefix, p.slug AS portal_slug, a.id AS article_id, "
        "a.slug AS article_slug, EXTRACT(YEAR FROM a.published_at)::int AS article_year, c.id AS category_id, "
        "c.slug AS category_slug, c.slug AS article_category_slug "
        "FROM editorial_article a JOIN components_portal p ON p.id = a.portal_id "
        "JOIN editorial_category c ON c.id = a.category_id WHERE a.state = 'published' "
        "AND a.published_at <= now() AND (a.expire_at IS NULL OR a.expire_at > now()) AND a.language = 'vi'",
        "legaldoc": f"SELECT {prefix} AS portal_prefix, p.slug AS portal_slug, d.id AS doc_id, d.slug AS doc_slug "
        "FROM editorial_legaldocument d JOIN components_portal p ON p.id = d.portal_id "
        "WHERE d.state = 'published'",
        "query": "SELECT a.title FROM editorial_article a WHERE a.state = 'published' AND a.language = 'vi'",
    }
    with contextlib.closing(pg(db_name(scale))) as conn, conn.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [seed / 100])
        cur.execute(f"SELECT * FROM ({queries[kind]}) s ORDER BY random() LIMIT %s", [n])
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]
    if kind == "query":
        rng = random.Random(seed)
        out = []
        for row in rows:
            words = [w for w in row["title"].split() if len(w) > 1 and not w.endswith(":")]
            k = rng.randint(2, 3)
            start = rng.randint(0, max(0, len(words) - k))
            query = " ".join(words[start : start + k])
            out.append({"query": query, "query_unaccented": unaccent(query).lower()})
        rows = out
    return rows


def expand_paths(scenario, scale, limit=500):
    if not scenario.sample:
        return list(scenario.paths)
    rows = sample_rows(scale, scenario.sample, n=limit)
    if not rows:
        return []
    paths = []
    for row in rows:
        values = {k: (quote_plus(str(v)) if k.startswith("query") else str(v)) for k, v in row.items()}
        for template in scenario.paths:
            paths.append(template.format(**values))
    return paths


def host_for(scenario, scale):
    if scenario.host == "department":
        with contextlib.closing(pg(db_name(scale))) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT domain FROM components_portal WHERE kind = 'department' AND domain IS NOT NULL "
                "AND status = 'active' ORDER BY sort_order LIMIT 1"
            )
            return cur.fetchone()[0]
    with contextlib.closing(pg(db_name(scale))) as conn, conn.cursor() as cur:
        cur.execute("SELECT domain FROM components_portal WHERE parent_id IS NULL ORDER BY tree_id LIMIT 1")
        return cur.fetchone()[0]


# --- Measurements ----------------------------------------------------------------------------------


def run_wrk(port, paths_file, host, *, duration, threads, connections, headers=None):
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "-H",
        f"Host: {host}",
        "-s",
        str(BENCH / "wrk.lua"),
    ]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    cmd += [f"http://127.0.0.1:{port}", "--", str(paths_file)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    match = re.search(r"^BENCH_JSON (.*)$", result.stdout, re.M)
    if not match:
        raise RuntimeError(f"wrk gave no summary:\n{result.stdout}\n{result.stderr}")
    data = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    data["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    seconds = data["duration_us"] / 1e6
    socket_errors = data["connect"] + data["read"] + data["write"] + data["timeout"]
    return {
        "rps": round(data["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "requests": data["requests"],
        "non2xx": data["non2xx"],
        "socket_errors": socket_errors,
        "errors": data["non2xx"] + socket_errors,
    }


def single_latency(port, host, paths, n, warmup, max_seconds=120):
    for path in paths[: max(1, warmup)]:
        with contextlib.suppress(OSError):
            http_get(port, path, host, timeout=60)
    timings, errors = [], 0
    deadline = time.monotonic() + max_seconds
    for i in range(n):
        if time.monotonic() > deadline:
            break
        path = paths[i % len(paths)]
        started = time.perf_counter()
        try:
            status, _h, _b = http_get(port, path, host)
            if status >= 400:
                errors += 1
        except OSError:
            errors += 1
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "n": len(timings),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "errors": errors,
    }


def query_counts(scale, scenarios, hosts, paths):
    payload = [{"name": s.name, "host": hosts[s.name], "paths": paths[s.name][:1]} for s in scenarios]
    infile, outfile = VAR / f"queries-in-{scale}.json", VAR / f"queries-{scale}.json"
    infile.write_text(json.dumps(payload, ensure_ascii=False))
    run([PY, "-m", "bench.inproc", "queries", str(infile), str(outfile)], env=site_env(scale), timeout=300)
    return json.loads(outfile.read_text())


def callable_exists(scale, spec):
    result = run([PY, "-m", "bench.inproc", "callable", spec], env=site_env(scale), check=False, timeout=120)
    return result.returncode == 0


@contextlib.contextmanager
def nginx(upstream_port):
    from .nginx import render

    port = free_port()
    directory = VAR / "nginx"
    shutil.rmtree(directory / "cache", ignore_errors=True)
    conf = render(
        upstream=f"127.0.0.1:{upstream_port}",
        listen=f"127.0.0.1:{port}",
        directory=directory,
        static_root=VAR / "static",
        media_root=VAR / "media",
    )
    (VAR / "media").mkdir(parents=True, exist_ok=True)
    run(["nginx", "-t", "-c", str(conf), "-p", str(directory)], timeout=30)
    logfile = open(directory / "nginx.out", "ab")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(directory)], stdout=logfile, stderr=logfile, start_new_session=True
    )
    try:
        wait_http(port, "/nginx-health")
        yield proc, port
    finally:
        # nginx's master stops its workers on SIGQUIT/SIGTERM; stop_group covers both.
        stop_group(proc)
        logfile.close()


def worker_pids(master_pid):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master_pid:
                    pids.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return sorted(pids)


def summarize_pyspy(raw_lines, top=30, top_self=15):
    """Inclusive and self share of samples per function from py-spy's raw (collapsed) output."""
    inclusive, own, total = {}, {}, 0
    for line in raw_lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        total += count
        seen, key = set(), None
        for frame in stack.split(";"):
            name, _, where = frame.partition(" (")
            path = where.rstrip(")").split(":")[0]
            if path.startswith("gunicorn/") or "/gunicorn/" in path or name == "<module>":
                continue  # the worker loop itself: 100 % everywhere, says nothing
            key = f"{name} ({'/'.join(path.split('/')[-2:])})"
            if key not in seen:
                seen.add(key)
                inclusive[key] = inclusive.get(key, 0) + count
        if key:
            own[key] = own.get(key, 0) + count
    if not total:
        return "no samples"
    lines = [f"{total} samples of one gunicorn worker (py-spy, 100 Hz); inclusive share per function:"]
    ranked = sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]
    lines += [f"{count / total * 100:5.1f}%  {key}" for key, count in ranked]
    lines.append("self (the function itself was on CPU):")
    ranked = sorted(own.items(), key=lambda kv: -kv[1])[:top_self]
    lines += [f"{count / total * 100:5.1f}%  {key}" for key, count in ranked]
    return "\n".join(lines)


def pyspy_profile(master_pid, port, paths_file, host, seconds=8):
    """Profile one worker with py-spy while wrk loads the server; None when py-spy cannot attach."""
    spy = str(BIN / "py-spy") if (BIN / "py-spy").exists() else shutil.which("py-spy") or ""
    pids = worker_pids(master_pid)
    if not pids or not spy:
        return None
    raw = VAR / "pyspy.txt"
    raw.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [spy, "record", "-d", str(seconds), "-r", "100", "-f", "raw", "-o", str(raw), "-p", str(pids[0])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        run_wrk(port, paths_file, host, duration=seconds, threads=2, connections=10)
        proc.wait(timeout=seconds + 30)
    finally:
        stop_group(proc)
    if not raw.exists():
        return None
    return summarize_pyspy(raw.read_text().splitlines())


def machine_info():
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    return {"cpu": cpu, "nproc": os.cpu_count(), "memory": memory, "os": platform.platform(terse=True)}


def versions():
    def out(cmd, pattern=r"([\d.]+)"):
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return "not installed"
        match = re.search(pattern, result.stdout + result.stderr)
        return match.group(1) if match else "?"

    import django
    import gunicorn as gunicorn_pkg

    with contextlib.closing(pg()) as conn, conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg_version = cur.fetchone()[0].split()[0]
    import redis

    redis_version = redis.Redis.from_url(REDIS_URL).info("server").get("redis_version", "?")
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": gunicorn_pkg.__version__,
        "PostgreSQL": f"{pg_version} ({pgserver.settings_line(PG_BASE)})",
        "Redis": redis_version,
        "nginx": out(["nginx", "-v"], r"nginx/([\d.]+)"),
        "wrk": out(["wrk", "-v"], r"wrk (\S+)"),
    }


# --- The run ---------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description="run the benchmark set and write bench/RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="10k data, 3 s runs, few requests (development)")
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument("--scales", help="comma-separated data scales for the latency loops (default: all listed)")
    parser.add_argument("--scale", help="data scale of the load runs (default: scenarios.toml defaults.scale)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run")
    parser.add_argument("--latency-requests", type=int, help="single-request loop length per scenario and scale")
    parser.add_argument("--output", help="where to write the results (default bench/RESULTS.md)")
    parser.add_argument("--note", action="append", default=[], help="a line added to the results header")
    parser.add_argument("--scenarios", default=str(BENCH / "scenarios.toml"), help="scenario file to use")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profiles of missed targets")
    parser.add_argument(
        "--render",
        metavar="REPORT_JSON",
        help="only rewrite the results from a saved report (var/bench/report.json) with the current "
        "bench/analysis.md and bench/why.toml",
    )
    args = parser.parse_args(argv)

    if args.render:
        report = json.loads(Path(args.render).read_text(encoding="utf-8"))
        _attach_notes(report, quick=False)
        output = Path(args.output) if args.output else BENCH / "RESULTS.md"
        results.write(report, output)
        log(f"wrote {output}")
        return

    with pgserver.server(log) as url:
        global PG_BASE
        PG_BASE = url
        _measure(args)


def _measure(args):
    """Everything `make bench` measures, against the PostgreSQL server at PG_BASE."""
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed: apt-get install -y wrk nginx-light (make bench does it when root)")
    VAR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))

    config = load_config(args.scenarios)
    defaults = dict(config.defaults)
    if args.quick:
        defaults.update(scale="10k", duration=3, latency_requests=40, warmup_requests=5)
    if args.duration:
        defaults["duration"] = args.duration
    if args.latency_requests:
        defaults["latency_requests"] = args.latency_requests
        defaults["warmup_requests"] = min(defaults["warmup_requests"], max(1, args.latency_requests // 10))
    if args.scale:
        defaults["scale"] = args.scale
    scenarios = config.scenarios
    if args.only:
        wanted = set(args.only.split(","))
        scenarios = [s for s in scenarios if s.name in wanted]
    latency_scales = args.scales.split(",") if args.scales else None
    if args.quick and not latency_scales:
        latency_scales = ["10k"]

    started = time.monotonic()
    load_before = os.getloadavg()
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
        "versions": versions(),
        "load_scale": defaults["scale"],
        "wrk": {k: defaults[k] for k in ("threads", "connections", "duration")},
        "notes": list(args.note),
        "generation": [],
        "runs": [],
        "latency": [],
        "commands": [],
        "queries": {},
        "unavailable": [],
        "why": {},
        "sections": [],
        "profiles": {},
    }
    if args.quick:
        report["notes"].append("QUICK development run (3 s runs, 10k articles): not a measurement to quote.")

    page_scenarios = [s for s in scenarios if s.paths]
    command_scenarios = [s for s in scenarios if s.command]

    def scenario_scale(s):
        return s.scale or defaults["scale"]

    def wanted_latency(s):
        return [x for x in s.latency if latency_scales is None or x in latency_scales]

    needed = {scenario_scale(s) for s in page_scenarios if s.load}
    for s in scenarios:
        needed.update(wanted_latency(s))
    order = [name for name in SCALES if name in needed]
    for scale in order:
        report["generation"].append(ensure_database(scale))
    # A running province's server has its data in shared buffers; this run's server was just started.
    report["prewarm"] = [pgserver.prewarm(PG_BASE, db_name(scale), log) for scale in order]

    manifest = VAR / "static" / "staticfiles.json"
    sources = [p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()]
    if order and (not manifest.exists() or max(sources, default=0) > manifest.stat().st_mtime):
        log("collectstatic")
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=site_env(order[0]), timeout=600)

    # Paths, hosts, availability and query counts per scale.
    paths, hosts, available, counts_by_scale = {}, {}, {}, {}
    for scale in order:
        in_scale = [s for s in page_scenarios if scenario_scale(s) == scale or scale in wanted_latency(s)]
        ready = []
        for s in in_scale:
            if s.needs and not callable_exists(scale, s.needs):
                available[s.name] = f"{s.needs} does not exist on this build"
                continue
            key = (s.name, scale)
            paths[key] = expand_paths(s, scale)
            hosts[key] = host_for(s, scale)
            if not paths[key]:
                available[s.name] = f"no rows to sample ({s.sample}) in the {scale} data set"
                continue
            ready.append(s)
        if not ready:
            continue
        counts = query_counts(
            scale,
            ready,
            {s.name: hosts[(s.name, scale)] for s in ready},
            {s.name: paths[(s.name, scale)] for s in ready},
        )
        counts_by_scale[scale] = counts
        for s in ready:
            entry = counts[s.name]
            if entry.get("status") == 404:
                available[s.name] = f"{entry['path']} answers 404"
            elif entry.get("error") or entry.get("status", 500) >= 400:
                available.setdefault(s.name, None)
                report["notes"].append(
                    f"{s.name}: {entry['path']} answered {entry.get('status')} {entry.get('error', '')}".strip()
                )
            else:
                available.setdefault(s.name, None)
    for name, reason in available.items():
        if reason:
            report["unavailable"].append({"scenario": name, "reason": reason})
    live = [s for s in page_scenarios if available.get(s.name) is None and s.name in available]
    load_scale = defaults["scale"]
    for s in live:
        entry = counts_by_scale.get(scenario_scale(s), {}).get(s.name)
        if entry:
            report["queries"][s.name] = {
                "path": entry["path"],
                "status": entry.get("status"),
                "cold": entry.get("cold"),
                "warm": entry.get("warm"),
                "expected": s.expect_queries,
            }
    if len(counts_by_scale) > 1:
        report["query_growth"] = {
            s.name: {scale: c[s.name].get("warm") for scale, c in counts_by_scale.items() if s.name in c} for s in live
        }

    def paths_file(s, scale):
        target = VAR / f"paths-{s.name}-{scale}.txt"
        target.write_text("\n".join(paths[(s.name, scale)]) + "\n", encoding="utf-8")
        return target

    wrk_args = {k: defaults[k] for k in ("duration", "threads", "connections")}

    def record(s, server, cache, result, rss=None, note=""):
        row = {
            "scenario": s.name,
            "server": server,
            "cache": cache,
            **result,
            "queries": report["queries"].get(s.name, {}).get("warm"),
            "rss_mb": rss,
            "note": note,
        }
        report["runs"].append(row)
        log(
            f"{s.name:<18} {server:<9} {cache:<6} {row['rps']:>9,.0f} req/s  p50 {row['p50_ms']:6.1f} ms  "
            f"p99 {row['p99_ms']:6.1f} ms  errors {row['errors']}  rss {rss} MB"
        )

    # Load runs per server profile.
    for server, server_def in config.servers.items():
        group = [s for s in live if server in s.load and scenario_scale(s) in order]
        if not group:
            continue
        for s in group:
            scale = scenario_scale(s)
            if s.cold is True or (isinstance(s.cold, list) and server in s.cold):
                with gunicorn(scale, server, server_def, flush=True) as (proc, port):
                    record(
                        s,
                        server,
                        "cold",
                        run_wrk(port, paths_file(s, scale), hosts[(s.name, scale)], **wrk_args),
                        worker_rss_mb(proc.pid),
                        "fresh workers, empty Redis db",
                    )
        by_scale = {}
        for s in group:
            by_scale.setdefault(scenario_scale(s), []).append(s)
        for scale, members in by_scale.items():
            with gunicorn(scale, server, server_def, flush=True) as (proc, port):
                for s in members:
                    pfile = paths_file(s, scale)
                    # After a wrk run on a slow page gunicorn's backlog still holds requests: wait, never fail.
                    for path in paths[(s.name, scale)][: defaults["warmup_requests"]]:
                        with contextlib.suppress(OSError):
                            http_get(port, path, hosts[(s.name, scale)], timeout=60)
                    record(
                        s,
                        server,
                        "warm",
                        run_wrk(port, pfile, hosts[(s.name, scale)], **wrk_args),
                        worker_rss_mb(proc.pid),
                    )

    sync2 = config.servers.get("sync2", ["sync", 2, 1, "portal.settings"])

    # Edge: nginx (the repo's config, rendered natively) in front of sync2.
    # Edge and mixed runs use the load scale (scenarios with their own `scale` run only on gunicorn profiles).
    edge = [s for s in live if "edge" in s.load and scenario_scale(s) == load_scale]
    if edge:
        scale = load_scale
        bypass_args = dict(wrk_args, duration=max(2, wrk_args["duration"] // 2))
        with gunicorn(scale, "edge", sync2) as (proc, port), nginx(port) as (_nginx, nport):
            # Calibration: the issue measured nginx serving a 30 KB static file at ~40,000 req/s on this machine;
            # the same measurement now tells how much of the machine this run had.
            calibration = VAR / "static" / "bench-calibration-30k.txt"
            calibration.write_text("x" * 30 * 1024)
            cfile = VAR / "paths-calibration.txt"
            cfile.write_text(f"/static/{calibration.name}\n")
            report["runs"].append(
                {
                    "scenario": "calibration: static 30 KB",
                    "server": "edge",
                    "cache": "static",
                    **run_wrk(nport, cfile, "camau.gov.vn", **bypass_args),
                    "queries": None,
                    "rss_mb": None,
                    "note": "nginx alone; the issue measured ≈ 40,000 req/s on an idle machine",
                }
            )
            log(f"calibration: nginx static 30 KB {report['runs'][-1]['rps']:,.0f} req/s")
            for s in edge:
                host = hosts[(s.name, scale)]
                first = paths[(s.name, scale)][0]
                with contextlib.suppress(OSError):  # a slow page's backlog from the previous run may still drain
                    http_get(nport, first, host, timeout=60)
                result = run_wrk(nport, paths_file(s, scale), host, **wrk_args)
                headers = {}
                with contextlib.suppress(OSError):
                    _status, headers, _ = http_get(nport, first, host, timeout=60)
                note = f"X-Cache-Status right after the run: {headers.get('X-Cache-Status', 'none')}"
                record(s, "edge", "warm", result, worker_rss_mb(proc.pid), note)
                record(
                    s,
                    "edge",
                    "bypass",
                    run_wrk(nport, paths_file(s, scale), host, headers={"Cookie": "sessionid=bench"}, **bypass_args),
                    worker_rss_mb(proc.pid),
                    "Cookie: sessionid=… → every request to Django",
                )
        # Separately (own gunicorn + nginx): the same pages as browsers fetch them, compressed.
        for s in edge:
            host = hosts[(s.name, scale)]
            record(s, "edge", "gzip", *_edge_gzip(scale, s, paths_file(s, scale), host, bypass_args))

    # Mixed: an editor publishes and updates through the ORM during the load.
    mixed = [s for s in live if "mixed" in s.load and scenario_scale(s) == load_scale]
    if mixed:
        scale = load_scale
        with gunicorn(scale, "mixed", sync2) as (proc, port):
            for s in mixed:
                editor_out = VAR / "editor.json"
                editor = subprocess.Popen(
                    [
                        PY,
                        "-m",
                        "bench.editor",
                        "--seconds",
                        str(wrk_args["duration"]),
                        "--interval",
                        "0.25",
                        "--json",
                        str(editor_out),
                    ],
                    env=site_env(scale, CELERY_TASK_ALWAYS_EAGER=1),
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=open(VAR / "editor.err", "ab"),  # noqa: SIM115
                    start_new_session=True,
                )
                try:
                    result = run_wrk(port, paths_file(s, scale), hosts[(s.name, scale)], **wrk_args)
                    editor.wait(timeout=wrk_args["duration"] + 60)
                finally:
                    stop_group(editor)
                stats = json.loads(editor_out.read_text()) if editor_out.exists() else {}
                report["editor"] = stats
                note = f"editor: {stats.get('updated', 0)} updates, {stats.get('published', 0)} publications"
                record(s, "mixed", "warm", result, worker_rss_mb(proc.pid), note)

    # Single-request latency per data scale.
    for scale in order:
        members = [s for s in live if scale in wanted_latency(s)]
        if not members:
            continue
        with gunicorn(scale, "latency", sync2) as (_proc, port):
            for s in members:
                key = (s.name, scale)
                result = single_latency(
                    port, hosts[key], paths[key], defaults["latency_requests"], defaults["warmup_requests"]
                )
                queries = counts_by_scale.get(scale, {}).get(s.name, {}).get("warm")
                report["latency"].append({"scenario": s.name, "scale": scale, "queries": queries, **result})
                log(f"latency {s.name:<18} {scale:<5} p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms")

    # Management commands (deadline sweep when the feedback app is here).
    for s in command_scenarios:
        spec = s.setup or s.needs
        for scale in wanted_latency(s) or [scenario_scale(s)]:
            ensure_scale = scale not in order
            if ensure_scale:
                report["generation"].append(ensure_database(scale))
            if spec and not callable_exists(scale, spec):
                report["unavailable"].append({"scenario": s.name, "reason": f"{spec} does not exist on this build"})
                break
            if s.setup:
                setup = run(
                    [PY, "-m", "bench.inproc", "setup", s.setup, scale], env=site_env(scale), timeout=1800, check=False
                )
                if setup.returncode != 0:  # reported, and the page results of this run are still written
                    report["unavailable"].append(
                        {"scenario": s.name, "reason": f"setup {s.setup} failed: {setup.stderr[-300:]}"}
                    )
                    break
            outfile = VAR / f"command-{s.name}-{scale}.json"
            result = run(
                [PY, "-m", "bench.inproc", "command", str(outfile), *s.command], env=site_env(scale), check=False
            )
            if result.returncode != 0:
                report["unavailable"].append(
                    {"scenario": s.name, "reason": f"manage.py {' '.join(s.command)} failed: {result.stderr[-300:]}"}
                )
                break
            report["commands"].append({"scenario": s.name, "scale": scale, **json.loads(outfile.read_text())})
            if s.teardown:  # leave the data set as the page scenarios of the next run expect it
                teardown = [PY, "-m", "bench.inproc", "setup", s.teardown, scale]
                down = run(teardown, env=site_env(scale), timeout=1800, check=False)
                if down.returncode != 0:
                    report["notes"].append(f"{s.name}: teardown {s.teardown} failed: {down.stderr[-300:]}")

    # Why targets were missed: py-spy on a worker under load (pyinstrument in-process when py-spy cannot attach).
    if not args.no_profile:
        for s in live:
            key = (s.name, load_scale)
            if s.name not in results.UNCACHED_PAGES or key not in paths:
                continue
            run_row = results.find_run(report, s.name, "sync2")
            lat = results.find_latency(report, s.name, load_scale)
            missed = (run_row and run_row["rps"] < results.UNCACHED["rps"]) or (
                lat and lat["p95_ms"] > results.UNCACHED["p95_ms"]
            )
            if not missed:
                continue
            with gunicorn(load_scale, "profile", sync2) as (proc, port):
                text = pyspy_profile(proc.pid, port, paths_file(s, load_scale), hosts[key])
            label = f"{s.name} ({load_scale}, sync2 under wrk -c10)"
            if text is None:
                out = run(
                    [PY, "-m", "bench.inproc", "profile", hosts[key], paths[key][0], "200"],
                    env=site_env(load_scale),
                    check=False,
                    timeout=300,
                )
                text = _trim_profile(out.stdout or out.stderr)
                label = f"{s.name} ({load_scale}, 200 requests, pyinstrument, test client)"
            report["profiles"][label] = text

    load_after = os.getloadavg()
    report["notes"].append(
        f"Load average before the run {load_before[0]:.2f} / after {load_after[0]:.2f} "
        f"(1 min); total harness time {time.monotonic() - started:.0f} s."
    )
    _attach_notes(report, quick=args.quick)
    output = Path(args.output) if args.output else (VAR / "RESULTS-quick.md" if args.quick else BENCH / "RESULTS.md")
    (VAR / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    results.write(report, output)
    log(f"wrote {output}")


def _attach_notes(report, *, quick):
    """The hand-written parts: bench/why.toml (Targets column) and bench/analysis.md (appended section)."""
    why_file = BENCH / "why.toml"
    if why_file.exists():
        with open(why_file, "rb") as fh:
            report["why"] = tomllib.load(fh)
    report["sections"] = [s for s in report.get("sections", []) if s[0] != "Analysis"]
    extra = BENCH / "analysis.md"
    if extra.exists() and not quick:
        report["sections"].append(("Analysis", extra.read_text(encoding="utf-8")))


def _edge_gzip(scale, s, pfile, host, wrk_args):
    """Edge run as browsers do it: Accept-Encoding: gzip, Django compressing once per TTL (bench.settings_gzip)."""
    server = ["sync", 2, 1, "bench.settings_gzip"]
    with gunicorn(scale, "edge-gzip", server) as (proc, port), nginx(port) as (_nginx, nport):
        headers = {"Accept-Encoding": "gzip"}
        first = Path(pfile).read_text(encoding="utf-8").splitlines()[0]
        http_get(nport, first, host, headers)
        _status, response_headers, body = http_get(nport, first, host, headers)
        note = (
            f"Accept-Encoding: gzip, GZipMiddleware; {len(body):,} bytes per response, "
            f"X-Cache-Status: {response_headers.get('X-Cache-Status', 'none')}"
        )
        result = run_wrk(nport, pfile, host, headers=headers, **wrk_args)
        return result, worker_rss_mb(proc.pid), note


def _trim_profile(text, max_lines=60):
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:max_lines])


if __name__ == "__main__":
    main()
