"""The projection on inputs small enough to follow by hand (no database).

The simulation is fed a `Prepared` built here, so that every input is chosen: with an enormous expected number of
leavers the Poisson-like noise vanishes (σ ≈ 10⁻⁶) and a year's flows are plain arithmetic from the module's
docstring: kept = supply × (1 − leaving share); open = demand − kept; other hires = min(fill share × open, cap);
gap = open − hires. The statistical cases compare means and quantiles of many paths with the distribution the
noise is documented to have (mean-one lognormal), within stated tolerances. Expected values are written out.
"""

import math

import numpy as np
import pytest

from orientir.forecast import simulate
from orientir.forecast.data import N_BANDS, CellHistory, CellYear, Panel, Pipeline
from orientir.forecast.defaults import DEFAULTS, Defaults, Levers
from orientir.forecast.rates import BaseState, RateArrays
from orientir.forecast.simulate import Prepared, leaving_path, prepare

X = ("education", "Учитель", "higher")
Y = ("education", "Воспитатель", "vocational")
Z = ("culture", "Библиотекарь", "vocational")
QUIET = 1e12  # expected leavers that make the noise vanish


def prepared(cells, *, defaults=DEFAULTS, base_year=2024):
    """A `Prepared` from cells given as dicts: key, filled, demand, leave (share a year), fill (share of open posts
    filled by other hires); optional load, vacancies, students (due each year), expected (leavers), rate_sigma."""
    n = len(cells)

    def col(name, default=0.0):
        return np.array([float(c.get(name, default)) for c in cells])

    def yearly(name, default=0.0):
        return np.array([np.broadcast_to(np.asarray(c.get(name, default), float), 5) for c in cells])

    zeros = np.zeros(n)
    state = BaseState(column=np.zeros(n, dtype=np.int64), staff_units=col("filled") + col("vacancies"),
                      filled=col("filled"), vacancies=col("vacancies"), planned_new_units=zeros,
                      bands=np.zeros((n, N_BANDS)), pension=np.zeros((n, N_BANDS)), load=col("load", 1.0))
    rates = RateArrays(leave=zeros, retire=zeros, leave_profile=np.ones(N_BANDS), retire_profile=np.zeros(N_BANDS),
                       leave_shape=zeros, retire_shape=zeros, exposure=zeros, pension_exposure=zeros, weight=zeros,
                       other_hires=zeros, fill=col("fill"), openings=zeros, city_fill=0.0, city_leave=0.0,
                       city_retire=0.0, k_leave=1.0, k_retire=1.0)
    sectors = sorted({c["key"][0] for c in cells})
    return Prepared(keys=[c["key"] for c in cells], base_year=base_year, defaults=defaults, state=state, rates=rates,
                    demand_base=yearly("demand"), leave_path=yearly("leave"), expected_leavers=yearly("expected", QUIET),
                    rate_sigma=col("rate_sigma"), students=yearly("students"),
                    higher=np.array([c["key"][2] == "higher" for c in cells]), sector_names=sectors,
                    sector_code=np.array([sectors.index(c["key"][0]) for c in cells]), warnings=["как есть"])


def approx(values, rel=1e-4):
    return pytest.approx(values, rel=rel, abs=1e-3)


# --- Year-by-year flows --------------------------------------------------------------------------------------------

GROWING = dict(key=X, filled=100, vacancies=10, demand=110, leave=0.1, fill=0.5)
# With demand growing 10 % a year from 110 (121, 133.1, 146.41, 161.051, 177.1561) and 10 % leaving:
#   year 1: kept 90, open 31, half filled (cap 30.25 not reached): gap 15.5, supply 105.5
#   year 2: kept 94.95, open 38.15: gap 19.075, supply 114.025
#   year 3: kept 102.6225, open 43.7875: gap 21.89375, supply 124.51625
#   year 4: kept 112.064625, open 48.986375: gap 24.4931875, supply 136.5578125
#   year 5: kept 122.90203125, open 54.25406875: gap 27.127034375
DEMAND = [121.0, 133.1, 146.41, 161.051, 177.1561]
GAP = [15.5, 19.075, 21.89375, 24.4931875, 27.127034375]
OUTFLOW = [10.0, 10.55, 11.4025, 12.451625, 13.65578125]


def test_flows_of_each_year_by_hand():
    result = prepared([GROWING]).run(levers=Levers(growth_rate=0.1), n_sims=40)
    assert result.years.tolist() == [2025, 2026, 2027, 2028, 2029]
    assert result.demand[0] == approx(DEMAND)
    assert result.outflow[0] == approx(OUTFLOW)
    assert result.other_inflow[0] == approx(GAP)  # half the open posts: as many hired as stay open
    assert result.pipeline_inflow[0] == approx([0.0] * 5)
    for name in ("gap_p10", "gap_p50", "gap_p90"):
        assert getattr(result, name)[0] == approx(GAP), name
    assert result.supply_p50[0] == approx([d - g for d, g in zip(DEMAND, GAP, strict=True)])
    assert result.need_p50[0] == approx(GAP)
    assert (result.base_staff_units[0], result.base_filled[0], result.base_vacancies[0]) == (110.0, 100.0, 10.0)
    assert (result.n_sims, result.seed, result.base_year) == (40, 0, 2024)
    assert result.warnings == ["как есть"]


def test_other_hires_stop_at_the_cap():
    """All open posts would be filled, but at most a quarter of demand (27.5 of 110) a year:
    year 1: kept 45, open 65, hired 27.5, gap 37.5; year 2: kept 65.25, open 44.75, gap 17.25;
    year 3: kept 83.475, open 26.525 — under the cap, all filled; then 99 kept, 11 hired."""
    cell = dict(key=X, filled=50, vacancies=60, demand=110, leave=0.1, fill=1.0)
    result = prepared([cell]).run(n_sims=40)
    assert result.gap_p50[0] == approx([37.5, 17.25, 0.0, 0.0, 0.0])
    assert result.other_inflow[0] == approx([27.5, 27.5, 26.525, 11.0, 11.0])
    assert result.outflow[0] == approx([5.0, 7.25, 9.275, 11.0, 11.0])
    # the cap lever: 10 % of demand
    capped = prepared([cell]).run(n_sims=40, levers=Levers(other_inflow_cap=0.1))
    assert capped.other_inflow[0][:2] == approx([11.0, 11.0])  # year 2: kept 0.9·(110 − 54) = 50.4, open 59.6
    assert capped.gap_p50[0][:2] == approx([54.0, 48.6])


def test_levers_of_leaving_and_other_hires():
    """Leaving doubled (20 %) and half the usual fill share (0.25): year 1 kept 80, open 30, hired 7.5, gap 22.5."""
    result = prepared([dict(GROWING, demand=110)]).run(
        n_sims=40, levers=Levers(leaving_multiplier=2.0, other_inflow_multiplier=0.5))
    assert result.outflow[0][0] == approx(20.0)
    assert result.other_inflow[0][0] == approx(7.5)
    assert result.gap_p50[0][0] == approx(22.5)
    # year 2 from the supply of 87.5: kept 70, open 40, hired 10, gap 30
    assert result.gap_p50[0][1] == approx(30.0)
    shrinking = prepared([GROWING]).run(n_sims=40, levers=Levers(growth_rate=-0.5))
    assert shrinking.demand[0] == approx([55.0, 27.5, 13.75, 6.875, 3.4375])


def test_nobody_hired_without_a_fill_share():
    result = prepared([dict(GROWING, fill=0.0)]).run(n_sims=40)
    assert result.other_inflow[0] == approx([0.0] * 5)
    # 100 → 90 → 81 → 72.9 → 65.61 → 59.049 staff against 110 units
    assert result.gap_p50[0] == approx([20.0, 29.0, 37.1, 44.39, 50.951])


def test_surplus_stays_a_negative_gap():
    """More staff than units: nobody leaves, nobody is hired, the gap is the (negative) surplus."""
    result = prepared([dict(key=Z, filled=200, demand=100, leave=0.0, fill=0.5)]).run(n_sims=40)
    assert result.gap_p50[0] == approx([-100.0] * 5)
    assert result.need_p50[0] == approx([0.0] * 5)
    assert result.other_inflow[0] == approx([0.0] * 5) and result.outflow[0] == approx([0.0] * 5)


# --- Contracts and totals ------------------------------------------------------------------------------------------

CELLS = [GROWING, dict(GROWING, key=Y, load=2.0), dict(key=Z, filled=200, demand=100, leave=0.0, fill=0.5)]


def test_contracts_cover_the_gap_when_graduates_arrive():
    """Conversion 0.8 × 0.75 = 0.6 of the contracts signed becomes staff. X (higher: 4 or 5 years) needs
    24.493 / 0.6 = 40.8 → 41 contracts for 2028 and 27.127 / 0.6 = 45.2 → 46 for 2029; Y (vocational: 3 or 4 years)
    holds 2 units a person, so the same gaps are half as many persons: 21.894 / 2 / 0.6 = 18.2 → 19 for 2027 and
    24.493 / 2 / 0.6 = 20.4 → 21 for 2028. Z has a surplus: no contracts."""
    result = prepared(CELLS).run(levers=Levers(growth_rate=0.1), n_sims=40)
    nan = float("nan")
    expected = np.array([[nan, 41, 46], [19, 21, nan], [0, 0, nan]])
    assert np.array_equal(result.contracts_needed, expected, equal_nan=True)
    assert np.array_equal(result.contracts_needed_p90, expected, equal_nan=True)
    assert result.contracts_exact[0, 1:] == pytest.approx([24.493 / 0.6, 27.127 / 0.6], rel=1e-4)
    assert result.contracts_exact[1, :2] == pytest.approx([21.894 / 1.2, 24.493 / 1.2], rel=1e-4)
    assert result.contracts_exact[2, :2].tolist() == [0.0, 0.0] and math.isnan(result.contracts_exact[2, 2])
    assert (result.completion_rate, result.employment_rate) == (0.8, 0.75)
    # other conversion levers: 0.5 × 0.8
    other = prepared(CELLS).run(levers=Levers(growth_rate=0.1, completion_rate=0.5, employment_rate=0.8), n_sims=40)
    assert other.contracts_needed[0, 1:].tolist() == [62, 68]  # 24.493 / 0.4 = 61.2, 27.127 / 0.4 = 67.8
    assert (other.completion_rate, other.employment_rate) == (0.5, 0.8)


def test_shortage_totals_add_up_the_shortages_of_cells():
    result = prepared(CELLS).run(levers=Levers(growth_rate=0.1), n_sims=40)
    both = [2 * g for g in GAP]  # X and Y; Z's surplus does not offset them
    assert result.shortage_total.shape == (5, 3)
    for q in range(3):
        assert result.shortage_total[:, q] == approx(both)
    assert sorted(result.shortage_by_sector) == ["culture", "education"]
    assert result.shortage_by_sector["education"][:, 1] == approx(both)
    assert result.shortage_by_sector["culture"][:, 1] == approx([0.0] * 5)


def test_a_shorter_horizon_cuts_the_years_not_the_contracts():
    result = prepared(CELLS).run(levers=Levers(growth_rate=0.1), n_sims=40, horizon=2)
    assert result.years.tolist() == [2025, 2026]
    assert result.gap_p50.shape == (3, 2) and result.gap_p50[0] == approx(GAP[:2])
    assert result.demand.shape == (3, 2) and result.outflow.shape == (3, 2)
    assert result.shortage_total.shape == (2, 3)
    assert result.contracts_needed[0, 1:].tolist() == [41, 46]  # still the gaps of 2028 and 2029


def test_contracted_students_arrive_in_their_year():
    """Everybody graduates and takes the job: 4 students due in 2026 and 2 in 2028 arrive as 8 and 4 units (2 units
    a person). Nobody leaves, nobody else is hired: the gap of 20 units falls by what arrives."""
    cell = dict(key=Y, filled=100, demand=120, leave=0.0, fill=0.0, load=2.0, students=[0, 4, 0, 2, 0])
    result = prepared([cell]).run(levers=Levers(completion_rate=1.0, employment_rate=1.0), n_sims=40)
    assert result.pipeline_inflow[0] == approx([0.0, 8.0, 0.0, 4.0, 0.0])
    assert result.gap_p50[0] == approx([20.0, 12.0, 12.0, 8.0, 8.0])
    assert result.gap_p10[0] == approx([20.0, 12.0, 12.0, 8.0, 8.0])


# --- The noise -----------------------------------------------------------------------------------------------------

def test_leaving_noise_has_mean_one_and_lognormal_quantiles():
    """1000 staff, 10 % expected to leave; 100 expected leavers give σ² = ln(1 + 1/100) a year, the rate's own
    uncertainty σ = 0.3: the share leaving is 0.1 · exp(s·z − s²/2) with s² = 0.09 + ln 1.01, nobody hired.
    Mean outflow 100 (within 1 %); P10/P50/P90 of the gap 100 · exp(∓1.2816 s − s²/2) (within 3 %)."""
    cell = dict(key=X, filled=1000, demand=1000, leave=0.1, fill=0.0, expected=100.0, rate_sigma=0.3)
    result = prepared([cell]).run(n_sims=20000, seed=7, horizon=1)
    assert result.outflow[0, 0] == pytest.approx(100.0, rel=0.01)
    s = math.sqrt(0.09 + math.log(1.01))
    z90 = 1.2815515655446004
    assert result.gap_p50[0, 0] == pytest.approx(100 * math.exp(-s * s / 2), rel=0.03)
    assert result.gap_p10[0, 0] == pytest.approx(100 * math.exp(-z90 * s - s * s / 2), rel=0.03)
    assert result.gap_p90[0, 0] == pytest.approx(100 * math.exp(z90 * s - s * s / 2), rel=0.03)
    assert result.shortage_total[0] == pytest.approx(
        [result.gap_p10[0, 0], result.gap_p50[0, 0], result.gap_p90[0, 0]], rel=1e-6)


def test_year_noise_alone_is_poisson_like():
    """No uncertainty of the rate: the year's leavers vary like a Poisson count of mean 100, sd 10 (within 10 %)."""
    cell = dict(key=X, filled=1000, demand=1000, leave=0.1, fill=0.0, expected=100.0)
    result = prepared([cell]).run(n_sims=20000, seed=3, horizon=1)
    assert result.outflow[0, 0] == pytest.approx(100.0, rel=0.01)
    spread = (result.gap_p90[0, 0] - result.gap_p10[0, 0]) / (2 * 1.2815515655446004)
    assert spread == pytest.approx(10.0, rel=0.1)


def test_fill_noise_is_binomial_like_around_the_fill_share():
    """50 open posts, half filled on average: the share filled has variance (1 − 0.5)/(0.5 · 50) = 0.02 (relative):
    hires mean 25 (within 2 %), sd ≈ 25 · √0.02 ≈ 3.5 (within 15 %)."""
    cell = dict(key=X, filled=100, vacancies=50, demand=150, leave=0.0, fill=0.5, expected=0.0)
    result = prepared([cell]).run(n_sims=20000, seed=5, horizon=1)
    assert result.other_inflow[0, 0] == pytest.approx(25.0, rel=0.02)
    spread = (result.gap_p90[0, 0] - result.gap_p10[0, 0]) / (2 * 1.2815515655446004)
    assert spread == pytest.approx(25 * math.sqrt(0.02), rel=0.15)


def test_pipeline_noise_is_binomial_like():
    """100 students due, a quarter become staff (0.5 × 0.5): 25 arrive on average, sd √(100 · 0.25 · 0.75) ≈ 4.33."""
    cell = dict(key=Y, filled=100, demand=200, leave=0.0, fill=0.0, students=[100, 0, 0, 0, 0])
    result = prepared([cell]).run(n_sims=20000, seed=11, horizon=1,
                                  levers=Levers(completion_rate=0.5, employment_rate=0.5))
    assert result.pipeline_inflow[0, 0] == pytest.approx(25.0, rel=0.02)
    assert result.gap_p50[0, 0] == pytest.approx(75.0, rel=0.02)
    spread = (result.gap_p90[0, 0] - result.gap_p10[0, 0]) / (2 * 1.2815515655446004)
    assert spread == pytest.approx(math.sqrt(100 * 0.25 * 0.75), rel=0.1)


def test_cells_in_blocks_and_threads_give_the_same_numbers():
    """300 cells make three blocks of 128; two threads or one, the same paths."""
    cells = [dict(key=("education", f"Должность {i}", "higher"), filled=100, demand=110, leave=0.1, fill=0.5,
                  expected=10.0) for i in range(300)]
    one = prepared(cells).run(n_sims=20, threads=1, seed=9)
    two = prepared(cells).run(n_sims=20, threads=2, seed=9)
    assert np.array_equal(one.gap_p50, two.gap_p50) and np.array_equal(one.shortage_total, two.shortage_total)
    assert one.gap_p50.shape == (300, 5)
    # each block draws its own numbers: alike cells of different blocks differ
    assert one.gap_p90[0, 0] != one.gap_p90[128, 0] != one.gap_p90[256, 0]


# --- The result's shapes -------------------------------------------------------------------------------------------

def test_cell_rows_and_contract_rows():
    result = prepared(CELLS).run(levers=Levers(growth_rate=0.1), n_sims=40, horizon=3)
    assert result.index(Y) == 1 and result.index(list(Z)) == 2
    cell = result.cell(X)
    assert cell["years"] == [2025, 2026, 2027]
    assert cell["gap_p50"] == approx(GAP[:3]) and cell["demand"] == approx(DEMAND[:3])
    assert set(cell) == {"years", "demand", "supply_p50", "outflow", "other_inflow", "pipeline_inflow", "gap_p10",
                         "gap_p50", "gap_p90", "contracts_needed"}
    assert cell["contracts_needed"] == {3: None, 4: 41, 5: 46}
    rows = list(result.rows())
    assert len(rows) == 9
    assert {k: rows[4][k] for k in ("sector", "position", "level", "year")} == {
        "sector": "education", "position": "Воспитатель", "level": "vocational", "year": 2026}
    assert rows[4]["gap_p50"] == pytest.approx(GAP[1], rel=1e-4) and isinstance(rows[4]["gap_p50"], float)
    contracts = list(result.contract_rows())
    assert [(r["position"], r["study_length"], r["graduates_start"], r["contracts_needed"], r["contracts_needed_p90"])
            for r in contracts] == [("Учитель", 4, 2028, 41, 41), ("Учитель", 5, 2029, 46, 46),
                                    ("Воспитатель", 3, 2027, 19, 19), ("Воспитатель", 4, 2028, 21, 21),
                                    ("Библиотекарь", 3, 2027, 0, 0), ("Библиотекарь", 4, 2028, 0, 0)]
    assert contracts[0]["sector"] == "education" and contracts[0]["level"] == "higher"


@pytest.mark.parametrize("horizon", [0, 6, True, 2.0, "3"])
def test_horizon_is_a_whole_number_of_years_from_1_to_5(horizon):
    with pytest.raises(ValueError, match="Горизонт прогноза — целое число лет от 1 до 5"):
        prepared([GROWING]).run(horizon=horizon, n_sims=40)


@pytest.mark.parametrize("n_sims", [9, 100_001, True, 50.0])
def test_number_of_paths_is_a_whole_number_from_10_to_100000(n_sims):
    with pytest.raises(ValueError, match="Число имитаций — целое от 10 до 100000"):
        prepared([GROWING]).run(n_sims=n_sims)


def test_edges_of_horizon_and_paths_are_allowed():
    assert prepared([GROWING]).run(horizon=1, n_sims=10).years.tolist() == [2025]
    assert prepared([GROWING]).run(horizon=np.int64(5), n_sims=np.int64(10)).years.tolist()[-1] == 2029
    assert prepared([GROWING]).run(horizon=5, n_sims=100_000).n_sims == 100_000


# --- Leaving as the staff ages -------------------------------------------------------------------------------------

def test_leaving_path_follows_the_age_mix_by_hand():
    """10 % leave from every band, 65+ also retire at 50 %; hires join the youngest band and half of it moves up a
    band each year. Cell 1: 10 staff under 25 and 10 aged 65+ → 0.35 leave in year 1 (0.05 + 0.30); then the mix
    is 0.4 | 0.4 | … | 0.2 → 0.2; then 0.28 | 0.64 | … | 0.08 → 0.14; then 0.196 | 0.772 | … | 0.032 → 0.116.
    Cell 2 has no age bands: the typical mix (all under 25 here) never reaches retirement: 0.1 a year."""
    one_hot = (1.0,) + (0.0,) * 9
    old = (0.0,) * 9 + (1.0,)
    defaults = Defaults(leave_profile=(1.0,) * N_BANDS, retire_profile=old, pension_share=old,
                        hire_age_profile=one_hot, aging_rate=(0.5,) + (0.0,) * 9, age_structure=one_hot)
    state = BaseState(column=np.zeros(2), staff_units=np.zeros(2), filled=np.zeros(2), vacancies=np.zeros(2),
                      planned_new_units=np.zeros(2), bands=np.array([[10.0] + [0.0] * 8 + [10.0], [0.0] * 10]),
                      pension=np.array([[0.0] * 9 + [10.0], [0.0] * 10]), load=np.ones(2))
    rates = RateArrays(leave=np.array([0.1, 0.1]), retire=np.array([0.5, 0.5]), leave_profile=np.ones(N_BANDS),
                       retire_profile=np.array(old), leave_shape=np.ones(2), retire_shape=np.ones(2),
                       exposure=np.ones(2), pension_exposure=np.ones(2), weight=np.ones(2), other_hires=np.zeros(2),
                       fill=np.zeros(2), openings=np.zeros(2), city_fill=0.0, city_leave=0.0, city_retire=0.0,
                       k_leave=1.0, k_retire=1.0)
    path = leaving_path(state, rates, defaults, years=4)
    assert path[0] == pytest.approx([0.35, 0.2, 0.14, 0.116], rel=1e-12)
    assert path[1] == pytest.approx([0.1] * 4, rel=1e-12)
    assert leaving_path(state, rates, defaults).shape == (2, 5)
    # leaving and retirement together never exceed everybody
    rates.retire[:] = 2.0
    assert leaving_path(state, rates, defaults, years=1)[0, 0] == pytest.approx(0.05 + 0.5)


# --- Preparation from the returns ----------------------------------------------------------------------------------

OLD = (0.0,) * 8 + (1.0, 1.0)
HAND = Defaults(leave_rate=0.1, leave_profile=(1.0,) * N_BANDS, retire_rate=0.2, retire_profile=OLD,
                pension_share=OLD, city_prior_exposure=100.0, city_prior_pension_exposure=10.0, shrink_k=50.0,
                retire_shrink_k=20.0)
A = ("education", "Учитель", "higher")


def _one_return(key=A, year=2024):
    bands = [0.0] * N_BANDS
    bands[3], bands[8] = 38.0, 10.0
    return CellYear(key=key, year=year, staff_units=55, filled=48, headcount=bands, pension_age=10, left_total=5,
                    left_retirement=1, hired_total=3, planned_new_units=2)


def test_prepare_by_hand():
    """One return (2024): 48 staff, 5 left (1 retired), 3 hired → 50 at the start of the year, 10.42 of them of
    pension age (the 60–64 band, capped at its persons). Leaving: 4 events; city (4 + 10) / (50 + 100); the cell
    (4 + 50 · city) / (50 + 50) = 26/300. Retirement: 1 event over 125/12; city 3 / (125/12 + 10) = 36/245; the
    cell (1 + 20 · 36/245) / (125/12 + 20). Next year 38 may leave and 10 may leave or retire."""
    p = prepare([_one_history()], defaults=HAND)
    leave = 26 / 300
    retire = (193 / 49) / (365 / 12)
    assert p.rates.leave[0] == pytest.approx(leave, rel=1e-12)
    assert p.rates.retire[0] == pytest.approx(retire, rel=1e-12)
    leavers = 48 * leave + 10 * retire
    assert p.leave_path[0, 0] == pytest.approx(leavers / 48, rel=1e-12)
    assert p.expected_leavers[0, 0] == pytest.approx(leavers, rel=1e-12)
    assert p.expected_leavers[0, 1] == pytest.approx(48 * p.leave_path[0, 1], rel=1e-12)
    w = 10 * retire / leavers  # share of next year's leavers that retire
    rel_var = (1 - w) ** 2 / (26 / 3) + w**2 / (193 / 49)
    assert p.rate_sigma[0] == pytest.approx(math.sqrt(math.log(1 + rel_var)), rel=1e-12)
    assert p.demand_base[0].tolist() == [57.0] * 5  # 55 units + 2 planned, no pupil data
    assert p.students[0].tolist() == [0.0] * 5
    assert p.base_year == 2024 and p.keys == [A] and p.higher.tolist() == [True]
    assert p.sector_names == ["education"] and p.sector_code.tolist() == [0] and p.warnings == []


def _one_history():
    return CellHistory.from_years([_one_return()])


def test_prepare_reads_the_pipeline_for_the_five_years_after_the_base_year():
    unknown = ("culture", "Хормейстер", "vocational")
    pipeline = Pipeline({A: {2024: 7, 2025: 3, 2027: 2, 2029: 1, 2030: 9}, unknown: {2026: 4},
                         ("health", "Врач", "higher"): {2026: 0}})
    p = prepare([_one_history()], defaults=HAND, pipeline=pipeline)
    assert p.students[0].tolist() == [3.0, 0.0, 2.0, 0.0, 1.0]
    assert len(p.warnings) == 1 and "по 1 должности" in p.warnings[0] and "«Хормейстер»" in p.warnings[0]
    assert "('" not in p.warnings[0]


def test_prepare_leaves_out_cells_without_a_return_up_to_the_base_year():
    late = ("culture", "Библиотекарь", "vocational")
    panel = Panel.from_cell_years([_one_return(), _one_return(late, 2025),
                                   CellYear(key=("culture", "Хормейстер", "higher"), year=2023, staff_units=5,
                                            filled=5, headcount=[0.5] * N_BANDS)])
    p = prepare(panel, base_year=2024, defaults=HAND)
    assert p.keys == [A, ("culture", "Хормейстер", "higher")]
    assert p.sector_names == ["culture", "education"] and p.sector_code.tolist() == [1, 0]
    assert p.higher.tolist() == [True, True]
    assert p.rates.leave[0] != p.rates.leave[1]
    assert len(p.warnings) == 1
    # in words a user reads, not the cell's tuple (the page showed «('education', 'Учитель-логопед', …)»)
    assert p.warnings[0].startswith("Нет отчётов до 2024 года по 1 должности (например, «Библиотекарь», культура, СПО)")
    assert p.warnings[0].endswith("): они не прогнозируются")
    # a panel whose first year nobody reported in
    zeros = np.zeros((1, 2))
    empty_start = Panel(keys=[A], years=[2023, 2024], present=[[False, True]], staff_units=zeros, filled=zeros,
                        vacancies=zeros, headcount=np.zeros((1, 2, N_BANDS)), pension_age=zeros, left_total=zeros,
                        left_retirement=zeros, hired_total=zeros, hired_target=zeros, planned_new_units=zeros,
                        driver=zeros)
    with pytest.raises(ValueError, match="Нет ни одного отчёта до 2023 года"):
        prepare(empty_start, base_year=2023)
    with pytest.raises(ValueError):
        prepare(panel, base_year=2019)  # not a year of the data


def test_forecast_runs_the_prepared_projection():
    result = simulate.forecast([_one_history()], defaults=HAND, n_sims=40, horizon=2, seed=3)
    again = prepare([_one_history()], defaults=HAND).run(n_sims=40, horizon=2, seed=3)
    assert result.years.tolist() == [2025, 2026] and result.seed == 3
    assert np.array_equal(result.gap_p50, again.gap_p50)
    with pytest.raises(ValueError, match="Горизонт"):
        simulate.forecast([_one_history()], horizon=7)


def test_prepare_three_cells_by_hand():
    """The cells of `test_rates_cases.test_leaving_shares_by_band_are_capped_at_everybody` (the 60–64 band leaves
    100 times as often; the typical mix is all 35–39): leaving λ₁ = (50 + 50 · 60/301) / 250, λ₂ = 50 · (60/301) / 51,
    retirement ρ₁ = 71/231. Next year cell 1 loses 100 · λ₁ of its 35–39 band and its one 60–64 pensioner (the share
    is capped at 1), ρ₁ of whose leaving is retirement; cell 2's one person (35–39, no bands given) leaves at λ₂;
    cell 3 has nobody."""
    profile = (1.0,) * 8 + (100.0, 1.0)
    mix = (0.0,) * 3 + (1.0,) + (0.0,) * 6
    defaults = Defaults(leave_rate=0.1, leave_profile=profile, retire_rate=0.2, retire_profile=OLD, pension_share=OLD,
                        age_structure=mix, city_prior_exposure=100.0, city_prior_pension_exposure=10.0,
                        shrink_k=50.0, retire_shrink_k=20.0)
    old_band = [0.0] * N_BANDS
    old_band[3], old_band[8] = 100.0, 1.0
    sport = ("sport", "Тренер", "higher")
    panel = Panel.from_cell_years([
        CellYear(key=A, year=2024, staff_units=101, filled=101, headcount=old_band, pension_age=1,
                 left_total=51, left_retirement=1, hired_total=51),
        CellYear(key=("culture", "Библиотекарь", "vocational"), year=2024, staff_units=1, filled=1,
                 headcount=[0.0] * N_BANDS),
        CellYear(key=sport, year=2024, staff_units=2, filled=0, headcount=[0.0] * N_BANDS),
    ])
    p = prepare(panel, defaults=defaults)
    city = 60 / 301
    leave1, leave2, retire1 = (50 + 50 * city) / 250, 50 * city / 51, 71 / 231
    assert p.rates.leave.tolist() == pytest.approx([leave1, leave2, city], rel=1e-12)
    total1 = 100 * leave1 + 1 + retire1  # leavers and retirements counted apart for the weights
    w1 = retire1 / total1
    rel_var = [(1 - w1) ** 2 / (50 + 50 * city) + w1**2 / (71 / 11), 1 / (50 * city), 1 / (50 * city)]
    assert p.rate_sigma.tolist() == pytest.approx([math.sqrt(math.log(1 + v)) for v in rel_var], rel=1e-12)
    assert p.leave_path[:, 0].tolist() == pytest.approx([(100 * leave1 + 1) / 101, leave2, city], rel=1e-12)
    assert p.expected_leavers[:, 0].tolist() == pytest.approx([100 * leave1 + 1, leave2, 0.0], rel=1e-12)
    assert p.demand_base[:, 0].tolist() == [101.0, 1.0, 2.0]
    assert p.sector_names == ["culture", "education", "sport"] and p.sector_code.tolist() == [1, 0, 2]
    assert p.higher.tolist() == [True, False, True]


def test_forecast_defaults_and_base_year():
    """500 paths, seed 0, five years after the last year of the data unless a base year is given."""
    history = CellHistory.from_years([_one_return(year=2023), _one_return(year=2024)])
    result = simulate.forecast([history], defaults=HAND)
    assert (result.n_sims, result.seed, result.base_year) == (500, 0, 2024)
    assert result.years.tolist() == [2025, 2026, 2027, 2028, 2029]
    earlier = simulate.forecast([history], defaults=HAND, base_year=2023, horizon=1, n_sims=10, seed=4,
                                levers=Levers(growth_rate=0.5))
    assert (earlier.base_year, earlier.years.tolist(), earlier.seed) == (2023, [2024], 4)
    assert earlier.demand[0, 0] == pytest.approx(57 * 1.5)
    with pytest.raises(ValueError, match="Число имитаций"):
        simulate.forecast([history], n_sims=5)


def test_one_person_is_a_mix_of_their_own():
    """One person aged 65+ of pension age: 10 % leave and 50 % retire, 0.6 in year 1 — not the typical mix."""
    old = (0.0,) * 9 + (1.0,)
    defaults = Defaults(leave_profile=(1.0,) * N_BANDS, retire_profile=old, pension_share=old,
                        age_structure=(1.0,) + (0.0,) * 9)
    state = BaseState(column=np.zeros(1), staff_units=np.zeros(1), filled=np.zeros(1), vacancies=np.zeros(1),
                      planned_new_units=np.zeros(1), bands=np.array([[0.0] * 9 + [1.0]]),
                      pension=np.array([[0.0] * 9 + [1.0]]), load=np.ones(1))
    rates = RateArrays(leave=np.array([0.1]), retire=np.array([0.5]), leave_profile=np.ones(N_BANDS),
                       retire_profile=np.array(old), leave_shape=np.ones(1), retire_shape=np.ones(1),
                       exposure=np.ones(1), pension_exposure=np.ones(1), weight=np.ones(1), other_hires=np.zeros(1),
                       fill=np.zeros(1), openings=np.zeros(1), city_fill=0.0, city_leave=0.0, city_retire=0.0,
                       k_leave=1.0, k_retire=1.0)
    assert leaving_path(state, rates, defaults, years=1)[0, 0] == pytest.approx(0.6)


def test_quantiles_are_the_nearest_ranks_of_the_sorted_paths(monkeypatch):
    """Eleven paths whose normal draws are −1, −0.8, …, 1 (the same in every draw): the rate's noise σ = 0.5 makes
    path i leave 100 · 0.1 · exp(0.5 zᵢ − 0.125); P10, P50, P90 are the paths of rank round(q · 10) = 1, 5, 9:
    z = −0.8, 0 and 0.8."""
    z = np.linspace(-1.0, 1.0, 11, dtype=np.float32)
    monkeypatch.setattr(simulate, "_normals", lambda bitgen, rows, cols: np.tile(z, (rows, 1)))
    cell = dict(key=X, filled=100, demand=100, leave=0.1, fill=0.0, rate_sigma=0.5)
    result = prepared([cell]).run(n_sims=11, horizon=1)
    expected = [10 * math.exp(0.5 * q - 0.125) for q in (-0.8, 0.0, 0.8)]
    got = [result.gap_p10[0, 0], result.gap_p50[0, 0], result.gap_p90[0, 0]]
    assert got == pytest.approx(expected, rel=1e-4)
    assert result.outflow[0, 0] == pytest.approx(sum(10 * math.exp(0.5 * q - 0.125) for q in z) / 11, rel=1e-4)
