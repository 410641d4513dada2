"""Demand from pupil numbers in the projection (simulate._driver_factor), on panels small enough to follow by hand
(no database): the recent trend of the driver, a projection where given, the elasticity. Expected values are
written out."""


import numpy as np
import pytest

from orientir.forecast import simulate
from orientir.forecast.data import N_BANDS, CellYear, Panel
from orientir.forecast.defaults import DEFAULTS, Defaults
from orientir.forecast.rates import base_state


def _driver_panel(series_by_key, years):
    records = []
    for key, series in series_by_key.items():
        for year, value in zip(years, series, strict=True):
            if value is not None:
                records.append(CellYear(key=key, year=year, staff_units=10, filled=10, headcount=[1.0] * N_BANDS,
                                        driver=value))
    return Panel.from_cell_years(records)


def _factor(panel, base_year, drivers=None, defaults=DEFAULTS):
    state = base_state(panel, base_year, defaults)
    return simulate._driver_factor(panel, state, base_year, drivers, defaults)


H = np.arange(1, 6)
NAN = float("nan")


def test_demand_follows_the_recent_trend_of_the_driver():
    """Elasticity 0.7: units ∝ pupils^0.7. Pupils growing 2 % a year → units × 1.02^(0.7 h); faster trends are capped
    at ±5 % a year; only the last 5 years count; no data or one year → no change."""
    years = list(range(2018, 2025))
    grow = [None, None] + [1000 * 1.02**k for k in range(5)]
    series = {
        ("education", "рост 2 %", "higher"): grow,
        ("education", "рост 10 %", "higher"): [None, None] + [1000 * 1.1**k for k in range(5)],
        ("education", "спад 10 %", "higher"): [None, None] + [1000 * 0.9**k for k in range(5)],
        ("education", "без данных", "higher"): [NAN] * 7,
        ("education", "один год", "higher"): [NAN] * 6 + [500.0],
        ("education", "старые годы", "higher"): [1.0, 10**6] + grow[2:],
        ("education", "нули", "higher"): [None, None, 0.0, -5.0] + grow[4:],
    }
    factor = _factor(_driver_panel(series, years), 2024)
    assert factor[0] == pytest.approx(1.02 ** (0.7 * H), rel=1e-9)
    assert factor[1] == pytest.approx(1.05 ** (0.7 * H), rel=1e-9)
    assert factor[2] == pytest.approx(1.05 ** (-0.7 * H), rel=1e-9)
    assert factor[3].tolist() == [1.0] * 5 and factor[4].tolist() == [1.0] * 5
    assert factor[5] == pytest.approx(1.02 ** (0.7 * H), rel=1e-9)
    assert factor[6] == pytest.approx(1.02 ** (0.7 * H), rel=1e-9)  # 0 and −5 pupils are no data


def test_trend_window_ends_at_the_base_year():
    years = list(range(2020, 2025))
    series = {("education", "a", "higher"): [1000, 1010, 1020.1, 1030.301, 2000]}  # 1 % a year, then a jump
    assert _factor(_driver_panel(series, years), 2023)[0] == pytest.approx(1.01 ** (0.7 * H), rel=1e-9)


def test_demand_follows_a_projection_of_pupils_where_given():
    """Education has a projection: 1000 in 2024, 1100 in 2025, 1210 in 2027 (2026 given as −1: no data; 2028–29
    missing: the cell's trend, 2 % a year). Culture's projection has no 2024 figure: the cell's own 2024 driver
    (1200) is the reference. Sectors without a projection keep their trend."""
    years = list(range(2020, 2025))
    grow = [1000 * 1.02**k for k in range(5)]
    series = {("education", "a", "higher"): grow, ("culture", "b", "higher"): [None, None, None, None, 1200.0],
              ("health", "c", "higher"): grow}
    drivers = {"education": {2024: 1000, 2025: 1100, 2026: -1, "2027": 1210.0}, "culture": {2025: 900}}
    factor = _factor(_driver_panel(series, years), 2024, drivers)
    trend = 1.02 ** (0.7 * H)
    assert factor[0] == pytest.approx([1.1**0.7, trend[1], 1.21**0.7, trend[3], trend[4]], rel=1e-9)
    assert factor[1] == pytest.approx([(900 / 1200) ** 0.7, 1, 1, 1, 1], rel=1e-9)
    assert factor[2] == pytest.approx(trend, rel=1e-9)


def test_a_projection_without_a_reference_changes_nothing():
    series = {("culture", "b", "higher"): [NAN]}
    factor = _factor(_driver_panel(series, [2024]), 2024, {"culture": {2025: 900}})
    assert factor[0].tolist() == [1.0] * 5


def test_elasticity_of_demand():
    series = {("education", "a", "higher"): [1000 * 1.02**k for k in range(5)]}
    factor = _factor(_driver_panel(series, list(range(2020, 2025))), 2024, defaults=Defaults(driver_elasticity=1.0))
    assert factor[0] == pytest.approx(1.02**H, rel=1e-9)
