"""Estimating leaving, retirement and hiring rates from the history of returns.

The returns give, per cell and year, only totals of leavers (and of them, to retirement) next to the headcount
by age band. So leaving by age is modelled as a *known age profile scaled per cell*: the expected number of
non-retirement leavers in a year is λ · Σ_b profile_b · staff_b, and retirements are ρ · Σ_b q_b · pension_b.
The scale factors λ and ρ are Poisson rates per (profile-weighted) person-year, estimated by

1. pooling all cells (the "city-wide" rate), itself shrunk towards the documented defaults by a pseudo-exposure,
   so that a municipality with no history falls back on the defaults;
2. shrinking each cell towards the pooled rate with the empirical-Bayes (gamma–Poisson) weight
   exposure / (exposure + k), where k is estimated from the spread between cells by the method of moments
   (a cell with 3 staff says little; a cell with 300 speaks for itself).

Exposure of the flows reported in year t is the stock at the start of that year: the previous return when there
is one, otherwise the stock of year t rolled back by its own flows (stock + leavers − hires).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .data import CellHistory, CellKey, Panel, as_panel
from .defaults import DEFAULTS, Defaults


@dataclasses.dataclass(frozen=True)
class Rates:
    """Estimated rates of one cell (per year)."""

    leave_rate: float  # λ: non-retirement leaving for the typical age mix
    leave_by_band: tuple[float, ...]  # by AGE_BANDS
    retire_rate: float  # ρ: retirement of pension-age staff in the 60–64 band
    retire_by_band: tuple[float, ...]  # per pension-age person, by AGE_BANDS
    total_leaving_rate: float  # expected share of the current staff leaving next year, all causes
    other_hires: float  # persons a year hired outside target contracts (average of the last years)
    fill_rate: float  # share of open posts those hires fill in a year (what the projection uses)
    exposure: float  # profile-weighted person-years behind λ
    weight: float  # share of λ that comes from the cell's own history (the rest: city-wide)


@dataclasses.dataclass(eq=False)
class BaseState:
    """Each cell's latest return up to the base year: where the projection starts."""

    column: np.ndarray  # (n,) column of the latest return (−1: none)
    staff_units: np.ndarray
    filled: np.ndarray
    vacancies: np.ndarray
    planned_new_units: np.ndarray
    bands: np.ndarray  # (n, N_BANDS) persons (the default age mix where the return has no bands)
    pension: np.ndarray  # (n, N_BANDS) pension-age persons, allocated to bands
    load: np.ndarray  # staff units per person


@dataclasses.dataclass(eq=False)
class RateArrays:
    """Estimated rates of every cell as arrays (the engine's form of `Rates`)."""

    leave: np.ndarray  # λ (n,)
    retire: np.ndarray  # ρ (n,)
    leave_profile: np.ndarray  # (N_BANDS,)
    retire_profile: np.ndarray  # (N_BANDS,)
    leave_shape: np.ndarray  # gamma posterior shape of λ: events + prior events (1/√shape = relative error)
    retire_shape: np.ndarray
    exposure: np.ndarray
    pension_exposure: np.ndarray
    weight: np.ndarray
    other_hires: np.ndarray  # persons per year, average of the last returns
    fill: np.ndarray  # share of open posts filled in a year by hires outside target contracts
    openings: np.ndarray  # open posts (persons) behind `fill`
    city_fill: float
    city_leave: float
    city_retire: float
    k_leave: float
    k_retire: float


def _bands_or_default(headcount: np.ndarray, filled: np.ndarray, defaults: Defaults) -> np.ndarray:
    """Age bands as given, or the typical mix scaled to the filled units when a return has no bands."""
    total = headcount.sum(-1)
    missing = (total <= 0) & (filled > 0)
    if not missing.any():
        return headcount
    out = headcount.copy()
    out[missing] = (filled[missing] / defaults.load)[:, None] * defaults.array("age_structure")
    return out


def allocate_pension(bands: np.ndarray, pension_total: np.ndarray, defaults: Defaults) -> np.ndarray:
    """Spread a pension-age total over the bands in proportion to staff × the default pension share."""
    weights = bands * np.asarray(defaults.pension_share)
    total = weights.sum(-1, keepdims=True)
    fallback = (total[..., 0] <= 0) & (pension_total > 0)
    if fallback.any():  # pensioners reported in bands the defaults deem too young: trust the return
        weights = np.where(fallback[..., None], bands, weights)
        total = weights.sum(-1, keepdims=True)
    factor = np.divide(pension_total, total[..., 0], out=np.zeros(np.shape(pension_total)), where=total[..., 0] > 0)
    weights *= factor[..., None]
    return np.minimum(weights, bands, out=weights)


def base_state(panel: Panel, base_year: int, defaults: Defaults = DEFAULTS) -> BaseState:
    """Pick each cell's latest return up to `base_year`."""
    b = panel.column(base_year)
    present = panel.present[:, : b + 1]
    has = present.any(1)
    column = np.where(has, b - np.argmax(present[:, ::-1], axis=1), -1)
    rows = np.arange(panel.n)
    col = np.maximum(column, 0)
    pick = {name: np.where(has, getattr(panel, name)[rows, col], 0.0)
            for name in ("staff_units", "filled", "vacancies", "planned_new_units", "pension_age")}
    bands = _bands_or_default(panel.headcount[rows, col] * has[:, None], pick["filled"], defaults)
    persons = bands.sum(1)
    lo, hi = defaults.load_bounds
    load = np.where(persons > 0, np.clip(np.divide(pick["filled"], persons, out=np.zeros(panel.n),
                                                   where=persons > 0), lo, hi), defaults.load)
    return BaseState(column=column, staff_units=pick["staff_units"], filled=pick["filled"],
                     vacancies=pick["vacancies"], planned_new_units=pick["planned_new_units"], bands=bands,
                     pension=allocate_pension(bands, pick["pension_age"], defaults), load=load)


def _prior_strength(events: np.ndarray, exposure: np.ndarray, default_k: float, defaults: Defaults) -> float:
    """Method-of-moments k = mean / between-cell variance of the gamma prior of a Poisson rate.

    E[(x_c − m)²] = τ² + m / E_c for the raw rate x_c = events / exposure; the excess over the Poisson part is
    the real spread τ² between cells. No excess means the cells look alike: pool them (k at its upper bound).
    """
    used = exposure > 0
    n = int(used.sum())
    if n < defaults.min_cells_for_eb:
        return default_k
    e, x = exposure[used], events[used] / exposure[used]
    total = e.sum()
    pooled = events[used].sum() / total
    if pooled <= 0:
        return default_k
    excess = float((e * (x - pooled) ** 2).sum() - (n - 1) * pooled)
    spread = excess / float(total - (e**2).sum() / total)
    low, high = defaults.shrink_k_bounds
    return high if spread <= 0 else float(np.clip(pooled / spread, low, high))


def estimate_rate_arrays(panel: Panel, base_year: int, defaults: Defaults = DEFAULTS) -> RateArrays:
    """Estimate every cell's rates from the returns up to `base_year` (vectorised over cells)."""
    b = panel.column(base_year)
    present = panel.present[:, : b + 1]
    head = _bands_or_default(panel.headcount[:, : b + 1], panel.filled[:, : b + 1], defaults)
    left = panel.left_total[:, : b + 1]
    retired = np.minimum(panel.left_retirement[:, : b + 1], left)
    hired = panel.hired_total[:, : b + 1]
    pension = panel.pension_age[:, : b + 1]

    # Stock at the start of each year: the previous return, or this one rolled back by its flows.
    persons = head.sum(-1)
    rolled = np.maximum(persons + left - hired, 0.0)
    scale = np.divide(rolled, persons, out=np.zeros_like(persons), where=persons > 0)
    start = head * scale[..., None]
    start_pension = np.minimum(pension + retired, rolled)
    prev_present = np.zeros_like(present)
    prev_present[:, 1:] = present[:, :-1]
    start[:, 1:] = np.where(prev_present[:, 1:, None], head[:, :-1], start[:, 1:])
    start_pension[:, 1:] = np.where(prev_present[:, 1:], pension[:, :-1], start_pension[:, 1:])

    leave_profile = defaults.leave_profile_array()
    retire_profile = np.asarray(defaults.retire_profile, dtype=float)
    exposure = np.where(present, start @ leave_profile, 0.0).sum(1)
    events = np.where(present, left - retired, 0.0).sum(1)
    pension_exposure = np.where(present, allocate_pension(start, start_pension, defaults) @ retire_profile, 0.0).sum(1)
    retire_events = np.where(present, retired, 0.0).sum(1)

    # City-wide rates, shrunk towards the documented defaults; then each cell towards the city.
    city_leave = (events.sum() + defaults.city_prior_exposure * defaults.leave_rate) / (
        exposure.sum() + defaults.city_prior_exposure)
    city_retire = (retire_events.sum() + defaults.city_prior_pension_exposure * defaults.retire_rate) / (
        pension_exposure.sum() + defaults.city_prior_pension_exposure)
    k_leave = _prior_strength(events, exposure, defaults.shrink_k, defaults)
    k_retire = _prior_strength(retire_events, pension_exposure, defaults.retire_shrink_k, defaults)
    leave_shape = events + k_leave * city_leave
    retire_shape = retire_events + k_retire * city_retire

    # Hires outside target contracts over each cell's last `other_inflow_years` returns: their yearly average
    # (for display) and the share of open posts they fill (what the projection uses, see Defaults.fill_rate).
    recent = (np.cumsum(present[:, ::-1], axis=1)[:, ::-1] <= defaults.other_inflow_years) & present
    n_recent = recent.sum(1)
    other = np.where(recent, np.maximum(hired - panel.hired_target[:, : b + 1], 0.0), 0.0)
    other_hires = np.divide(other.sum(1), n_recent, out=np.zeros(panel.n), where=n_recent > 0)
    lo, hi = defaults.load_bounds
    load = np.clip(np.divide(panel.filled[:, : b + 1], persons, out=np.full(persons.shape, defaults.load),
                             where=persons > 0), lo, hi)
    still_open = np.where(recent, np.maximum(panel.vacancies[:, : b + 1], 0.0) / load, 0.0).sum(1)
    filled_posts = other.sum(1)
    openings = filled_posts + still_open
    city_fill = (filled_posts.sum() + defaults.city_prior_openings * defaults.fill_rate) / (
        openings.sum() + defaults.city_prior_openings)
    fill = (filled_posts + defaults.fill_prior_openings * city_fill) / (openings + defaults.fill_prior_openings)

    return RateArrays(
        leave=leave_shape / (exposure + k_leave), retire=retire_shape / (pension_exposure + k_retire),
        leave_profile=leave_profile, retire_profile=retire_profile, leave_shape=leave_shape,
        retire_shape=retire_shape, exposure=exposure, pension_exposure=pension_exposure,
        weight=exposure / (exposure + k_leave), other_hires=other_hires, fill=fill, openings=openings,
        city_fill=float(city_fill), city_leave=float(city_leave),
        city_retire=float(city_retire), k_leave=k_leave, k_retire=k_retire)


def pension_shares(state: BaseState, defaults: Defaults) -> np.ndarray:
    """Pension-age share of each band of each cell; the default share where a band is empty."""
    default = np.broadcast_to(np.asarray(defaults.pension_share, dtype=float), state.bands.shape)
    share = np.divide(state.pension, state.bands, out=default.copy(), where=state.bands > 0)
    return np.clip(share, 0.0, 1.0)


def estimate_rates(histories: Panel | Sequence[CellHistory], defaults: Defaults = DEFAULTS, *,
                   base_year: int | None = None) -> dict[CellKey, Rates]:
    """Estimated rates per cell, from the returns up to `base_year` (default: the last year of the data)."""
    panel = as_panel(histories)
    base_year = int(panel.years[-1]) if base_year is None else int(base_year)
    rates = estimate_rate_arrays(panel, base_year, defaults)
    state = base_state(panel, base_year, defaults)
    share = pension_shares(state, defaults)
    leave_b = np.minimum(rates.leave[:, None] * rates.leave_profile, 1.0)
    retire_b = rates.retire[:, None] * rates.retire_profile
    out_b = np.minimum(leave_b + retire_b * share, 1.0) * state.bands
    persons = state.bands.sum(1)
    total = np.divide(out_b.sum(1), persons, out=np.zeros(panel.n), where=persons > 0)
    return {key: Rates(leave_rate=float(rates.leave[i]), leave_by_band=tuple(leave_b[i].tolist()),
                       retire_rate=float(rates.retire[i]), retire_by_band=tuple(retire_b[i].tolist()),
                       total_leaving_rate=float(total[i]), other_hires=float(rates.other_hires[i]),
                       fill_rate=float(rates.fill[i]),
                       exposure=float(rates.exposure[i]), weight=float(rates.weight[i]))
            for i, key in enumerate(panel.keys)}


def conversion_rates(due: float, completed: float, employed: float,
                     defaults: Defaults = DEFAULTS) -> tuple[float, float]:
    """Completion and employment rates from contract history, shrunk towards the defaults.

    `due`: contracted students who were due to graduate in the years looked at; `completed`: of them, who
    graduated; `employed`: of the graduates, who took up the job. A beta prior worth
    `conversion_prior_strength` contracts keeps a first cohort of five from swinging the forecast.
    """
    if not (0 <= employed <= completed <= due):
        raise ValueError("Нужно 0 ≤ трудоустроены ≤ окончили ≤ должны были окончить")
    m = defaults.conversion_prior_strength
    completion = (completed + m * defaults.completion_rate) / (due + m)
    employment = (employed + m * defaults.employment_rate) / (completed + m)
    return float(completion), float(employment)


def defaults_with_contract_history(defaults: Defaults, due: float, completed: float, employed: float) -> Defaults:
    """The defaults with completion and employment replaced by the contract history's (see `conversion_rates`)."""
    completion, employment = conversion_rates(due, completed, employed, defaults)
    return dataclasses.replace(defaults, completion_rate=completion, employment_rate=employment)


__all__ = ["BaseState", "RateArrays", "Rates", "allocate_pension", "base_state",
           "conversion_rates", "defaults_with_contract_history", "estimate_rate_arrays", "estimate_rates",
           "pension_shares"]
