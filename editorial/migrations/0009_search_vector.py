"""The stored search vector (docs/decisions/0505-stored-search-vector.md).

PostgreSQL computes `search_vector` from `search_text` on every INSERT/UPDATE/COPY; its GIN index is created
here only on PostgreSQL (a GIN index cannot be declared in Meta.indexes without breaking SQLite, where the column
is NULL and the search reads `search_text`).
"""

import django.contrib.postgres.search
import editorial.models
from django.db import migrations, models


GIN_INDEXES = [
    ("editorial_article", "article_search_vector"),
    ("editorial_legaldocument", "legaldoc_search_vector"),
    ("editorial_consultationdraft", "draft_search_vector"),
]


def create_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in GIN_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN (search_vector)")


def drop_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in GIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0008_auditevent_undelegate_action'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=editorial.models.StoredSearchVector('search_text'), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.AddField(
            model_name='consultationdraft',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=editorial.models.StoredSearchVector('search_text'), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.AddField(
            model_name='legaldocument',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=editorial.models.StoredSearchVector('search_text'), output_field=django.contrib.postgres.search.SearchVectorField(null=True)),
        ),
        migrations.RunPython(create_gin_indexes, drop_gin_indexes, elidable=False),
    ]
