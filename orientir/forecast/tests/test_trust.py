"""The past record beside a forecast number: «в N случаях из 10», or an honest «истории пока мало»."""

import numpy as np
import pytest

from orientir.forecast.backtest import scored
from orientir.forecast.trust import Record, record, records, years_word

EDU = ("education", "Учитель", "higher")


@pytest.mark.parametrize(("inside", "n", "expected"), [
    (0.8, 40, "в прошлые годы фактическое значение попадало в этот диапазон в 8 случаях из 10"),
    (0.76, 25, "в прошлые годы фактическое значение попадало в этот диапазон в 8 случаях из 10"),
    (0.74, 25, "в прошлые годы фактическое значение попадало в этот диапазон в 7 случаях из 10"),
    (0.1, 10, "в прошлые годы фактическое значение попадало в этот диапазон в 1 случае из 10"),
    (1.0, 12, "в прошлые годы фактическое значение попадало в этот диапазон в 10 случаях из 10"),
    (0.0, 12, "в прошлые годы фактическое значение попадало в этот диапазон в 0 случаях из 10"),
])
def test_a_record_with_enough_history_says_how_often_the_band_held(inside, n, expected):
    assert Record(1, n, inside).sentence == expected


@pytest.mark.parametrize(("lead", "n", "expected"), [
    (3, 0, "истории пока мало: прогнозы на 3 года вперёд ещё не с чем сравнить"),
    (5, 0, "истории пока мало: прогнозы на 5 лет вперёд ещё не с чем сравнить"),
    (1, 0, "истории пока мало: прогнозы на 1 год вперёд ещё не с чем сравнить"),
    (4, 9, "истории пока мало: прогнозы на 4 года вперёд сравнивались с фактом лишь 9 раз — этого недостаточно "
           "для оценки"),
    (4, 3, "истории пока мало: прогнозы на 4 года вперёд сравнивались с фактом лишь 3 раза — этого недостаточно "
           "для оценки"),
])
def test_a_record_with_little_history_says_so_instead_of_a_number(lead, n, expected):
    thin = Record(lead, n, 0.9 if n else None)
    assert thin.sentence == expected and thin.out_of_ten is None and not thin.enough


def test_years_word():
    assert [years_word(n) for n in (1, 2, 4, 5, 11, 21, 22, 25)] == [
        "год", "года", "года", "лет", "лет", "год", "года", "лет"]


def test_records_come_from_the_backtest_by_sector_and_lead():
    # 10 observations of education one year ahead, 7 of them inside P10–P90; 3 of two years ahead
    n = 13
    actual = np.array([1, 2, 3, 4, 5, 6, 7, 0, 20, 30, 1, 1, 1], dtype=float)
    obs = {"forecast": np.full(n, 3.0), "baseline": np.zeros(n), "actual": actual, "p10": np.full(n, 1.0),
           "p90": np.full(n, 7.0), "p25": np.full(n, 2.0), "p75": np.full(n, 4.0)}
    lead = np.array([1] * 10 + [2] * 3)
    result = scored([EDU], np.full(n, 2020), lead, np.zeros(n, dtype=int), obs)
    by_key = records(result)
    assert record(by_key, "education", 1).out_of_ten == 7
    assert record(by_key, "education", 2).n == 3 and not record(by_key, "education", 2).enough
    assert record(by_key, "culture", 3) == Record(3, 0, None)
    assert records(None) == {}


@pytest.mark.parametrize(("returns", "expected"), [
    (1, "истории пока мало: по этой должности отчёты есть лишь за 1 год, прогноз опирается в основном на средние "
        "по городу"),
    (2, "истории пока мало: по этой должности отчёты есть лишь за 2 года, прогноз опирается в основном на средние "
        "по городу"),
    (3, "в прошлые годы фактическое значение попадало в этот диапазон в 8 случаях из 10"),
    (None, "в прошлые годы фактическое значение попадало в этот диапазон в 8 случаях из 10"),
])
def test_a_cell_with_returns_for_fewer_than_three_years_says_so(returns, expected):
    sector_record = {("education", 4): Record(4, 40, 0.8)}
    mine = record(sector_record, "education", 4, returns)
    assert mine.sentence == expected
    assert mine.enough == (returns is None or returns >= 3)
    assert mine.out_of_ten == (8 if mine.enough else None)
