"""GIN index for full-text search on news articles (PostgreSQL), when the news
app is installed: the vector of `search.providers.register_news_provider`
(title A; summary and text B). Without the news app, or on another database,
this migration does nothing, so search does not depend on news.
"""

from django.apps import apps as global_apps
from django.db import migrations

NAME = "search_article_fts"
TABLE = "news_article"
VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(body, '')), 'B')"
)


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    if TABLE not in connection.introspection.table_names():
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON {TABLE} USING GIN (({VECTOR}))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_fts_indexes")]
    if global_apps.is_installed("news"):
        dependencies.append(("news", "0001_initial"))

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
