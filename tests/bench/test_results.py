"""The results writer: the table bench/RESULTS.md shows and the comparison with the issue's targets."""

import pytest

from bench import results
from bench.run import load_config


def _report():
    return {
        "date": "2026-11-23 02:45 UTC",
        "machine": {"cpu": "Test CPU", "nproc": 2, "memory": "24 GiB", "os": "Linux"},
        "versions": {"Python": "3.11.7", "Django": "5.2.19"},
        "load_scale": "100k",
        "wrk": {"threads": 2, "connections": 50, "duration": 20},
        "notes": ["other sessions were running"],
        "generation": [
            {
                "scale": "100k",
                "rows": {"components.Portal": 181, "editorial.Article": 100000},
                "seconds": 21.5,
                "rows_per_s": 5690,
                "load_rows_per_s": 6300,
                "method": "COPY",
                "database_size": "354 MB",
                "reused": False,
            }
        ],
        "runs": [
            {
                "scenario": "home",
                "server": "sync2",
                "cache": "warm",
                "rps": 1234.5,
                "p50_ms": 12.3,
                "p99_ms": 45.6,
                "errors": 0,
                "queries": 3,
                "rss_mb": 80.2,
                "note": "",
            },
            {
                "scenario": "home",
                "server": "sitecache",
                "cache": "warm",
                "rps": 1400.0,
                "p50_ms": 10.0,
                "p99_ms": 70.0,
                "errors": 0,
                "queries": 3,
                "rss_mb": 70.0,
                "note": "",
            },
            {
                "scenario": "home",
                "server": "edge",
                "cache": "warm",
                "rps": 25000.0,
                "p50_ms": 1.0,
                "p99_ms": 5.0,
                "errors": 2,
                "queries": 3,
                "rss_mb": None,
                "note": "HIT",
            },
        ],
        "latency": [
            {"scenario": "home", "scale": "100k", "n": 300, "p50_ms": 8.0, "p95_ms": 20.0, "errors": 0, "queries": 3},
            {"scenario": "home", "scale": "1m", "n": 300, "p50_ms": 9.0, "p95_ms": 40.0, "errors": 0, "queries": 3},
        ],
        "queries": {"home": {"path": "/", "status": 200, "cold": 4, "warm": 3, "expected": 2}},
        "query_growth": {"home": {"10k": 3, "100k": 3}},
        "unavailable": [{"scenario": "search", "reason": "/tim-kiem/ answers 404"}],
    }


def test_results_table_shows_every_run_with_its_numbers():
    text = results.render_markdown(_report())
    assert "| scenario | server | cache | req/s | p50 ms | p99 ms | errors | SQL | worker RSS | note |" in text
    assert "| home | sync2 | warm | 1,234 | 12.3 | 45.6 | 0 | 3 | 80 MB |  |" in text
    assert "- Machine: Test CPU, 2 cores, 24 GiB memory, Linux" in text
    assert "| 100k | Portal 181, Article 100,000 | 21.5 s | 5,690 | 6,300 | COPY | 354 MB | generated now |" in text
    assert "- search: /tim-kiem/ answers 404" in text
    assert "expected 2" in text  # query count differing from the scenario's expectation is flagged


def test_results_say_the_data_was_loaded_into_shared_buffers_before_measuring():
    report = _report()
    assert "shared buffers" not in results.render_markdown(report)  # a run against the server as it was
    report["prewarm"] = [{"database": "bench_100k", "mb": 452, "seconds": 2.0}, None]
    assert "loaded into PostgreSQL's shared buffers" in results.render_markdown(report)
    assert "bench_100k 452 MB in 2.0 s" in results.render_markdown(report)


def test_targets_say_met_missed_or_not_on_this_build():
    rows = {target: (measured, status) for target, measured, status, _why in results.evaluate_targets(_report())}
    assert rows["Cache hit ≥ 1,500 req/s, p99 ≤ 60 ms"][1] == "**missed**"
    assert rows["Edge (nginx micro-cache) ≥ 20,000 req/s"][1] == "met"
    assert rows["Uncached home at 100k: ≥ 150 req/s, single-request p95 ≤ 50 ms"][1] == "met"
    assert rows["home at 1M no worse than 1.5× 100k"] == ("p95 40.0 ms vs 20.0 ms (2.00×)", "**missed**")
    assert rows["Search single-request p95 ≤ 100 ms at 1M"][1] == "not on this build"
    assert rows["Deadline sweep ≤ 10 s (100k open), idle sweep ≤ 100 ms"][1] == "not on this build"
    assert rows[results.MERGE_TARGET][1] == "not on this build"
    assert rows["Zero errors under load"] == ("errors in home/edge", "**missed**")
    assert rows["No page's query count grows with data size"][1] == "met"


@pytest.mark.parametrize(
    ("counts", "status"),
    [
        ({"10k": 3, "100k": 3, "1m": 2}, "met"),  # fewer at 1M: the sampled search matched no article there
        ({"10k": 3, "1m": 4, "100k": 3}, "**missed**"),  # rises from 100k to 1M, whatever the dict's order
    ],
)
def test_only_a_query_count_rising_with_the_scale_is_growth(counts, status):
    report = {**_report(), "query_growth": {"search": counts}}
    rows = {target: (measured, st) for target, measured, st, _why in results.evaluate_targets(report)}
    assert rows["No page's query count grows with data size"][1] == status


def test_shipped_scenarios_file_is_valid():
    config = load_config()
    names = [s.name for s in config.scenarios]
    assert "home" in names
    assert {"sync2", "sync4", "gthread", "sitecache"} <= set(config.servers)


def test_scenario_with_an_unknown_placeholder_is_refused(tmp_path):
    bad = tmp_path / "scenarios.toml"
    bad.write_text(
        'scenario = [ { name = "x", paths = ["/tin/{article_uuid}/"], sample = "article" } ]\n'
        '[defaults]\nscale = "100k"\n[servers]\nsync2 = ["sync", 2, 1, "portal.settings"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="article_uuid"):
        load_config(bad)


def test_pyspy_summary_ranks_functions_by_inclusive_share_without_the_worker_loop():
    from bench.run import summarize_pyspy

    raw = [
        "<module> (gunicorn:6);SyncWorker.run (gunicorn/workers/sync.py:1);home (portal/views.py:12);"
        "render (django/shortcuts.py:18) 3",
        "<module> (gunicorn:6);SyncWorker.run (gunicorn/workers/sync.py:1);home (portal/views.py:12) 1",
    ]
    text = summarize_pyspy(raw)
    lines = text.splitlines()
    assert lines[0].startswith("4 samples")
    assert lines[1] == "100.0%  home (portal/views.py)"
    assert lines[2] == " 75.0%  render (django/shortcuts.py)"
    assert "SyncWorker" not in text


def test_search_measured_only_below_1m_is_not_judged_but_shown():
    report = _report()
    report["latency"].append(
        {"scenario": "search", "scale": "100k", "queries": 4, "n": 100, "p50_ms": 60.0, "p95_ms": 90.0}
    )
    rows = {target: (measured, status) for target, measured, status, _why in results.evaluate_targets(report)}
    assert rows["Search single-request p95 ≤ 100 ms at 1M"] == (
        "1M not in this run; at 100k: p95 90.0 ms",
        "not measured",
    )


def test_merge_of_a_portal_is_judged_on_its_first_run_and_shows_the_rerun():
    report = _report()
    report["commands"] = [
        {
            "scenario": "merge-portal",
            "scale": "100k",
            "seconds": 6.2,
            "queries": 220,
            "peak_rss_mb": 77.1,
            "idle_ms": 69.3,
            "idle_queries": 31,
        }
    ]
    rows = {target: (measured, status) for target, measured, status, _why in results.evaluate_targets(report)}
    assert rows[results.MERGE_TARGET] == ("6.20 s, 220 SQL, peak RSS 77 MB; re-run 69.3 ms", "met")
