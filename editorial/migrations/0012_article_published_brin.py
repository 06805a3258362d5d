"""A block-range index on the articles' publication date, for the search's time window (portal/search.py,
docs/decisions/0511-search-time-window.md).

Articles are stored roughly in the order they are published, so a BRIN index of a few hundred pages maps a date
range to the table blocks holding it; ANDed with the GIN matches it leaves only the rows of the window to read.
Created only on PostgreSQL (SQLite searches `search_text`). `autosummarize` keeps the ranges of new rows
summarised by autovacuum; a range not yet summarised is always read, so the index is never wrong, only less
selective.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_published_brin ON editorial_article "
            "USING brin (published_at) WITH (pages_per_range = 16, autosummarize = on)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_published_brin")


class Migration(migrations.Migration):
    dependencies = [("editorial", "0011_article_count_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
