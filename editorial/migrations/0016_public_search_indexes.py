"""GIN indexes for the public search of leaders and schedule entries (PostgreSQL only; docs/decisions/0520)."""

from django.db import migrations

INDEXES = [
    ("leader_search", "editorial_leader"),
    ("schedule_search", "editorial_workscheduleentry"),
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
    dependencies = [("editorial", "0015_arch2_category_audit")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
