"""GIN indexes for full-text search on the searched apps' tables (PostgreSQL).

Each index is on the exact vector expression `search.backends.PostgresBackend`
queries with (titles weighted A, bodies B, "simple" configuration), so the
planner can use it; `tests/search/test_postgres.py` checks that it does. On
any other database this migration does nothing.

The SQL is written out here, not derived from the providers, so that this
migration stays as it was when the providers change: a changed vector needs a
new migration that drops the old index and creates the new one.
"""

from django.db import migrations

# (index name, table, title columns, body columns)
INDEXES = [
    ("search_organisation_fts", "stakeholders_organisation", ["name", "acronym"], ["description"]),
    ("search_workinggroup_fts", "workinggroups_workinggroup", ["name"], ["mandate"]),
    ("search_activity_fts", "activities_activity", ["title"], ["description"]),
    ("search_document_fts", "documents_document", ["title"], ["description"]),
    ("search_protectedarea_fts", "activities_protectedarea", ["name"], ["description"]),
]


def vector_sql(titles, bodies):
    parts = [
        f"setweight(to_tsvector('simple'::regconfig, COALESCE({column}, '')), '{weight}')"
        for columns, weight in ((titles, "A"), (bodies, "B"))
        for column in columns
    ]
    return " || ".join(parts)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, titles, bodies in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING GIN (({vector_sql(titles, bodies)}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, *_ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0001_initial"),
        ("workinggroups", "0001_initial"),
        ("activities", "0001_initial"),
        ("documents", "0002_private_storage_and_access_index"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
