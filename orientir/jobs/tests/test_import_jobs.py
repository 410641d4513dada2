"""Big imports written by a task worker (decision 66), with the pupil import, the largest of the engine's: a checked
file that will write more than JOBS_IMPORT_THRESHOLD rows is written by a job on both backends, all or nothing; a
smaller one in the request, as before."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from orientir.core.models import ImportUpload
from orientir.jobs.models import Job
from orientir.pupils import importer
from orientir.pupils.models import Pupil

IMPORT = "/guidance/pupils/import/"
NAMES = ["Алексеева", "Борисов", "Васильева", "Григорьев", "Дмитриева"]


def _file() -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Обучающиеся"
    sheet.append([title for _, title in importer.COLUMNS])
    for name in NAMES:
        sheet.append([name, "Анна", ""] + [None] * (len(importer.COLUMNS) - 3))  # names only: no consent needed
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    buf.name = "ученики.xlsx"
    return buf


def _checked(client) -> dict:
    """The confirmation form's fields after the file was checked."""
    page = client.post(IMPORT, {"file": _file()})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="preview-add">5<' in html
    return {name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1) for name in ("token", "rows")}


def _surnames(school) -> list[str]:
    return sorted(Pupil.objects.filter(organisation=school).values_list("last_name", flat=True))


@pytest.mark.today("2026-10-15")
def test_a_small_import_is_written_in_the_request(personas, client_for, settings, school_a):
    settings.JOBS_IMPORT_THRESHOLD = 5
    client = client_for(personas["coordinator_a"])
    response = client.post(IMPORT, _checked(client))
    assert (response.status_code, response["Location"]) == (302, reverse("pupils:pupil_list"))
    assert _surnames(school_a) == NAMES
    assert not Job.objects.exists()


@pytest.mark.today("2026-10-15")
def test_a_big_import_is_written_by_a_worker(personas, client_for, settings, school_a, backend,
                                             django_capture_on_commit_callbacks):
    settings.JOBS_IMPORT_THRESHOLD = 4
    client = client_for(personas["coordinator_a"])
    fields = _checked(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT, fields)
    assert (response.status_code, response["Location"]) == (302, "/jobs/")
    assert _surnames(school_a) == []  # nothing written in the request
    job = Job.objects.get()
    assert (job.kind, job.title) == ("import", "Загрузка из Excel: «ученики.xlsx»")
    assert "Файл «ученики.xlsx» (5 строк) загружается в фоне" in client.get("/jobs/").content.decode()

    backend.drain()
    job.refresh_from_db()
    assert (job.status, job.result, job.result_url) == ("done", "Загружено: добавлено обучающихся — 5.",
                                                        reverse("pupils:pupil_list"))
    assert _surnames(school_a) == NAMES
    assert not ImportUpload.objects.exists()  # the kept file is gone once written


@pytest.mark.today("2026-10-15")
def test_a_size_not_signed_by_the_check_keeps_the_import_in_the_request(personas, client_for, settings, school_a):
    settings.JOBS_IMPORT_THRESHOLD = 4
    client = client_for(personas["coordinator_a"])
    fields = _checked(client)
    response = client.post(IMPORT, {"token": fields["token"], "rows": "5"})
    assert response["Location"] == reverse("pupils:pupil_list")
    assert _surnames(school_a) == NAMES and not Job.objects.exists()


@pytest.mark.today("2026-10-15")
def test_a_job_whose_file_is_gone_fails_in_russian_and_writes_nothing(personas, client_for, settings, school_a,
                                                                      backend, django_capture_on_commit_callbacks):
    settings.JOBS_IMPORT_THRESHOLD = 4
    client = client_for(personas["coordinator_a"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT, _checked(client))
    ImportUpload.objects.all().delete()  # kept past its day and purged before a worker was free
    backend.drain()
    job = Job.objects.get()
    assert (job.status, job.error) == ("failed", "Файл не найден: он уже загружен или хранился дольше суток. "
                                                 "Загрузите его снова.")
    assert _surnames(school_a) == []
