"""Random numbers of the projection: normal draws from a table and the noise that matches a Poisson count.

Kept apart from simulate.py (which imports them under the same names) so that the projection reads as its steps.
"""

from __future__ import annotations

import numpy as np

_MIN_EVENTS = 0.05  # floor of expected events in a noise dispersion (avoids infinite variance at zero)


def _inverse_normal(p: np.ndarray) -> np.ndarray:
    """Standard normal quantiles (P. J. Acklam's rational approximation, relative error < 1.2e-9)."""
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
         -3.066479806614716e01, 2.506628277459239e00)
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
         -1.328068155288572e01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
         4.374664141464968e00, 2.938163982698783e00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)

    def tail(q: np.ndarray) -> np.ndarray:
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)

    p = np.asarray(p, dtype=float)
    out = np.empty_like(p)
    low, high = p < 0.02425, p > 1 - 0.02425
    mid = ~(low | high)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (
        ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    out[low] = tail(np.sqrt(-2 * np.log(p[low])))
    out[high] = -tail(np.sqrt(-2 * np.log(1 - p[high])))
    return out


# 65,536 equiprobable normal quantiles: a 16-bit random index into this table is a normal draw at a tenth of the
# cost of numpy's generator, which matters at 2.5 × 10⁸ draws per country forecast.
_NORMAL_TABLE = _inverse_normal((np.arange(65536) + 0.5) / 65536).astype(np.float32)


def _normals(bitgen: np.random.BitGenerator, rows: int, cols: int) -> np.ndarray:
    size = rows * cols
    raw = bitgen.random_raw((size + 3) // 4)
    return _NORMAL_TABLE.take(raw.view(np.uint16)[:size], mode="clip").reshape(rows, cols)  # clip: no bounds checks


def _sigma_for_events(expected: np.ndarray) -> np.ndarray:
    """σ of a mean-1 lognormal exp(σz − σ²/2) whose variance exp(σ²) − 1 matches a Poisson count: 1 / mean."""
    return np.sqrt(np.log1p(1.0 / np.maximum(expected, _MIN_EVENTS)))
