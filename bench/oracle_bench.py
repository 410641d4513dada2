#!/usr/bin/env python
"""How far the forecast is from the best possible one: the engine's backtest beside an oracle's, on synthetic cities.

Run as `.venv/bin/python bench/oracle_bench.py [--cities 20] [--cells 300] [--sims 200]` (~40 seconds on a
shared 2-core machine). No Django, no database. Each synthetic city (`orientir.forecast.synthetic.generate`,
its own seed) has 10 years of returns generated from KNOWN rates. Both forecasts are backtested on the same
observations — origins 2018–2024, leads 1–5 years, scored against the returns of the later years:

- engine: the real engine, estimating the rates from the returns up to each origin;
- oracle: the same projection given the TRUE rates (`synthetic.oracle`): no estimation error, only the noise of
  the process itself. Its error is the floor; the engine's WAPE / oracle's WAPE says how much of the error is ours.

The cities' returns are `synthetic.REALISTIC` — vacancies as fractional as real returns (part-time loads in
teaching hours, positions of either level split between two cells as real returns are); `--whole-posts` runs the
earlier generator, where every vacancy is a whole post (docs/decisions.md, records 52 and 63).

Observations of all cities are pooled. Printed per lead: WAPE of the engine, the oracle and the naive "vacancies
stay as they are", the ratio engine / oracle (target ≤ 1.15), the share of actuals inside the P10–P90 band
(target 80 % ± 5), inside P25–P75 (50 %), and the Winkler interval score of the P10–P90 band (lower is better).
It asserts nothing: the targets are for reading, next to each other, in one run.

The bands of both are calibrated (`orientir/forecast/calibration.py`, docs/decisions.md record 69); below the table
the engine is printed before calibration (the P50 gap and the bands as simulated), with the bands only read as
vacancies (≥ 0), and calibrated. `--learn` prints instead the calibration's PRIOR, learned on other cities (seeds
900 on), which the scored cities (seeds 100 on) never see.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from orientir.forecast import calibration  # noqa: E402
from orientir.forecast.backtest import BacktestResult, backtest, rescore, scored, uncalibrated  # noqa: E402
from orientir.forecast.defaults import DEFAULTS  # noqa: E402
from orientir.forecast.synthetic import REALISTIC, SyntheticRates, generate, oracle  # noqa: E402

YEARS = range(2016, 2026)  # 10 yearly returns
FIRST, LAST, HORIZON = 2018, 2025, 5


def pooled(results: list[BacktestResult]) -> BacktestResult:
    """One scored result over the observations of all cities (cells renumbered, keys kept apart by city)."""
    keys, cells, offset = [], [], 0
    for city, r in enumerate(results):
        keys += [(sector, f"{position} · город {city}", level) for sector, position, level in r.keys]
        cells.append(r.cell + offset)
        offset += len(r.keys)
    obs = {name: np.concatenate([getattr(r, name) for r in results])
           for name in ("forecast", "baseline", "actual", "p10", "p90", "p25", "p75")}
    return scored(keys, np.concatenate([r.origin for r in results]), np.concatenate([r.lead for r in results]),
                  np.concatenate(cells), obs)


def shape(panels: list) -> dict[str, float]:
    """What the generated returns look like, to set beside a real city's (docs/decisions.md, record 63): the
    share of cell-years with no vacancy, and of the positive vacancies the shares that are not a whole number of
    staff units and not a whole number of posts (vacancies / (filled units per person))."""
    vacancies = np.concatenate([p.vacancies.ravel() for p in panels])
    persons = np.concatenate([p.headcount.sum(-1).ravel() for p in panels])
    filled = np.concatenate([p.filled.ravel() for p in panels])
    units = np.concatenate([p.staff_units.ravel() for p in panels])
    load = np.divide(filled, persons, out=np.ones_like(filled), where=persons > 0)
    posts = vacancies / load
    positive = vacancies > 1e-9
    def fractional(values):
        return float(np.mean(~np.isclose(values, np.round(values), atol=1e-6)))

    return {"zero": float(np.mean(~positive)), "fractional_units": fractional(vacancies[positive]),
            "fractional": fractional(posts[positive]),
            "median_units": float(np.median(units)), "cells": float(np.mean([p.n for p in panels]))}


def run(cities: int, cells: int, sims: int, defaults=DEFAULTS, rates: SyntheticRates | None = None,
        seed0: int = 100, prior=calibration.PRIOR) -> tuple[BacktestResult, BacktestResult, dict, dict]:
    """The engine's backtest (bands calibrated), the oracle's (the same calibration), the engine's before
    calibration (the P50 gap and the bands as simulated) and with them only read as vacancies (≥ 0), and the
    shape of the returns."""
    rates = rates or REALISTIC
    engine, best, before, at_zero, panels = [], [], [], [], []
    for c in range(cities):
        synth = generate(cells, YEARS, rates, seed=seed0 + c)
        panels.append(synth.panel)
        common = dict(first_year=FIRST, last_year=LAST, horizon=HORIZON, n_sims=sims, seed=c, keep_forecasts=False,
                      defaults=defaults, prior=prior)
        engine.append(backtest(synth.panel, **common))
        before.append(uncalibrated(engine[-1]))
        at_zero.append(rescore(before[-1], **{k: np.maximum(v, 0.0) for k, v in engine[-1].nominal.items()}))
        best.append(backtest(synth.panel, adjust=oracle(synth.truth, rates), **common))
    return pooled(engine), pooled(best), {"before": pooled(before), "at_zero": pooled(at_zero)}, shape(panels)


def learn(cities: int, cells: int, sims: int, rates: SyntheticRates | None = None, seed0: int = 900) -> np.ndarray:
    """The calibration's PRIOR: the levels learned from the backtests of cities the benchmark does not score
    (seeds from 900), pooled, each lead and group from its own comparisons alone."""
    grids, actual, lead = [], [], []
    for c in range(cities):
        synth = generate(cells, YEARS, rates or REALISTIC, seed=seed0 + c)
        r = backtest(synth.panel, first_year=FIRST, last_year=LAST, horizon=HORIZON, n_sims=sims, seed=c,
                     keep_forecasts=False, prior=None)
        grids.append(r.grid)
        actual.append(r.actual)
        lead.append(r.lead)
    nominal = tuple(tuple(calibration.NOMINAL for _ in calibration.EDGES) for _ in range(calibration.LEADS))
    return calibration.levels(np.concatenate(grids), np.concatenate(actual), np.concatenate(lead), nominal, weight=0, min_own=1)


def table(engine: BacktestResult, best: BacktestResult) -> list[str]:
    lines = ["  lead      n   WAPE engine  WAPE oracle  ratio  WAPE naive   P10–P90 engine/oracle   "
             "P25–P75 engine/oracle   interval score engine/oracle"]
    for lead in sorted(engine.overall):
        e, o = engine.overall[lead], best.overall[lead]
        flag = "" if e.wape <= 1.15 * o.wape else " >1.15"
        cover = "" if abs(e.inside80 - 0.8) <= 0.05 else " off"
        lines.append(f"  {lead:>4} {e.n:>6}   {e.wape:>11.3f}  {o.wape:>11.3f}  {e.wape / o.wape:>5.2f}  "
                     f"{e.baseline_wape:>10.3f}   {e.inside80:>7.1%} / {o.inside80:>6.1%}{cover:<4}   "
                     f"{e.inside50:>7.1%} / {o.inside50:>6.1%}       {e.interval_score:>8.3f} / {o.interval_score:<8.3f}"
                     f"{flag}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cities", type=int, default=20, help="synthetic cities (default 20)")
    parser.add_argument("--cells", type=int, default=300, help="cells per city (default 300)")
    parser.add_argument("--sims", type=int, default=200, help="simulated paths per cell (default 200, as the backtest)")
    parser.add_argument("--whole-posts", action="store_true",
                        help="the earlier generator: every vacancy a whole post, no level split (record 52)")
    parser.add_argument("--learn", action="store_true",
                        help="print the calibration's PRIOR learned on other cities (seeds 900…) instead")
    args = parser.parse_args()
    rates = SyntheticRates(mean_persons=21.0) if args.whole_posts else REALISTIC
    print("Ориентир benchmark — forecast engine against an oracle that knows the true rates")
    print(f"  {args.cities} synthetic cities × {args.cells} cells, returns {YEARS.start}–{YEARS.stop - 1}, origins "
          f"{FIRST}–{LAST - 1}, leads 1–{HORIZON}; {args.sims} paths per cell; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    t0 = time.perf_counter()
    if args.learn:
        prior = learn(args.cities, args.cells, args.sims, rates=rates)
        print(f"  ({time.perf_counter() - t0:.0f} s) PRIOR, levels (P10, P50, P90, P25, P75) per lead and group "
              f"(paths ≤ 0 at {', '.join(map(str, calibration.EDGES))}… of the 99 grid levels):")
        print("PRIOR = (")
        for rows in prior.tolist():
            print("    (" + ", ".join("(" + ", ".join(f"{v:g}" for v in row) + ")" for row in rows) + "),")
        print(")")
        return
    engine, best, trials, returns = run(args.cities, args.cells, args.sims, rates=rates)
    print(f"  ({time.perf_counter() - t0:.0f} s)")
    print(f"  returns: {'whole posts' if args.whole_posts else 'as fractional as real ones (REALISTIC)'}; "
          f"{returns['cells']:.0f} cells a city, median {returns['median_units']:.1f} staff units; "
          f"{returns['zero']:.0%} of cell-years with no vacancy; of the others {returns['fractional_units']:.0%} "
          f"not a whole number of staff units, {returns['fractional']:.0%} not a whole number of posts")
    print()
    for line in table(engine, best):
        print(line)
    print()
    print("  The engine's P10–P90 coverage of the actuals that are exactly 0 and of the positive ones")
    print("  lead   actual = 0   share of them   actual > 0")
    for lead in sorted(engine.overall):
        at = engine.lead == lead
        inside = (engine.actual >= engine.p10) & (engine.actual <= engine.p90)
        zero = engine.actual[at] == 0
        print(f"  {lead:>4}   {inside[at][zero].mean():>10.1%}   {zero.mean():>13.1%}   {inside[at][~zero].mean():>10.1%}")
    print()
    print("  The engine before calibration (the P50 gap and the bands as simulated) → read as vacancies (≥ 0) →")
    print("  calibrated (the engine now; docs/decisions.md, record 69)")
    print("  lead   WAPE before → ≥ 0     P10–P90 before → ≥ 0 → calibrated   below P10   above P90   "
          "P25–P75 before → calibrated   interval score before → ≥ 0 → calibrated")
    for lead in sorted(engine.overall):
        e, b, z = engine.overall[lead], trials["before"].overall[lead], trials["at_zero"].overall[lead]
        print(f"  {lead:>4}   {b.wape:>6.4f} → {e.wape:.4f}   {b.inside80:>14.1%} → {z.inside80:.1%} → {e.inside80:<6.1%}"
              f"   {e.below:>9.1%}   {e.above:>9.1%}   {b.inside50:>14.1%} → {e.inside50:<11.1%}   "
              f"{b.interval_score:>14.4f} → {z.interval_score:.4f} → {e.interval_score:.4f}")
    print()
    print("  targets (issue 21): WAPE engine ≤ 1.15 × oracle at every lead; P10–P90 coverage 80 % ± 5.")
    print("  «>1.15» and «off» mark a lead that misses a target; the oracle's own coverage shows how much of a miss is")
    print("  the model's shape (the same for both) rather than the estimated rates.")


if __name__ == "__main__":
    main()
