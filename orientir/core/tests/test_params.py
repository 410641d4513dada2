"""Numeric filter values: plain digits within bounds, anything else is no filter."""

import pytest

from orientir.core.params import MAX_ID, int_param, year_param


@pytest.mark.parametrize("value,expected", [
    ("17", 17), (" 17 ", 17), (17, 17), ("2147483647", 2147483647),
    ("2147483648", None), ("99999999999999999999", None), ("0", None), ("-1", None), ("", None), (None, None),
    ("abc", None), ("1e3", None), ("１７", None), ("17.0", None),
])
def test_int_param(value, expected):
    assert int_param(value) == expected


def test_bounds_are_inclusive():
    assert int_param("12", high=12) == 12 and int_param("13", high=12) is None
    assert int_param("0", low=0) == 0
    assert MAX_ID == 2**31 - 1


@pytest.mark.parametrize("value,expected", [("2026", 2026), ("1900", 1900), ("2200", 2200), ("1899", None),
                                            ("2201", None), ("0", None), ("20266", None), ("", None)])
def test_year_param(value, expected):
    assert year_param(value) == expected


@pytest.mark.today("2026-11-20")
def test_a_refused_filter_value_is_named_on_the_page_and_only_on_that_page(personas, client_for):
    from django.urls import reverse

    client = client_for(personas["committee"])
    page = client.get(reverse("plan:calendar"), {"year": "abc", "month": "99999999999999999999"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="ignored-filters"' in text
    assert "«abc»" in text and "«99999999999999999999»" in text and "не применён" in text
    for params in ({"year": "2026", "month": "3"}, {}):  # a good value, and the next request after a bad one
        assert 'data-testid="ignored-filters"' not in client.get(reverse("plan:calendar"), params).content.decode()
    programmes = client.get(reverse("mentoring:programme_list"), {"year": "all"}).content.decode()
    assert 'data-testid="ignored-filters"' not in programmes  # «Все годы» is a choice, not a mistake
