"""The permission matrices' data: built once per module, every case on top of it in its own savepoint."""

import pytest
from django.db import transaction

from orientir.accounts.tests.matrix_kit import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix data (matrix_kit.build_world), once per module, in a transaction rolled back when it is done."""
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_counters_from_other_tests():
    """The password-reset counters live in the cache, which outlives a test (accounts/throttle.py): each starts empty."""
    from django.core.cache import cache

    cache.clear()
