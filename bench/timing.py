"""Median in-process time per request of the public pages, with the served site's environment.

    BENCH_DB_PREFIX=bench_x BENCH_REDIS_DB=n python -m bench.timing [--scale 100k] [--n 200] [--only home,category]
        [--profile NAME]

Runs the scenarios' sampled paths (the same samples as bench.run) through Django's test client in this process,
after one warm-up pass over every path (its median CPU is printed as "first visit": the fragments cached per portal
generation are built then), and prints per scenario: median / p95 ms, SQL queries and SQL ms per request.
Numbers are CPU time of one process, so they are far less noisy than req/s on a shared machine.
"""

import argparse
import os
import statistics
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="100k")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--paths", type=int, default=50, help="distinct sampled paths per scenario")
    parser.add_argument("--only", default="home,category,article")
    parser.add_argument("--profile", default="", help="scenario to profile with pyinstrument instead")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache (all generations, fragments, blocks) before every request, as for a first visit;"
        " only the installation-wide portal maps stay warm",
    )
    args = parser.parse_args(argv)

    from bench import run

    env = run.site_env(args.scale)
    os.environ.update(env)
    config = run.load_config()
    wanted = args.only.split(",")
    scenarios = [s for s in config.scenarios if s.name in wanted]
    plans = [(s, run.host_for(s, args.scale), run.expand_paths(s, args.scale, limit=args.paths)) for s in scenarios]

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from components.selectors import portal_domain_map, portal_index
    from portal.fragments import clear_local

    def empty_cache():
        cache.clear()
        clear_local()
        portal_domain_map()
        portal_index()

    cache.clear()
    for scenario, host, paths in plans:
        client = Client(HTTP_HOST=host)
        first = []
        for path in paths:  # warm-up: connections, template cache, per-portal cached blocks
            cpu_started = time.process_time()
            response = client.get(path)
            first.append((time.process_time() - cpu_started) * 1000)
            if response.status_code != 200:
                print(f"  {scenario.name}: {path} answered {response.status_code}", file=sys.stderr)
        if args.profile == scenario.name:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for i in range(args.n):
                if args.cold:
                    profiler.stop()
                    empty_cache()
                    profiler.start()
                client.get(paths[i % len(paths)])
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            continue
        times, cpu, counts, sql_ms = [], [], [], []
        for i in range(args.n):
            path = paths[i % len(paths)]
            if args.cold:
                empty_cache()
            with CaptureQueriesContext(connection) as ctx:
                started, cpu_started = time.perf_counter(), time.process_time()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            counts.append(len(ctx.captured_queries))
            sql_ms.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        times.sort()
        print(
            f"{scenario.name:10} median {statistics.median(times):6.1f} ms  p95 {times[int(len(times) * 0.95)]:6.1f} ms"
            f"  cpu {statistics.median(cpu):6.1f} ms  queries {min(counts)}-{max(counts)}"
            f"  sql {statistics.median(sql_ms):5.1f} ms  ({len(paths)} paths; first visit cpu"
            f" {statistics.median(first):.1f} ms)"
        )


if __name__ == "__main__":
    main()
