"""The backtest scores the bands, not only the median: coverage of P10–P90 and P25–P75, misses below and above,
and the Winkler interval score — on a tiny panel worked out by hand, and on the engine's own frozen forecasts."""

import numpy as np
import pytest

from orientir.forecast.backtest import rescore, scored
from orientir.forecast.engine import backtest
from orientir.forecast.synthetic import generate

EDU, CULT = ("education", "Учитель", "higher"), ("culture", "Библиотекарь", "vocational")

# cell, lead, p10, p25, p50, p75, p90, actual, baseline — and by hand:
HAND = [
    (0, 1, 1, 2, 3, 4, 5, 3, 2),  # inside both bands; W = 5 − 1 = 4
    (0, 1, 1, 2, 3, 4, 5, 0, 2),  # below P10 by 1; W = 4 + 10 · 1 = 14
    (0, 1, 0, 1, 2, 3, 4, 4, 2),  # on the P90 bound: inside P10–P90, outside P25–P75; W = 4
    (1, 1, 2, 2, 2, 2, 2, 5, 5),  # a zero-width band, above by 3; W = 0 + 10 · 3 = 30
    (1, 2, 0, 1, 1, 2, 3, 1, 5),  # inside both; W = 3
]


@pytest.fixture
def hand():
    a = np.array(HAND, dtype=float)
    obs = {"p10": a[:, 2], "p25": a[:, 3], "forecast": a[:, 4], "p75": a[:, 5], "p90": a[:, 6], "actual": a[:, 7],
           "baseline": a[:, 8]}
    return scored([EDU, CULT], np.full(len(a), 2020), a[:, 1].astype(int), a[:, 0].astype(int), obs)


def test_coverage_and_interval_score_by_lead(hand):
    one = hand.overall[1]
    assert one.n == 4
    assert one.inside80 == pytest.approx(2 / 4)
    assert one.inside50 == pytest.approx(1 / 4)
    assert one.below == pytest.approx(1 / 4) and one.above == pytest.approx(1 / 4)
    assert one.actual == pytest.approx(12)  # 3 + 0 + 4 + 5
    assert one.interval_score == pytest.approx((4 + 14 + 4 + 30) / 12)
    assert one.wape == pytest.approx((0 + 3 + 2 + 3) / 12)
    two = hand.overall[2]
    assert (two.n, two.inside80, two.inside50, two.below, two.above) == (1, 1.0, 1.0, 0.0, 0.0)
    assert two.interval_score == pytest.approx(3 / 1)


def test_coverage_and_interval_score_by_sector(hand):
    edu = hand.by_sector[("education", 1)]
    assert edu.n == 3
    assert edu.inside80 == pytest.approx(2 / 3) and edu.inside50 == pytest.approx(1 / 3)
    assert edu.below == pytest.approx(1 / 3) and edu.above == 0
    assert edu.interval_score == pytest.approx((4 + 14 + 4) / 7)
    culture = hand.by_sector[("culture", 1)]
    assert (culture.inside80, culture.above, culture.below) == (0.0, 1.0, 0.0)
    assert culture.interval_score == pytest.approx(30 / 5)
    rows = {(r["group"], r["lead"]): r for r in hand.summary_rows()}
    assert rows[("всего", 1)]["inside80"] == pytest.approx(0.5)
    assert rows[("culture", 2)]["inside50"] == 1.0


def test_a_wider_band_covers_more_but_is_paid_for_its_width(hand):
    wide = rescore(hand, p10=hand.p10 - 100, p90=hand.p90 + 100)
    assert wide.overall[1].inside80 == 1.0
    # every band 200 wider, no misses left: Σ W = (4 + 4 + 4 + 0) + 4 · 200
    assert wide.overall[1].interval_score == pytest.approx((12 + 800) / 12)
    assert wide.overall[1].interval_score > hand.overall[1].interval_score
    exact = rescore(hand, forecast=hand.actual)
    assert exact.overall[1].wape == 0 and exact.overall[1].inside80 == hand.overall[1].inside80


def test_backtest_keeps_each_frozen_band_beside_the_actual():
    synth = generate(40, range(2018, 2024), seed=11)
    result = backtest(synth.panel, first_year=2019, last_year=2023, horizon=2, n_sims=60)
    assert len(result.p10) == len(result.actual) > 0
    assert np.all(result.p10 <= result.p25) and np.all(result.p25 <= result.forecast)
    assert np.all(result.forecast <= result.p75) and np.all(result.p75 <= result.p90)
    for k in np.flatnonzero(result.origin == 2021)[:10]:
        frozen = result.frozen[2021]
        i, h = frozen.index(result.keys[result.cell[k]]), result.lead[k] - 1
        # scored as vacancies: a negative gap (a surplus of staff) is no vacancy
        assert (result.p10[k], result.p90[k]) == (max(frozen.gap_p10[i, h], 0), max(frozen.gap_p90[i, h], 0))
        assert (result.p25[k], result.p75[k]) == (max(frozen.gap_p25[i, h], 0), max(frozen.gap_p75[i, h], 0))
        assert result.forecast[k] == max(frozen.gap_p50[i, h], 0)
    # the shares of one lead add up: inside + below + above = 1
    s = result.overall[1]
    assert s.inside80 + s.below + s.above == pytest.approx(1.0)
    inside = np.mean((result.actual >= result.p10) & (result.actual <= result.p90) & (result.lead == 1)) / np.mean(
        result.lead == 1)
    assert s.inside80 == pytest.approx(inside)


def test_the_oracle_forecasts_with_the_true_rates_and_no_rate_uncertainty():
    from orientir.forecast.synthetic import SyntheticRates, oracle

    rates = SyntheticRates(fill_share=0.6)
    synth = generate(30, range(2018, 2023), rates, seed=4)
    seen = []
    truth_adjust = oracle(synth.truth, rates)

    def spy(prepared, rows):
        truth_adjust(prepared, rows)
        seen.append((prepared, rows))

    result = backtest(synth.panel, first_year=2019, last_year=2022, horizon=1, n_sims=40, adjust=spy)
    assert len(seen) == 3
    for prepared, rows in seen:
        assert np.array_equal(prepared.rates.leave, synth.truth.leave[rows])
        assert np.array_equal(prepared.rates.retire, synth.truth.retire[rows])
        assert np.all(prepared.rates.fill == 0.6) and np.all(prepared.rate_sigma == 0)
    plain = backtest(synth.panel, first_year=2019, last_year=2022, horizon=1, n_sims=40)
    assert not np.array_equal(result.forecast, plain.forecast)
    assert np.array_equal(result.actual, plain.actual)
