"""Contracts signed now cover the gap of the year their graduates arrive: a gap that changes every year tells
which year each programme length is matched with (the expected numbers are worked out by hand below)."""

import math

import numpy as np
import pytest

from orientir.forecast.engine import N_BANDS, CellHistory, CellYear, Levers, Pipeline, forecast

# Nobody leaves, nobody is hired outside target contracts, every contracted student graduates and comes to work.
LEVERS = Levers(leaving_multiplier=0.0, other_inflow_multiplier=0.0, completion_rate=1.0, employment_rate=1.0)


def _cell(level):
    head = np.zeros(N_BANDS)
    head[3] = 10
    return [CellHistory.from_years([CellYear(key=("education", "Учитель", level), year=2024, staff_units=16.0,
                                             filled=10.0, headcount=head)])]


# 6 open units in 2024; one contracted graduate arrives each year from 2026, so the gap falls by one a year:
#   2025: 6   2026: 5   2027: 4   2028: 3   2029: 2
ARRIVALS = {2026: 1, 2027: 1, 2028: 1, 2029: 1}
GAP_BY_YEAR = [6.0, 5.0, 4.0, 3.0, 2.0]


@pytest.mark.parametrize("level,expected", [
    # a 3-year programme signed in 2024 graduates for 2027 (gap 4), 4 years for 2028 (3), 5 years for 2029 (2);
    # vocational programmes last 3–4 years, higher ones 4–5 (NaN: no such programme)
    ("vocational", [4.0, 3.0, None]),
    ("higher", [None, 3.0, 2.0]),
])
def test_each_study_length_covers_the_gap_of_its_own_arrival_year(level, expected):
    key = ("education", "Учитель", level)
    result = forecast(_cell(level), levers=LEVERS, pipeline=Pipeline({key: ARRIVALS}), n_sims=40)
    assert result.years.tolist() == [2025, 2026, 2027, 2028, 2029]
    assert result.gap_p50[0].tolist() == pytest.approx(GAP_BY_YEAR)
    got = [None if math.isnan(v) else v for v in result.contracts_needed[0].tolist()]
    assert got == expected
    rows = {r["study_length"]: r for r in result.contract_rows()}
    for length, number in zip((3, 4, 5), expected, strict=True):
        if number is not None:
            assert rows[length]["graduates_start"] == 2024 + length
