"""The staffing forecast engine of Ориентир (plan items 1.1–1.2): pure Python + numpy, no Django.

What it answers, per cell = (sector, position, education level) and year, 1–5 years ahead: how many staff
units will be needed (demand), how many will be filled (supply), the gap between them with P10/P50/P90 bands,
and how many target contracts to sign now so that graduates arrive when the gap opens.

    from orientir.forecast.engine import CellHistory, Levers, forecast, backtest

    result = forecast(histories, base_year=2025, horizon=5, levers=Levers(leaving_multiplier=1.2))
    result.gap_p50[result.index(("education", "Учитель математики", "higher"))]

The model, in the order it is computed (each step's reasons are in its module):

- `data`      — the input: yearly returns per cell (`CellYear`, `CellHistory`, `Panel`) and `Pipeline`.
- `defaults`  — documented default rates with sources (`Defaults`) and the scenario `Levers`.
- `rates`     — leaving by age band and retirement of pension-age staff estimated from the returns,
                shrunk towards the city-wide rates for small cells (empirical Bayes); hires outside target
                contracts as the 3-year average share of open posts they fill; conversion rates of contracts
                from their history (`conversion_rates`), documented defaults until it exists.
- `simulate`  — demand (units + planned growth, optionally following pupil numbers, as England's Teacher
                Workforce Model does), the year-by-year flows with the retirement spike as staff age, the
                pipeline of contracted students, the gap bands by simulation and the contracts needed.
- `backtest`  — each year's frozen forecast scored against later returns (WAPE, bias) beside the naive
                "vacancies stay as they are" baseline, and its bands (coverage of P10–P90 and P25–P75,
                misses below and above, Winkler interval score); `bench/oracle_bench.py` sets it beside an
                oracle that knows the true rates.
- `calibration` — the levels of the simulated paths read as P10, P90, P25 and P75, learned per lead time from
                the backtest's past misses (split-conformal), so that the P10–P90 band holds about 80 % of the
                actual values and P25–P75 about half.
- `synthetic` — returns generated from known rates, for tests, benchmarks and demo data.

Performance (QUALITY.md): the engine is vectorised over cells and runs the simulation in blocks of cells on
several threads; `bench/forecast_bench.py` measures the city (~300 cells) and country (~100,000 cells,
2.5 M staff) sizes against the 100 ms and 10 s targets. Use `prepare(...)` once and `Prepared.run(levers=…)`
per scenario when a user moves the levers: only the simulation is recomputed.
"""

from __future__ import annotations

from .backtest import BacktestResult, Score, backtest, rescore, winkler
from .data import (AGE_BANDS, LEVEL_STUDY_LENGTHS, LEVELS, N_BANDS, STUDY_LENGTHS, CellHistory, CellKey, CellYear,
                   Panel, Pipeline, as_panel)
from .defaults import DEFAULTS, Defaults, Levers
from .rates import (BaseState, RateArrays, Rates, base_state, conversion_rates, defaults_with_contract_history,
                    estimate_rate_arrays, estimate_rates)
from .simulate import INNER_QUANTILES, MAX_HORIZON, QUANTILES, SIM_YEARS, ForecastResult, Prepared, forecast, leaving_path, prepare

__all__ = [
    "AGE_BANDS", "DEFAULTS", "INNER_QUANTILES", "LEVELS", "LEVEL_STUDY_LENGTHS", "MAX_HORIZON", "N_BANDS", "QUANTILES", "SIM_YEARS",
    "STUDY_LENGTHS", "BacktestResult", "BaseState", "CellHistory", "CellKey", "CellYear", "Defaults",
    "ForecastResult", "Levers", "Panel", "Pipeline", "Prepared", "RateArrays", "Rates", "Score", "as_panel",
    "backtest", "rescore", "winkler", "base_state", "conversion_rates", "defaults_with_contract_history", "estimate_rate_arrays",
    "estimate_rates", "forecast", "leaving_path", "prepare",
]
