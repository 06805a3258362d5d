"""GIN indexes for the public search of published questions (PostgreSQL only; docs/decisions/0520)."""

from django.db import migrations

INDEXES = [
    ("question_search", "feedback_question"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN (to_tsvector('simple', search_text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0010_delivery_claim")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
