import pytest

from orientir.accounts.tests.conftest import world  # noqa: F401 - the permission matrix's data, for the scope test


@pytest.fixture(autouse=True)
def _no_counters_from_other_tests():
    """The code-attempt counters live in the cache, which outlives a test (cabinet/throttle.py): each starts empty."""
    from django.core.cache import cache

    cache.clear()
