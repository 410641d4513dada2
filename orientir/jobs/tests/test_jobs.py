"""Background jobs on both task backends: a big export leaves the request at once and is written by a worker with
its progress; the file is its owner's alone; a failure leaves a Russian reason and no file; a job whose worker died
does not stay «running»; expired files are removed."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orientir.jobs import runner
from orientir.jobs.models import Job

EXPORT = "/directory/organisations/export/"


def _sheet_names(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return sorted(row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row and row[0] is not None)


def test_small_export_is_written_in_the_request(personas, client_for, settings, backend):
    settings.JOBS_EXPORT_THRESHOLD = 1000
    response = client_for(personas["committee"]).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert not Job.objects.exists()


def test_big_export_becomes_a_job_with_progress_and_a_file(personas, client_for, settings, backend,
                                                           django_capture_on_commit_callbacks):
    settings.JOBS_EXPORT_THRESHOLD = 1
    committee = personas["committee"]
    client = client_for(committee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, {"q": "МБОУ"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/jobs/"
    assert (job.owner, job.kind, job.status, job.percent) == (committee, "export", "queued", 0)
    assert job.params["query"] == "q=%D0%9C%D0%91%D0%9E%D0%A3"

    page = client.get(reverse("jobs:list"))
    assert "Выгрузка в Excel: Реестр организаций социальной сферы" in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()  # the row polls while the job waits

    backend.drain()
    job.refresh_from_db()
    assert (job.status, job.percent, job.stage, job.error) == ("done", 100, "Готово", "")
    assert job.filename.startswith("organisations-") and job.filename.endswith(".xlsx")
    assert job.expires_at == job.finished_at + datetime.timedelta(hours=settings.JOBS_KEEP_HOURS)

    row = client.get(reverse("jobs:row", args=[job.pk])).content.decode()
    assert "hx-trigger" not in row  # finished: polling stops
    assert reverse("jobs:download", args=[job.pk]) in row
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    # the committee's city, filtered by «МБОУ» as on the page: the two schools of the city (conftest.py)
    assert _sheet_names(b"".join(download.streaming_content)) == [
        "МБОУ СОШ № 1 (полное)", "МБОУ СОШ № 2 (полное)"]


def test_a_job_is_its_owners_alone(personas, client_for, settings, backend, django_capture_on_commit_callbacks):
    settings.JOBS_EXPORT_THRESHOLD = 1
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas["committee"]).get(EXPORT)
    backend.drain()
    job = Job.objects.get()
    other = client_for(personas["admin"])
    for name in ("jobs:row", "jobs:download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert f"job-{job.pk}" not in other.get(reverse("jobs:list")).content.decode()
    other.logout()
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 302  # to the login page


@runner.kind("test-half-written")
def _half_written(job, progress):
    path = progress.output("half.xlsx")
    path.write_bytes(b"PK half")
    progress(40, "Запись", force=True)
    raise runner.JobError("Источник данных изменился во время выгрузки.")


@runner.kind("test-broken")
def _broken(job, progress):
    progress.output("broken.xlsx").write_bytes(b"PK")
    raise ZeroDivisionError


@pytest.mark.parametrize("kind,reason", [
    ("test-half-written", "Источник данных изменился во время выгрузки."),
    ("test-broken", "Задание прервано внутренней ошибкой; данные не изменены. Попробуйте ещё раз, а если ошибка "
                    "повторится, сообщите администратору."),
])
def test_a_failed_job_says_why_in_russian_and_leaves_no_file(personas, client_for, backend, kind, reason, _job_media,
                                                             django_capture_on_commit_callbacks):
    from orientir.jobs import services

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(personas["committee"], kind=kind, title="Проба", params={})
    backend.drain()
    job.refresh_from_db()
    assert (job.status, job.error, job.file) == ("failed", reason, "")
    assert not (_job_media / "jobs" / str(job.pk)).exists()
    row = client_for(personas["committee"]).get(reverse("jobs:row", args=[job.pk])).content.decode()
    assert reason.split(";")[0] in row and "Не выполнено" in row
    assert client_for(personas["committee"]).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_running_job_whose_worker_stopped_is_failed_not_running_forever(personas, settings, _job_media):
    settings.JOBS_STALE_SECONDS = 600
    now = timezone.now()
    owner = personas["committee"]
    alive = Job.objects.create(owner=owner, kind="export", title="Живое", status="running",
                               heartbeat_at=now - datetime.timedelta(seconds=599))
    dead = Job.objects.create(owner=owner, kind="export", title="Брошенное", status="running",
                              heartbeat_at=now - datetime.timedelta(seconds=601))
    (_job_media / "jobs" / str(dead.pk)).mkdir(parents=True)
    (_job_media / "jobs" / str(dead.pk) / ".partial").write_bytes(b"PK")
    assert runner.fail_stale(now) == 1
    alive.refresh_from_db()
    dead.refresh_from_db()
    assert alive.status == "running"
    assert (dead.status, dead.file) == ("failed", "")
    assert dead.error.startswith("Обработчик заданий остановился, не закончив работу")
    assert not (_job_media / "jobs" / str(dead.pk)).exists()


def test_expired_jobs_and_their_files_are_removed(personas, settings, backend, django_capture_on_commit_callbacks,
                                                  _job_media):
    from django.core.management import call_command

    settings.JOBS_EXPORT_THRESHOLD = 1
    from django.test import Client
    client = Client()
    client.force_login(personas["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(EXPORT)
    backend.drain()
    job = Job.objects.get()
    folder = _job_media / "jobs" / str(job.pk)
    assert folder.is_dir()
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)  # within the keeping time: stays
    assert Job.objects.filter(pk=job.pk).exists() and folder.is_dir()
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("purge_uploads", stdout=out)
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not folder.exists()
