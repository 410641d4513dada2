"""The forecast's freeze and its backtest run in a task worker for a municipality with a long history (decisions 66
and 70): the same services as the page's buttons, the rights checked again in the worker.

The size is the number of lines of submitted staffing returns the forecast reads (one COUNT): the freeze simulates
1,000 trajectories for every cell and scores the forecast of every past year, so its time grows with them (the demo
city's 2,857 lines: about 0.9 s; a region's big municipality, several times that). Below JOBS_FORECAST_THRESHOLD
lines the work stays in the request, as before.
"""

from dataclasses import asdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from orientir.accounts import access
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.tables import write_xlsx
from orientir.jobs import runner

from . import engine, reports, services

FROZEN = "Прогноз зафиксирован: его можно выгрузить и направить в органы власти области."


def history_size(municipality_id: int) -> int:
    """Lines of the municipality's submitted staffing returns: what the forecast and its backtest read."""
    from orientir.staffing.models import ReturnLine, StaffingReturn

    return ReturnLine.objects.filter(ret__campaign__municipality_id=municipality_id,
                                     ret__status=StaffingReturn.Status.SUBMITTED).count()


def is_big(municipality_id: int) -> int:
    """The history's size when it is over the threshold (the work goes to a worker), else 0."""
    size = history_size(municipality_id)
    return size if size > settings.JOBS_FORECAST_THRESHOLD else 0


def freeze_later(*, actor, municipality, base_year: int, horizon: int, levers: engine.Levers, sector: str = "",
                 note: str = ""):
    from orientir.jobs import services as jobs_services

    return jobs_services.start(actor, kind="forecast.freeze", title=f"Фиксация прогноза: {municipality}",
                               params={"municipality": municipality.pk, "base_year": base_year, "horizon": horizon,
                                       "levers": asdict(levers), "sector": sector, "note": note})


def backtest_later(*, actor, municipality):
    from orientir.jobs import services as jobs_services

    return jobs_services.start(actor, kind="forecast.backtest", title=f"Проверка прогноза на истории: {municipality}",
                               params={"municipality": municipality.pk})


def _municipality(job, right: str, refused: str):
    user = job.owner
    if not access.has_perm(user, right):
        raise runner.JobError(refused)
    municipality = access.municipalities_for(user).filter(pk=job.params["municipality"]).first()
    if municipality is None:
        raise runner.JobError("Этот муниципалитет вам больше не доступен.")
    return user, municipality


@runner.kind("forecast.freeze", atomic=True)
def freeze(job, progress):
    user, municipality = _municipality(job, "forecast.manage", "Фиксировать прогноз вам больше нельзя: права "
                                                                "учётной записи изменились.")
    p = job.params
    # one transaction: the stage written before it is the one seen until the end
    progress(5, f"Расчёт 1 000 вариантов и проверка на истории: строк сведений — {history_size(municipality.pk)}",
             force=True)
    try:
        snapshot = services.snapshot_create(actor=user, municipality=municipality, base_year=p["base_year"],
                                            horizon=p["horizon"], levers=engine.Levers(**p["levers"]),
                                            sector=p["sector"], note=p["note"])
    except DomainError as exc:
        raise runner.JobError(exc.message) from exc
    return runner.Outcome(FROZEN, url=reverse("forecast:snapshot_detail", args=[snapshot.pk]))


@runner.kind("forecast.backtest")
def backtest(job, progress):
    user, municipality = _municipality(job, "forecast.view", "Смотреть прогноз вам больше нельзя: права учётной "
                                                              "записи изменились.")
    progress(5, "Прогнозы прошлых лет сравниваются с фактом", force=True)
    try:
        result = services.backtest(municipality_id=municipality.pk)
    except (DomainError, ValueError) as exc:
        raise runner.JobError(getattr(exc, "message", str(exc))) from exc
    progress(90, "Запись файла Excel", force=True)
    report = reports.backtest_report(result, municipality)
    write_xlsx(report, progress.output(f"{report.filename}-{timezone.localdate():%Y-%m-%d}.xlsx"))
    audit.record(actor=user, action="forecast.backtest.exported", instance=municipality,
                 changes={"format": [None, "xlsx"]})
