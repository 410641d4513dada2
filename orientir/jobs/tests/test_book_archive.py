"""The report book in one archive (decision 66): a small book is zipped in the request, a bigger one by a worker on
both task backends, with its progress and the archive on «Мои задания»."""

import io
import zipfile

import pytest
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.jobs.models import Job
from orientir.plan import services as plan_services
from orientir.reports import reportbook

ARCHIVE = "/reports/book/archive/"
# two items of the plan file with files of their own: 1.3 (the customer registry, Excel) and 2.9 (the contracts
# report, Excel and PDF); the book's other items keep their links but are left out of these tests to keep them short
FILES = {key: reportbook.FILES[key] for key in ("directory.customers", "contracts.graduates")}


@pytest.fixture
def plan2027(personas, city, monkeypatch):
    monkeypatch.setattr(reportbook, "FILES", FILES)
    version = plan_services.version_create(actor=personas["admin"], municipality=city, year=2027)
    plan_services.tasks_generate(actor=personas["admin"], version=version)
    return version


def _entries(content: bytes) -> list[tuple[str, str]]:
    """(item number, extension) of every file in the archive."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        for name in names:
            data = archive.read(name)
            assert data.startswith(b"%PDF" if name.endswith(".pdf") else b"PK"), name
    return sorted((name.split(" ", 1)[0], name.rsplit(".", 1)[1]) for name in names)


EXPECTED = [("00", "pdf"), ("00", "xlsx"), ("1.3", "xlsx"), ("2.9", "pdf"), ("2.9", "xlsx")]


@pytest.mark.today("2027-03-15")
def test_a_small_book_is_zipped_in_the_request(personas, client_for, settings, plan2027):
    settings.JOBS_BOOK_THRESHOLD = 3
    response = client_for(personas["committee"]).post(ARCHIVE, {"year": 2027})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kniga-otchetov-2027.zip"')
    assert _entries(b"".join(response.streaming_content)) == EXPECTED
    assert not Job.objects.exists()
    assert AuditEntry.objects.filter(action="reports.book.exported", actor=personas["committee"]).count() == 1


@pytest.mark.today("2027-03-15")
def test_a_bigger_book_is_zipped_by_a_worker(personas, client_for, settings, plan2027, backend,
                                             django_capture_on_commit_callbacks):
    settings.JOBS_BOOK_THRESHOLD = 2
    client = client_for(personas["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ARCHIVE, {"year": 2027})
    assert (response.status_code, response["Location"]) == (302, "/jobs/")
    job = Job.objects.get()
    assert (job.kind, job.title, job.status) == ("reportbook", "Книга отчётов на 2027 год: архив", "queued")
    page = client.get("/jobs/").content.decode()
    assert "Книга отчётов на 2027 год (отчётов: 3) собирается в фоне" in page

    backend.drain()
    job.refresh_from_db()
    assert (job.status, job.filename, job.result) == ("done", "kniga-otchetov-2027.zip",
                                                      "В архиве таблица книги и отчётов: 3.")
    row = client.get(reverse("jobs:row", args=[job.pk])).content.decode()
    assert "В архиве таблица книги и отчётов: 3." in row
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert _entries(b"".join(download.streaming_content)) == EXPECTED


@pytest.mark.today("2027-03-15")
def test_the_archive_holds_only_what_the_user_may_download(personas, client_for, settings, plan2027):
    """The methodologist (ГЦОКО) reads the customer registry (1.3) but not the contracts report (2.9)."""
    settings.JOBS_BOOK_THRESHOLD = 3
    response = client_for(personas["methodologist"]).post(ARCHIVE, {"year": 2027})
    assert response.status_code == 200
    assert _entries(b"".join(response.streaming_content)) == [("00", "pdf"), ("00", "xlsx"), ("1.3", "xlsx")]


@pytest.mark.today("2027-03-15")
def test_a_role_without_the_book_is_refused_and_nothing_starts(personas, client_for, settings, plan2027):
    settings.JOBS_BOOK_THRESHOLD = 0
    assert client_for(personas["tutor"]).post(ARCHIVE, {"year": 2027}).status_code == 403
    assert client_for(personas["committee"]).get(ARCHIVE).status_code == 405
    assert not Job.objects.exists()
