"""A big export as a committee specialist makes it: the export button answers at once with «Мои задания», the
progress bar moves while a worker writes the file, and the file downloads when ready (issue 15)."""

import io
import threading
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from orientir.core.validators import make_inn10, make_ogrn

pytestmark = pytest.mark.browser

MANY = 240  # organisations added to the committee's city: with the threshold at 100, their export is a job


@pytest.fixture
def worker(settings, monkeypatch):
    """The database backend's worker in a thread of this process, as `make run` runs it beside the server. Each
    progress report waits a little: on a small test the bar would otherwise jump from 0 to 100 between two polls.

    On SQLite the test database lives in memory: one connection, shared with the live server as pytest-django does.
    SQLite cannot run two threads' statements on one connection at once, so there the worker and the server take
    turns: the worker gives way only while it waits after a progress report (a file database in WAL mode, as
    `make run` has, or PostgreSQL need none of this). The test's own queries take their turn too
    (`worker.turn`): a query of the test's thread while the worker opens its transaction was what broke it.
    """
    from contextlib import contextmanager, nullcontext

    from django.core.handlers.base import BaseHandler
    from django.db import connections
    from django_tasks_db.management.commands import db_worker

    from orientir.jobs import runner

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_EXPORT_THRESHOLD = 100
    settings.JOBS_PROGRESS_SECONDS = 0
    main = connections["default"]
    shared = main if main.vendor == "sqlite" and main.is_in_memory_db() else None
    turn = threading.RLock() if shared is not None else None
    report = runner.Progress.__call__

    def slow_report(self, *args, **kwargs):
        result = report(self, *args, **kwargs)
        if turn is not None:
            turn.release()
        time.sleep(0.12)
        if turn is not None:
            turn.acquire()
        return result

    monkeypatch.setattr(runner.Progress, "__call__", slow_report)
    if shared is not None:
        get_response, transaction, run_task = BaseHandler.get_response, db_worker.exclusive_transaction, \
            db_worker.Worker.run_task

        def served(self, request):
            with turn:
                return get_response(self, request)

        @contextmanager
        def claimed(*args, **kwargs):
            with turn, transaction(*args, **kwargs):
                yield

        def ran(self, *args, **kwargs):
            with turn:
                return run_task(self, *args, **kwargs)

        monkeypatch.setattr(BaseHandler, "get_response", served)
        monkeypatch.setattr(db_worker, "exclusive_transaction", claimed)
        monkeypatch.setattr(db_worker.Worker, "run_task", ran)
        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
        shared.inc_thread_sharing()
    the_worker = db_worker.Worker(queue_names=["default"], interval=0.2, batch=False, backend_name="default",
                                  startup_delay=False, max_tasks=None, worker_id="e2e", excluded_queue_names=[])

    def run():
        if shared is not None:
            connections["default"] = shared
        try:
            the_worker.run()
        finally:
            if shared is None:
                connections.close_all()

    the_worker.turn = turn if turn is not None else nullcontext()
    thread = threading.Thread(target=run, name="e2e-db-worker", daemon=True)
    thread.start()
    yield the_worker
    the_worker.running = False
    thread.join(10)
    if shared is not None:
        shared.dec_thread_sharing()


def test_a_big_export_runs_in_the_background_with_progress_and_downloads(personas, city, worker, login, page,
                                                                         live_server, shot):
    from orientir.directory.models import Organisation
    from orientir.jobs.models import Job

    with worker.turn:
        Organisation.objects.bulk_create(
            Organisation(municipality=city, short_name=f"МБОУ Школа № {100 + i}", full_name=f"Школа № {100 + i}",
                         kind="school", sector="education", inn=make_inn10(f"44{7000000 + i:07d}"),
                         ogrn=make_ogrn(f"10244{7000000 + i:07d}")) for i in range(MANY))
        expected = Organisation.objects.filter(municipality=city).count()

    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Организации").click()
    started = time.monotonic()
    page.locator("#export-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои задания")
    assert time.monotonic() - started < 5, "the export did not return control at once"
    with worker.turn:
        job = Job.objects.get()
    expect(page.get_by_role("alert")).to_contain_text("готовится в фоне")
    row = page.get_by_test_id(f"job-{job.pk}")
    expect(row).to_contain_text("Выгрузка в Excel: Реестр организаций социальной сферы")

    seen = set()
    bar = row.get_by_test_id("job-progress")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and row.get_attribute("data-status") != "done":
        if bar.count():
            value = bar.get_attribute("aria-valuenow")
            if value is not None and 0 < int(value) < 100:
                seen.add(int(value))
                if len(seen) == 2:
                    shot("job-progress")
        time.sleep(0.2)
    assert len(seen) >= 2, f"the progress bar did not move: {sorted(seen)}"
    expect(row).to_have_attribute("data-status", "done")
    shot("job-done")

    with page.expect_download() as info:
        row.get_by_test_id("job-download").click()
    download = info.value
    assert download.suggested_filename.startswith("organisations-") and download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "№")
    col = rows[header].index("Краткое наименование")
    names = [r[col] for r in rows[header + 1:] if r and r[col]]
    assert len(names) == expected
    assert "МБОУ Школа № 100" in names and f"МБОУ Школа № {100 + MANY - 1}" in names


@pytest.mark.today("2027-03-15")
def test_the_report_book_archive_is_made_in_the_background(personas, city, worker, login, page, live_server, shot,
                                                           settings, monkeypatch):
    """«Скачать книгу архивом» (decision 66): the book's page answers at once, the worker zips the files of the book
    the committee specialist may download, and the archive downloads from «Мои задания»."""
    import zipfile

    from orientir.jobs.models import Job
    from orientir.plan import services
    from orientir.reports import reportbook

    # two items with files: 1.3 (the customer registry, Excel) and 2.9 (the contracts report, Excel and PDF)
    monkeypatch.setattr(reportbook, "FILES", {key: reportbook.FILES[key]
                                              for key in ("directory.customers", "contracts.graduates")})
    with worker.turn:
        services.version_create(actor=personas["admin"], municipality=city, year=2027)
    settings.JOBS_BOOK_THRESHOLD = 1

    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Книга отчётов").click()
    page.get_by_test_id("book-archive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои задания")
    expect(page.get_by_role("alert")).to_contain_text("Книга отчётов на 2027 год (отчётов: 3) собирается в фоне")
    with worker.turn:
        job = Job.objects.get()
    row = page.get_by_test_id(f"job-{job.pk}")
    expect(row).to_have_attribute("data-status", "done", timeout=60_000)
    expect(row.get_by_test_id("job-result")).to_have_text("В архиве таблица книги и отчётов: 3.")
    shot("book-archive-done")

    with page.expect_download() as info:
        row.get_by_test_id("job-download").click()
    download = info.value
    assert download.suggested_filename == "kniga-otchetov-2027.zip"
    names = zipfile.ZipFile(download.path()).namelist()
    assert sorted((name.split(" ", 1)[0], name.rsplit(".", 1)[1]) for name in names) == [
        ("00", "pdf"), ("00", "xlsx"), ("1.3", "xlsx"), ("2.9", "pdf"), ("2.9", "xlsx")]
