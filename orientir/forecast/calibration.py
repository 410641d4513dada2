"""Calibrated bands: which of the simulated paths to read as P10, P90, P25 and P75, learned from past misses.

The simulation's own P10–P90 is not an honest 80 % band: on returns shaped like real ones it held 85 % (5 %
below P10, 10 % above P90) and P25–P75 only 36–40 % (docs/decisions.md, records 52, 63 and 69). A third of the
actual vacancies are exactly 0 and the model's noise is continuous, so how wrong a level is depends on how much
of a forecast's paths end at or below 0. The forecasts are therefore put in GROUPS by the number k of the 99
levels of GRID (1 %, 2 % … 99 %) at which the gap is ≤ 0 — known when the forecast is made — and, per lead time
and group, the bands are read at the levels of the paths that, in the backtest, left the target shares of the
actuals outside them:

    below(τ) = share of past actuals below the forecast's τ-quantile (non-decreasing in τ)
    P10 is read at the τ of GRID whose below(τ) is nearest to 10 %, P25 at the nearest to 25 %;
    P90 and P75 likewise from the share above (10 %, 25 %).

This is a split-conformal adjustment of the quantile levels (a recalibration of the forecast distribution).
A city's own history is short, so its levels are shrunk towards PRIOR, the levels learned the same way on
synthetic cities (`bench/oracle_bench.py --learn`): with n past comparisons in a lead and group,

    level = (n · own + PRIOR_WEIGHT · prior) / (n + PRIOR_WEIGHT), rounded to the grid (0.01).

The backtest learns each origin's levels only from the comparisons already known at that origin (origin + lead ≤
the origin year), so its coverage is out of sample; the live forecast uses the levels learned from them all.
The P50 is never moved. A vacancy is never negative, so the backtest compares the positive part of the gap
(a negative gap is a surplus of staff: no vacancy) and reads the bands the same way.
"""

from __future__ import annotations

import numpy as np

GRID = tuple(round(k / 100, 2) for k in range(1, 100))  # the levels the backtest keeps of every forecast
# Groups by k = how many GRID levels of the forecast are ≤ 0: none, 1–9, 10–29, 30–59, 60–99.
EDGES = (0, 1, 10, 30, 60)
NOMINAL = (0.1, 0.5, 0.9, 0.25, 0.75)  # P10, P50, P90, P25, P75 as read without calibration
TARGETS = (0.10, 0.10, 0.25, 0.25)  # share of actuals below P10, above P90, below P25, above P75
LEADS = 5
# Levels (P10, P50, P90, P25, P75) per lead 1…5 (outer) and group (inner) learned on 20 synthetic cities that the
# benchmark does not score (seeds 900–919, `bench/oracle_bench.py --learn`; docs/decisions.md, record 69).
PRIOR = (  # per lead 1…5: the groups k = 0, 1–9, 10–29, 30–59, 60–99
    ((0.1, 0.5, 0.9, 0.25, 0.75), (0.08, 0.5, 0.89, 0.14, 0.7), (0.14, 0.5, 0.9, 0.18, 0.74),
     (0.37, 0.5, 0.92, 0.47, 0.82), (0.5, 0.5, 0.95, 0.5, 0.81)),
    ((0.1, 0.5, 0.9, 0.25, 0.75), (0.07, 0.5, 0.89, 0.12, 0.72), (0.14, 0.5, 0.89, 0.17, 0.74),
     (0.36, 0.5, 0.91, 0.45, 0.82), (0.5, 0.5, 0.98, 0.5, 0.82)),
    ((0.1, 0.5, 0.9, 0.25, 0.75), (0.07, 0.5, 0.9, 0.11, 0.72), (0.14, 0.5, 0.89, 0.17, 0.74),
     (0.35, 0.5, 0.92, 0.43, 0.81), (0.5, 0.5, 0.99, 0.5, 0.85)),
    ((0.1, 0.5, 0.9, 0.25, 0.75), (0.07, 0.5, 0.9, 0.11, 0.75), (0.13, 0.5, 0.89, 0.17, 0.74),
     (0.35, 0.5, 0.92, 0.42, 0.81), (0.5, 0.5, 0.99, 0.5, 0.86)),
    ((0.1, 0.5, 0.9, 0.25, 0.75), (0.07, 0.5, 0.91, 0.11, 0.75), (0.13, 0.5, 0.89, 0.17, 0.74),
     (0.35, 0.5, 0.92, 0.42, 0.81), (0.5, 0.5, 0.99, 0.5, 0.9)),
)
PRIOR_WEIGHT = 200  # the prior counts as this many past comparisons of the city's own
MIN_OWN = 100  # fewer past comparisons in a lead and group than this: the prior alone


def group(grid_q: np.ndarray) -> np.ndarray:
    """The group of each forecast (rows of `grid_q`, its gap at the GRID levels)."""
    return np.searchsorted(EDGES, (grid_q <= 0).sum(1), side="right") - 1


def _level(shares: np.ndarray, target: float, upper: bool) -> float:
    """The grid level whose share is nearest to the target; on a tie the wider band (lower for a lower bound)."""
    gap = np.round(np.abs(shares - target), 12)
    i = (len(GRID) - 1 - int(np.argmin(gap[::-1]))) if upper else int(np.argmin(gap))
    return GRID[i]


def own_levels(grid_q: np.ndarray, actual: np.ndarray) -> tuple[float, ...]:
    """Levels (P10, P50, P90, P25, P75) that would have left the target shares outside, from past forecasts at
    the GRID levels (`grid_q`: comparisons × levels) and their actual values."""
    actual = np.asarray(actual, float)[:, None]
    below = (actual < grid_q).mean(0)
    above = (actual > grid_q).mean(0)
    return ordered((_level(below, TARGETS[0], False), 0.5, _level(above, TARGETS[1], True),
                    _level(below, TARGETS[2], False), _level(above, TARGETS[3], True)))


def ordered(levels: tuple[float, ...]) -> tuple[float, ...]:
    """P10 ≤ P25 ≤ P50 ≤ P75 ≤ P90: each band holds the median and the inner band lies inside the outer one (where
    most paths are ≤ 0 the learned P25 may rise above the median: it is held at the median)."""
    lo, mid, hi, in_lo, in_hi = levels
    in_lo, in_hi = min(in_lo, mid), max(in_hi, mid)
    return (min(lo, in_lo), mid, max(hi, in_hi), in_lo, in_hi)


def shrunk(own: tuple[float, ...] | None, n: int, prior: tuple[float, ...],
           weight: float = PRIOR_WEIGHT) -> tuple[float, ...]:
    """Own levels from n comparisons weighed against the prior's `weight`, rounded to the grid."""
    if not n or own is None:
        return tuple(prior)
    return tuple(round((n * o + weight * p) / (n + weight), 2) for o, p in zip(own, prior, strict=True))


def levels(grid_q: np.ndarray, actual: np.ndarray, lead: np.ndarray, prior=PRIOR,
           weight: float = PRIOR_WEIGHT, min_own: int | None = None) -> np.ndarray:
    """The band's levels (leads × groups × 5) learned from the comparisons given (all of them known); weight 0
    learns them from the comparisons alone (the prior only where a lead and group has none)."""
    out = np.array(prior, dtype=float)
    groups = group(grid_q)
    min_own = MIN_OWN if min_own is None else min_own
    for h in range(1, out.shape[0] + 1):
        for g in range(out.shape[1]):
            at = (lead == h) & (groups == g)
            n = int(at.sum())
            if n < min_own:
                continue
            out[h - 1, g] = shrunk(own_levels(grid_q[at], actual[at]) if n else None, n, prior[h - 1][g], weight)
    return out


def read(grid_q: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Each forecast at its own GRID level (`level`: one per row), as a vacancy (≥ 0)."""
    cols = np.rint(np.asarray(level) * 100).astype(np.int64) - 1
    return np.maximum(np.take_along_axis(grid_q, cols[:, None], axis=1)[:, 0], 0.0)


def calibrated_bands(origin: np.ndarray, lead: np.ndarray, grid_q: np.ndarray, actual: np.ndarray,
                     prior=PRIOR, weight: float = PRIOR_WEIGHT) -> tuple[dict[str, np.ndarray], dict[int, np.ndarray]]:
    """Each comparison's band read at the levels learned from the comparisons known at its origin (out of
    sample). Returns the bands (p10, p90, p25, p75 aligned with the comparisons) and the levels per origin."""
    bands = {name: np.empty(len(actual)) for name in ("p10", "p90", "p25", "p75")}
    groups = group(grid_q)
    by_origin = {}
    for t in np.unique(origin).tolist():
        known = origin + lead <= t
        chosen = levels(grid_q[known], actual[known], lead[known], prior, weight)
        by_origin[t] = chosen
        now = origin == t
        at = chosen[lead[now] - 1, groups[now]]  # (comparisons, 5)
        for name, j in (("p10", 0), ("p90", 2), ("p25", 3), ("p75", 4)):
            bands[name][now] = read(grid_q[now], at[:, j])
    return bands, by_origin
