#!/usr/bin/env python
"""Forecast engine benchmark: city (~300 cells, ~7,000 staff) and country (~100,000 cells, ~2.5 M staff).

Run as `.venv/bin/python bench/forecast_bench.py [--quick] [--sims 500] [--threads N]`. No Django, no database:
the engine is pure numpy, fed with synthetic returns from `orientir.forecast.synthetic` (known rates, 7 years of
returns per cell). Prints one table with the sizes side by side and the ratio of the measured time to the
QUALITY.md targets (city ≤ 100 ms, country ≤ 10 s). It never asserts on time: these machines are shared and noisy,
so it also prints process CPU time and the load average, and the ratios matter more than the absolute numbers.

Timed, per size (median of the repeats):
- forecast: `forecast(panel, horizon=5, n_sims=…)` — estimation + projection + simulation, the whole target;
- of it, estimate and simulate separately; "levers": a scenario re-run on prepared data (what a lever move costs);
- input: `Panel.from_cell_years` over one `CellYear` record per cell and year (the Django side's likely input);
- backtest (city only): every year's frozen forecast scored against the later returns.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from orientir.forecast.engine import CellYear, Levers, Panel, backtest, prepare  # noqa: E402
from orientir.forecast.synthetic import SyntheticRates, generate  # noqa: E402

YEARS = range(2019, 2026)  # 7 yearly returns
SIZES = {  # name: (cells, mean staff per cell at the start, target seconds); staff grow a little over the years
    "city": (300, 21.0, 0.100),  # Kostroma: ~7,000 staff records
    "region": (1_200, 22.5, None),  # ~30,000 staff records
    "country": (100_000, 22.5, 10.0),  # all of Russia: ~2.5 M staff records
}


def records_of(panel: Panel) -> list[CellYear]:
    """One CellYear per cell and year, as the Django side would build them from the returns."""
    out = []
    for i, key in enumerate(panel.keys):
        for j, year in enumerate(panel.years.tolist()):
            out.append(CellYear(key=key, year=year, staff_units=float(panel.staff_units[i, j]),
                                filled=float(panel.filled[i, j]), headcount=panel.headcount[i, j].tolist(),
                                pension_age=float(panel.pension_age[i, j]), left_total=float(panel.left_total[i, j]),
                                left_retirement=float(panel.left_retirement[i, j]),
                                hired_total=float(panel.hired_total[i, j]),
                                hired_target=float(panel.hired_target[i, j]),
                                planned_new_units=float(panel.planned_new_units[i, j])))
    return out


def measure(panel: Panel, *, sims: int, threads: int | None, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        prepared = prepare(panel)
        wall1 = time.perf_counter()
        prepared.run(horizon=5, n_sims=sims, threads=threads)
        wall2, cpu2 = time.perf_counter(), time.process_time()
        prepared.run(horizon=5, n_sims=sims, threads=threads, levers=Levers(leaving_multiplier=1.3, growth_rate=0.02))
        wall3 = time.perf_counter()
        runs.append({"estimate": wall1 - wall0, "simulate": wall2 - wall1, "total": wall2 - wall0,
                     "cpu": cpu2 - cpu0, "levers": wall3 - wall2})
    return {name: statistics.median(r[name] for r in runs) for name in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="country at 20,000 cells instead of 100,000")
    parser.add_argument("--sims", type=int, default=500, help="simulated paths per cell (default 500)")
    parser.add_argument("--threads", type=int, default=None, help="simulation threads (default: engine's choice)")
    parser.add_argument("--repeat", type=int, default=None, help="timed repeats per size (default 7 / 3 / 2)")
    args = parser.parse_args()
    sizes = dict(SIZES)
    if args.quick:
        sizes["country"] = (20_000, 22.5, None)

    print("Ориентир benchmark — staffing forecast engine (orientir/forecast)")
    print(f"  Python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start; {args.sims} paths per cell, horizon 5 years, "
          f"{len(YEARS)} years of returns")
    print()
    header = ("size", "cells", "staff", "input s", "estimate s", "simulate s", "forecast s", "CPU s", "levers s",
              "target s", "forecast/target")
    rows, notes = [], []
    for name, (cells, persons, target) in sizes.items():
        t0 = time.perf_counter()
        synth = generate(cells, YEARS, SyntheticRates(mean_persons=persons), seed=2025)
        panel = synth.panel
        built = time.perf_counter() - t0
        records = records_of(panel)
        t0 = time.perf_counter()
        Panel.from_cell_years(records)
        input_s = time.perf_counter() - t0
        del records
        repeat = args.repeat or (7 if cells <= 2_000 else 3 if cells <= 20_000 else 2)
        m = measure(panel, sims=args.sims, threads=args.threads, repeat=repeat)
        staff = int(panel.headcount[:, -1].sum())
        ratio = f"{m['total'] / target:.2f}" + (" SLOW" if m["total"] > target else "") if target else "—"
        rows.append((name, f"{cells:,}", f"{staff:,}", f"{input_s:.3f}", f"{m['estimate']:.3f}",
                     f"{m['simulate']:.3f}", f"{m['total']:.3f}", f"{m['cpu']:.3f}", f"{m['levers']:.3f}",
                     f"{target:g}" if target else "—", ratio))
        notes.append(f"{name}: synthetic returns built in {built:.1f} s (not timed)")
        print(f"  … {name} done", file=sys.stderr, flush=True)

    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))
    print()
    print("  forecast = estimate + simulate (wall, median); CPU = process CPU of the same call (all threads);")
    print("  levers = a scenario re-run on prepared data; input = CellYear records → Panel (not in the target).")
    print("  targets (QUALITY.md): country size (2.5 M staff records) ≤ 10 s, city size ≤ 100 ms.")
    for note in notes:
        print(f"  {note}")

    synth = generate(SIZES["city"][0], YEARS, SyntheticRates(mean_persons=SIZES["city"][1]), seed=2025)
    t0 = time.perf_counter()
    result = backtest(synth.panel, first_year=2020, last_year=2025, horizon=3, n_sims=200)
    seconds = time.perf_counter() - t0
    print()
    print(f"Backtest, city size, origins 2020–2024, leads 1–3 ({seconds:.2f} s): vacancies forecast vs "
          "naive «vacancies stay as they are»")
    print("   lead   n   WAPE forecast  WAPE naive   bias forecast  bias naive")
    for lead, s in sorted(result.overall.items()):
        print(f"   {lead:>4} {s.n:>4}   {s.wape:>13.3f}  {s.baseline_wape:>10.3f}   {s.bias:>13.3f}  "
              f"{s.baseline_bias:>10.3f}")
    print(f"  load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
