"""Documented default rates and the scenario levers.

Defaults are what the forecast uses where the returns say nothing yet: a new municipality with one year of
returns, a cell with three staff, a conversion rate before any contract has run its course. Every number is a
planning assumption with its source; the estimation replaces it as soon as data exist (empirical-Bayes
shrinkage weighs the two by the exposure behind each).

Sources the figures lean on (orders of magnitude, not exact transfers to Kostroma):

- DfE, «School workforce in England» (yearly): 8–10 % of qualified teachers leave state schools each year;
  early-career leaving is the highest (≈ 12–13 % after the first year, about a third within five years).
- NCES, Teacher Follow-up Survey (USA): ≈ 8 % of teachers leave the profession each year, with a U-shape by
  age — high for the young, lowest mid-career, rising again towards retirement.
- НИУ ВШЭ, «Мониторинг экономики образования»: in Russian schools about a quarter of teachers are of pension
  age and keep working; many leave in the years after reaching it rather than at once.
- Pension ages: Федеральный закон от 03.10.2018 № 350-ФЗ raises them to 60 (women) / 65 (men) by 2028;
  teachers and some cultural workers may retire early after 25 years of service (ст. 30 Федерального закона
  от 28.12.2013 № 400-ФЗ «О страховых пенсиях»), hence non-zero pension shares from 45–49. The social sphere's
  staff are mostly women, so the shares below are weighted towards women's pension ages.
- DfE, Teacher Workforce Model (TWM) methodology: demand for teachers follows pupil numbers through a
  pupil:teacher ratio that itself moves with pupil numbers; ≈ 63 % of postgraduate trainees are teaching in
  state schools within 16 months — a reference for the "trained → employed" conversion.
- Completion of СПО/ВО programmes in Russia is of the order of 75–85 % (НИУ ВШЭ monitoring of student
  attrition); employment of target-contract graduates at the customer has historically been well below 100 %
  (the Accounts Chamber's reviews of targeted training before the 2019 and 2024 reforms).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .data import N_BANDS


def _tuple10(name: str, values: tuple[float, ...]) -> None:
    if len(values) != N_BANDS or any((not math.isfinite(v)) or v < 0 for v in values):
        raise ValueError(f"{name}: нужно {N_BANDS} неотрицательных чисел")


@dataclasses.dataclass(frozen=True)
class Defaults:
    """Default rates and the constants of the method. Age tuples follow `AGE_BANDS`."""

    # Non-retirement leaving (any reason but retirement), per person-year, for the typical age mix below.
    # 7 % plus retirements of pension-age staff gives ≈ 9 % in total, in the DfE/NCES 8–10 % range.
    leave_rate: float = 0.07
    # Relative leaving by age (U-shape of DfE/NCES); normalised so that the typical mix averages 1, which keeps
    # `leave_rate` readable as "the rate of a typical cell".
    leave_profile: tuple[float, ...] = (1.9, 1.5, 1.2, 1.0, 0.85, 0.8, 0.8, 0.85, 1.0, 1.2)
    # Retirement of pension-age staff, per pension-age person-year in the 60–64 band (the reference band); the
    # profile makes the spike grow with age: early pensioners by service rarely stop, 65+ often do.
    retire_rate: float = 0.15
    retire_profile: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0, 0.3, 0.4, 0.6, 1.0, 1.6)
    # Share of each band that is of pension age (women-weighted, see the module docstring).
    pension_share: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0, 0.02, 0.08, 0.45, 0.9, 1.0)
    # Age mix of a typical municipal school staff (ОО-1 totals of recent years, rounded): the fallback when a
    # return gives no age bands, and the mix the leaving profile is normalised on.
    age_structure: tuple[float, ...] = (0.04, 0.07, 0.09, 0.11, 0.13, 0.13, 0.12, 0.12, 0.11, 0.08)
    # Age of people hired outside target contracts (young graduates and returners) and of contract graduates.
    hire_age_profile: tuple[float, ...] = (0.30, 0.20, 0.14, 0.10, 0.08, 0.07, 0.05, 0.04, 0.02, 0.0)
    graduate_age_profile: tuple[float, ...] = (0.85, 0.15, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    # Share of a band moving to the next band in a year: 1/5 for five-year bands; staff under 25 are 19–24.
    aging_rate: tuple[float, ...] = (1 / 6, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.0)
    # Staff units per person when a return gives no headcount (teachers often hold more than one unit).
    load: float = 1.0
    load_bounds: tuple[float, float] = (0.2, 3.0)
    # How much the documented defaults weigh against the pooled (city-wide) data, in person-years: a city with
    # 200 person-years of returns gets half its rate from the data, half from the defaults.
    city_prior_exposure: float = 200.0
    city_prior_pension_exposure: float = 50.0
    # Empirical-Bayes prior strength k (person-years) used when the spread between cells cannot be estimated
    # (fewer than `min_cells_for_eb` cells): a cell's own rate gets weight exposure / (exposure + k).
    shrink_k: float = 60.0
    retire_shrink_k: float = 20.0
    shrink_k_bounds: tuple[float, float] = (10.0, 5000.0)
    min_cells_for_eb: int = 20
    # Other inflow: hires outside target contracts. Organisations hire to fill the posts that open, so the average
    # over the last 3 returns is taken as a *fill rate* — hires / (hires + posts still vacant at the return) — not
    # as a head count: a fixed count would ignore a scenario with more leavers, and for a small cell a 3-year
    # count is mostly noise. The rate is shrunk towards the city-wide one (beta prior worth
    # `fill_prior_openings` open posts, centred on `fill_rate` when there is no history), and the hires of a
    # year are capped at `other_inflow_cap` of demand so that a one-off wave (a new school) is not projected for
    # ever; 0.25 is well above the usual entry of new staff (DfE: entrants ≈ 10–12 % of teachers a year) so that it
    # only stops outliers. 0.7: about a third of the posts that open stay vacant a year later (an assumption to
    # be replaced by the returns: the vacancies they report are exactly this figure's complement).
    other_inflow_years: int = 3
    other_inflow_cap: float = 0.25
    fill_rate: float = 0.7
    fill_prior_openings: float = 10.0
    city_prior_openings: float = 30.0
    # Conversion of contracted students into staff: completion of the programme, then taking up the job.
    completion_rate: float = 0.80
    employment_rate: float = 0.75
    conversion_prior_strength: float = 20.0  # pseudo-contracts behind the two defaults above
    # Demand driven by pupils/children: units ∝ driver ** elasticity, i.e. the pupil:staff ratio absorbs part of
    # the change (classes fill up before new classes open), as in the TWM.
    driver_elasticity: float = 0.7
    # Without a projection of the driver, its log-linear trend over the last years, capped at ±5 % a year.
    driver_trend_years: int = 5
    driver_trend_cap: float = 0.05

    def __post_init__(self) -> None:
        for name in ("leave_profile", "retire_profile", "pension_share", "age_structure", "hire_age_profile",
                     "graduate_age_profile", "aging_rate"):
            _tuple10(name, getattr(self, name))
        for name in ("pension_share", "aging_rate"):
            if max(getattr(self, name)) > 1:
                raise ValueError(f"{name}: доли не больше 1")
        for name in ("leave_rate", "retire_rate", "completion_rate", "employment_rate", "other_inflow_cap",
                     "fill_rate"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0 <= value <= 1):
                raise ValueError(f"{name}: нужна доля от 0 до 1, получено {value!r}")
        if self.completion_rate * self.employment_rate <= 0:
            raise ValueError("Доли завершения обучения и трудоустройства должны быть больше нуля")
        if self.load <= 0 or self.shrink_k <= 0 or self.retire_shrink_k <= 0 or self.other_inflow_years < 1:
            raise ValueError("Нагрузка, сила априорного распределения и окно найма должны быть положительными")

    def leave_profile_array(self) -> np.ndarray:
        """The age profile of leaving, scaled so that the typical age mix averages 1."""
        raw = np.asarray(self.leave_profile, dtype=float)
        mix = np.asarray(self.age_structure, dtype=float)
        return raw / float(raw @ (mix / mix.sum()))

    def array(self, name: str) -> np.ndarray:
        values = np.asarray(getattr(self, name), dtype=float)
        if name in ("age_structure", "hire_age_profile", "graduate_age_profile"):
            values = values / values.sum()
        return values


DEFAULTS = Defaults()


@dataclasses.dataclass(frozen=True)
class Levers:
    """Scenario levers: change one, re-run `forecast` (or `Prepared.run`) and the whole forecast moves at once.

    `None` means "the estimated value or the documented default". Rates are shares per year.
    """

    leaving_multiplier: float = 1.0  # × the estimated leaving and retirement rates
    growth_rate: float = 0.0  # extra growth of staff units per year, compounding (−0.1 = shrink 10 % a year)
    completion_rate: float | None = None  # share of contracted students who graduate
    employment_rate: float | None = None  # share of graduates who take up the contracted job
    other_inflow_multiplier: float = 1.0  # × the fill rate of open posts by hires outside target contracts
    other_inflow_cap: float | None = None  # cap on those hires, share of demand per year

    def __post_init__(self) -> None:
        checks = {
            "leaving_multiplier": (self.leaving_multiplier, 0.0, 10.0),
            "growth_rate": (self.growth_rate, -0.5, 1.0),
            "other_inflow_multiplier": (self.other_inflow_multiplier, 0.0, 10.0),
        }
        for name in ("completion_rate", "employment_rate", "other_inflow_cap"):
            value = getattr(self, name)
            if value is not None:
                checks[name] = (value, 0.0, 1.0)
        for name, (value, low, high) in checks.items():
            if not (isinstance(value, (int, float)) and math.isfinite(value) and low <= value <= high):
                raise ValueError(f"Рычаг {name}: нужно число от {low} до {high}, получено {value!r}")
        for name in ("completion_rate", "employment_rate"):
            if getattr(self, name) == 0:
                raise ValueError(f"Рычаг {name} не может быть нулевым: выпускников не будет совсем")

    def completion(self, defaults: Defaults) -> float:
        return defaults.completion_rate if self.completion_rate is None else float(self.completion_rate)

    def employment(self, defaults: Defaults) -> float:
        return defaults.employment_rate if self.employment_rate is None else float(self.employment_rate)

    def inflow_cap(self, defaults: Defaults) -> float:
        return defaults.other_inflow_cap if self.other_inflow_cap is None else float(self.other_inflow_cap)
