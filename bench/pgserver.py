"""The PostgreSQL server the benchmarks measure: a cluster of its own, with a province's production settings.

Debian's default cluster (`shared_buffers = 128MB`) is sized for a laptop and is shared with the test suite; a
province runs PostgreSQL with memory sized for its data (docs/operations.md, "PostgreSQL settings for a
province"). So `make bench` runs its own cluster — `portalbench`, port 5433 (BENCH_PG_PORT), created once with
Debian's `pg_createcluster` and kept between runs with its data sets — with these settings:

- `shared_buffers` = 25 % of RAM and `effective_cache_size` = 70 %: the rule operations.md gives for a
  dedicated database host, and the compose stack's defaults (`POSTGRES_SHARED_BUFFERS`, …) follow it;
- `shared_preload_libraries = 'pg_prewarm'` with `pg_prewarm.autoprewarm`: a restarted production server reloads
  the pages it held, so it is as warm as before the restart; the bench, which starts the cluster for each run,
  loads each data set into shared buffers once before measuring it (`prewarm`), as a server that has been
  answering for a while has them. The OS page cache is not counted on: on the benchmark machines it is reclaimed
  within a minute (bench/analysis.md §0).

Without root (pg_createcluster needs it) or Debian's postgresql-common, the harness measures the server at
BENCH_PG (default 127.0.0.1:5432) as it is, and RESULTS.md shows that server's settings.
"""

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

CLUSTER = "portalbench"
PORT = int(os.environ.get("BENCH_PG_PORT", "5433"))
SHARED_BUFFERS_SHARE = 0.25
EFFECTIVE_CACHE_SHARE = 0.70


def ram_mb():
    return int(Path("/proc/meminfo").read_text().split()[1]) // 1024


def production_settings(memory_mb=None):
    """The settings operations.md gives for a dedicated database host with `memory_mb` of RAM."""
    memory_mb = memory_mb or ram_mb()
    return {
        "shared_buffers": f"{int(memory_mb * SHARED_BUFFERS_SHARE)}MB",
        "effective_cache_size": f"{int(memory_mb * EFFECTIVE_CACHE_SHARE)}MB",
        "maintenance_work_mem": "512MB",
        "shared_preload_libraries": "'pg_prewarm'",
        "pg_prewarm.autoprewarm": "on",
        "listen_addresses": "'127.0.0.1'",
    }


def available():
    """True when this machine can run the bench's own cluster (Debian's tools, root)."""
    return os.geteuid() == 0 and all(shutil.which(tool) for tool in ("pg_createcluster", "pg_ctlcluster"))


def _version():
    """The major version of the machine's PostgreSQL (the one its default cluster runs)."""
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.split()
    return out[0] if out else sorted(os.listdir("/usr/lib/postgresql"))[-1]


def _ctl(version, action):
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, action],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _configure(version):
    conf = Path(f"/etc/postgresql/{version}/{CLUSTER}")
    if not conf.exists():
        subprocess.run(
            ["pg_createcluster", version, CLUSTER, "--port", str(PORT), "--start-conf", "manual"],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    # Trust on loopback only, as the machine's default cluster is set up for CI.
    (conf / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n"
    )
    lines = [f"{name} = {value}" for name, value in production_settings().items()]
    (conf / "conf.d").mkdir(exist_ok=True)
    (conf / "conf.d" / "portal-bench.conf").write_text(
        "# Written by bench/pgserver.py: a province's production settings (docs/operations.md).\n"
        + "\n".join(lines)
        + f"\nport = {PORT}\n"
    )


@contextlib.contextmanager
def server(log):
    """Yield the base URL of the server to measure: the bench's own cluster, started here and stopped after."""
    if not available():
        url = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        log(f"PostgreSQL: no own cluster (needs root and pg_createcluster): measuring {url} as it is")
        yield url
        return
    version = _version()
    _configure(version)
    with contextlib.suppress(subprocess.CalledProcessError):
        _ctl(version, "stop")  # a cluster left running by an interrupted run restarts with the settings above
    _ctl(version, "start")
    url = f"postgres://postgres@127.0.0.1:{PORT}"
    _wait(url)
    log(f"PostgreSQL: own cluster {version}/{CLUSTER} on port {PORT} ({settings_line(url)})")
    try:
        yield url
    finally:
        _ctl(version, "stop")


def _wait(url, timeout=60):
    import psycopg2

    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg2.connect(f"{url}/postgres").close()
            return
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def settings_line(url):
    """The memory settings of the server at `url`, for the log and RESULTS.md."""
    import psycopg2

    with contextlib.closing(psycopg2.connect(f"{url}/postgres")) as conn, conn.cursor() as cur:
        values = []
        for name in ("shared_buffers", "effective_cache_size", "work_mem"):
            cur.execute(f"SHOW {name}")
            values.append(f"{name} {cur.fetchone()[0]}")
    return ", ".join(values)


def prewarm(url, dbname, log):
    """Load every table and index of `dbname` into shared buffers (as much as they hold), with pg_prewarm."""
    import psycopg2

    started = time.monotonic()
    with contextlib.closing(psycopg2.connect(f"{url}/{dbname}")) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            try:
                cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            except psycopg2.Error as exc:
                log(f"prewarm {dbname}: pg_prewarm not available ({exc.pgerror or exc}); measuring as it is")
                return None
            cur.execute(
                "SELECT coalesce(sum(pg_prewarm(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't', 'm')"
            )
            blocks = int(cur.fetchone()[0])
            cur.execute(
                "SELECT coalesce(sum(pg_prewarm(t.reltoastrelid)), 0) FROM pg_class t "
                "JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = 'public' AND t.relkind = 'r' AND t.reltoastrelid <> 0"
            )
            blocks += int(cur.fetchone()[0])
    seconds = time.monotonic() - started
    log(f"prewarm {dbname}: {blocks * 8 / 1024:,.0f} MB in {seconds:.1f} s")
    return {"database": dbname, "mb": round(blocks * 8 / 1024), "seconds": round(seconds, 1)}


def main(argv=None):
    """`python -m bench.pgserver start|stop`: the cluster alone, for bench.timing and other tools run by hand."""
    import sys

    action = (argv or sys.argv[1:] or ["start"])[0]
    if not available():
        sys.exit("the bench's own cluster needs root and Debian's pg_createcluster")
    version = _version()
    if action == "start":
        _configure(version)
        with contextlib.suppress(subprocess.CalledProcessError):
            _ctl(version, "stop")
        _ctl(version, "start")
        url = f"postgres://postgres@127.0.0.1:{PORT}"
        _wait(url)
        print(f"{url} ({settings_line(url)})")
    elif action == "stop":
        try:
            _ctl(version, "stop")
        except subprocess.CalledProcessError:
            print(f"{version}/{CLUSTER} was not running")
    else:
        sys.exit("usage: python -m bench.pgserver start|stop")


if __name__ == "__main__":
    main()
