"""Terms in years and ages: the leap day is where a hand-written `replace(year=...)` breaks (ГК РФ, ст. 192)."""
import datetime

import pytest

from orientir.core.dates import add_years, age_on

D = datetime.date


@pytest.mark.parametrize(("day", "years", "expected"), [
    (D(2027, 3, 15), 1, D(2028, 3, 15)),
    (D(2027, 3, 15), -6, D(2021, 3, 15)),
    (D(2028, 2, 29), 1, D(2029, 2, 28)),      # no 29 February in 2029: the last day of February
    (D(2028, 2, 29), -1, D(2027, 2, 28)),
    (D(2028, 2, 29), 4, D(2032, 2, 29)),      # a leap year again: the same day
    (D(2028, 2, 29), -6, D(2022, 2, 28)),
    (D(2027, 2, 28), 1, D(2028, 2, 28)),      # 28 February stays 28 February in a leap year
    (D(2027, 12, 31), 3, D(2030, 12, 31)),
    (D(2028, 3, 1), -1, D(2027, 3, 1)),
])
def test_a_term_in_years_ends_on_the_same_day_or_the_last_of_february(day, years, expected):
    assert add_years(day, years) == expected


@pytest.mark.parametrize(("born", "on", "age"), [
    (D(2009, 6, 20), D(2027, 6, 19), 17),     # the day before the 18th birthday
    (D(2009, 6, 20), D(2027, 6, 20), 18),     # the birthday itself
    (D(2009, 6, 20), D(2027, 6, 21), 18),
    (D(2008, 2, 29), D(2026, 2, 28), 17),     # born on a leap day: a common year has no birthday...
    (D(2008, 2, 29), D(2026, 3, 1), 18),      # ...the age rises on 1 March
    (D(2008, 2, 29), D(2028, 2, 29), 20),
    (D(2010, 12, 31), D(2011, 1, 1), 0),
])
def test_age_in_full_years(born, on, age):
    assert age_on(born, on) == age
