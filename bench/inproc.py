"""In-process measurements with Django set up, run by bench/run.py as subprocesses (one database each):

    python -m bench.inproc queries IN.json OUT.json     SQL queries per request (test client, CaptureQueriesContext)
    python -m bench.inproc callable module:attr         exit 0 when the callable exists on this build, 3 if not
    python -m bench.inproc setup module:attr SCALE      call it as setup(scale=..., stdout=...)
    python -m bench.inproc command OUT.json ARGV...     a management command: time, queries, peak RSS, idle rerun
    python -m bench.inproc profile HOST PATH N          pyinstrument profile of N requests of PATH (text)

The environment is the served site's (DATABASE_URL, REDIS_URL, DEBUG=0 ...).
"""

import importlib
import io
import json
import os
import resource
import sys
import time


def count_queries(scenarios):
    """{name: {"path", "status", "cold", "warm", "sql" | "error"}} for the first path of each scenario."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    results = {}
    for scenario in scenarios:
        client = Client(HTTP_HOST=scenario["host"], raise_request_exception=False)
        path = scenario["paths"][0]
        entry = {"path": path}
        try:
            for label in ("cold", "warm"):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(path)
                entry[label] = len(ctx.captured_queries)
                entry["status"] = response.status_code
                if label == "warm":
                    entry["sql"] = [q["sql"][:200] for q in ctx.captured_queries]
        except Exception as exc:  # reported in the results instead of stopping the whole run
            entry["error"] = f"{type(exc).__name__}: {exc}"
        results[scenario["name"]] = entry
    return results


def resolve(spec):
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, attr, None)


def measure_command(argv):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        call_command(*argv, stdout=io.StringIO())
    seconds = time.perf_counter() - started
    queries = len(ctx.captured_queries)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    idle_started = time.perf_counter()
    with CaptureQueriesContext(connection) as idle_ctx:
        call_command(*argv, stdout=io.StringIO())
    idle_ms = (time.perf_counter() - idle_started) * 1000
    return {
        "seconds": round(seconds, 3),
        "queries": queries,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "idle_ms": round(idle_ms, 1),
        "idle_queries": len(idle_ctx.captured_queries),
    }


def profile(host, path, n):
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(HTTP_HOST=host)
    for _ in range(5):
        client.get(path)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(n):
        client.get(path)
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    action, args = argv[0], argv[1:]
    if action == "queries":
        with open(args[0], encoding="utf-8") as fh:
            scenarios = json.load(fh)
        with open(args[1], "w", encoding="utf-8") as fh:
            json.dump(count_queries(scenarios), fh, indent=2, ensure_ascii=False)
    elif action == "callable":
        sys.exit(0 if callable(resolve(args[0])) else 3)
    elif action == "setup":
        from bench.generate import SCALES

        func = resolve(args[0])
        if not callable(func):
            sys.exit(3)
        func(scale=SCALES[args[1]], stdout=sys.stderr)
    elif action == "command":
        result = measure_command(args[1:])
        with open(args[0], "w", encoding="utf-8") as fh:
            json.dump(result, fh)
    elif action == "profile":
        print(profile(args[0], args[1], int(args[2])))
    else:
        sys.exit(f"unknown action {action!r}")


if __name__ == "__main__":
    main()
