"""The synthetic returns have the shape of real ones where the benchmark needs it (docs/decisions.md, record 63):
whole posts by default, fractional units and level-split positions in `REALISTIC`."""

import numpy as np
import pytest

from orientir.forecast.backtest import backtest
from orientir.forecast.synthetic import REALISTIC, SyntheticRates, generate, oracle

YEARS = range(2018, 2024)


def test_by_default_every_vacancy_is_whole_posts_of_the_cells_load():
    synth = generate(60, YEARS, seed=3)
    posts = synth.panel.vacancies / synth.truth.load[:, None]
    assert np.allclose(posts, np.round(posts), atol=1e-6)
    assert not any("СПО или ВО" in key[1] for key in synth.panel.keys)


@pytest.fixture(scope="module")
def realistic():
    return generate(200, YEARS, REALISTIC, seed=8)


def test_realistic_units_are_teaching_hours_and_never_overfilled(realistic):
    p = realistic.panel
    assert np.all(p.vacancies >= 0) and np.all(p.filled <= p.staff_units + 1e-9)
    assert p.vacancies == pytest.approx(p.staff_units - p.filled, abs=1e-9)
    whole = np.array(["СПО или ВО" not in key[1] for key in p.keys])
    hours = p.staff_units[whole] * 18  # a rate is 18 teaching hours: units are whole hours
    assert np.allclose(hours, np.round(hours), atol=1e-6)


def test_realistic_vacancies_are_mostly_not_whole_posts(realistic):
    """As in the returns: most positive vacancies are not a whole number of posts of the cell's load."""
    v = realistic.panel.vacancies
    posts = v / realistic.truth.load[:, None]
    positive = v > 0
    fractional = ~np.isclose(posts, np.round(posts), atol=1e-6)
    assert (fractional & positive).sum() > 0.8 * positive.sum()


def test_a_position_of_either_level_is_split_by_the_share_with_higher_education(realistic):
    p, truth = realistic.panel, realistic.truth
    split = [i for i, key in enumerate(p.keys) if "СПО или ВО" in key[1]]
    assert len(split) % 2 == 0 and 0.3 * 200 < len(split) / 2 < 0.7 * 200  # about half of 200 positions
    assert p.n == 200 + len(split) // 2
    for i in split[::2][:20]:
        hi, voc = i, i + 1
        assert (p.keys[hi][0], p.keys[hi][1], p.keys[hi][2], p.keys[voc][2]) == (
            p.keys[voc][0], p.keys[voc][1], "higher", "vocational")
        position_units = p.staff_units[hi] + p.staff_units[voc]
        share = p.staff_units[hi] / position_units  # one share per year, the same for every field
        for name in ("filled", "vacancies", "left_total", "hired_total", "pension_age"):
            both = getattr(p, name)[hi] + getattr(p, name)[voc]
            assert getattr(p, name)[hi] == pytest.approx(share * both, abs=1e-9), name
        assert p.headcount[hi].sum(-1) == pytest.approx(share * (p.headcount[hi] + p.headcount[voc]).sum(-1))
        assert (truth.leave[hi], truth.load[hi]) == (truth.leave[voc], truth.load[voc])
    assert truth.keys == p.keys


def test_the_oracle_reads_the_split_cells_true_rates(realistic):
    rates = REALISTIC
    seen = []
    adjust = oracle(realistic.truth, rates)

    def spy(prepared, rows):
        adjust(prepared, rows)
        seen.append((prepared.rates.leave.copy(), rows))

    backtest(realistic.panel, first_year=2020, last_year=2022, horizon=1, n_sims=20, adjust=spy)
    for leave, rows in seen:
        assert np.array_equal(leave, realistic.truth.leave[rows])


def test_fractional_returns_without_a_split():
    synth = generate(50, YEARS, SyntheticRates(load_step=0.25), seed=2)
    assert synth.panel.n == 50
    assert np.allclose(synth.panel.staff_units * 4, np.round(synth.panel.staff_units * 4), atol=1e-6)
