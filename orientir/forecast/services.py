"""Running, freezing and reporting forecasts; the record of submissions to the regional bodies."""

import datetime
from dataclasses import asdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.tables import write_xlsx

import numpy as np

from . import calibration, engine, reports
from .histories import cell_years, years_available
from .pipeline import contract_pipeline
from .models import ForecastSnapshot, ReportSubmission

LIVE_SIMULATIONS = 300


def default_base_year(municipality_id: int) -> int | None:
    """The latest year with a closed monitoring campaign, else the latest year with any submitted return."""
    from orientir.staffing.models import StaffingCampaign

    closed = (StaffingCampaign.objects.filter(municipality_id=municipality_id, status="closed")
              .order_by("-year").values_list("year", flat=True).first())
    years = years_available(municipality_id)
    if closed and closed in years:
        return closed
    return years[-1] if years else None


def conversion_defaults(municipality_id: int):
    """The defaults with completion and employment from the municipality's contract history, and the rates
    with their sources for the page (the funnel's closed loop: reports/conversion.py)."""
    from orientir.contracts.models import Contract
    from orientir.reports.conversion import defaults_from_history, measured_rates

    rates = measured_rates(Contract.objects.filter(municipality_id=municipality_id))
    return defaults_from_history(rates), rates


def band_levels(past) -> np.ndarray:
    """The levels the live forecast's bands are read at: learned from the city's backtest (`past`), else the
    prior learned on synthetic cities (calibration.py, docs/decisions.md record 69)."""
    if past is not None and past.levels is not None:
        return past.levels
    return np.array(calibration.PRIOR, dtype=float)


def run(*, municipality_id: int, base_year: int, horizon: int, levers: engine.Levers, sector: str = "",
        n_sims: int = LIVE_SIMULATIONS, defaults=None, past=None) -> engine.ForecastResult:
    """The forecast from the submitted returns up to `base_year`; DomainError when there is nothing to go on.
    `past`: the city's backtest (`past_record`), whose calibration sets the bands."""
    records = cell_years(municipality_id, up_to_year=base_year, sector=sector)
    if not records:
        raise DomainError(f"Нет представленных сведений мониторинга за {base_year} год и ранее: прогноз строить "
                          "не из чего.")
    try:
        panel = engine.Panel.from_cell_years(records)
        pipeline, _ = contract_pipeline(municipality_id, sector, first_year=base_year + 1)
        result = engine.forecast(panel, base_year=base_year, horizon=horizon, levers=levers, n_sims=n_sims, seed=0,
                                 defaults=defaults or engine.DEFAULTS, pipeline=pipeline, band=band_levels(past))
        returns = dict(zip(panel.keys, panel.present.sum(1).tolist(), strict=True))
        result.returns = np.array([returns[key] for key in result.keys])
        return result
    except ValueError as exc:  # the engine explains bad input in Russian
        raise DomainError(str(exc)) from exc


def _levers_dict(levers: engine.Levers) -> dict:
    return {k: v for k, v in asdict(levers).items()}


@transaction.atomic
def snapshot_create(*, actor, municipality, base_year: int, horizon: int, levers: engine.Levers,
                    sector: str = "", note: str = "") -> ForecastSnapshot:
    """Freeze the forecast as made now: later returns never change it, so it can be scored later."""
    defaults, conversion = conversion_defaults(municipality.pk)
    past = past_record(municipality.pk)
    result = run(municipality_id=municipality.pk, base_year=base_year, horizon=horizon, levers=levers, n_sims=1000,
                 sector=sector, defaults=defaults, past=past)
    snapshot = ForecastSnapshot.objects.create(
        municipality=municipality, base_year=base_year, horizon=horizon,
        levers={**_levers_dict(levers), "sector": sector},
        rows=[_round(r) for r in result.rows()], contract_rows=_contract_rows(result),
        rates={"completion_rate": result.completion_rate, "employment_rate": result.employment_rate,
               "warnings": result.warnings, "n_sims": result.n_sims,
               "conversion_sources": {r.key: {"value": round(r.value, 4), "source": r.source,
                                              "successes": r.successes, "trials": r.trials} for r in conversion},
               "backtest": past and {"rows": reports.backtest_rows(past),
                                     "origins": sorted(set(past.origin.tolist()))},
               # the levels its bands were read at (lead × group × P10, P50, P90, P25, P75; calibration.py)
               "band_levels": band_levels(past).tolist()},
        note=note, created_by=actor)
    audit.record(actor=actor, action="forecast.snapshot.created", instance=snapshot,
                 changes={"base_year": [None, base_year], "horizon": [None, horizon],
                          "levers": [None, str(_levers_dict(levers))]})
    return snapshot


def _contract_rows(result) -> list[dict]:
    """Contract rows with the unrounded number kept, so totals are summed before rounding (as on the page)."""
    import math

    column = {length: j for j, length in enumerate(result.study_lengths)}
    rows = []
    for row in result.contract_rows():
        exact = result.contracts_exact[result.index((row["sector"], row["position"], row["level"])),
                                       column[row["study_length"]]]
        rows.append({**row, "contracts_exact": None if math.isnan(exact) else round(float(exact), 4)})
    return rows


def _round(row: dict) -> dict:
    return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in row.items()}


@transaction.atomic
def submission_record(*, actor, snapshot: ForecastSnapshot, kind: str, recipient: str,
                      submitted_on: datetime.date, outgoing_number: str = "") -> ReportSubmission:
    """Keep the report file exactly as sent, with date and recipient; closes plan task 1.2 (forecast sent)."""
    if kind not in ReportSubmission.Kind.values:
        raise DomainError("Выберите отчёт.", field="kind")
    if not recipient.strip():
        raise DomainError("Укажите, куда направлен отчёт.", field="recipient")
    report = reports.forecast_report(snapshot) if kind == "forecast" else reports.contracts_report(snapshot)
    import io

    buf = io.BytesIO()
    write_xlsx(report, buf)
    submission = ReportSubmission(snapshot=snapshot, kind=kind, recipient=recipient.strip(),
                                  submitted_on=submitted_on, outgoing_number=outgoing_number.strip(),
                                  created_by=actor)
    submission.file.save(f"{report.filename}-{submitted_on:%Y-%m-%d}.xlsx", ContentFile(buf.getvalue()), save=False)
    submission.save()
    audit.record(actor=actor, action="forecast.report.submitted", instance=submission,
                 changes={"kind": [None, kind], "recipient": [None, submission.recipient],
                          "submitted_on": [None, submitted_on.isoformat()]})
    _close_committee_task(actor, snapshot.municipality_id, submitted_on.year, "forecast.report",
                          reverse("forecast:snapshots"), "Прогноз и потребность в договорах направлены: "
                          f"{submission.recipient}, {submitted_on:%d.%m.%Y}.")
    return submission


def _close_committee_task(actor, municipality_id: int, year: int, artifact: str, url: str, note: str) -> None:
    """Close the open committee-unit tasks of the plan item proved by `artifact` in that year."""
    from orientir.plan.models import Task
    from orientir.plan.services import task_close

    for task in Task.objects.filter(version__municipality_id=municipality_id, version__year=year,
                                    item__artifact=artifact, unit__isnull=False).exclude(status=Task.Status.DONE):
        task_close(actor=actor, task=task, note=note, evidence_url=url)


def backtest(*, municipality_id: int, first_year: int | None = None, last_year: int | None = None,
             horizon: int = engine.MAX_HORIZON):
    """Score the forecasts made from each year's data against the later years' returns, 1 … horizon years ahead
    (as far as the history reaches)."""
    # A campaign still in progress has only part of its returns: score against complete years only.
    last_complete = default_base_year(municipality_id)
    years = [y for y in years_available(municipality_id) if last_complete is None or y <= last_complete]
    if len(years) < 2:
        raise DomainError("Для проверки прогноза нужны сведения мониторинга хотя бы за два года.")
    records = cell_years(municipality_id, up_to_year=years[-1])
    panel = engine.Panel.from_cell_years(records)
    first, last = first_year or years[0], last_year or years[-1]
    return engine.backtest(panel, first_year=first, last_year=last, horizon=max(1, min(horizon, last - first)))


def past_record(municipality_id: int):
    """The backtest behind the trust shown beside forecast numbers; None when the history is too short for one."""
    try:
        return backtest(municipality_id=municipality_id)
    except (DomainError, ValueError):
        return None
