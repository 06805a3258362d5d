"""PostgreSQL full-text search: the `unaccent` extension and GIN indexes over the unaccented search_text.

`search_text` already holds NFC, unaccented, lower-cased text (components.text.search_key), so the
vector is `to_tsvector('simple', search_text)`; portal.search builds the identical expression so the
planner uses these indexes. On SQLite (development) this migration does nothing.
"""

from django.db import migrations

TABLES = [
    ("editorial_article", "article_search_gin"),
    ("editorial_legaldocument", "legaldoc_search_gin"),
    ("editorial_consultationdraft", "draft_search_gin"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for table, index in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN (to_tsvector('simple'::regconfig, search_text))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("editorial", "0002_public_content_types"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
