"""Trigram indexes for the registries' word search on PostgreSQL.

The lists search `search_text LIKE '%word%'` (one condition per word). A B-tree index cannot serve a pattern that
starts with %, so at 100,000 organisations the search read the whole table; a GIN index with pg_trgm's operator
class serves it. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. SQLite has no
such index and needs none at a city's size: the operation does nothing there. The indexes live here, not in each
app, so that one migration owns the extension and the apps' own migration histories stay theirs.
"""

from django.db import migrations

TABLES = ("directory_organisation", "guidance_pupil")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                              f"ON {table} USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_import_upload"),
        ("directory", "0003_organisation_indexes"),
        ("guidance", "0004_route_item_moved_from"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
