"""The projection: demand, outflow, inflows and the gap per cell and year, with P10/P50/P90 bands.

Per cell, in staff units, for forecast years h = 1…5 after the base year:

    demand   D_h = (units_0 + planned_0) · (1 + growth)^h · (driver_h / driver_0)^elasticity
    outflow      = supply_{h−1} · leaving share of year h (age mix moves: ageing brings the retirement spike)
    pipeline     = contracted students due that year × completion × employment (they come whatever the gap)
    other inflow = hires outside target contracts: their 3-year average share of open posts filled, times the
                   posts open that year, capped at a share of demand (nobody is hired beyond the staff units)
    supply   F_h = F_{h−1} − outflow + pipeline + other inflow
    gap      G_h = D_h − F_h                       (> 0: shortage in units; < 0: more staff than units)

Uncertainty is simulated (`n_sims` paths per cell): the leaving rate of each path is drawn from its estimation
uncertainty (gamma posterior, as a mean-1 lognormal), and each year's leavers and hires get Poisson-like noise
(lognormal with the Poisson mean and variance). The noise is *multiplicative and drawn independently of the
levers* (common random numbers), so every path is monotone in the levers: raising the leaving multiplier can
never lower a quantile of the gap, and two scenarios differ only by the lever, not by luck.

The engine always simulates 5 years, whatever the horizon, because the contracts to sign now depend on the gap
when graduates of 3-, 4- and 5-year programmes arrive.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import math
import os
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from orientir.core.text import count

from . import calibration
from .data import LEVEL_STUDY_LENGTHS, STUDY_LENGTHS, CellHistory, CellKey, Panel, Pipeline, as_panel, cell_words
from .defaults import DEFAULTS, Defaults, Levers
# the random numbers (normal draws from a table, noise matching a Poisson count), under the names used here and in
# the tests
from .noise import _MIN_EVENTS, _NORMAL_TABLE, _inverse_normal, _normals, _sigma_for_events  # noqa: F401
from .rates import BaseState, RateArrays, base_state, estimate_rate_arrays, pension_shares

MAX_HORIZON = 5
SIM_YEARS = max(STUDY_LENGTHS)
QUANTILES = (0.1, 0.5, 0.9)
INNER_QUANTILES = (0.25, 0.75)  # the inner band of the gap, kept apart so that indices into QUANTILES stay as they are
CHUNK_CELLS = 128  # cells per simulation block: 128 × 500 paths of float32 stay in the CPU cache
# --- Deterministic parts -----------------------------------------------------------------------------------------

def leaving_path(state: BaseState, rates: RateArrays, defaults: Defaults, years: int = SIM_YEARS) -> np.ndarray:
    """Expected share of staff leaving in each forecast year (all causes), as the age mix moves.

    Leavers are replaced by hires of the usual hiring ages and everybody ages (1/5 of a band a year), so a
    large 55–59 band turns into pension-age staff with high retirement: the retirement spike. The path is
    computed once at the estimated rates; the leaving lever scales it, leaving the age mix path as it is.
    """
    persons = state.bands.sum(1, keepdims=True)
    typical = defaults.array("age_structure")
    mix = np.where(persons > 0, np.divide(state.bands, persons, out=np.zeros_like(state.bands), where=persons > 0),
                   typical)
    share = pension_shares(state, defaults)
    per_band = np.minimum(np.minimum(rates.leave[:, None] * rates.leave_profile, 1.0)
                          + rates.retire[:, None] * rates.retire_profile * share, 1.0)
    hire = defaults.array("hire_age_profile")
    aging = np.asarray(defaults.aging_rate)
    path = np.empty((len(mix), years))
    for h in range(years):
        leaving = mix * per_band
        total = leaving.sum(1)
        path[:, h] = total
        mix = mix - leaving + total[:, None] * hire
        moved = mix * aging
        mix -= moved
        mix[:, 1:] += moved[:, :-1]
    return path


def _driver_factor(panel: Panel, state: BaseState, base_year: int, drivers: Mapping[str, Mapping[int, float]] | None,
                   defaults: Defaults) -> np.ndarray:
    """Demand multiplier from pupil/child numbers: projection if given, else the recent trend; 1 without data."""
    n = panel.n
    b = panel.column(base_year)
    horizon = np.arange(1, SIM_YEARS + 1)
    w0 = max(0, b + 1 - defaults.driver_trend_years)
    window = panel.driver[:, w0 : b + 1]
    valid = np.isfinite(window) & (window > 0) & panel.present[:, w0 : b + 1]
    x = np.broadcast_to(panel.years[w0 : b + 1].astype(float), window.shape)
    y = np.log(np.where(valid, window, 1.0))
    count = valid.sum(1)
    safe = np.maximum(count, 1)
    xm = np.where(valid, x, 0).sum(1) / safe
    ym = np.where(valid, y, 0).sum(1) / safe
    sxx = np.where(valid, (x - xm[:, None]) ** 2, 0).sum(1)
    sxy = np.where(valid, (x - xm[:, None]) * (y - ym[:, None]), 0).sum(1)
    slope = np.divide(sxy, sxx, out=np.zeros(n), where=(count >= 2) & (sxx > 0))
    cap = math.log1p(defaults.driver_trend_cap)
    factor = np.exp(np.clip(slope, -cap, cap)[:, None] * horizon)
    if drivers:
        rows = np.arange(n)
        base_value = panel.driver[rows, np.maximum(state.column, 0)]
        sectors = np.array(panel.sectors, dtype=object)
        for sector, series in drivers.items():
            series = {int(y): float(v) for y, v in series.items()}
            cells = np.flatnonzero(sectors == sector)
            ref = series.get(base_year)
            for h in horizon:
                value = series.get(base_year + int(h))
                if value is None or value < 0:
                    continue
                refs = np.full(len(cells), ref) if ref else base_value[cells]
                ok = np.isfinite(refs) & (refs > 0)
                factor[cells[ok], h - 1] = value / refs[ok]
    return factor ** defaults.driver_elasticity


# --- Results -----------------------------------------------------------------------------------------------------

@dataclasses.dataclass(eq=False)
class ForecastResult:
    """Per cell (rows, in `keys` order) and forecast year (columns, `years`), in staff units unless said.

    `supply_p50` is `demand − gap_p50`, so the two agree. `outflow`, `other_inflow`, `pipeline_inflow` are means
    over the simulated paths. `contracts_needed[i, j]` is the number of target contracts to sign *now* for
    programmes of `study_lengths[j]` years, so that graduates cover the P50 gap of year base + length; the study
    lengths are alternatives, not to be added up; NaN where the level has no such programme (vocational 3–4,
    higher 4–5). Each cell's number is rounded up; `contracts_exact` keeps the unrounded values, to be summed
    before rounding when cells are added up (a sector total of rounded-up cells overstates by up to one per
    cell). `contracts_needed_p90` covers the P90 gap (a cautious plan).
    """

    keys: list[CellKey]
    base_year: int
    years: np.ndarray
    levers: Levers
    n_sims: int
    seed: int
    demand: np.ndarray
    supply_p50: np.ndarray
    outflow: np.ndarray
    other_inflow: np.ndarray
    pipeline_inflow: np.ndarray
    gap_p10: np.ndarray
    gap_p50: np.ndarray
    gap_p90: np.ndarray
    base_staff_units: np.ndarray
    base_filled: np.ndarray
    base_vacancies: np.ndarray
    contracts_needed: np.ndarray
    contracts_exact: np.ndarray
    contracts_needed_p90: np.ndarray
    shortage_total: np.ndarray  # (years, 3): P10/P50/P90 of the summed shortage max(gap, 0) of all cells
    shortage_by_sector: dict[str, np.ndarray]
    completion_rate: float
    employment_rate: float
    warnings: list[str]
    study_lengths: tuple[int, ...] = STUDY_LENGTHS
    contracts_needed_p10: np.ndarray | None = None  # covers the P10 gap: the low end of the contracts' band
    gap_p25: np.ndarray | None = None  # the inner band (P25–P75) of the gap, for the backtest's calibration
    gap_p75: np.ndarray | None = None
    gap_grid: np.ndarray | None = None  # (cells, years, levels): the gap at the levels asked for (the backtest's)
    returns: np.ndarray | None = None  # per cell, the years with a return up to the base year (set by the caller)

    def __post_init__(self) -> None:
        self._index = {k: i for i, k in enumerate(self.keys)}

    @property
    def need_p50(self) -> np.ndarray:
        """The shortage (positive part of the P50 gap)."""
        return np.maximum(self.gap_p50, 0.0)

    def index(self, key: CellKey) -> int:
        return self._index[tuple(key)]

    def cell(self, key: CellKey) -> dict:
        i = self.index(key)
        out = {name: getattr(self, name)[i].tolist() for name in _YEARLY}
        out["years"] = self.years.tolist()
        out["contracts_needed"] = {length: _int_or_none(self.contracts_needed[i, j])
                                   for j, length in enumerate(self.study_lengths)}
        return out

    def rows(self) -> Iterator[dict]:
        """One dict per cell and year: the shape of the report (sector, position, level, year)."""
        for i, (sector, position, level) in enumerate(self.keys):
            for j, year in enumerate(self.years.tolist()):
                row = {"sector": sector, "position": position, "level": level, "year": year}
                row.update({name: float(getattr(self, name)[i, j]) for name in _YEARLY})
                yield row

    def contract_rows(self) -> Iterator[dict]:
        """One dict per cell and applicable study length: contracts to sign in the base year."""
        for i, (sector, position, level) in enumerate(self.keys):
            for j, length in enumerate(self.study_lengths):
                if length in LEVEL_STUDY_LENGTHS[level]:
                    yield {"sector": sector, "position": position, "level": level, "study_length": length,
                           "graduates_start": self.base_year + length,
                           "contracts_needed": _int_or_none(self.contracts_needed[i, j]),
                           "contracts_needed_p90": _int_or_none(self.contracts_needed_p90[i, j])}


_YEARLY = ("demand", "supply_p50", "outflow", "other_inflow", "pipeline_inflow", "gap_p10", "gap_p50", "gap_p90")


def _int_or_none(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


# --- Preparation (levers-independent) and the run ----------------------------------------------------------------

@dataclasses.dataclass(eq=False)
class Prepared:
    """Everything that does not depend on the levers: estimate once, then `run` each scenario."""

    keys: list[CellKey]
    base_year: int
    defaults: Defaults
    state: BaseState
    rates: RateArrays
    demand_base: np.ndarray  # (n, SIM_YEARS) demand before the growth lever
    leave_path: np.ndarray  # (n, SIM_YEARS) share of staff leaving each year at the estimated rates
    expected_leavers: np.ndarray  # (n, SIM_YEARS) persons, sets the Poisson-like noise
    rate_sigma: np.ndarray  # (n,) σ of the lognormal uncertainty of the leaving rate
    students: np.ndarray  # (n, SIM_YEARS) contracted students due each year
    higher: np.ndarray  # (n,) bool
    sector_names: list[str]
    sector_code: np.ndarray  # (n,)
    warnings: list[str]

    def run(self, *, horizon: int = MAX_HORIZON, levers: Levers | None = None, n_sims: int = 500, seed: int = 0,
            threads: int | None = None, band: np.ndarray | None = None, grid: Sequence[float] = ()) -> ForecastResult:
        """`band`: the paths' levels read as P10, P50, P90, P25, P75 per forecast year and group of the share of
        paths at or below 0 (SIM_YEARS × groups × 5, `calibration.py`; default the nominal levels everywhere);
        `grid`: levels whose gap is kept in `gap_grid` too (the backtest's)."""
        return _run(self, horizon=horizon, levers=levers or Levers(), n_sims=n_sims, seed=seed, threads=threads,
                    band=band, grid=tuple(grid))


def prepare(histories: Panel | Sequence[CellHistory], *, base_year: int | None = None,
            pipeline: Pipeline | None = None, drivers: Mapping[str, Mapping[int, float]] | None = None,
            defaults: Defaults = DEFAULTS) -> Prepared:
    """Estimate rates and the levers-independent paths from the returns up to `base_year` (default: last year).

    `drivers`: projected pupil/child numbers per sector and year (the base year too, if known); cells of other
    sectors follow their own recent driver trend, and cells without a driver keep their units.
    Cells without any return up to the base year are left out, with a warning.
    """
    panel = as_panel(histories)
    base_year = int(panel.years[-1]) if base_year is None else int(base_year)
    panel.column(base_year)  # validates
    warnings: list[str] = []
    state = base_state(panel, base_year, defaults)
    if np.any(state.column < 0):
        missing = [panel.keys[i] for i in np.flatnonzero(state.column < 0)]
        warnings.append(f"Нет отчётов до {base_year} года {_positions(len(missing))} (например, "
                        f"{cell_words(missing[0])}): они не прогнозируются")
        panel = panel.take(np.flatnonzero(state.column >= 0))
        if panel.n == 0:
            raise ValueError(f"Нет ни одного отчёта до {base_year} года")
        state = base_state(panel, base_year, defaults)
    rates = estimate_rate_arrays(panel, base_year, defaults)
    path = leaving_path(state, rates, defaults)
    persons = state.bands.sum(1)

    # Uncertainty of the leaving rate: gamma posterior of λ and ρ, combined by their shares of next year's leavers.
    share = pension_shares(state, defaults)
    leave_part = (state.bands * np.minimum(rates.leave[:, None] * rates.leave_profile, 1.0)).sum(1)
    retire_part = (state.bands * rates.retire[:, None] * rates.retire_profile * share).sum(1)
    total = leave_part + retire_part
    w_retire = np.divide(retire_part, total, out=np.zeros(panel.n), where=total > 0)
    rel_var = (1 - w_retire) ** 2 / np.maximum(rates.leave_shape, _MIN_EVENTS) + w_retire**2 / np.maximum(
        rates.retire_shape, _MIN_EVENTS)

    demand_base = (state.staff_units + state.planned_new_units)[:, None] * _driver_factor(
        panel, state, base_year, drivers, defaults)
    demand_base = np.maximum(demand_base, 0.0)

    students = np.zeros((panel.n, SIM_YEARS))
    if pipeline is not None:
        students, unknown = pipeline.matrix(panel.keys, range(base_year + 1, base_year + SIM_YEARS + 1))
        if unknown:
            warnings.append(f"Студенты-целевики {_positions(len(unknown))} без отчётов о кадрах (например, "
                            f"{cell_words(unknown[0])}) не учтены")
    sector_names = sorted(set(panel.sectors))
    code = {s: i for i, s in enumerate(sector_names)}
    return Prepared(keys=panel.keys, base_year=base_year, defaults=defaults, state=state, rates=rates,
                    demand_base=demand_base, leave_path=path, expected_leavers=path * persons[:, None],
                    rate_sigma=np.sqrt(np.log1p(rel_var)), students=students, higher=panel.is_higher,
                    sector_names=sector_names, sector_code=np.array([code[s] for s in panel.sectors]),
                    warnings=warnings)


def _positions(n: int) -> str:
    """«по 1 должности», «по 3 должностям»: a cell is a position at one level of education."""
    return "по " + count(n, ("должности", "должностям", "должностям"))


def forecast(histories: Panel | Sequence[CellHistory], *, base_year: int | None = None, horizon: int = MAX_HORIZON,
             levers: Levers | None = None, pipeline: Pipeline | None = None,
             drivers: Mapping[str, Mapping[int, float]] | None = None, defaults: Defaults = DEFAULTS,
             n_sims: int = 500, seed: int = 0, threads: int | None = None,
             band: np.ndarray | None = None) -> ForecastResult:
    """Forecast every cell for `horizon` (1–5) years after `base_year`. Same inputs and seed, same result.
    `band`: the calibrated levels of the bands (`Prepared.run`)."""
    _check_run_args(horizon, n_sims)
    prepared = prepare(histories, base_year=base_year, pipeline=pipeline, drivers=drivers, defaults=defaults)
    return prepared.run(horizon=horizon, levers=levers, n_sims=n_sims, seed=seed, threads=threads, band=band)


def _check_run_args(horizon: int, n_sims: int) -> None:
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"Горизонт прогноза — целое число лет от 1 до {MAX_HORIZON}, получено {horizon!r}")
    if isinstance(n_sims, bool) or not isinstance(n_sims, (int, np.integer)) or not 10 <= n_sims <= 100_000:
        raise ValueError(f"Число имитаций — целое от 10 до 100000, получено {n_sims!r}")


def _run(p: Prepared, *, horizon: int, levers: Levers, n_sims: int, seed: int, threads: int | None,
         band: np.ndarray | None = None, grid: tuple[float, ...] = ()) -> ForecastResult:
    _check_run_args(horizon, n_sims)
    d = p.defaults
    n = len(p.keys)
    completion, employment = levers.completion(d), levers.employment(d)
    conversion = completion * employment
    load = p.state.load
    steps = np.arange(1, SIM_YEARS + 1)
    demand = p.demand_base * (1.0 + levers.growth_rate) ** steps
    # Hires outside target contracts fill a share of the posts still open, up to a share of demand; the noise is
    # binomial-like around the openings expected at the estimated rates (vacancies now + leavers).
    fill = np.minimum(p.rates.fill * levers.other_inflow_multiplier, 1.0)
    openings = np.maximum(p.state.vacancies / load, 0.0)[:, None] + p.expected_leavers
    fill_var = np.divide((1 - fill)[:, None], fill[:, None] * np.maximum(openings, _MIN_EVENTS),
                         out=np.zeros(openings.shape), where=fill[:, None] > 0)
    pipe_mean = p.students * conversion * load[:, None]
    pipe_sd = np.sqrt(p.students * conversion * (1 - conversion)) * load[:, None]

    # The noise is lognormal: exp(σz + log(mean) − σ²/2). Logs of the means are folded into one constant per cell
    # and year (−inf for a zero mean, which exp turns into an exact 0).
    f32 = np.float32
    sigma_out = _sigma_for_events(p.expected_leavers)
    sigma_in = np.sqrt(np.log1p(fill_var))
    with np.errstate(divide="ignore"):
        log_leave = np.log(p.leave_path * levers.leaving_multiplier) - 0.5 * sigma_out**2
        log_fill = np.log(fill)[:, None] - 0.5 * sigma_in**2
    inputs = {
        "filled": p.state.filled.astype(f32),
        "demand": demand.astype(f32),
        "sigma_out": sigma_out.astype(f32),
        "log_leave": log_leave.astype(f32),
        "sigma_rate": p.rate_sigma.astype(f32),
        "sigma_in": sigma_in.astype(f32),
        "log_fill": log_fill.astype(f32),
        "cap": (levers.inflow_cap(d) * demand).astype(f32),
        "pipe_mean": pipe_mean.astype(f32),
        "pipe_sd": pipe_sd.astype(f32),
        "pipe_max": (p.students * load[:, None]).astype(f32),
    }
    groups = np.zeros((len(p.sector_names) + 1, n), dtype=f32)
    groups[p.sector_code, np.arange(n)] = 1.0
    groups[-1] = 1.0
    levels = (np.tile(QUANTILES + INNER_QUANTILES, (SIM_YEARS, len(calibration.EDGES), 1)) if band is None
              else np.asarray(band, float))
    sim = _simulate(inputs, groups, n_sims=n_sims, seed=seed, threads=threads, levels=levels, grid=grid)

    # Contracts to sign now: graduates of an L-year programme arrive in base + L and cover that year's gap.
    allowed = np.array([[length in LEVEL_STUDY_LENGTHS["higher" if hi else "vocational"] for length in STUDY_LENGTHS]
                        for hi in (False, True)])[p.higher.astype(int)]
    # Gaps are rounded to 0.001 units first, so that float dust never turns into a contract.
    contracts = {}
    for k, name in ((0, "p10"), (1, "p50"), (2, "p90")):
        gap_at = sim["gap"][:, [length - 1 for length in STUDY_LENGTHS], k]
        persons = np.maximum(np.round(gap_at, 3), 0.0) / load[:, None]
        contracts[name + "_exact"] = np.where(allowed, persons / conversion, np.nan)
        contracts[name] = np.where(allowed, np.maximum(np.ceil(persons / conversion - 1e-9), 0.0), np.nan)

    h = horizon
    gap = sim["gap"][:, :h]
    totals = sim["totals"][:, :h]
    return ForecastResult(
        keys=list(p.keys), base_year=p.base_year, years=p.base_year + steps[:h], levers=levers, n_sims=n_sims,
        seed=seed, demand=demand[:, :h], supply_p50=demand[:, :h] - gap[:, :, 1], outflow=sim["outflow"][:, :h],
        other_inflow=sim["other"][:, :h], pipeline_inflow=sim["pipeline"][:, :h], gap_p10=gap[:, :, 0],
        gap_p50=gap[:, :, 1], gap_p90=gap[:, :, 2], base_staff_units=p.state.staff_units,
        base_filled=p.state.filled, base_vacancies=p.state.vacancies, contracts_needed=contracts["p50"],
        contracts_exact=contracts["p50_exact"], contracts_needed_p90=contracts["p90"], shortage_total=totals[-1],
        shortage_by_sector={name: totals[i] for i, name in enumerate(p.sector_names)},
        completion_rate=completion, employment_rate=employment, warnings=list(p.warnings),
        contracts_needed_p10=contracts["p10"], gap_p25=sim["inner"][:, :h, 0], gap_p75=sim["inner"][:, :h, 1],
        gap_grid=sim["grid"][:, :h] if grid else None)


# --- The simulation ----------------------------------------------------------------------------------------------

def _simulate(inputs: dict[str, np.ndarray], groups: np.ndarray, *, n_sims: int, seed: int,
              threads: int | None, levels: np.ndarray, grid: tuple[float, ...] = ()) -> dict[str, np.ndarray]:
    """Simulate `n_sims` paths per cell in blocks of cells; blocks are independent and may run in threads.

    Each block draws from its own stream, seeded by (seed, block number), so the result does not depend on the
    number of threads. numpy releases the GIL inside its array operations, so threads use several cores.
    """
    n = len(inputs["filled"])
    years = inputs["demand"].shape[1]
    out = {"gap": np.empty((n, years, len(QUANTILES))), "inner": np.empty((n, years, len(INNER_QUANTILES))),
           "outflow": np.empty((n, years)),
           "other": np.empty((n, years)), "pipeline": np.empty((n, years)), "grid": np.empty((n, years, len(grid)))}
    ranks = [round(q * (n_sims - 1)) for q in QUANTILES]  # nearest-rank quantiles of the sorted paths (totals)
    band_ranks = np.rint(levels * (n_sims - 1)).astype(np.int64)  # per year and group: P10, P50, P90, P25, P75
    grid_ranks = [round(q * (n_sims - 1)) for q in grid]
    # a forecast's group: how many levels of the calibration grid have a gap ≤ 0 (from m, the paths ≤ 0)
    calibration_ranks = np.array([round(q * (n_sims - 1)) for q in calibration.GRID])
    mean_weights = np.full(n_sims, 1.0 / n_sims, dtype=np.float32)  # means over paths as a matrix-vector product
    blocks = [(i, slice(start, min(start + CHUNK_CELLS, n))) for i, start in enumerate(range(0, n, CHUNK_CELLS))]

    def block(number: int, rows: slice) -> np.ndarray:
        bitgen = np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(number,)))
        size = rows.stop - rows.start
        col = {name: value[rows] for name, value in inputs.items()}
        has_pipeline = bool(np.any(col["pipe_mean"] > 0))
        # Rate uncertainty: one draw per path, kept for all years (it is the same unknown rate every year).
        sigma = col["sigma_rate"][:, None]
        log_rate = _normals(bitgen, size, n_sims)
        log_rate *= sigma
        log_rate -= 0.5 * sigma * sigma
        supply = np.repeat(col["filled"][:, None], n_sims, axis=1)
        supply_mean = col["filled"].astype(float)
        spare = np.empty_like(supply)
        totals = np.empty((len(groups), years, n_sims), dtype=np.float32)
        # Every step below is a monotone operation (×, + of non-negative factors, min, max, exp), so each path is
        # monotone in the levers in floating point too. Arrays are reused in place: this loop is the whole cost.
        for h in range(years):
            demand = col["demand"][:, h, None]
            work = _normals(bitgen, size, n_sims)  # → share of staff staying: max(0, 1 − leaving share)
            work *= col["sigma_out"][:, h, None]
            work += col["log_leave"][:, h, None]
            work += log_rate
            np.exp(work, out=work)
            np.subtract(1.0, work, out=work)
            np.maximum(work, 0.0, out=work)
            work *= supply  # → staff kept
            kept_mean = work @ mean_weights
            out["outflow"][rows, h] = supply_mean - kept_mean
            if has_pipeline:
                arrivals = _normals(bitgen, size, n_sims)
                arrivals *= col["pipe_sd"][:, h, None]
                arrivals += col["pipe_mean"][:, h, None]
                np.clip(arrivals, 0.0, col["pipe_max"][:, h, None], out=arrivals)
                arrivals_mean = arrivals @ mean_weights
                work += arrivals
                kept_mean = kept_mean + arrivals_mean
                out["pipeline"][rows, h] = arrivals_mean
            else:
                out["pipeline"][rows, h] = 0.0
            np.subtract(demand, work, out=work)  # → posts open
            # Other hires fill a share a of the open posts, at most `cap` units. The gap left is
            # min(open, max((1 − a)·open, open − cap)): (1 − a)·open or open − cap where posts are open, the
            # (negative) surplus itself where they are not.
            gap = _normals(bitgen, size, n_sims)
            gap *= col["sigma_in"][:, h, None]
            gap += col["log_fill"][:, h, None]
            np.exp(gap, out=gap)
            np.minimum(gap, 1.0, out=gap)
            np.subtract(1.0, gap, out=gap)
            gap *= work
            np.subtract(work, col["cap"][:, h, None], out=spare)
            np.maximum(gap, spare, out=gap)
            np.minimum(gap, work, out=gap)
            gap_mean = gap @ mean_weights
            out["other"][rows, h] = col["demand"][:, h] - kept_mean - gap_mean
            np.subtract(demand, gap, out=supply)
            supply_mean = col["demand"][:, h] - gap_mean
            # Shortages summed over the cells of a sector path by path (before sorting, which would pair the
            # cells' worst paths together and overstate the spread of the total).
            np.maximum(gap, 0.0, out=spare)
            totals[:, h] = groups[:, rows] @ spare
            at_or_below = np.searchsorted(calibration_ranks, (gap <= 0).sum(1))
            chosen = band_ranks[h, np.searchsorted(calibration.EDGES, at_or_below, side="right") - 1]
            gap.sort(axis=1)
            picked = np.take_along_axis(gap, chosen, axis=1)
            out["gap"][rows, h] = picked[:, :3]
            out["inner"][rows, h] = picked[:, 3:]
            if grid_ranks:
                out["grid"][rows, h] = gap[:, grid_ranks]
        return totals

    threads = threads if threads is not None else (min(4, os.cpu_count() or 1) if n >= 4 * CHUNK_CELLS else 1)
    summed = np.zeros((len(groups), years, n_sims))
    if threads > 1 and len(blocks) > 1:
        with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
            for part in pool.map(lambda b: block(*b), blocks):
                summed += part
    else:
        for b in blocks:
            summed += block(*b)
    summed.sort(axis=2)
    out["totals"] = summed[:, :, ranks]
    return out
