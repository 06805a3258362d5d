"""Data builders of the benchmark scenarios (bench/scenarios.toml `setup`/`teardown`); may import every app."""
