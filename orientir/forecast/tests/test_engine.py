"""Properties of the forecast engine (no database: plain functions over numpy arrays).

The estimation tolerances are stated where they are tested (`test_estimation_recovers_*`): on synthetic returns of
600 cells × 8 years generated from known rates,

- the city-wide non-retirement leaving rate is recovered within 5 % of the true (exposure-weighted) rate;
- the city-wide retirement rate within 15 % — looser, because the returns give pension-age staff as a total, not
  by age band, so the estimator spreads it over the bands with the default pension shares (observed ≈ +6 %);
- each cell's leaving rate within a median relative error of 25 % (observed 10–16 % for cells of ~25 staff), with
  a smaller root-mean-square error than the cells' raw rates, which is what shrinking towards the city-wide rate is
  for; when all cells share one rate, every cell within 10 %;
- the city-wide share of open posts filled by hires outside target contracts within 0.03 of the generating one.
"""

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientir.forecast.engine import (DEFAULTS, N_BANDS, STUDY_LENGTHS, CellHistory, CellYear, Defaults, Levers,
                                      Panel, Pipeline, backtest, estimate_rate_arrays, estimate_rates, forecast,
                                      prepare)
from orientir.forecast.synthetic import SyntheticRates, generate, generate_history, true_rates

FAST = settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SIMS = 60


@st.composite
def panels(draw, *, no_vacancies=False, no_leavers=False, no_growth=False):
    """Small arbitrary panels: 1–6 cells, 1–4 years, persons 0–30 per band."""
    n = draw(st.integers(1, 6))
    t = draw(st.integers(1, 4))
    counts = st.integers(0, 30)
    head = np.array(draw(st.lists(counts, min_size=n * t * N_BANDS, max_size=n * t * N_BANDS)), float)
    head = head.reshape(n, t, N_BANDS)
    persons = head.sum(-1)
    load = np.array(draw(st.lists(st.floats(0.5, 2.0), min_size=n, max_size=n)))[:, None]
    filled = persons * load
    vacancies = np.zeros((n, t)) if no_vacancies else np.array(
        draw(st.lists(st.floats(0, 10), min_size=n * t, max_size=n * t))).reshape(n, t)
    small = st.lists(st.integers(0, 5), min_size=n * t, max_size=n * t)
    left = np.zeros((n, t)) if no_leavers else np.array(draw(small), float).reshape(n, t)
    retired = np.minimum(left, np.array(draw(small), float).reshape(n, t))
    hired = np.array(draw(small), float).reshape(n, t)
    target = np.minimum(hired, np.array(draw(small), float).reshape(n, t))
    planned = np.zeros((n, t)) if no_growth else np.array(draw(small), float).reshape(n, t) / 2
    pension = np.minimum(head[..., 7:].sum(-1), np.array(draw(small), float).reshape(n, t))
    levels = draw(st.lists(st.sampled_from(["higher", "vocational"]), min_size=n, max_size=n))
    keys = [("education" if i % 2 else "culture", f"Должность {i}", levels[i]) for i in range(n)]
    return Panel(keys=keys, years=np.arange(2020, 2020 + t), present=np.ones((n, t), bool),
                 staff_units=filled + vacancies, filled=filled, vacancies=vacancies, headcount=head,
                 pension_age=pension, left_total=left, left_retirement=retired, hired_total=hired,
                 hired_target=target, planned_new_units=planned, driver=np.full((n, t), np.nan))


def _zero_need(result) -> None:
    for name in ("gap_p10", "gap_p50", "gap_p90"):
        assert np.all(getattr(result, name) == 0.0), name
    applicable = ~np.isnan(result.contracts_needed)
    assert np.all(result.contracts_needed[applicable] == 0)
    assert np.all(result.contracts_needed_p90[applicable] == 0)
    assert np.all(result.shortage_total == 0)


# --- The three properties of the issue ---------------------------------------------------------------------------

@FAST
@given(panels(no_vacancies=True, no_growth=True), st.integers(0, 2**31 - 1))
def test_no_leavers_no_vacancies_no_growth_gives_no_need(panel, seed):
    """Nobody leaves (the leaving lever at 0), every unit is filled, nothing grows: no gap, no contracts."""
    _zero_need(forecast(panel, levers=Levers(leaving_multiplier=0.0), n_sims=SIMS, seed=seed))


@FAST
@given(panels(no_vacancies=True, no_leavers=True, no_growth=True))
def test_history_without_leavers_and_zero_defaults_gives_no_need(panel):
    """The same through the estimation: returns with no leavers and no default leaving give zero rates."""
    defaults = Defaults(leave_rate=0.0, retire_rate=0.0)
    rates = estimate_rate_arrays(panel, int(panel.years[-1]), defaults)
    assert np.all(rates.leave == 0) and np.all(rates.retire == 0)
    _zero_need(forecast(panel, defaults=defaults, n_sims=SIMS))


@FAST
@given(panels(), st.floats(0.0, 3.0), st.floats(0.0, 3.0), st.integers(0, 2**31 - 1))
def test_need_grows_with_the_leaving_rate(panel, a, b, seed):
    """Every quantile of the gap, the totals and the contracts are non-decreasing in the leaving multiplier.

    Exact, not statistical: the simulation uses common random numbers and only monotone operations.
    """
    low, high = sorted((a, b))
    prepared = prepare(panel)
    r_low = prepared.run(levers=Levers(leaving_multiplier=low), n_sims=SIMS, seed=seed)
    r_high = prepared.run(levers=Levers(leaving_multiplier=high), n_sims=SIMS, seed=seed)
    for name in ("gap_p10", "gap_p50", "gap_p90", "shortage_total"):
        assert np.all(getattr(r_high, name) >= getattr(r_low, name) - 1e-9), name
    # Leavers of the first year too (later years leave from a smaller staff, so they need not grow).
    assert np.all(r_high.outflow[:, 0] >= r_low.outflow[:, 0] * (1 - 1e-6) - 1e-9)
    applicable = ~np.isnan(r_low.contracts_needed)
    assert np.all(r_high.contracts_needed[applicable] >= r_low.contracts_needed[applicable])


def test_estimation_recovers_city_wide_rates():
    """City-wide rates from 600 cells × 8 years: leaving within 5 %, retirement within 15 %, fill rate ± 0.03."""
    for seed, leave, retire in ((1, 0.05, 0.10), (2, 0.09, 0.20), (3, 0.13, 0.28)):
        synth = generate(600, range(2018, 2026), SyntheticRates(leave_rate=leave, retire_rate=retire), seed=seed)
        rates = estimate_rate_arrays(synth.panel, 2025)
        true_leave = np.average(synth.truth.leave, weights=rates.exposure)
        true_retire = np.average(synth.truth.retire, weights=rates.pension_exposure)
        assert rates.city_leave == pytest.approx(true_leave, rel=0.05)
        assert rates.city_retire == pytest.approx(true_retire, rel=0.15)
    for fill in (0.5, 0.9):
        synth = generate(600, range(2018, 2026), SyntheticRates(fill_share=fill), seed=7)
        assert estimate_rate_arrays(synth.panel, 2025).city_fill == pytest.approx(fill, abs=0.03)


@settings(max_examples=6, deadline=None, database=None)
@given(st.integers(0, 10_000), st.floats(0.03, 0.15), st.floats(0.05, 0.30))
def test_estimation_recovers_cell_rates(seed, leave, retire):
    """Per cell: median relative error of λ ≤ 25 %, and shrinkage beats the cells' raw rates (RMSE)."""
    synth = generate(600, range(2018, 2026), SyntheticRates(leave_rate=leave, retire_rate=retire), seed=seed)
    rates = estimate_rate_arrays(synth.panel, 2025)
    seen = rates.exposure > 0  # a cell that lost all its staff early has no exposure to estimate from
    truth = synth.truth.leave[seen]
    error = np.median(np.abs(rates.leave[seen] / truth - 1))
    assert error <= 0.25
    raw = (rates.leave_shape - rates.k_leave * rates.city_leave)[seen] / rates.exposure[seen]
    rmse = np.sqrt(np.mean((rates.leave[seen] - truth) ** 2))
    assert rmse < np.sqrt(np.mean((raw - truth) ** 2))  # shrinkage minimises squared error, so judge it there
    assert rates.city_leave == pytest.approx(np.average(truth, weights=rates.exposure[seen]), rel=0.05)


def test_estimation_pools_cells_that_share_one_rate():
    synth = generate(600, range(2018, 2026), SyntheticRates(leave_spread=0.0, retire_spread=0.0), seed=4)
    rates = estimate_rate_arrays(synth.panel, 2025)
    assert np.max(np.abs(rates.leave / synth.truth.leave - 1)) <= 0.10
    assert rates.k_leave == DEFAULTS.shrink_k_bounds[1]  # no spread beyond the Poisson noise: pool fully


def test_true_rates_match_the_generator():
    truth = true_rates(50, seed=9)
    synth = generate(50, range(2020, 2023), seed=9)
    assert np.array_equal(truth.leave, synth.truth.leave) and truth.keys == synth.truth.keys
    assert len(generate_history(50, range(2020, 2023), seed=9)) == 50


# --- Bands, horizon, contracts -----------------------------------------------------------------------------------

@FAST
@given(panels(), st.integers(1, 5), st.integers(0, 2**31 - 1))
def test_bands_are_ordered_and_supply_matches_gap(panel, horizon, seed):
    result = forecast(panel, horizon=horizon, n_sims=SIMS, seed=seed)
    assert result.gap_p10.shape == (panel.n, horizon) and list(result.years) == [2020 + len(panel.years) - 1 + h
                                                                                 for h in range(1, horizon + 1)]
    assert np.all(result.gap_p10 <= result.gap_p50) and np.all(result.gap_p50 <= result.gap_p90)
    assert np.all(result.shortage_total[:, 0] <= result.shortage_total[:, 1])
    assert np.all(result.shortage_total[:, 1] <= result.shortage_total[:, 2])
    assert np.allclose(result.supply_p50, result.demand - result.gap_p50)
    assert np.all(np.isfinite(result.outflow)) and np.all(result.outflow >= 0)
    assert np.all(result.other_inflow >= -1e-4)


@pytest.mark.parametrize("horizon", [0, 6, -1, 2.5, True, "3"])
def test_horizon_outside_1_to_5_is_refused(horizon):
    synth = generate(5, range(2022, 2025), seed=1)
    with pytest.raises(ValueError, match="Горизонт"):
        forecast(synth.panel, horizon=horizon)


def _one_cell(vacancies=3.0, persons=10, level="higher", **fields):
    head = np.zeros(N_BANDS)
    head[3] = persons
    values = dict(staff_units=persons + vacancies, filled=float(persons), headcount=head)
    values.update(fields)
    return [CellHistory.from_years([CellYear(key=("education", "Учитель", level), year=2024, **values)])]


def test_contracts_cover_the_gap_through_completion_and_employment():
    """A gap of 3 units held constant (nobody leaves, nobody is hired): 3 / (0.8 × 0.75) = 5 contracts."""
    levers = Levers(leaving_multiplier=0.0, other_inflow_multiplier=0.0)
    result = forecast(_one_cell(), levers=levers, n_sims=SIMS)
    assert np.all(result.gap_p50 == pytest.approx(3.0))
    assert result.contracts_needed[0].tolist()[1:] == [5.0, 5.0]
    assert np.isnan(result.contracts_needed[0, 0])  # no 3-year programme in higher education
    vocational = forecast(_one_cell(level="vocational"), levers=levers, n_sims=SIMS)
    assert vocational.contracts_needed[0].tolist()[:2] == [5.0, 5.0] and np.isnan(vocational.contracts_needed[0, 2])
    rows = list(result.contract_rows())
    assert [r["study_length"] for r in rows] == [4, 5] and rows[0]["graduates_start"] == 2028
    cheap = forecast(_one_cell(), levers=dataclasses.replace(levers, completion_rate=1.0, employment_rate=1.0),
                     n_sims=SIMS)
    assert cheap.contracts_needed[0, 1] == 3.0


def test_contracts_zero_when_gap_zero_or_negative():
    levers = Levers(leaving_multiplier=0.0)
    for vacancies in (0.0, -2.0):  # exactly filled, and overstaffed
        result = forecast(_one_cell(vacancies=vacancies), levers=levers, n_sims=SIMS)
        assert np.all(result.gap_p50 <= 0)
        assert result.contracts_needed[0, 1:].tolist() == [0.0, 0.0]


def test_pipeline_graduates_reduce_the_gap_when_they_arrive():
    levers = Levers(leaving_multiplier=0.0, other_inflow_multiplier=0.0, completion_rate=1.0, employment_rate=1.0)
    cell = _one_cell(vacancies=3.0)
    pipeline = Pipeline({("education", "Учитель", "higher"): {2026: 2, 2030: 1}, ("x", "y", "higher"): {2026: 1}})
    result = forecast(cell, levers=levers, pipeline=pipeline, n_sims=SIMS)
    assert result.gap_p50[0].tolist() == pytest.approx([3.0, 1.0, 1.0, 1.0, 1.0])
    assert result.pipeline_inflow[0].tolist() == pytest.approx([0.0, 2.0, 0.0, 0.0, 0.0])
    assert any("без отчётов" in w for w in result.warnings)


def test_demand_follows_planned_growth_growth_lever_and_pupils():
    cell = _one_cell(vacancies=0.0, planned_new_units=2.0)
    result = forecast(cell, levers=Levers(growth_rate=0.1), n_sims=SIMS, horizon=2)
    assert result.demand[0].tolist() == pytest.approx([12 * 1.1, 12 * 1.1**2])
    drivers = {"education": {2024: 1000, 2025: 1100}}
    driven = forecast(cell, drivers=drivers, n_sims=SIMS, horizon=1)
    assert driven.demand[0, 0] == pytest.approx(12 * 1.1**DEFAULTS.driver_elasticity)


def test_retirement_spike_as_the_staff_age():
    """A cell of 55–59-year-olds leaves more each year as they reach pension age; a young cell does not."""
    old, young = np.zeros(N_BANDS), np.zeros(N_BANDS)
    old[7], young[2] = 20, 20
    histories = [CellHistory.from_years([CellYear(key=("education", name, "higher"), year=2024, staff_units=20,
                                                  filled=20, headcount=bands, pension_age=pension)])
                 for name, bands, pension in (("old", old, 9), ("young", young, 0))]
    p = prepare(histories)
    old_path, young_path = p.leave_path
    assert old_path[4] > 1.3 * old_path[0]
    assert young_path[4] < 1.1 * young_path[0]


def test_defaults_without_history():
    """A cell with no staff data and no flows gets the documented default rates."""
    result = estimate_rates(_one_cell(persons=0, vacancies=2.0, filled=0.0))
    rates = next(iter(result.values()))
    assert rates.leave_rate == pytest.approx(DEFAULTS.leave_rate)
    assert rates.retire_rate == pytest.approx(DEFAULTS.retire_rate)
    assert rates.weight == 0.0


def test_same_seed_same_result_whatever_the_threads():
    synth = generate(700, range(2021, 2025), seed=3)
    one = forecast(synth.panel, n_sims=50, seed=7, threads=1)
    two = forecast(synth.panel, n_sims=50, seed=7, threads=2)
    assert np.array_equal(one.gap_p50, two.gap_p50) and np.array_equal(one.shortage_total, two.shortage_total)
    other = forecast(synth.panel, n_sims=50, seed=8, threads=1)
    assert not np.array_equal(one.gap_p90, other.gap_p90)


# --- Backtest ----------------------------------------------------------------------------------------------------

def test_backtest_on_synthetic_history_gives_finite_scores():
    synth = generate(300, range(2018, 2025), seed=5)
    result = backtest(synth.panel, first_year=2020, last_year=2024, horizon=2, n_sims=50)
    for lead in (1, 2):
        score = result.overall[lead]
        assert score.n > 0
        for value in (score.wape, score.bias, score.baseline_wape, score.baseline_bias):
            assert np.isfinite(value)
    assert set(result.frozen) == {2020, 2021, 2022, 2023}
    assert result.frozen[2023].years.tolist() == [2024]  # the last origin can only be scored one year ahead
    assert {sector for sector, _ in result.by_sector} <= {"education", "culture", "sport"}
    assert len(result.summary_rows()) >= 2


# --- Input validation --------------------------------------------------------------------------------------------

def test_records_and_histories_build_the_same_panel():
    synth = generate(20, range(2021, 2024), seed=2)
    histories = synth.histories
    records = [CellYear(key=h.key, year=int(y), staff_units=h.staff_units[j], filled=h.filled[j],
                        headcount=h.headcount[j], pension_age=h.pension_age[j], left_total=h.left_total[j],
                        left_retirement=h.left_retirement[j], hired_total=h.hired_total[j],
                        hired_target=h.hired_target[j], planned_new_units=h.planned_new_units[j],
                        vacancies=h.vacancies[j])
               for h in reversed(histories) for j, y in enumerate(h.years)]
    a = Panel.from_cell_years(records)
    b = Panel.from_histories(histories)
    order = [a.index(k) for k in b.keys]
    assert np.array_equal(a.headcount[order], b.headcount) and np.array_equal(a.left_total[order], b.left_total)
    with pytest.raises(ValueError, match="повторяется"):
        Panel.from_cell_years(records + records[:1])


@pytest.mark.parametrize("field, value", [("left_total", -1.0), ("filled", float("nan")), ("pension_age", -0.5)])
def test_bad_values_are_refused(field, value):
    with pytest.raises(ValueError, match=field):
        _one_cell(**{field: value})


def test_bad_keys_and_levers_are_refused():
    with pytest.raises(ValueError, match="Уровень"):
        CellYear(key=("education", "Учитель", "master"), year=2024, staff_units=1, filled=1,
                 headcount=[0] * N_BANDS) and Panel.from_cell_years(
            [CellYear(key=("education", "Учитель", "master"), year=2024, staff_units=1, filled=1,
                      headcount=[0] * N_BANDS)])
    for bad in (dict(leaving_multiplier=-1), dict(growth_rate=2.0), dict(completion_rate=0.0),
                dict(employment_rate=1.5), dict(other_inflow_cap=float("nan"))):
        with pytest.raises(ValueError, match="Рычаг"):
            Levers(**bad)
    assert len(STUDY_LENGTHS) == 3


def test_contract_pipeline_counts_students_by_place_of_work_and_due_year(db):
    """Graduates' contracts start in the September of signing; a 2.11 student is in `course_at_signing` then."""
    from orientir.forecast.pipeline import due_year

    import datetime

    assert due_year({"signed_on": datetime.date(2026, 5, 20), "level": "bachelor", "kind": "graduate",
                     "course_at_signing": None}) == 2030
    assert due_year({"signed_on": datetime.date(2026, 3, 1), "level": "spo", "kind": "student",
                     "course_at_signing": 2}) == 2027  # school year 2025/26 in the 2nd of 3 years: out in June 2027
    assert due_year({"signed_on": datetime.date(2026, 10, 1), "level": "specialist", "kind": "student",
                     "course_at_signing": 3}) == 2029
    # signed in the autumn of grade 11: studies start the next September
    assert due_year({"signed_on": datetime.date(2026, 10, 15), "level": "spo", "kind": "graduate",
                     "course_at_signing": None}) == 2030
