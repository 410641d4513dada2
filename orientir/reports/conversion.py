"""The funnel's measured history as the forecast's conversion rates (the closed loop of the pipeline).

Completion: of the contracted students whose study has an outcome (graduated, or left while admitted or
studying), the share who graduated. Employment: of the graduates whose outcome is known (employed, left before
starting work, or past the contract's deadline to start without a job), the share who took up the job.
Retention: of those employed at least a year ago, the share still working a year after starting.

Each rate is shrunk towards the documented default with a prior worth `conversion_prior_strength` contracts
(forecast/defaults.py), so a first cohort of five does not swing the forecast; below `MIN_HISTORY` outcomes the
default is used as is, and the forecast page says which source each rate came from.
"""

import dataclasses
import datetime

from orientir.core.dates import add_years
from orientir.forecast.defaults import DEFAULTS, Defaults

from . import funnel as funnel_mod

MIN_HISTORY = 5
# Early-career retention after one year: DfE «School workforce in England» — about 87 % of newly qualified
# teachers are still teaching a year later; the documented default when our own history is too thin.
DEFAULT_RETENTION_1Y = 0.87


@dataclasses.dataclass(frozen=True)
class Rate:
    key: str
    label: str
    value: float
    default: float
    successes: int
    trials: int
    source: str  # «история» or «по умолчанию»

    @property
    def measured(self) -> float | None:
        return self.successes / self.trials if self.trials else None


def _blend(key, label, successes, trials, default, m) -> Rate:
    if trials < MIN_HISTORY:
        return Rate(key, label, default, default, successes, trials, "по умолчанию")
    value = (successes + m * default) / (trials + m)
    return Rate(key, label, value, default, successes, trials, "история договоров")


def measured_rates(contracts, *, as_of: datetime.date | None = None, defaults: Defaults = DEFAULTS) -> list[Rate]:
    """Completion, employment and one-year retention from the contracts' history (a scoped queryset)."""
    as_of = as_of or datetime.date.today()
    records = funnel_mod.contract_records(contracts, as_of)
    deadlines = dict(contracts.values_list("id", "work_start_deadline"))
    study_outcome = [r for r in records if "studying" in r.stages
                     and ("graduated" in r.stages or r.left_stage in ("admitted", "studying"))]
    graduated = [r for r in records if "graduated" in r.stages]
    job_outcome = [r for r in graduated if "employed" in r.stages or r.left_stage == "graduated"
                   or (deadlines.get(r.key[1]) and deadlines[r.key[1]] < as_of)]
    had_year = [r for r in records if r.employed_on and add_years(r.employed_on, 1) <= as_of]
    m = defaults.conversion_prior_strength
    return [
        _blend("completion_rate", "Завершают обучение", sum(1 for r in study_outcome if "graduated" in r.stages),
               len(study_outcome), defaults.completion_rate, m),
        _blend("employment_rate", "Трудоустраиваются по договору",
               sum(1 for r in job_outcome if "employed" in r.stages), len(job_outcome), defaults.employment_rate, m),
        _blend("retention_1y", "Работают через год после трудоустройства",
               sum(1 for r in had_year if "retained_1" in r.stages), len(had_year), DEFAULT_RETENTION_1Y, m),
    ]


def defaults_from_history(rates: list[Rate], defaults: Defaults = DEFAULTS) -> Defaults:
    """The forecast defaults with completion and employment taken from the measured history.

    Retention is shown beside them but not applied: once at work, a contract graduate is staff, and the
    forecast's leaving rates by age (the youngest bands leave most) already carry early-career leaving —
    applying it again would count the same departures twice (docs/decisions.md).
    """
    by_key = {r.key: r.value for r in rates}
    return dataclasses.replace(defaults, completion_rate=by_key["completion_rate"],
                               employment_rate=by_key["employment_rate"])
