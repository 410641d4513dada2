"""Rates estimated from tiny histories whose answers are worked out by hand (no database).

The defaults of these cases are simple on purpose: every age band leaves alike (leaving profile of ones), only the
60–64 and 65+ bands are of pension age and retire. Every expected number below is written as the arithmetic that
gives it, from the figures of the returns, not from the code under test.
"""

import math

import numpy as np
import pytest

from orientir.forecast.data import N_BANDS, CellYear, Panel
from orientir.forecast.defaults import Defaults
from orientir.forecast.rates import (BaseState, _prior_strength, allocate_pension, base_state, conversion_rates,
                                     defaults_with_contract_history, estimate_rate_arrays, estimate_rates,
                                     pension_shares)

OLD = (0.0,) * 8 + (1.0, 1.0)  # 60–64 and 65+
HAND = Defaults(leave_rate=0.1, leave_profile=(1.0,) * N_BANDS, retire_rate=0.2, retire_profile=OLD,
                pension_share=OLD, city_prior_exposure=100.0, city_prior_pension_exposure=10.0, shrink_k=50.0,
                retire_shrink_k=20.0, fill_rate=0.5, fill_prior_openings=10.0, city_prior_openings=20.0)
A = ("education", "Учитель", "higher")
B = ("culture", "Библиотекарь", "vocational")


def bands(**persons):
    """Persons by age band: bands(b3=40, b8=10) → 40 aged 35–39 and 10 aged 60–64."""
    out = [0.0] * N_BANDS
    for name, value in persons.items():
        out[int(name[1:])] = float(value)
    return out


def two_cells() -> Panel:
    """A reports in 2023 and 2024; B in 2022 and 2024 (no return in 2023)."""
    return Panel.from_cell_years([
        CellYear(key=A, year=2023, staff_units=55, filled=50, headcount=bands(b3=40, b8=10), pension_age=10,
                 left_total=6, left_retirement=2, hired_total=4, hired_target=1),
        CellYear(key=A, year=2024, staff_units=55, filled=48, headcount=bands(b3=38, b8=10), pension_age=10,
                 left_total=5, left_retirement=1, hired_total=3, hired_target=0),
        CellYear(key=B, year=2022, staff_units=30, filled=25, headcount=bands(b2=20, b9=5), pension_age=5,
                 left_total=3, left_retirement=1, hired_total=2, hired_target=2),
        CellYear(key=B, year=2024, staff_units=30, filled=26, headcount=bands(b2=22, b9=4), pension_age=4,
                 left_total=4, left_retirement=2, hired_total=6, hired_target=1),
    ])


# Worked out by hand for two_cells() at base year 2024.
#
# Exposure is the staff at the start of each reported year. A 2023 has no earlier return: its 50 staff rolled
# back by the year's flows, 50 + 6 left − 4 hired = 52 (bands scaled by 52/50: 41.6 and 10.4); A 2024 starts
# from the 2023 return (40 + 10). B 2022 rolls back to 25 + 3 − 2 = 26 (20.8 and 5.2); B 2024 has no 2023 return
# and rolls back to 26 + 4 − 6 = 24 (22·24/26 and 4·24/26).
EXPOSURE = {A: 52 + 50, B: 26 + 24}
EVENTS = {A: (6 - 2) + (5 - 1), B: (3 - 1) + (4 - 2)}  # non-retirement leavers
# Pension-age staff at the start: pension age + retirements of the year (capped by the staff), all in the old
# bands and capped by their persons: A 10.4 (12 capped) then 10 (the 2023 return); B 5.2 (6 capped) then 48/13.
PENSION_EXPOSURE = {A: 10.4 + 10, B: 5.2 + 4 * 24 / 26}
RETIREMENTS = {A: 2 + 1, B: 1 + 2}
CITY_LEAVE = (8 + 4 + 100 * 0.1) / (102 + 50 + 100)  # pooled, with 100 person-years of the default 0.1
CITY_RETIRE = (3 + 3 + 10 * 0.2) / (20.4 + 5.2 + 48 / 13 + 10)
LEAVE = {key: (EVENTS[key] + 50 * CITY_LEAVE) / (EXPOSURE[key] + 50) for key in (A, B)}  # k = 50: < 20 cells
RETIRE = {key: (RETIREMENTS[key] + 20 * CITY_RETIRE) / (PENSION_EXPOSURE[key] + 20) for key in (A, B)}
# Hires outside target contracts: A 3 + 3 in two returns, B 0 + 5; open posts still vacant: A 5 + 7, B 5 + 4.
OTHER_HIRES = {A: (3 + 3) / 2, B: (0 + 5) / 2}
OPENINGS = {A: 6 + 12, B: 5 + 9}
CITY_FILL = (6 + 5 + 20 * 0.5) / (18 + 14 + 20)
FILL = {A: (6 + 10 * CITY_FILL) / (18 + 10), B: (5 + 10 * CITY_FILL) / (14 + 10)}


def test_hand_worked_city_rates():
    assert CITY_LEAVE == pytest.approx(22 / 252)
    rates = estimate_rate_arrays(two_cells(), 2024, HAND)
    assert rates.city_leave == pytest.approx(CITY_LEAVE, rel=1e-12)
    assert rates.city_retire == pytest.approx(CITY_RETIRE, rel=1e-12)
    assert rates.city_fill == pytest.approx(CITY_FILL, rel=1e-12)
    assert (rates.k_leave, rates.k_retire) == (50.0, 20.0)


@pytest.mark.parametrize("key,row", [(A, 0), (B, 1)])
def test_hand_worked_cell_rates(key, row):
    rates = estimate_rate_arrays(two_cells(), 2024, HAND)
    assert rates.exposure[row] == pytest.approx(EXPOSURE[key], rel=1e-12)
    assert rates.pension_exposure[row] == pytest.approx(PENSION_EXPOSURE[key], rel=1e-12)
    assert rates.leave_shape[row] == pytest.approx(EVENTS[key] + 50 * CITY_LEAVE, rel=1e-12)
    assert rates.retire_shape[row] == pytest.approx(RETIREMENTS[key] + 20 * CITY_RETIRE, rel=1e-12)
    assert rates.leave[row] == pytest.approx(LEAVE[key], rel=1e-12)
    assert rates.retire[row] == pytest.approx(RETIRE[key], rel=1e-12)
    assert rates.weight[row] == pytest.approx(EXPOSURE[key] / (EXPOSURE[key] + 50), rel=1e-12)
    assert rates.other_hires[row] == pytest.approx(OTHER_HIRES[key], rel=1e-12)
    assert rates.openings[row] == pytest.approx(OPENINGS[key], rel=1e-12)
    assert rates.fill[row] == pytest.approx(FILL[key], rel=1e-12)
    assert rates.leave_profile.tolist() == [1.0] * N_BANDS
    assert rates.retire_profile.tolist() == list(OLD)


def test_hand_worked_rates_per_cell():
    """The public answer per cell; next year's leaving share of all causes weighs the bands of the latest return:
    A has 38 who may leave and 10 (60–64) who may also retire, B 22 and 4 (65+)."""
    rates = estimate_rates(two_cells(), HAND)  # base year: the last of the data
    a, b = rates[A], rates[B]
    assert a.leave_rate == pytest.approx(LEAVE[A], rel=1e-12)
    assert a.leave_by_band == pytest.approx((LEAVE[A],) * N_BANDS, rel=1e-12)
    assert a.retire_rate == pytest.approx(RETIRE[A], rel=1e-12)
    assert a.retire_by_band == pytest.approx((0,) * 8 + (RETIRE[A],) * 2, rel=1e-12)
    assert a.total_leaving_rate == pytest.approx((48 * LEAVE[A] + 10 * RETIRE[A]) / 48, rel=1e-12)
    assert b.total_leaving_rate == pytest.approx((26 * LEAVE[B] + 4 * RETIRE[B]) / 26, rel=1e-12)
    assert (a.other_hires, b.other_hires) == pytest.approx((3.0, 2.5))
    assert (a.fill_rate, b.fill_rate) == pytest.approx((FILL[A], FILL[B]), rel=1e-12)
    assert (a.exposure, b.exposure) == pytest.approx((102, 50), rel=1e-12)
    assert (a.weight, b.weight) == pytest.approx((102 / 152, 50 / 100), rel=1e-12)


def test_an_earlier_base_year_uses_only_the_returns_up_to_it():
    """At 2023 only A 2023 and B 2022 count: A 52 person-years, 4 leavers; B 26 and 2."""
    rates = estimate_rates(two_cells(), HAND, base_year=2023)
    city = (4 + 2 + 10) / (52 + 26 + 100)
    assert rates[A].leave_rate == pytest.approx((4 + 50 * city) / (52 + 50), rel=1e-12)
    assert rates[B].leave_rate == pytest.approx((2 + 50 * city) / (26 + 50), rel=1e-12)
    assert rates[A].exposure == pytest.approx(52)


def test_retirements_beyond_the_leavers_count_as_leavers_only():
    """A return stating 3 retirements of 2 leavers: 2 retired, nobody left for another reason."""
    panel = Panel.from_cell_years([
        CellYear(key=A, year=2024, staff_units=20, filled=20, headcount=bands(b3=10, b8=10), pension_age=10,
                 left_total=2, left_retirement=3, hired_total=2)])
    rates = estimate_rate_arrays(panel, 2024, HAND)
    # 20 + 2 − 2 = 20 at the start; 10 + 2 of pension age, capped at the 10 persons of the band
    assert rates.exposure[0] == pytest.approx(20)
    assert rates.pension_exposure[0] == pytest.approx(10)
    assert rates.city_leave == pytest.approx((0 + 10) / (20 + 100))
    assert rates.city_retire == pytest.approx((2 + 2) / (10 + 10))


def test_hires_of_the_last_three_returns_only():
    """Four returns; the hires outside target contracts of the oldest (9) are left out: (1 + 2 + 3) / 3."""
    panel = Panel.from_cell_years([
        CellYear(key=A, year=year, staff_units=12, filled=10, headcount=bands(b3=10), hired_total=hired,
                 hired_target=1)
        for year, hired in ((2021, 10), (2022, 2), (2023, 3), (2024, 4))])
    rates = estimate_rate_arrays(panel, 2024, HAND)
    assert rates.other_hires[0] == pytest.approx(2.0)
    assert rates.openings[0] == pytest.approx(6 + 3 * 2)  # 6 hires and 2 vacant posts in each of 3 returns


def test_vacancies_count_in_persons_at_the_cells_load():
    """20 units held by 10 persons (2 units each): 4 vacant units are 2 persons' posts; overstaffing counts 0."""
    panel = Panel.from_cell_years([
        CellYear(key=A, year=2023, staff_units=16, filled=20, headcount=bands(b3=10), hired_total=1),
        CellYear(key=A, year=2024, staff_units=24, filled=20, headcount=bands(b3=10), hired_total=1)])
    rates = estimate_rate_arrays(panel, 2024, HAND)
    assert rates.openings[0] == pytest.approx(2 + 0 + 4 / 2)


# --- The empirical-Bayes prior strength (method of moments) --------------------------------------------------------

EB = Defaults(min_cells_for_eb=3, shrink_k_bounds=(1.0, 5000.0))


def test_prior_strength_from_the_spread_between_cells():
    """Raw rates 0.04, 0.10, 0.16 over 50, 100, 250 person-years (and a cell with none, left out). Pooled 52/400;
    Σ e (x − 0.13)² = 50·0.0081 + 100·0.0009 + 250·0.0009 = 0.72, less (3 − 1)·0.13 = 0.46 of Poisson noise;
    divided by 400 − (50² + 100² + 250²)/400 = 212.5: τ² = 0.46 / 212.5, k = 0.13 / τ²."""
    exposure = np.array([50.0, 100.0, 0.0, 250.0])
    events = np.array([2.0, 10.0, 0.0, 40.0])
    assert _prior_strength(events, exposure, 60.0, EB) == pytest.approx(0.13 * 212.5 / 0.46, rel=1e-9)


def test_prior_strength_alike_cells_are_pooled_and_bounds_hold():
    exposure = np.array([100.0, 100.0, 100.0])
    # 0.14, 0.15, 0.16: less spread than Poisson noise alone → the upper bound (pool them)
    assert _prior_strength(np.array([14.0, 15.0, 16.0]), exposure, 60.0, EB) == 5000.0
    # very different cells (0.01, 0.15, 0.29): τ² = (100·0.14²·2 − 2·0.15) / (300 − 3·100²/300) = 3.62 / 200,
    # k = 0.15 / τ² ≈ 8.29, below the lower bound 10 of the default bounds
    wide = Defaults(min_cells_for_eb=3)
    assert _prior_strength(np.array([1.0, 15.0, 29.0]), exposure, 60.0, wide) == 10.0
    k = 0.15 * 200 / 3.62
    assert _prior_strength(np.array([1.0, 15.0, 29.0]), exposure, 60.0, EB) == pytest.approx(k, rel=1e-9)


def test_prior_strength_falls_back_to_the_default():
    exposure = np.array([100.0, 100.0, 100.0])
    # too few cells with exposure
    assert _prior_strength(np.array([1.0, 15.0, 29.0]), np.array([100.0, 100.0, 0.0]), 60.0, EB) == 60.0
    # nobody left anywhere: no rate to speak of
    assert _prior_strength(np.zeros(3), exposure, 42.0, EB) == 42.0
    # one cell short of the minimum
    assert _prior_strength(np.array([1.0, 15.0, 29.0]), exposure, 60.0, Defaults(min_cells_for_eb=4)) == 60.0


# --- Pension age, bands and the base state -------------------------------------------------------------------------

def test_allocate_pension_in_proportion_to_the_default_shares():
    """Default shares 0.45 (55–59) and 0.9 (60–64): 10 + 10 persons weigh 4.5 and 9; 9 pensioners go 3 and 6."""
    got = allocate_pension(np.array([bands(b7=10, b8=10)]), np.array([9.0]), Defaults())
    assert got[0] == pytest.approx(bands(b7=3, b8=6))


def test_allocate_pension_never_beyond_the_persons_of_a_band():
    got = allocate_pension(np.array([bands(b7=10, b8=10)]), np.array([27.0]), Defaults())
    assert got[0] == pytest.approx(bands(b7=9, b8=10))  # 9 and 18, the second capped at 10


def test_allocate_pension_in_bands_the_defaults_deem_too_young():
    """Pensioners reported where the default share is 0 (under 45): spread over the staff as they are."""
    got = allocate_pension(np.array([bands(b0=5, b2=15), bands(b8=10)]), np.array([4.0, 0.0]), Defaults())
    assert got[0] == pytest.approx(bands(b0=1, b2=3))
    assert got[1] == pytest.approx(bands())  # no pensioners reported: none allocated


def test_allocate_pension_over_years_of_cells():
    got = allocate_pension(np.array([[bands(b8=5, b9=5), bands(b8=10)]]), np.array([[4.0, 5.0]]), HAND)
    assert got.shape == (1, 2, N_BANDS)
    assert got[0, 0] == pytest.approx(bands(b8=2, b9=2)) and got[0, 1] == pytest.approx(bands(b8=5))


def _state(bands_, pension):
    n = len(bands_)
    zeros = np.zeros(n)
    return BaseState(column=zeros, staff_units=zeros, filled=zeros, vacancies=zeros, planned_new_units=zeros,
                     bands=np.array(bands_, dtype=float), pension=np.array(pension, dtype=float), load=zeros + 1)


def test_pension_shares_by_band_with_the_default_where_a_band_is_empty():
    state = _state([bands(b7=10, b8=4)], [bands(b7=5, b8=8)])
    share = pension_shares(state, Defaults())
    expected = [0.0, 0.0, 0.0, 0.0, 0.0, 0.02, 0.08, 0.5, 1.0, 1.0]  # 5/10; 8/4 capped at 1; defaults elsewhere
    assert share[0] == pytest.approx(expected)


def test_base_state_takes_each_cells_latest_return():
    panel = two_cells()
    state = base_state(panel, 2023, HAND)
    assert state.column.tolist() == [1, 0]  # A: 2023; B: 2022 (no return in 2023)
    assert state.staff_units.tolist() == [55.0, 30.0]
    assert state.filled.tolist() == [50.0, 25.0]
    assert state.vacancies.tolist() == [5.0, 5.0]
    assert state.bands[0] == pytest.approx(bands(b3=40, b8=10)) and state.bands[1] == pytest.approx(bands(b2=20, b9=5))
    assert state.pension[0] == pytest.approx(bands(b8=10)) and state.pension[1] == pytest.approx(bands(b9=5))
    assert state.load.tolist() == [1.0, 1.0]
    early = base_state(panel, 2022, HAND)
    assert early.column.tolist() == [-1, 0]  # A had not reported yet: nothing to start from
    assert early.staff_units.tolist() == [0.0, 30.0] and early.filled.tolist() == [0.0, 25.0]
    assert early.bands[0].tolist() == [0.0] * N_BANDS
    assert early.load.tolist() == [1.0, 1.0]


def test_base_state_load_and_the_typical_age_mix():
    """Load = filled units per person, within 0.2–3; a return without bands gets the typical mix of
    filled / load persons (here the default load of 2 units a person: 50 units → 25 persons)."""
    defaults = Defaults(load=2.0)
    panel = Panel.from_cell_years([
        CellYear(key=("education", "a", "higher"), year=2024, staff_units=90, filled=90, headcount=bands(b3=20),
                 planned_new_units=3, vacancies=-1),
        CellYear(key=("education", "b", "higher"), year=2024, staff_units=4, filled=2, headcount=bands(b3=20)),
        CellYear(key=("education", "c", "higher"), year=2024, staff_units=60, filled=50, headcount=bands()),
        CellYear(key=("education", "d", "higher"), year=2024, staff_units=6, filled=0, headcount=bands()),
        CellYear(key=("education", "e", "higher"), year=2024, staff_units=30, filled=30, headcount=bands(b3=20)),
    ])
    state = base_state(panel, 2024, defaults)
    assert state.load.tolist() == pytest.approx([3.0, 0.2, 2.0, 2.0, 1.5])  # 4.5 and 0.1 clipped; no persons: 2
    assert state.planned_new_units.tolist() == [3.0, 0.0, 0.0, 0.0, 0.0]
    assert state.vacancies.tolist() == [-1.0, 2.0, 10.0, 6.0, 0.0]
    typical = [0.04, 0.07, 0.09, 0.11, 0.13, 0.13, 0.12, 0.12, 0.11, 0.08]
    assert state.bands[2] == pytest.approx([25 * share for share in typical])
    assert state.bands[3].tolist() == [0.0] * N_BANDS  # nothing filled: nobody to spread


# --- Completion and employment from the contract history ---------------------------------------------------------

def test_conversion_rates_shrink_a_small_history_towards_the_defaults():
    """20 pseudo-contracts at 0.8 completion and 0.75 employment: 30 due, 15 graduated, 3 employed give
    (15 + 16) / 50 and (3 + 15) / 35."""
    assert conversion_rates(30, 15, 3) == pytest.approx((31 / 50, 18 / 35), rel=1e-12)
    assert conversion_rates(0, 0, 0) == pytest.approx((0.8, 0.75), rel=1e-12)
    assert conversion_rates(5, 5, 5) == pytest.approx((21 / 25, 20 / 25), rel=1e-12)
    weak = Defaults(conversion_prior_strength=4.0, completion_rate=0.5, employment_rate=0.5)
    assert conversion_rates(30, 15, 3, weak) == pytest.approx((17 / 34, 5 / 19), rel=1e-12)


@pytest.mark.parametrize("due,completed,employed", [(10, 11, 0), (10, 5, 6), (10, 5, -1), (-1, -1, -1)])
def test_conversion_rates_refuse_impossible_histories(due, completed, employed):
    with pytest.raises(ValueError, match="^Нужно 0 ≤ трудоустроены ≤ окончили ≤ должны были окончить$"):
        conversion_rates(due, completed, employed)


def test_defaults_with_contract_history():
    defaults = defaults_with_contract_history(Defaults(), 30, 15, 3)
    assert defaults.completion_rate == pytest.approx(31 / 50) and defaults.employment_rate == pytest.approx(18 / 35)
    assert defaults.leave_rate == 0.07 and math.isclose(defaults.fill_rate, 0.7)
    # the history is weighed against the defaults it is given: 4 pseudo-contracts at 0.5 and 0.5
    weak = Defaults(conversion_prior_strength=4.0, completion_rate=0.5, employment_rate=0.5, leave_rate=0.05)
    defaults = defaults_with_contract_history(weak, 30, 15, 3)
    assert (defaults.completion_rate, defaults.employment_rate) == pytest.approx((17 / 34, 5 / 19), rel=1e-12)
    assert defaults.leave_rate == 0.05


def test_leaving_shares_by_band_are_capped_at_everybody():
    """The 60–64 band leaves 100 times as often as the others (a profile made for the case; the typical mix is all
    35–39, so the profile is used as given). Cell 1: 100 staff aged 35–39 and 1 aged 60–64 of pension age; 51 left
    (1 retired), 51 hired. Cell 2: one person, no age bands (so all 35–39), nobody left. Cell 3: nobody at all.
    Exposure: 100 + 1 · 100 = 200 and 1; pooled leaving (50 + 100 · 0.1) / (200 + 1 + 100) = 60/301; the cells
    (50 + 50 · 60/301) / 250 and (0 + 50 · 60/301) / 51. Retirement: 1 event over 1 pension-age person-year; pooled
    (1 + 2) / (1 + 10) = 3/11; cell 1 (1 + 20 · 3/11) / 21 = 71/231. In the 60–64 band the leaving share
    (≈ 24) is capped at 1, and with retirement on top still 1: cell 1 loses (100 · λ₁ + 1) / 101 next year."""
    profile = (1.0,) * 8 + (100.0, 1.0)
    mix = (0.0,) * 3 + (1.0,) + (0.0,) * 6
    defaults = Defaults(leave_rate=0.1, leave_profile=profile, retire_rate=0.2, retire_profile=OLD, pension_share=OLD,
                        age_structure=mix, city_prior_exposure=100.0, city_prior_pension_exposure=10.0,
                        shrink_k=50.0, retire_shrink_k=20.0)
    panel = Panel.from_cell_years([
        CellYear(key=A, year=2024, staff_units=101, filled=101, headcount=bands(b3=100, b8=1), pension_age=1,
                 left_total=51, left_retirement=1, hired_total=51),
        CellYear(key=B, year=2024, staff_units=1, filled=1, headcount=bands()),
        CellYear(key=("sport", "Тренер", "higher"), year=2024, staff_units=2, filled=0, headcount=bands()),
    ])
    rates = estimate_rates(panel, defaults)
    city = 60 / 301
    leave1, leave2 = (50 + 50 * city) / 250, (50 * city) / 51
    assert rates[A].leave_rate == pytest.approx(leave1, rel=1e-12)
    assert rates[A].retire_rate == pytest.approx(71 / 231, rel=1e-12)
    assert rates[A].leave_by_band == pytest.approx((leave1,) * 8 + (1.0, leave1), rel=1e-12)
    assert rates[A].total_leaving_rate == pytest.approx((100 * leave1 + 1) / 101, rel=1e-12)
    assert rates[B].leave_rate == pytest.approx(leave2, rel=1e-12)
    assert rates[B].retire_rate == pytest.approx(3 / 11, rel=1e-12)
    assert rates[B].total_leaving_rate == pytest.approx(leave2, rel=1e-12)  # the one person is 35–39
    nobody = rates[("sport", "Тренер", "higher")]
    assert (nobody.total_leaving_rate, nobody.exposure, nobody.weight) == (0.0, 0.0, 0.0)
