"""Pupil import benchmark: a 100,000-row template read, validated and stored, with a bad file for contrast.

Run: `DEBUG=1 .venv/bin/python bench/pupil_import_bench.py [--rows N] [--before REV]` (throwaway SQLite in /tmp, or
BENCH_DATABASE_URL; `--before` times the whole import as it was at that git revision too, in the same process, and
prints the ratio — wall and CPU seconds). Prints rows/s of the whole import, of each stage, and the ratio of reading the file
through the importer to a bare calamine read (QUALITY.md: within 2×; ≥ 20,000 rows/s validated and stored).
"""

import argparse
import datetime
import io
import os
import time

from _setup import setup_django  # noqa: E402 - the bench folder is on sys.path when run


def build(rows: int, bad_every: int = 0, shared_strings: bool = False) -> bytes:
    import xlsxwriter

    from orientir.pupils.importer import COLUMNS, HEADER_ROW

    buf = io.BytesIO()
    # constant memory writes every text inline in its cell; Excel keeps them in the shared strings (one surname each)
    book = xlsxwriter.Workbook(buf, {"constant_memory": not shared_strings})
    sheet = book.add_worksheet("Обучающиеся")
    sheet.write_row(HEADER_ROW - 1, 0, [title for _, title in COLUMNS])
    for i in range(rows):
        grade = 8 + i % 4
        row = [f"Фамилия{i}", "Имя", "Отчество", f"{(i % 28) + 1:02d}.05.{2026 - grade - 6}", grade,
               "АБ"[i % 2], "", "", "Законный представитель", "01.09.2026", "Представитель", "+79101234567"]
        if bad_every and i % bad_every == 0:
            row[4] = 14  # a grade that does not exist
        sheet.write_row(HEADER_ROW + i, 0, row)
    book.close()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--before", help="a git revision whose pupil import is timed beside the working tree's")
    args = parser.parse_args()
    setup_django()
    from python_calamine import CalamineWorkbook

    from orientir.core.workbook import iter_rows
    from orientir.pupils import importer
    from orientir.pupils.models import Pupil

    from import_vs_import_export import _clear, _school

    school = _school("сейчас")
    good, bad = build(args.rows), build(args.rows, bad_every=1000)
    today = datetime.date(2026, 11, 26)

    t0 = time.perf_counter()
    CalamineWorkbook.from_filelike(io.BytesIO(good)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    list(iter_rows(good, importer.LIMITS))
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    reading, records = importer.check(good, today)
    t_validate = time.perf_counter() - t0 - t_read  # check reads the file again: the rest is parsing and rules
    assert reading.ok, reading.errors[:3]
    t0, c0 = time.perf_counter(), time.process_time()
    added = importer.import_pupils(actor=None, organisation=school, data=good, today=today).add
    t_whole, c_whole = time.perf_counter() - t0, time.process_time() - c0
    in_db = Pupil.objects.filter(organisation=school).count()
    _clear(school)  # on a kept PostgreSQL database the next import (and the next run) meets the tables as this one did
    if args.before:
        import _before

        old = _before.load(args.before)
        school2 = _school("до")
        t0, c0 = time.perf_counter(), time.process_time()
        old.import_pupils(actor=None, organisation=school2, data=good, today=today)
        t_old, c_old = time.perf_counter() - t0, time.process_time() - c0
        _clear(school2)
    t0 = time.perf_counter()
    try:
        importer.import_pupils(actor=None, organisation=school, data=bad, today=today)
    except importer.PupilImportErrors as exc:
        n_errors = len(exc.errors)
    t_bad = time.perf_counter() - t0

    page_seconds, page_bytes, page_errors = _bad_file_page(school, build(args.rows, bad_every=1))

    n = args.rows
    print(f"\nPupil import benchmark: {n:,} rows ({len(good) / 1e6:.1f} MB xlsx); stored {added:,}, "
          f"in the database {in_db:,}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'stage':<44}{'seconds':>9}{'rows/s':>12}")
    for label, t in (("bare calamine read (fastest reader)", t_bare), ("bounded read (workbook.iter_rows)", t_read),
                     ("parse and check every row (importer.check)", t_validate),
                     ("whole import: read+validate+store+consents", t_whole),
                     (f"bad file: every error listed ({n_errors:,}), nothing saved", t_bad)):
        print(f"{label:<44}{t:>9.2f}{n / t:>12,.0f}")
    print(f"{'upload page, every row bad (' + format(page_errors, ',') + ' errors)':<44}{page_seconds:>9.2f}"
          f"{n / page_seconds:>12,.0f}   page {page_bytes / 1024:,.0f} KB")
    if args.before:
        print(f"{'whole import as at ' + args.before:<44}{t_old:>9.2f}{n / t_old:>12,.0f}")
        print(f"\nnow / before: wall {t_whole / t_old:.2f}, CPU of this process {c_whole / c_old:.2f} "
              f"({c_whole:.2f} s / {c_old:.2f} s)")
    print(f"\nimporter read / bare read = {t_read / t_bare:.2f}× (target ≤ 2×); whole import "
          f"{n / t_whole:,.0f} rows/s (target ≥ 20,000 rows/s)")


def _bad_file_page(school, data: bytes) -> tuple[float, int, int]:
    """A file whose every row is wrong, sent through the import page as a school's coordinator would send it: the
    seconds until the page with its errors is back, the page's size, and the errors it counts (QUALITY.md: the first
    errors in seconds, the page under 1 MB)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from orientir.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-coordinator",
                                         defaults={"role": "coordinator", "organisation": school,
                                                   "municipality": school.municipality})
    from django.conf import settings

    from django.test.utils import setup_test_environment

    setup_test_environment()  # the response's context, to read the count of errors
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    t0 = time.perf_counter()
    response = client.post(reverse("pupils:pupil_import"), {"file": SimpleUploadedFile("bad.xlsx", data)})
    seconds = time.perf_counter() - t0
    assert response.status_code in (200, 422), response.status_code
    return seconds, len(response.content), response.context["errors_total"]


if __name__ == "__main__":
    main()
