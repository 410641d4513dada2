"""The forecast's freeze and backtest in a task worker (decision 70): a municipality with more lines of submitted
staffing returns than JOBS_FORECAST_THRESHOLD gets them from a job, the page answering at once; a smaller one in the
request, as before. The worker checks the rights again; a failure writes nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.forecast.models import ForecastSnapshot
from orientir.forecast.tests.test_forecast_pages import history  # noqa: F401 (fixture: the city's staffing returns)
from orientir.jobs.models import Job
from orientir.staffing.models import ReturnLine

FREEZE = {"horizon": 3, "leaving": 100, "growth": 0}


def _lines(city) -> int:
    return ReturnLine.objects.filter(ret__campaign__municipality=city, ret__status="submitted").count()


def _rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_a_small_history_is_frozen_and_scored_in_the_request(history, personas, client_for, settings):  # noqa: F811
    settings.JOBS_FORECAST_THRESHOLD = _lines(history)  # not over it
    client = client_for(personas["committee"])
    response = client.post(reverse("forecast:snapshot_create"), FREEZE)
    snapshot = ForecastSnapshot.objects.get()
    assert response["Location"] == reverse("forecast:snapshot_detail", args=[snapshot.pk])
    assert client.get(reverse("forecast:backtest")).context["rows"]
    assert client.get(reverse("forecast:backtest_export")).status_code == 200
    assert not Job.objects.exists()


def test_a_long_history_is_frozen_by_a_worker(history, personas, client_for, settings, backend,  # noqa: F811
                                              django_capture_on_commit_callbacks):
    lines = _lines(history)
    assert lines > 100
    settings.JOBS_FORECAST_THRESHOLD = lines - 1
    committee = personas["committee"]
    client = client_for(committee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forecast:snapshot_create"), FREEZE)
    assert (response.status_code, response["Location"]) == (302, "/jobs/")
    assert not ForecastSnapshot.objects.exists()  # nothing frozen in the request
    job = Job.objects.get()
    assert (job.kind, job.title, job.status) == ("forecast.freeze", f"Фиксация прогноза: {history}", "queued")
    assert "фиксируется в фоне" in client.get("/jobs/").content.decode()

    backend.drain()
    job.refresh_from_db()
    snapshot = ForecastSnapshot.objects.get()
    assert job.status == "done"
    assert (snapshot.horizon, snapshot.created_by, snapshot.municipality) == (3, committee, history)
    assert snapshot.rows and snapshot.rates["backtest"]["rows"]  # the freeze scores its past record, as the page's
    assert job.result == "Прогноз зафиксирован: его можно выгрузить и направить в органы власти области."
    assert job.result_url == f"/forecast/snapshots/{snapshot.pk}/"
    row = client.get(reverse("jobs:row", args=[job.pk])).content.decode()
    assert job.result in row and f'href="/forecast/snapshots/{snapshot.pk}/"' in row and "Скачать" not in row
    assert AuditEntry.objects.filter(action="forecast.snapshot.created", actor=committee).count() == 1


@pytest.mark.today("2027-03-15")
def test_a_long_history_is_scored_by_a_worker_into_an_excel_file(history, personas, client_for, settings,  # noqa: F811
                                                                 backend, django_capture_on_commit_callbacks):
    settings.JOBS_FORECAST_THRESHOLD = 0
    client = client_for(personas["committee"])
    page = client.get(reverse("forecast:backtest")).content.decode()
    assert 'data-testid="backtest-background"' in page and 'data-testid="backtest"' not in page
    assert f"строк сведений мониторинга: {_lines(history):,}".replace(",", "\N{NO-BREAK SPACE}") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("forecast:backtest_export"))
    assert response["Location"] == "/jobs/"
    backend.drain()
    job = Job.objects.get()
    assert (job.kind, job.status, job.result) == ("forecast.backtest", "done", "")
    assert job.filename == "forecast-backtest-2027-03-15.xlsx"  # named as the page's download
    content = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    cells = _rows(content)
    header = next(r for r in cells if r and r[0] == "Группа")
    assert "В диапазоне P10–P90, %" in header
    assert cells[cells.index(header) + 1][0] == "всего"
    assert AuditEntry.objects.filter(action="forecast.backtest.exported").count() == 1


def test_a_freeze_whose_owner_lost_the_right_writes_nothing(history, personas, client_for, settings,  # noqa: F811
                                                            backend, django_capture_on_commit_callbacks):
    settings.JOBS_FORECAST_THRESHOLD = 0
    committee = personas["committee"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(committee).post(reverse("forecast:snapshot_create"), FREEZE)
    committee.role = "observer"
    committee.save(update_fields=["role"])
    backend.drain()
    job = Job.objects.get()
    assert (job.status, job.error) == ("failed", "Фиксировать прогноз вам больше нельзя: права учётной записи "
                                                 "изменились.")
    assert not ForecastSnapshot.objects.exists()


def test_a_freeze_failing_halfway_leaves_no_snapshot(history, personas, client_for, settings, backend,  # noqa: F811
                                                     django_capture_on_commit_callbacks, monkeypatch):
    from orientir.core import audit

    settings.JOBS_FORECAST_THRESHOLD = 0
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas["committee"]).post(reverse("forecast:snapshot_create"), FREEZE)

    def broken(**kwargs):  # the snapshot is written; its audit entry fails after it
        raise OSError("диск переполнен")

    monkeypatch.setattr(audit, "record", broken)
    backend.drain()
    job = Job.objects.get()
    assert job.status == "failed" and job.error.startswith("Задание прервано внутренней ошибкой; данные не изменены.")
    assert not ForecastSnapshot.objects.exists()
