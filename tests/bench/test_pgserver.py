"""The bench's PostgreSQL settings follow docs/operations.md, and the prewarm loads a database's pages."""

import pytest
from django.db import connection

from bench import pgserver


def test_production_settings_give_a_quarter_of_the_ram_to_shared_buffers():
    settings = pgserver.production_settings(memory_mb=8192)
    assert settings["shared_buffers"] == "2048MB"  # the compose stack's default for an 8 GB host
    assert settings["effective_cache_size"] == "5734MB"
    assert "pg_prewarm" in settings["shared_preload_libraries"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_prewarm is a PostgreSQL extension")
@pytest.mark.django_db
def test_prewarm_loads_every_table_and_index_of_the_database():
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    logged = []
    warmed = pgserver.prewarm(url, settings["NAME"], logged.append)
    assert warmed["database"] == settings["NAME"]
    assert warmed["mb"] > 0  # the migrated schema's tables and indexes
    assert logged and logged[0].startswith(f"prewarm {settings['NAME']}:")
