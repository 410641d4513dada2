"""Backtest: freeze the forecast made with the returns up to each year, score it against the later returns.

For each origin year t, the engine sees only the returns up to t and forecasts; that forecast is kept as it was
("frozen") and compared with the vacancies actually reported in t + 1 … t + horizon. Beside it stands the naive
baseline every planner already has: vacancies stay as they are now. Scores, per lead time:

    WAPE = Σ |forecast − actual| / Σ |actual|        bias = Σ (forecast − actual) / Σ |actual|

overall, per sector, per (sector, position) and per cell. The bands are scored too, so that an honest band can be
told from a merely wide one:

    inside P10–P90 (target 80 %), inside P25–P75 (target 50 %), below P10, above P90 (10 % each) — shares of
    the actuals; an actual on a bound counts as inside;
    interval score = Σ W / Σ |actual|, W = (P90 − P10) + (2 / 0.2)·(P10 − actual if below, actual − P90 if
    above, else 0) — the Winkler score of the 80 % band: a band is paid for its width and fined ten times the
    miss, so neither a too-narrow nor a too-wide band scores well; in shares of the actual, like WAPE.

Contracted students are known years ahead, so the
backtest feeds the target-contract hires that actually happened as the pipeline; everything else is forecast.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np

from . import calibration
from .data import CellHistory, CellKey, Panel, as_panel
from .defaults import DEFAULTS, Defaults, Levers
from .simulate import MAX_HORIZON, SIM_YEARS, ForecastResult, Prepared, prepare


@dataclasses.dataclass(frozen=True)
class Score:
    n: int  # cell-years scored
    actual: float  # Σ |actual vacancies|
    wape: float
    bias: float
    baseline_wape: float
    baseline_bias: float
    inside80: float = float("nan")  # share of actuals inside P10–P90
    inside50: float = float("nan")  # share of actuals inside P25–P75
    below: float = float("nan")  # share below P10
    above: float = float("nan")  # share above P90
    interval_score: float = float("nan")  # Σ Winkler score of the P10–P90 band / Σ |actual|


ALPHA = 0.2  # the P10–P90 band is a central 80 % interval


def winkler(p10: np.ndarray, p90: np.ndarray, actual: np.ndarray, alpha: float = ALPHA) -> np.ndarray:
    """The Winkler (interval) score of a central (1 − alpha) band per observation: width plus 2/alpha × the miss."""
    return (p90 - p10) + (2 / alpha) * (np.maximum(p10 - actual, 0) + np.maximum(actual - p90, 0))


@dataclasses.dataclass(eq=False)
class BacktestResult:
    """Scored frozen forecasts. Observation arrays are aligned: one entry per (origin, lead, cell)."""

    keys: list[CellKey]
    origin: np.ndarray
    lead: np.ndarray
    cell: np.ndarray  # row in `keys`
    forecast: np.ndarray  # P50 gap (staff units) forecast at the origin
    baseline: np.ndarray  # vacancies at the origin
    actual: np.ndarray  # vacancies reported in origin + lead
    p10: np.ndarray  # the frozen band of the gap forecast at the origin
    p90: np.ndarray
    p25: np.ndarray
    p75: np.ndarray
    overall: dict[int, Score]  # by lead
    by_sector: dict[tuple[str, int], Score]
    by_position: dict[tuple[str, str, int], Score]
    by_key: dict[tuple[CellKey, int], Score]
    frozen: dict[int, ForecastResult]  # by origin year (empty if not kept)
    grid: np.ndarray | None = None  # (comparisons, len(GRID)): each forecast at the calibration grid's levels
    nominal: dict[str, np.ndarray] | None = None  # the P50 gap and the bands as simulated, before calibration
    levels: np.ndarray | None = None  # the calibrated levels (lead 1…5 × group × 5) learned from every comparison

    def summary_rows(self) -> list[dict]:
        """Overall and per-sector scores, one dict per (group, lead), for a report table."""
        rows = [{"group": "всего", "lead": lead, **dataclasses.asdict(s)} for lead, s in sorted(self.overall.items())]
        rows += [{"group": sector, "lead": lead, **dataclasses.asdict(s)}
                 for (sector, lead), s in sorted(self.by_sector.items())]
        return rows


def _scores(codes: np.ndarray, n_groups: int, obs: dict[str, np.ndarray]) -> list[Score]:
    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=values, minlength=n_groups)

    forecast, baseline, actual = obs["forecast"], obs["baseline"], obs["actual"]
    denom = total(np.abs(actual))
    count = np.bincount(codes, minlength=n_groups)
    below, above = actual < obs["p10"], actual > obs["p90"]
    inner = (actual >= obs["p25"]) & (actual <= obs["p75"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = [total(np.abs(forecast - actual)) / denom, total(forecast - actual) / denom,
                  total(np.abs(baseline - actual)) / denom, total(baseline - actual) / denom]
        shares = [total((~below & ~above).astype(float)) / count, total(inner.astype(float)) / count,
                  total(below.astype(float)) / count, total(above.astype(float)) / count,
                  total(winkler(obs["p10"], obs["p90"], actual)) / denom]
    return [Score(int(count[g]), float(denom[g]), *(float(r[g]) for r in ratios), *(float(r[g]) for r in shares))
            for g in range(n_groups)]


def _grouped(labels: list, lead: np.ndarray, obs: dict[str, np.ndarray]) -> dict:
    """Scores per (label, lead), for one label per observation."""
    pairs = list(zip(labels, lead.tolist(), strict=True))
    codes_of: dict = {}
    codes = np.fromiter((codes_of.setdefault(p, len(codes_of)) for p in pairs), dtype=np.int64, count=len(pairs))
    scores = _scores(codes, len(codes_of), obs)
    return {pair: scores[code] for pair, code in codes_of.items()}


def rescore(result: BacktestResult, p10: np.ndarray | None = None, p90: np.ndarray | None = None,
            forecast: np.ndarray | None = None, p25: np.ndarray | None = None,
            p75: np.ndarray | None = None) -> BacktestResult:
    """The same observations scored again with other forecasts or bands (an oracle, an adjusted band)."""
    given = {"forecast": forecast, "p10": p10, "p90": p90, "p25": p25, "p75": p75}
    obs = {name: getattr(result, name) if given.get(name) is None else given[name]
           for name in ("forecast", "baseline", "actual", "p10", "p90", "p25", "p75")}
    out = scored(result.keys, result.origin, result.lead, result.cell, obs, result.frozen)
    out.grid, out.nominal, out.levels = result.grid, result.nominal, result.levels
    return out


def uncalibrated(result: BacktestResult) -> BacktestResult:
    """The same forecasts scored with the bands as simulated, before calibration."""
    return rescore(result, **result.nominal) if result.nominal else result


def scored(keys: list[CellKey], origin: np.ndarray, lead: np.ndarray, cell: np.ndarray, obs: dict[str, np.ndarray],
           frozen: dict[int, ForecastResult] | None = None) -> BacktestResult:
    """Score observations (`obs`: forecast, baseline, actual, p10, p90, p25, p75 aligned with origin, lead, cell)."""
    return BacktestResult(
        keys=keys, origin=origin, lead=lead, cell=cell, **obs,
        overall={ld: s for (_, ld), s in _grouped([None] * len(cell), lead, obs).items()},
        by_sector=_grouped([keys[i][0] for i in cell], lead, obs),
        by_position={(*pos, ld): s for (pos, ld), s in _grouped([keys[i][:2] for i in cell], lead, obs).items()},
        by_key={(keys[c], ld): s for (c, ld), s in _grouped(cell.tolist(), lead, obs).items()},
        frozen=frozen or {})


def backtest(histories: Panel | Sequence[CellHistory], *, first_year: int, last_year: int, horizon: int = 1,
             levers: Levers | None = None, defaults: Defaults = DEFAULTS, n_sims: int = 200, seed: int = 0,
             keep_forecasts: bool = True,
             adjust: Callable[[Prepared, np.ndarray], None] | None = None,
             prior: Sequence[Sequence[float]] | None = calibration.PRIOR) -> BacktestResult:
    """Forecast from each origin year first_year … last_year − 1 and score leads 1 … horizon up to last_year.

    `adjust(prepared, rows)` may change each origin's estimate before it is run (`rows`: its cells in the panel);
    the oracle of the benchmark puts the true rates there (`synthetic.oracle`). The bands are calibrated
    (`calibration.py`): each origin's at the levels learned from the comparisons known then, shrunk towards
    `prior` (each origin is run with them, so its frozen forecast is the one scored); `prior=None` runs them as
    simulated. The bands are scored as vacancies (≥ 0). `result.levels` are the levels learned from all
    comparisons, for the forecast made now; `result.nominal` keeps the P50 gap and the bands as simulated.
    """
    panel = as_panel(histories)
    first, last = int(first_year), int(last_year)
    panel.column(first)
    panel.column(last)
    if first >= last:
        raise ValueError("Первый год бэктеста должен быть раньше последнего")
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"Горизонт бэктеста — от 1 до {MAX_HORIZON} лет")
    levers = levers or Levers()
    obs = {name: [] for name in ("origin", "lead", "cell", "forecast", "baseline", "actual", "p10", "p90", "p25",
                                 "p75", "grid", "raw")}
    frozen: dict[int, ForecastResult] = {}
    for t in range(first, last):
        j = panel.column(t)
        rows = np.flatnonzero(panel.present[:, j])
        if len(rows) == 0:
            continue
        sub = panel.take(rows)
        prepared = prepare(sub, base_year=t, defaults=defaults)
        conversion = levers.completion(defaults) * levers.employment(defaults)
        known = np.zeros((len(rows), SIM_YEARS))
        ahead = min(SIM_YEARS, len(panel.years) - 1 - j)
        known[:, :ahead] = panel.hired_target[rows, j + 1 : j + 1 + ahead] / conversion
        prepared.students = known
        if adjust is not None:
            adjust(prepared, rows)
        h_max = min(horizon, last - t)
        band = None if prior is None else _levels_known(obs, t, prior)
        result = prepared.run(horizon=h_max, levers=levers, n_sims=n_sims, seed=seed, grid=calibration.GRID,
                              band=band)
        if keep_forecasts:
            frozen[t] = result
        for h in range(1, h_max + 1):
            seen = panel.present[rows, j + h]
            obs["origin"].append(np.full(seen.sum(), t))
            obs["lead"].append(np.full(seen.sum(), h))
            obs["cell"].append(rows[seen])
            obs["forecast"].append(np.maximum(result.gap_p50[seen, h - 1], 0.0))  # a vacancy, never negative
            obs["raw"].append(result.gap_p50[seen, h - 1])
            for name in ("p10", "p90", "p25", "p75"):  # the band as the engine gave it, read as a vacancy
                obs[name].append(np.maximum(getattr(result, "gap_" + name)[seen, h - 1], 0.0))
            obs["grid"].append(result.gap_grid[seen, h - 1])
            obs["baseline"].append(panel.vacancies[rows[seen], j])
            obs["actual"].append(panel.vacancies[rows[seen], j + h])
    arrays = {k: np.concatenate(v) if v else np.zeros(0) for k, v in obs.items()}
    grid = arrays.pop("grid").reshape(-1, len(calibration.GRID))
    cell = arrays.pop("cell").astype(np.int64)
    lead = arrays.pop("lead").astype(np.int64)
    origin = arrays.pop("origin").astype(np.int64)
    # the bands as simulated: the grid holds the nominal levels too, read at the same ranks of the same paths
    nominal = {name: grid[:, calibration.GRID.index(q)] for name, q in
               (("p10", 0.1), ("p90", 0.9), ("p25", 0.25), ("p75", 0.75))}
    nominal["forecast"] = arrays.pop("raw")
    levels = None if prior is None else calibration.levels(grid, arrays["actual"], lead, prior)
    out = scored(panel.keys, origin, lead, cell, arrays, frozen)
    out.grid, out.nominal, out.levels = grid, nominal, levels
    return out


def _levels_known(obs: dict[str, list], t: int, prior) -> np.ndarray:
    """The calibrated levels for a forecast made in year t: learned from the comparisons whose actual value was
    reported by t (origin + lead ≤ t), never from later ones."""
    if not obs["origin"]:
        return calibration.levels(np.zeros((0, len(calibration.GRID))), np.zeros(0), np.zeros(0, int), prior)
    origin, lead = np.concatenate(obs["origin"]), np.concatenate(obs["lead"])
    known = origin + lead <= t
    return calibration.levels(np.concatenate(obs["grid"])[known], np.concatenate(obs["actual"])[known],
                              lead[known], prior)
