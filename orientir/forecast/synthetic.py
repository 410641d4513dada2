"""Synthetic staffing returns generated from KNOWN rates (seeded): for tests, benchmarks and demo data.

The generator simulates persons, not expectations: every year each cell loses staff by binomial draws from its
own true rates (age-profiled leaving, retirement of pension-age staff), hires into open posts (target-contract
graduates and others), ages its staff and files a return with exactly the fields the real returns have. The
engine then sees only the returns; `Truth` keeps the rates they came from, so tests can check the estimation.

    synth = generate(300, range(2019, 2026), seed=1)
    synth.panel, synth.histories, synth.truth.leave

Two shapes of returns (docs/decisions.md, record 63):

- by default every person works the cell's load and every vacancy is a whole post of it, so vacancies / load
  count open posts exactly (the estimation tests rely on it);
- `REALISTIC` returns are as fractional as the ones Ориентир receives. Staff units are counted in teaching
  hours (1/18 of a rate); a person works an individual load around the cell's and leaves with it; the open
  units are offered as posts of the cell's load plus a part post, a hire brings his own load (at most what is
  open), so the units left open are rarely whole posts; a part post under half a rate is covered by the staff's
  extra hours (внутреннее совместительство, counted as filled). And half of the positions admit either level of
  education (13 of the directory's 26 are «СПО или ВО»): their returns are split between the higher and the
  vocational cell by the share of staff with higher education, as `histories.cell_years` splits a real return —
  which is where the demo city's 0.72 / 0.28 vacancies come from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from .data import LEVELS, N_BANDS, CellHistory, CellKey, Panel
from .defaults import DEFAULTS, Defaults

SECTOR_POSITIONS = {
    "education": ("Учитель начальных классов", "Учитель математики", "Учитель русского языка и литературы",
                  "Учитель физики", "Учитель английского языка", "Воспитатель", "Педагог-психолог",
                  "Учитель-логопед", "Педагог дополнительного образования", "Музыкальный руководитель"),
    "culture": ("Библиотекарь", "Хормейстер", "Культорганизатор", "Преподаватель ДШИ"),
    "sport": ("Тренер-преподаватель", "Инструктор по физической культуре"),
}
SECTOR_WEIGHTS = {"education": 0.75, "culture": 0.15, "sport": 0.10}


@dataclasses.dataclass(frozen=True)
class SyntheticRates:
    """The generating process. Cell rates are gamma-distributed around the city means with the given spread."""

    leave_rate: float = 0.07  # city mean of λ (non-retirement leaving, typical age mix)
    leave_spread: float = 0.3  # coefficient of variation of λ between cells
    retire_rate: float = 0.15  # city mean of ρ (retirement of pension-age staff, 60–64 band)
    retire_spread: float = 0.3
    mean_persons: float = 25.0  # staff per cell (lognormal)
    size_sigma: float = 0.7
    load_mean: float = 1.2  # staff units per person
    load_sd: float = 0.12
    vacancy_share: float = 0.06  # share of units vacant at the start
    fill_share: float = 0.7  # share of open posts filled by ordinary hires each year
    target_hires: float = 0.15  # mean target-contract graduates hired per cell-year
    growth: float = 0.01  # mean planned growth of staff units per year
    driver_trend: float = 0.0  # yearly trend of the sectors' pupil numbers; demand follows it if not zero
    defaults: Defaults = DEFAULTS  # the age profiles (the same the engine assumes)
    # Fractional returns (`REALISTIC`); the defaults keep whole posts of the cell's load.
    load_step: float = 0.0  # > 0: each person's load is a multiple of this (1/18: a teaching hour of a rate)
    person_load_sd: float = 0.25  # spread of the persons' loads around the cell's load
    internal_below: float = 0.5  # open units below this are covered by the staff's extra hours, not by a hire
    dual_level_share: float = 0.0  # share of positions admitting either level: two cells, split by education
    higher_share: float = 0.7  # mean share of staff with higher education in such a position


# Returns shaped like real ones (see the module's docstring): the benchmark's cities.
REALISTIC = SyntheticRates(mean_persons=21.0, load_step=1 / 18, dual_level_share=0.5)


@dataclasses.dataclass(eq=False)
class Truth:
    """The rates each cell was generated with (rows in `keys` order). A position split between two levels puts
    its rates, load and initial staff in both of its cells."""

    keys: list[CellKey]
    leave: np.ndarray  # λ per cell
    retire: np.ndarray  # ρ per cell
    leave_by_band: np.ndarray  # (n, N_BANDS)
    retire_by_band: np.ndarray  # (n, N_BANDS), per pension-age person
    load: np.ndarray
    persons: np.ndarray  # initial staff

    def of(self, key: CellKey) -> dict[str, float]:
        i = self.keys.index(tuple(key))
        return {"leave": float(self.leave[i]), "retire": float(self.retire[i]), "load": float(self.load[i])}


@dataclasses.dataclass(eq=False)
class Synthetic:
    panel: Panel
    truth: Truth

    @property
    def histories(self) -> list[CellHistory]:
        return self.panel.to_histories()


def _keys(n_cells: int, rng: np.random.Generator) -> list[CellKey]:
    sectors = list(SECTOR_WEIGHTS)
    picks = rng.choice(len(sectors), size=n_cells, p=list(SECTOR_WEIGHTS.values()))
    keys, seen = [], {}
    for s in picks:
        sector = sectors[s]
        positions = SECTOR_POSITIONS[sector]
        number = seen.get(sector, 0)
        seen[sector] = number + 1
        position = positions[number % len(positions)]
        group = number // (len(positions) * len(LEVELS))
        level = LEVELS[(number // len(positions)) % len(LEVELS)]
        keys.append((sector, position if group == 0 else f"{position} · {group + 1}", level))
    return keys


def _gamma_around(mean: float, spread: float, size: int, rng: np.random.Generator) -> np.ndarray:
    if spread <= 0 or mean <= 0:
        return np.full(size, float(mean))
    shape = 1.0 / spread**2
    return rng.gamma(shape, mean / shape, size=size)


def true_rates(n_cells: int, rates: SyntheticRates | None = None, seed: int = 0) -> Truth:
    """The true rates `generate` uses for the same arguments (without simulating the returns)."""
    rates = rates or SyntheticRates()
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    keys = _keys(n_cells, rng)
    leave = _gamma_around(rates.leave_rate, rates.leave_spread, n_cells, rng)
    retire = _gamma_around(rates.retire_rate, rates.retire_spread, n_cells, rng)
    profile = rates.defaults.leave_profile_array()
    q = np.asarray(rates.defaults.retire_profile)
    load = np.clip(rng.normal(rates.load_mean, rates.load_sd, n_cells), 0.5, 2.5)
    persons = np.maximum(1, np.round(rng.lognormal(np.log(rates.mean_persons) - rates.size_sigma**2 / 2,
                                                   rates.size_sigma, n_cells))).astype(np.int64)
    return Truth(keys=keys, leave=leave, retire=retire, leave_by_band=np.minimum(leave[:, None] * profile, 1.0),
                 retire_by_band=np.minimum(retire[:, None] * q, 1.0), load=load, persons=persons)


def _person_loads(counts: np.ndarray, load: np.ndarray, rates: SyntheticRates,
                  rng: np.random.Generator) -> np.ndarray:
    """Σ of the individual loads of `counts[i]` persons of each cell: around the cell's load, in `load_step`s,
    from a quarter of a rate to two rates."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(len(counts))
    step = rates.load_step
    mean = np.repeat(load, counts)
    each = np.clip(np.round(rng.normal(mean, rates.person_load_sd) / step) * step, np.ceil(0.25 / step) * step, 2.0)
    return np.bincount(np.repeat(np.arange(len(counts)), counts), weights=each, minlength=len(counts))


def generate(n_cells: int, years: Sequence[int], rates: SyntheticRates | None = None, seed: int = 0,
             burn_in: int = 2) -> Synthetic:
    """Returns of `n_cells` positions for consecutive `years`, from known rates; `burn_in` unrecorded years first.

    Each position is one cell, except those admitting either level (`dual_level_share`), reported as two."""
    rates = rates or SyntheticRates()
    years = np.asarray(list(years), dtype=np.int64)
    if n_cells < 1 or len(years) < 1 or np.any(np.diff(years) != 1):
        raise ValueError("Нужна хотя бы одна ячейка и годы подряд")
    d = rates.defaults
    truth = true_rates(n_cells, rates, seed)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    fractional = rates.load_step > 0
    # The draws of fractional returns come from a stream of their own: whole-post returns stay as they were.
    extra = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,)))
    n, t = n_cells, len(years)
    share = np.asarray(d.pension_share)
    # Probability that a non-pensioner moving up into band b reaches pension age with the move.
    becomes = np.zeros(N_BANDS)
    becomes[1:] = np.clip((share[1:] - share[:-1]) / np.maximum(1 - share[:-1], 1e-9), 0, 1)
    aging = np.asarray(d.aging_rate)

    mix = rng.dirichlet(np.asarray(d.age_structure) * 40, size=n)
    staff = rng.multinomial(truth.persons, mix)
    pension = rng.binomial(staff, share)
    if fractional:
        # Staff units in teaching hours; the staff fill the sum of their own loads, never more than the units.
        hour = rates.load_step
        filled_units = _person_loads(staff.sum(1), truth.load, rates, extra)
        units = np.round(filled_units / (1 - rates.vacancy_share) / hour) * hour
        filled_units = np.minimum(filled_units, units)
    else:
        # Staff units as whole posts of the cell's load, so that vacancies / load count open posts exactly and the
        # fill rate the engine estimates is the generating `fill_share`.
        units = np.round(truth.persons / (1 - rates.vacancy_share)) * truth.load
    dual = extra.random(n) < rates.dual_level_share if rates.dual_level_share > 0 else np.zeros(n, dtype=bool)
    higher_p = np.clip(extra.beta(rates.higher_share * 20, (1 - rates.higher_share) * 20, n), 0.05, 0.95)
    higher = extra.binomial(staff.sum(1), higher_p)  # staff with higher education (used where `dual`)
    sector_of = np.array([k[0] for k in truth.keys])
    sector_trend = {s: rates.driver_trend * (1 + 0.5 * i) for i, s in enumerate(SECTOR_WEIGHTS)}
    trend = np.array([sector_trend[s] for s in sector_of])
    planned = np.zeros(n)

    rec = {name: np.zeros((n, t)) for name in ("staff_units", "filled", "vacancies", "pension_age", "left_total",
                                                "left_retirement", "hired_total", "hired_target",
                                                "planned_new_units", "driver")}
    higher_share = np.zeros((n, t))
    headcount = np.zeros((n, t, N_BANDS))
    for step in range(burn_in + t):
        # Leaving during the year, from the stock at its start.
        leave_p = truth.leave_by_band
        left_pens = rng.binomial(pension, leave_p)
        left_other = rng.binomial(staff - pension, leave_p)
        # Retirement competes with other leaving (additive yearly hazards, as the engine assumes).
        retired = rng.binomial(pension - left_pens,
                               np.minimum(truth.retire_by_band / np.maximum(1 - leave_p, 1e-9), 1.0))
        gone = (left_pens + left_other + retired).sum(1)
        higher -= extra.hypergeometric(higher, np.maximum(staff.sum(1) - higher, 0), gone) if gone.any() else 0
        staff = staff - left_pens - left_other - retired
        pension = pension - left_pens - retired
        # Units grow by last year's plan and with pupil numbers; open posts are filled, partly.
        units = units + planned
        if rates.driver_trend:
            units = units * np.exp(trend) ** d.driver_elasticity
        if fractional:
            # Leavers take their own loads with them; the open units are offered as posts of the cell's load
            # and a remainder; each hire takes the load he is offered (his own, at most what is open).
            filled_units = np.where(staff.sum(1) > 0, np.maximum(
                filled_units - _person_loads(gone, truth.load, rates, extra), 0.0), 0.0)
            open_units = np.maximum(units - filled_units, 0.0)
            open_posts = np.floor(open_units / truth.load + 1e-9).astype(np.int64)
            target = np.minimum(rng.poisson(rates.target_hires, n), open_posts)
            other = rng.binomial(open_posts - target, rates.fill_share)
            taken = np.minimum(_person_loads(target + other, truth.load, rates, extra), open_units)
            rest = np.clip(open_units - open_posts * truth.load, 0.0, open_units - taken)  # the part post left
            offered = (extra.random(n) < rates.fill_share) & (rest > 1e-9)
            part_timer = offered & (rest >= rates.internal_below)
            other = other + part_timer  # a new person on a part-time post; a smaller remainder: extra hours
            filled_units = filled_units + taken + np.where(offered, rest, 0.0)
        else:
            posts = np.floor(units / truth.load + 1e-9).astype(np.int64)
            open_posts = np.maximum(posts - staff.sum(1), 0)
            target = np.minimum(rng.poisson(rates.target_hires, n), open_posts)
            other = rng.binomial(open_posts - target, rates.fill_share)
        new = rng.multinomial(other, d.array("hire_age_profile")) + rng.multinomial(
            target, d.array("graduate_age_profile"))
        staff = staff + new
        pension = pension + rng.binomial(new, share)
        higher += extra.binomial(new.sum(1), higher_p)
        # Ageing: a fifth of a band moves up; some of those reach pension age with the move.
        moved_p = rng.binomial(pension, aging)
        moved_o = rng.binomial(staff - pension, aging)
        staff = staff - moved_p - moved_o
        pension = pension - moved_p
        staff[:, 1:] += moved_p[:, :-1] + moved_o[:, :-1]
        now_pension = rng.binomial(moved_o[:, :-1], becomes[1:])
        pension[:, 1:] += moved_p[:, :-1] + now_pension
        if fractional:  # planned new units, in teaching hours
            planned = np.round(rng.poisson(units / truth.load * rates.growth) * truth.load / hour) * hour
        else:
            planned = rng.poisson(units / truth.load * rates.growth) * truth.load  # whole posts, for next year
        if step < burn_in:
            continue
        j = step - burn_in
        filled = filled_units if fractional else staff.sum(1) * truth.load
        rec["staff_units"][:, j] = units
        rec["filled"][:, j] = filled
        rec["vacancies"][:, j] = np.maximum(units - filled, 0.0) if fractional else units - filled
        rec["pension_age"][:, j] = pension.sum(1)
        rec["left_total"][:, j] = gone
        rec["left_retirement"][:, j] = retired.sum(1)
        rec["hired_total"][:, j] = (other + target)
        rec["hired_target"][:, j] = target
        rec["planned_new_units"][:, j] = planned
        rec["driver"][:, j] = 10_000 * np.exp(trend * (step - burn_in)) if rates.driver_trend else np.nan
        headcount[:, j] = staff
        persons = staff.sum(1)
        higher_share[:, j] = np.divide(higher, persons, out=np.full(n, 0.5), where=persons > 0)
    if not dual.any():
        panel = Panel(keys=truth.keys, years=years, present=np.ones((n, t), dtype=bool), headcount=headcount, **rec)
        return Synthetic(panel=panel, truth=truth)
    return _split_levels(truth, dual, higher_share, rec, headcount, years)


def _split_levels(truth: Truth, dual: np.ndarray, higher_share: np.ndarray, rec: dict, headcount: np.ndarray,
                  years: np.ndarray) -> Synthetic:
    """A position admitting either level reported as two cells, every field × the year's share of its staff with
    higher education (and × the rest), as `histories.cell_years` splits a real return."""
    rows, weights, keys = [], [], []
    for i, (sector, position, level) in enumerate(truth.keys):
        if not dual[i]:
            rows.append(i)
            weights.append(np.ones(len(years)))
            keys.append((sector, position, level))
            continue
        name = f"{position} · СПО или ВО" + ("" if level == "higher" else " · 2")
        for cell_level, w in (("higher", higher_share[i]), ("vocational", 1 - higher_share[i])):
            rows.append(i)
            weights.append(w)
            keys.append((sector, name, cell_level))
    rows, weights = np.asarray(rows), np.asarray(weights)
    split = {name: value[rows] * weights for name, value in rec.items() if name != "driver"}
    panel = Panel(keys=keys, years=years, present=np.ones((len(rows), len(years)), dtype=bool),
                  headcount=headcount[rows] * weights[:, :, None], driver=rec["driver"][rows], **split)
    cells = Truth(keys=keys, **{f.name: getattr(truth, f.name)[rows] for f in dataclasses.fields(Truth)
                                if f.name != "keys"})
    return Synthetic(panel=panel, truth=cells)


def oracle(truth: Truth, rates: SyntheticRates | None = None):
    """An `adjust` for `backtest` that forecasts with the TRUE rates: each cell's leaving and retirement rates and
    the generating fill share replace the estimates, with no estimation uncertainty left. What the oracle still
    gets wrong is the noise of the process itself — the floor the engine's error is measured against."""
    from .simulate import leaving_path

    rates = rates or SyntheticRates()

    def adjust(prepared, rows: np.ndarray) -> None:
        estimated = prepared.rates
        true = dataclasses.replace(estimated, leave=truth.leave[rows], retire=truth.retire[rows],
                                   fill=np.full(len(rows), rates.fill_share))
        prepared.rates = true
        prepared.leave_path = leaving_path(prepared.state, true, prepared.defaults)
        prepared.expected_leavers = prepared.leave_path * prepared.state.bands.sum(1)[:, None]
        prepared.rate_sigma = np.zeros(len(rows))

    return adjust


def generate_history(n_cells: int, years: Sequence[int], rates: SyntheticRates | None = None,
                     seed: int = 0) -> list[CellHistory]:
    """Histories of `n_cells` cells from known rates; `true_rates(n_cells, rates, seed)` gives those rates."""
    return generate(n_cells, years, rates, seed).histories
