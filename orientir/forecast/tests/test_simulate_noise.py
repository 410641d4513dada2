"""The projection's random numbers (orientir/forecast/noise.py, used by simulate.py): normal quantiles against
published tables, the table of equiprobable draws, and the dispersion that matches a Poisson count.
Expected values are written out."""

import math
from statistics import NormalDist

import numpy as np
import pytest

from orientir.forecast import simulate


# Standard normal quantiles as published (tables of Φ⁻¹; the approximation is documented to 1.2e-9 relative).
PUBLISHED = [(0.5, 0.0), (0.75, 0.6744897501960817), (0.9, 1.2815515655446004), (0.95, 1.6448536269514722),
             (0.975, 1.959963984540054), (0.99, 2.3263478740408408), (0.999, 3.090232306167813),
             (0.02, -2.053748910631823), (0.01, -2.3263478740408408), (1e-6, -4.753424308822899),
             (0.1, -1.2815515655446004), (0.025, -1.959963984540054)]


def test_inverse_normal_matches_published_quantiles():
    p = np.array([p for p, _ in PUBLISHED])
    assert simulate._inverse_normal(p) == pytest.approx([z for _, z in PUBLISHED], rel=1e-8, abs=1e-9)


def test_inverse_normal_over_the_whole_range():
    """Against the standard library's own inverse normal (Wichura's AS 241), a different algorithm."""
    p = np.concatenate([np.linspace(1e-7, 0.03, 301), np.linspace(0.03, 0.97, 301), np.linspace(0.97, 1 - 1e-7, 301)])
    expected = [NormalDist().inv_cdf(float(x)) for x in p]
    assert simulate._inverse_normal(p) == pytest.approx(expected, rel=2e-9, abs=1e-9)


class _CountingBits:
    """A bit generator whose 64-bit words hold the 16-bit indices 4k+1 … 4k+4 (lowest first)."""

    def __init__(self):
        self.asked = []
        self.next = 0

    def random_raw(self, count):
        self.asked.append(count)
        words = []
        for _ in range(count):
            k = self.next
            words.append(sum((4 * k + j + 1) << (16 * j) for j in range(4)))
            self.next += 1
        return np.array(words, dtype=np.uint64)


def test_normals_take_four_table_entries_from_each_64_bit_word():
    bits = _CountingBits()
    got = simulate._normals(bits, 2, 3)
    assert bits.asked == [2]  # six 16-bit indices need two words
    assert got.shape == (2, 3)
    assert got.ravel().tolist() == simulate._NORMAL_TABLE[[1, 2, 3, 4, 5, 6]].tolist()
    assert simulate._normals(bits, 1, 4).ravel().tolist() == simulate._NORMAL_TABLE[[9, 10, 11, 12]].tolist()
    assert bits.asked == [2, 1]
    assert simulate._normals(bits, 1, 1).ravel().tolist() == simulate._NORMAL_TABLE[[13]].tolist()


def test_normal_table_is_the_equiprobable_grid():
    table = simulate._NORMAL_TABLE
    assert len(table) == 65536 and table.dtype == np.float32
    assert table[32768] == pytest.approx(NormalDist().inv_cdf(32768.5 / 65536), rel=1e-6)
    assert table[0] == pytest.approx(NormalDist().inv_cdf(0.5 / 65536), rel=1e-6)


def test_sigma_for_a_poisson_count():
    """exp(σ²) − 1 = 1 / mean: σ = √ln(1 + 1/mean); means below 0.05 count as 0.05."""
    got = simulate._sigma_for_events(np.array([1.0, 100.0, 0.05, 0.0, 0.01]))
    assert got == pytest.approx([math.sqrt(math.log(2)), math.sqrt(math.log(1.01)), math.sqrt(math.log(21)),
                                 math.sqrt(math.log(21)), math.sqrt(math.log(21))], rel=1e-12)
