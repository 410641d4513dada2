"""Calibrated bands (calibration.py): the levels read as P10, P90, P25 and P75 are learned from past misses, per lead
and group, shrunk towards the prior, and only from comparisons known when the forecast is made.

The expected levels are worked out by hand below from a made-up list of past comparisons: ten forecasts whose
τ-quantile is 100·τ (1 at the 1 % level … 99 at the 99 % level), with one actual value in each tenth:
3, 8, 15, 22, 40, 55, 61, 77, 88, 97.

    below(τ) = share of the actuals < 100·τ:  0.1 for τ = 0.04 … 0.08, 0.2 for 0.09 … 0.15, 0.3 for 0.16 … 0.22
    above(τ) = share of the actuals > 100·τ:  0.1 for τ = 0.88 … 0.96, 0.2 for 0.77 … 0.87, 0.3 for 0.61 … 0.76

    P10: below = 0.1 exactly for 0.04 … 0.08 — the widest, 0.04
    P90: above = 0.1 exactly for 0.88 … 0.96 — the widest, 0.96
    P25: 0.2 and 0.3 are both 0.05 from 0.25 — the widest, 0.09
    P75: 0.2 and 0.3 are both 0.05 from 0.25 — the widest, 0.87
"""

import numpy as np
import pytest

from orientir.forecast import calibration
from orientir.forecast.calibration import GRID, calibrated_bands, group, levels, own_levels, read, shrunk
from orientir.forecast.simulate import prepare
from orientir.forecast.synthetic import generate

ACTUALS = [3, 8, 15, 22, 40, 55, 61, 77, 88, 97]
NOMINAL = (0.1, 0.5, 0.9, 0.25, 0.75)
FLAT_PRIOR = tuple(tuple(NOMINAL for _ in range(5)) for _ in range(5))


def straight(m: int) -> np.ndarray:
    """m forecasts whose τ-quantile is 100·τ."""
    return np.tile(np.arange(1.0, 100.0), (m, 1))


def test_the_grid_is_every_hundredth():
    assert GRID[0] == 0.01 and GRID[9] == 0.1 and GRID[49] == 0.5 and GRID[-1] == 0.99 and len(GRID) == 99


def test_own_levels_leave_the_target_shares_outside():
    assert own_levels(straight(10), ACTUALS) == (0.04, 0.5, 0.96, 0.09, 0.87)


def test_own_levels_from_twenty_comparisons():
    # actuals 2, 7, 12 … 97 (one in each twentieth): below = 2/20 for 100·τ in (7, 12] → P10 the widest, 0.08;
    # 5/20 for (22, 27] → P25 0.23; above = 2/20 for [87, 92) → P90 0.91; 5/20 for [72, 77) → P75 0.76
    assert own_levels(straight(20), [5 * k + 2 for k in range(20)]) == (0.08, 0.5, 0.91, 0.23, 0.76)


def test_an_actual_on_a_bound_is_not_a_miss_and_a_tie_goes_to_the_wider_band():
    # all actuals 50: none is below the quantile at 0.50 (it equals them), all are below it from 0.51 on, so every
    # level up to 0.50 leaves 0 below (0.1 from the target) — the widest, 0.01; likewise above: 0.99
    assert own_levels(straight(4), [50, 50, 50, 50]) == (0.01, 0.5, 0.99, 0.01, 0.99)


def test_levels_keep_the_median_inside_both_bands():
    # actuals 70.5, 95, 96, 97: below = 0 up to 0.70, 0.25 for 0.71 … 0.95, so P25 would be 0.71 — held at the
    # median; above = 0.25 only at 0.96 (P75), 0 from 0.97 (P90: 0 is nearer 0.1 than 0.25 is — the widest, 0.99)
    assert own_levels(straight(4), [70.5, 95, 96, 97]) == (0.01, 0.5, 0.99, 0.5, 0.96)


def test_own_levels_are_shrunk_towards_the_prior():
    # 100 comparisons against the prior's 200: (100 · 0.04 + 200 · 0.10) / 300 = 0.08 and so on
    assert shrunk((0.04, 0.5, 0.96, 0.09, 0.87), 100, NOMINAL, 200) == (0.08, 0.5, 0.92, 0.2, 0.79)
    assert shrunk(None, 0, NOMINAL, 200) == NOMINAL
    # 300 comparisons: (12 + 20) / 500 = 0.064, (288 + 180) / 500 = 0.936, (27 + 50) / 500 = 0.154, (261 + 150) / 500
    assert shrunk((0.04, 0.5, 0.96, 0.09, 0.87), 300, NOMINAL, 200) == (0.06, 0.5, 0.94, 0.15, 0.82)


@pytest.mark.parametrize("at_or_below, expected", [(0, 0), (1, 1), (9, 1), (10, 2), (29, 2), (30, 3), (59, 3),
                                                   (60, 4), (99, 4)])
def test_groups_by_how_many_levels_are_at_or_below_zero(at_or_below, expected):
    row = np.arange(1.0, 100.0) - at_or_below  # exactly `at_or_below` levels ≤ 0
    assert group(row[None, :])[0] == expected


def test_levels_are_learned_per_lead_and_group_and_need_enough_comparisons(monkeypatch):
    monkeypatch.setattr(calibration, "MIN_OWN", 100)
    grid_q = straight(100)
    actual = np.array(ACTUALS * 10, dtype=float)
    learned = levels(grid_q, actual, np.ones(100, dtype=int), FLAT_PRIOR, weight=200)
    assert learned.shape == (5, 5, 5)
    assert tuple(learned[0, 0]) == (0.08, 0.5, 0.92, 0.2, 0.79)  # lead 1, group 0: as shrunk by hand above
    assert tuple(learned[1, 0]) == NOMINAL and tuple(learned[0, 2]) == NOMINAL  # no comparisons there
    few = levels(grid_q[:99], actual[:99], np.ones(99, dtype=int), FLAT_PRIOR, weight=200)
    assert tuple(few[0, 0]) == NOMINAL  # 99 comparisons: the prior alone


def test_each_origin_learns_only_from_actuals_reported_by_then(monkeypatch):
    """Origin 2020's forecasts one year ahead were checked in 2021, so the forecasts made in 2021 learn from them;
    the forecasts made in 2020 have nothing before them (the prior), and nothing made in 2021 — checked in 2022 —
    may leak into either."""
    monkeypatch.setattr(calibration, "MIN_OWN", 100)
    origin = np.array([2020] * 100 + [2021] * 100)
    lead = np.ones(200, dtype=int)
    actual = np.array(ACTUALS * 10 + [99] * 100, dtype=float)  # 2021's actuals all far up: would widen P90
    bands, by_origin = calibrated_bands(origin, lead, straight(200), actual, FLAT_PRIOR, weight=200)
    assert set(bands["p10"][:100]) == {10} and set(bands["p90"][:100]) == {90}
    assert set(bands["p25"][:100]) == {25} and set(bands["p75"][:100]) == {75}
    assert set(bands["p10"][100:]) == {8} and set(bands["p90"][100:]) == {92}
    assert set(bands["p25"][100:]) == {20} and set(bands["p75"][100:]) == {79}
    assert tuple(by_origin[2021][0, 0]) == (0.08, 0.5, 0.92, 0.2, 0.79)


def test_a_band_is_read_as_a_vacancy():
    grid_q = np.arange(1.0, 100.0)[None, :] - 20  # the 20 % quantile is 0, lower ones negative: no vacancy
    assert read(grid_q, np.array([0.08]))[0] == 0.0
    assert read(grid_q, np.array([0.31]))[0] == 11.0
    assert read(straight(3), np.array([0.01, 0.5, 0.99])).tolist() == [1.0, 50.0, 99.0]


@pytest.fixture(scope="module")
def prepared():
    return prepare(generate(30, range(2018, 2023), seed=7).panel, base_year=2022)


def test_the_engine_reads_each_forecast_at_its_groups_levels(prepared):
    band = np.array(FLAT_PRIOR)
    for g in range(5):  # a different P10 level in each group: 0.02, 0.04 … 0.10
        band[:, g, 0] = 0.02 * (g + 1)
        band[:, g, 2] = 0.99 - 0.02 * g
    result = prepared.run(n_sims=101, seed=3, band=band, grid=GRID)
    for h in range(5):
        grid_q = result.gap_grid[:, h]
        groups = group(grid_q)
        expected_low = grid_q[np.arange(len(groups)), np.rint(0.02 * (groups + 1) * 100).astype(int) - 1]
        expected_high = grid_q[np.arange(len(groups)), np.rint((0.99 - 0.02 * groups) * 100).astype(int) - 1]
        assert np.array_equal(result.gap_p10[:, h], expected_low)
        assert np.array_equal(result.gap_p90[:, h], expected_high)


def test_without_a_band_the_engine_reads_the_nominal_levels(prepared):
    result = prepared.run(n_sims=101, seed=3, grid=GRID)
    for name, level in (("gap_p10", 0.1), ("gap_p50", 0.5), ("gap_p90", 0.9), ("gap_p25", 0.25), ("gap_p75", 0.75)):
        assert np.array_equal(getattr(result, name), result.gap_grid[:, :, GRID.index(level)])


def test_the_backtest_scores_the_band_each_origin_was_given():
    from orientir.forecast.backtest import backtest, uncalibrated

    synth = generate(120, range(2016, 2024), seed=5)
    result = backtest(synth.panel, first_year=2017, last_year=2023, horizon=2, n_sims=60)
    bands, _ = calibrated_bands(result.origin, result.lead, result.grid, result.actual)
    for name in ("p10", "p90", "p25", "p75"):
        assert np.array_equal(getattr(result, name), bands[name])
    assert result.levels.shape == (5, 5, 5)
    before = uncalibrated(result)
    assert np.array_equal(before.p10, result.grid[:, 9]) and np.array_equal(before.p90, result.grid[:, 89])
    assert np.all(result.forecast == np.maximum(before.forecast, 0))


def test_the_live_forecast_reads_its_bands_at_the_citys_levels_or_the_prior():
    from types import SimpleNamespace

    from orientir.forecast.services import band_levels

    learned = np.full((5, 5, 5), 0.3)
    assert band_levels(SimpleNamespace(levels=learned)) is learned
    assert np.array_equal(band_levels(None), np.array(calibration.PRIOR))
    assert np.array_equal(band_levels(SimpleNamespace(levels=None)), np.array(calibration.PRIOR))
    assert calibration.PRIOR[0][0] == NOMINAL  # no path at zero: the nominal band until a city's own history says
