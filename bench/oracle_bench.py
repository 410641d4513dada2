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

from orientir.forecast.backtest import BacktestResult, backtest, rescore, scored  # noqa: E402
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


def conformal(result: BacktestResult, min_n: int = 100, q: float = 0.9) -> BacktestResult:
    """A trial, not in the engine (docs/decisions.md, record 52): each origin's P10 and P90 moved away from (or
    towards) the P50 by the factor that would have put 10 % of the misses known by then below (above) them — the
    split-conformal adjustment from the backtest's own residuals, out of sample, all leads pooled; unchanged
    while fewer than `min_n` comparisons are known."""
    low_w, up_w = result.forecast - result.p10, result.p90 - result.forecast

    def misses(num, width):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(width > 0, num / np.where(width > 0, width, 1), np.where(num > 0, np.inf, 0.0))

    r_low, r_up = misses(result.forecast - result.actual, low_w), misses(result.actual - result.forecast, up_w)
    p10, p90 = result.p10.copy(), result.p90.copy()
    for t in np.unique(result.origin):
        past, now = result.origin + result.lead <= t, result.origin == t
        n = int(past.sum())
        if n < min_n:
            continue
        k = min(n - 1, int(np.ceil((n + 1) * q)) - 1)
        s_low = np.clip(np.sort(r_low[past])[k], 0.5, 3.0)
        s_up = np.clip(np.sort(r_up[past])[k], 0.5, 3.0)
        p10[now] = result.forecast[now] - s_low * low_w[now]
        p90[now] = result.forecast[now] + s_up * up_w[now]
    return rescore(result, p10=p10, p90=p90)


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
        seed0: int = 100) -> tuple[BacktestResult, BacktestResult, BacktestResult, dict[str, float]]:
    rates = rates or REALISTIC
    engine, best, adjusted, panels = [], [], [], []
    for c in range(cities):
        synth = generate(cells, YEARS, rates, seed=seed0 + c)
        panels.append(synth.panel)
        common = dict(first_year=FIRST, last_year=LAST, horizon=HORIZON, n_sims=sims, seed=c, keep_forecasts=False,
                      defaults=defaults)
        engine.append(backtest(synth.panel, **common))
        adjusted.append(conformal(engine[-1]))
        best.append(backtest(synth.panel, adjust=oracle(synth.truth, rates), **common))
    return pooled(engine), pooled(best), pooled(adjusted), shape(panels)


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
    args = parser.parse_args()
    rates = SyntheticRates(mean_persons=21.0) if args.whole_posts else REALISTIC
    print("Ориентир benchmark — forecast engine against an oracle that knows the true rates")
    print(f"  {args.cities} synthetic cities × {args.cells} cells, returns {YEARS.start}–{YEARS.stop - 1}, origins "
          f"{FIRST}–{LAST - 1}, leads 1–{HORIZON}; {args.sims} paths per cell; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    t0 = time.perf_counter()
    engine, best, adjusted, returns = run(args.cities, args.cells, args.sims, rates=rates)
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
    print("  Trial (not in the engine): the engine's band adjusted by split conformal from its own past misses")
    print("  lead   P10–P90 engine → adjusted   below P10   above P90   interval score engine → adjusted")
    for lead in sorted(engine.overall):
        e, a = engine.overall[lead], adjusted.overall[lead]
        print(f"  {lead:>4}   {e.inside80:>14.1%} → {a.inside80:<8.1%}   {a.below:>9.1%}   {a.above:>9.1%}   "
              f"{e.interval_score:>14.3f} → {a.interval_score:.3f}")
    print()
    print("  targets (issue 21): WAPE engine ≤ 1.15 × oracle at every lead; P10–P90 coverage 80 % ± 5.")
    print("  «>1.15» and «off» mark a lead that misses a target; the oracle's own coverage shows how much of a miss is")
    print("  the model's shape (the same for both) rather than the estimated rates.")


if __name__ == "__main__":
    main()
