"""The published schema holds against the running API: random and edge-case requests of every operation, with a
valid key, never get a server error and always get an answer the schema describes (Schemathesis).

The operations are driven directly (hypothesis `given` over each operation's strategy) rather than through
Schemathesis's pytest plugin, which does not run under this pytest version."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from orientir.api.services import token_issue


@pytest.fixture
def api_schema(db, personas, school_a, library, settings):
    from config.wsgi import application

    settings.ALLOWED_HOSTS = ["localhost"]  # the host Schemathesis's WSGI client names
    # The WSGI handler closes "old" connections at each request's start and end; inside the test's transaction a
    # PostgreSQL connection counts as old and would be closed under the test. Django's own test client unhooks the
    # same two receivers for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says(api_schema, personas):
    _, key = token_issue(actor=personas["admin"], name="Проверка схемы", user=personas["committee"])
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/customers", "/api/v1/funnel", "/api/v1/forecast/needs",
                                              "/api/v1/monitoring/programmes", "/api/v1/monitoring/routes",
                                              "/api/v1/monitoring/employment"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"})

        check()
