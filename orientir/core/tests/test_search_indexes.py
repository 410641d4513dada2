"""On PostgreSQL the word search of organisations and pupils is served by trigram indexes (not a full scan)."""

import pytest
from django.db import connection

from orientir.directory.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_the_search_columns_have_trigram_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_search_trgm"])
        found = {table: definition for table, definition in cursor.fetchall()}
    assert set(found) == {"directory_organisation", "guidance_pupil"}
    assert all("gin_trgm_ops" in definition for definition in found.values())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_the_planner_uses_the_index_for_a_word_inside_the_text():
    with connection.cursor() as cursor:
        # A test table is tiny and the model orders by name: forbid the full scan and the walk of the name index, so
        # the answer says whether the trigram index *can* serve the word search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = Organisation.objects.filter(search_text__contains="школа").order_by().only("id").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "directory_organisation_search_trgm" in plan, plan
