"""The articles' search index also holds each article's publication month, for the search's time window
(portal/search.py, docs/decisions/0511-search-time-window.md).

`article_search_vector` becomes a two-column GIN index: the stored vector, and the month of publication (UTC) as a
number, `year * 12 + month` (btree_gin). "These words, published in or after that month" is then one index scan
giving exactly the matching rows of the window, so only those rows are read; the planner cannot split the two
conditions across indexes the way it did with a separate date index. A search without a window uses the first
column alone, as before. PostgreSQL only (SQLite searches `search_text`); btree_gin ships with PostgreSQL and is a
trusted extension.
"""

from django.db import migrations

# Keep in step with portal.search.PUBLISHED_MONTH: the search's condition must be this expression to use the index.
PUBLISHED_MONTH = (
    "(date_part('year', timezone('UTC', published_at)) * 12 + date_part('month', timezone('UTC', published_at)))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute("DROP INDEX IF EXISTS article_search_vector")
    schema_editor.execute(
        f"CREATE INDEX article_search_vector ON editorial_article USING gin (search_vector, ({PUBLISHED_MONTH}))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_vector")
    schema_editor.execute("CREATE INDEX article_search_vector ON editorial_article USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("editorial", "0011_article_count_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
