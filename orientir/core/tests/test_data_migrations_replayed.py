"""The rows data migrations load come back after a transactional test empties the tables (root conftest.py)."""
import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython

import conftest


def test_every_migration_with_python_code_is_replayed_or_known_to_touch_only_the_schema():
    from django.apps import apps

    loader = MigrationLoader(None, ignore_no_migrations=True)
    with_code = sorted(key for key, migration in loader.disk_migrations.items()
                       if apps.get_app_config(key[0]).name.startswith("orientir.")
                       and any(isinstance(op, RunPython) for op in migration.operations))
    known = sorted(conftest.REPLAYED_DATA_MIGRATIONS + conftest.SCHEMA_ONLY_MIGRATIONS)
    assert with_code == known, ("a migration with Python code must be listed in conftest.py: REPLAYED_DATA_MIGRATIONS "
                                "if it loads rows, SCHEMA_ONLY_MIGRATIONS if it only changes the schema")


@pytest.mark.django_db(transaction=True)
def test_a_flush_brings_the_reference_rows_back():
    from django.core.management import call_command

    from orientir.contracts.models import LiabilityRule
    from orientir.directory.models import Position, Specialty
    from orientir.pupils.models import RouteSheetTemplate

    before = (Specialty.objects.count(), Position.objects.count(), LiabilityRule.objects.count(),
              RouteSheetTemplate.objects.count())
    assert all(before)
    call_command("flush", verbosity=0, interactive=False)  # what a transactional test's teardown does
    after = (Specialty.objects.count(), Position.objects.count(), LiabilityRule.objects.count(),
             RouteSheetTemplate.objects.count())
    assert after == before
    assert not LiabilityRule.objects.filter(act_reference__icontains="уточните").exists()
