"""Pages read from either end hold the same rows as one walk of the whole list, ties included, and the last page
of a long list is read without skipping over the rows before it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orientir.core.models import AuditEntry
from orientir.core.paging import BothEndsPaginator

pytestmark = pytest.mark.django_db

# 23 rows, 5 a page: pages of 5, 5, 5, 5, 3; many rows share an action, so the order rests on the tie-breaker
ACTIONS = ["б", "а", "в", "а", "б"] * 4 + ["а", "в", "б"]


@pytest.fixture
def entries():
    return [AuditEntry.objects.create(action=action, object_repr=str(n)).pk for n, action in enumerate(ACTIONS)]


def _expected(entries, descending=False):
    # written out: by action (descending for «-action»), ties always by the row's id upwards
    by_id = sorted(zip(ACTIONS, entries, strict=True), key=lambda r: r[1])
    return [pk for _, pk in sorted(by_id, key=lambda r: r[0], reverse=descending)]  # sorted() keeps ties in order


@pytest.mark.parametrize("descending", [False, True])
def test_every_page_from_either_end_is_the_slice_of_one_total_order(entries, descending):
    qs = AuditEntry.objects.order_by("-action" if descending else "action")
    paginator = BothEndsPaginator(qs, 5)
    pages = [[e.pk for e in paginator.page(n).object_list] for n in paginator.page_range]
    expected = _expected(entries, descending)
    assert pages == [expected[0:5], expected[5:10], expected[10:15], expected[15:20], expected[20:23]]


def test_orphans_join_the_last_page_read_from_the_end(entries):
    paginator = BothEndsPaginator(AuditEntry.objects.order_by("action"), 5, orphans=3)
    expected = _expected(entries)
    assert paginator.num_pages == 4
    assert [e.pk for e in paginator.page(4).object_list] == expected[15:23]


def test_the_last_page_does_not_skip_over_the_rows_before_it(entries):
    paginator = BothEndsPaginator(AuditEntry.objects.order_by("action"), 5)
    assert paginator.count == 23  # the count is its own query, made before the pages
    with CaptureQueriesContext(connection) as first:
        list(paginator.page(1).object_list)
    with CaptureQueriesContext(connection) as last:
        list(paginator.page(5).object_list)
    assert "OFFSET" not in first.captured_queries[0]["sql"].upper()
    # from the end: the last 3 rows are the first 3 of the reversed order, no offset at all
    assert "OFFSET" not in last.captured_queries[0]["sql"].upper()
    assert " DESC" in last.captured_queries[0]["sql"].upper()


def test_groups_of_an_aggregate_keep_their_grouping(entries):
    from django.db.models import Count

    groups = AuditEntry.objects.values("action").annotate(n=Count("id")).order_by("action")
    paginator = BothEndsPaginator(groups, 2)
    rows = [row for n in paginator.page_range for row in paginator.page(n).object_list]
    # counted by hand from ACTIONS: а ×9, б ×9, в ×5
    assert [(r["action"], r["n"]) for r in rows] == [("а", 9), ("б", 9), ("в", 5)]


def test_distinct_values_stay_distinct(entries):
    values = AuditEntry.objects.values_list("action", flat=True).distinct().order_by("action")
    paginator = BothEndsPaginator(values, 2)
    assert [v for n in paginator.page_range for v in paginator.page(n).object_list] == ["а", "б", "в"]


def test_a_capped_count_stops_at_the_cap_and_its_pages_are_read_from_the_start(entries):
    paginator = BothEndsPaginator(AuditEntry.objects.order_by("action"), 5, count_cap=10)
    with CaptureQueriesContext(connection) as counted:
        assert (paginator.count, paginator.capped, paginator.num_pages) == (10, True, 2)
    assert "LIMIT 11" in counted.captured_queries[0]["sql"].upper()
    with CaptureQueriesContext(connection) as last:
        rows = [e.pk for e in paginator.page(2).object_list]
    # the list's true end is unknown: rows 5–10 of the order, not the last rows of the table
    assert rows == _expected(entries)[5:10]
    assert " DESC" not in last.captured_queries[0]["sql"].upper()


@pytest.mark.parametrize("cap", [23, 100])
def test_a_cap_the_list_does_not_pass_changes_nothing(entries, cap):
    paginator = BothEndsPaginator(AuditEntry.objects.order_by("action"), 5, count_cap=cap)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (23, False, 5)
    with CaptureQueriesContext(connection) as last:
        rows = [e.pk for e in paginator.page(5).object_list]
    assert rows == _expected(entries)[20:23] and " DESC" in last.captured_queries[0]["sql"].upper()


def test_a_list_in_memory_is_never_capped():
    paginator = BothEndsPaginator(list(range(23)), 5, count_cap=10)
    assert (paginator.count, paginator.capped) == (23, False)
