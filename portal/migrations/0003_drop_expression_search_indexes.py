"""Drop the GIN indexes over `to_tsvector('simple', search_text)` of 0002: the search now matches and ranks on
the stored `search_vector` columns and their GIN indexes (editorial 0009)."""

from django.db import migrations

TABLES = [
    ("editorial_article", "article_search_gin"),
    ("editorial_legaldocument", "legaldoc_search_gin"),
    ("editorial_consultationdraft", "draft_search_gin"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN (to_tsvector('simple'::regconfig, search_text))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_search_indexes"),
        ("editorial", "0009_search_vector"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
