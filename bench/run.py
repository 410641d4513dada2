#!/usr/bin/env python
"""Performance benchmarks of Ориентир: pages at 10 / 1,000 / 100,000 organisations and the XLSX export.

Run as `DEBUG=1 .venv/bin/python bench/run.py [--quick]` (or `make bench`); `--xlsx-only [--xlsx-rows N]`
runs just the XLSX export part (no database), `--skip-xlsx` everything else. The script builds its own
throwaway database (a temporary SQLite file, or a `test_…` database on the PostgreSQL server named by
BENCH_DATABASE_URL), migrates it, grows the data step by step and prints one plain-text table with the
sizes side by side. It never asserts on time: these machines are shared and noisy, the ratios matter.
"""

import argparse
import datetime
import decimal
import gc
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from printout import (TARGET_EXPORT_S, TARGET_P95_MS, XLSX_WRITERS, fmt_size, print_table,  # noqa: F401
                      report_export_view, report_pages, report_xlsx)
from world import World  # the bench folder is on sys.path when run

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))



# --- Django set-up ----------------------------------------------------------------------------------------

def setup_django(db_url: str) -> None:
    """Point the project's settings at the throwaway database and start Django."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = db_url
    # The test client talks to "testserver"; keep the bench from creating var/secret_key on a fresh checkout.
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Import every view module now: the run lasts minutes and must measure one snapshot of the code.
    from django.urls import get_resolver

    _ = get_resolver().url_patterns


# --- Memory measurement -----------------------------------------------------------------------------------

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def current_rss() -> int:
    """Resident set size now, in bytes (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except OSError:
        return peak_rss()


def peak_rss() -> int:
    """Peak resident set size of this process since start_peak(), in bytes."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the whole life of the process
    return usage if sys.platform == "darwin" else usage * 1024


def start_peak() -> int:
    """Reset the kernel's RSS high-water mark (Linux clear_refs 5) and return the RSS now, in bytes.

    Without the reset a transient peak of start-up would hide a smaller one of the measured work.
    """
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass
    return current_rss()


# --- XLSX writer benchmark (a child process, so that the peak RSS is its own) -----------------------------

def xlsx_rows(count: int):
    """Rows of a plausible 10-column report (numbers, names, dates, money, yes/no) without a database."""
    rng = random.Random(7)
    from orientir.core.demo import person

    names = [" ".join(person(rng)) for _ in range(200)]
    orgs = [f"МБОУ СОШ № {n}" for n in range(1, 60)] + [f"МБДОУ «Детский сад № {n}»" for n in range(1, 70)]
    specs = ["44.03.01 Педагогическое образование", "31.05.01 Лечебное дело", "09.03.02 Информационные системы",
             "44.02.02 Преподавание в начальных классах", "51.03.06 Библиотечно-информационная деятельность"]
    dates = [datetime.date(2007, 9, 1) + datetime.timedelta(days=d) for d in range(1500)]
    money = [decimal.Decimal(rng.randint(100_000, 9_000_000)) / 100 for _ in range(500)]
    phones = [f"+7 (4942) {rng.randint(30, 65)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}" for _ in range(300)]
    for i in range(1, count + 1):
        yield (i, names[i % len(names)], dates[i % len(dates)], orgs[i % len(orgs)], specs[i % len(specs)],
               money[i % len(money)], i % 3 == 0,
               i % 101, phones[i % len(phones)], f"user{i}@example.ru")


def write_xlsx_xlsxwriter(report, path) -> int:
    """The XlsxWriter version of write_xlsx that orientir.core.xlsx replaced: the same sheet, for comparison."""
    import xlsxwriter
    from django.utils import timezone

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "да" if value else "нет"
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        if isinstance(value, decimal.Decimal):
            return float(value)
        return value

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "remove_timezone": True})
    workbook.set_properties({"title": report.title, "company": "Ориентир"})
    sheet = workbook.add_worksheet("Данные")
    title_fmt = workbook.add_format({"bold": True, "font_size": 13})
    head_fmt = workbook.add_format(
        {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    formats = {
        "text": workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "date": workbook.add_format({"border": 1, "num_format": "dd.mm.yyyy", "valign": "top"}),
        "number": workbook.add_format({"border": 1, "num_format": "# ##0", "valign": "top"}),
        "money": workbook.add_format({"border": 1, "num_format": "# ##0.00", "valign": "top"}),
    }
    sheet.write(0, 0, report.title, title_fmt)
    sheet.write(1, 0, report.subtitle or f"Сформировано {timezone.localtime():%d.%m.%Y %H:%M}")
    header_row = 3
    for col, column in enumerate(report.columns):
        sheet.set_column(col, col, column.width)
        sheet.write(header_row, col, column.title, head_fmt)
    count = 0
    for count, row in enumerate(report.rows, start=1):
        for col, (column, value) in enumerate(zip(report.columns, row, strict=False)):
            value = cell(value)
            if isinstance(value, (datetime.date, datetime.datetime)):
                sheet.write_datetime(header_row + count, col, value, formats["date"])
            else:
                sheet.write(header_row + count, col, value, formats.get(column.kind, formats["text"]))
    sheet.freeze_panes(header_row + 1, 0)
    if report.columns:
        sheet.autofilter(header_row, 0, header_row + max(count, 1), len(report.columns) - 1)
    for offset, note in enumerate(report.notes, start=2):
        sheet.write(header_row + count + offset, 0, note)
    workbook.close()
    return count




def xlsx_child(rows: int, path: str, writer: str) -> None:
    """Entry point of the child process: write the report, print one JSON line."""
    from orientir.core.tables import Column, Report, write_xlsx

    if writer == "xlsxwriter":
        write_xlsx = write_xlsx_xlsxwriter

    columns = [Column("№", 8, "number"), Column("ФИО", 30), Column("Дата рождения", 12, "date"),
               Column("Организация", 28), Column("Направление подготовки", 40), Column("Сумма, руб.", 14, "money"),
               Column("Договор заключён", 10), Column("Баллы", 8, "number"), Column("Телефон", 18),
               Column("Эл. почта", 24)]
    report = Report(title="Бенчмарк выгрузки", columns=columns, rows=xlsx_rows(rows), filename="bench")
    base = start_peak()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    written = write_xlsx(report, path)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(json.dumps({"rows": written, "seconds": seconds, "cpu": cpu,
                      "rss_growth_mb": max(0, peak_rss() - base) / 2**20,
                      "file_mb": os.path.getsize(path) / 2**20}))


def run_xlsx_child(rows: int, workdir: str, db_url: str, writer: str = "write_xlsx") -> dict:
    path = os.path.join(workdir, f"bench-{writer}-{rows}.xlsx")
    env = {**os.environ, "BENCH_CHILD_DB": db_url}
    out = subprocess.run([sys.executable, __file__, "--xlsx-child", str(rows), path, writer], env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    os.unlink(path)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Page benchmark ---------------------------------------------------------------------------------------

def _url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def page_cases(world: "World") -> list[tuple[str, str, set[str]]]:
    """(label, url, users it applies to): the pages QUALITY.md holds to p95 ≤ 200 ms."""
    everyone = set(world.users)
    committee = {"committee (all)", "committee (city)"}
    org = world.detail_org
    lst = "/directory/organisations/"
    return [
        ("home /", "/", everyone),
        ("org list", lst, everyone),
        ("org list ?q=школа 1", _url(lst, q="школа 1"), everyone),
        ("org list ?q=<ИНН> (rare)", _url(lst, q=org.inn), everyone),
        ("org list ?kind=school&customer=yes", _url(lst, kind="school", customer="yes"), everyone),
        ("org list ?sort=kind", _url(lst, sort="kind"), committee),
        ("org list last page", _url(lst, page="999999"), committee),
        ("org detail", f"/directory/organisations/{org.pk}/", everyone),
        ("customers registry", "/directory/customers/", committee),
    ]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def measure_page(client, url: str, requests: int, budget_s: float) -> dict:
    """Count the queries of one request, then time `requests` requests (fewer if the budget runs out)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)
    status = response.status_code
    client.get(url)  # warm-up: template and query caches
    gc.collect()
    times, cpu = [], []
    started = time.perf_counter()
    for i in range(requests):
        c0, t0 = time.process_time(), time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if i >= 9 and time.perf_counter() - started > budget_s:
            break
    return {"status": status, "queries": queries, "n": len(times), "median": statistics.median(times),
            "p95": percentile(times, 95), "cpu": statistics.median(cpu)}


def export_child(username: str, db_name: str) -> None:
    """Entry point of the child process: download the organisations export as `username`, print one JSON line."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from orientir.accounts.models import User

    settings.DATABASES["default"]["NAME"] = db_name  # the test_… database the parent created on PostgreSQL
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/")  # warm up URL resolving, templates and the connection, as a running server has them
    base = start_peak()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/directory/organisations/export/")
        size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
        response.close()
    seconds = time.perf_counter() - t0
    print(json.dumps({"status": response.status_code, "seconds": seconds, "cpu": time.process_time() - cpu0,
                      "bytes": size, "queries": len(ctx.captured_queries),
                      "rss_growth_mb": max(0, peak_rss() - base) / 2**20}))


def run_export_child(username: str, db_url: str, db_name: str) -> dict:
    env = {**os.environ, "BENCH_CHILD_DB": db_url}
    out = subprocess.run([sys.executable, __file__, "--export-child", username, db_name], env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Report -----------------------------------------------------------------------------------------------

def progress(text: str) -> None:
    """What the run is doing now, on stderr: stdout keeps only the tables."""
    print(f"  … {text}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 and 1,000 organisations; 200,000-row XLSX")
    parser.add_argument("--sizes", help="comma-separated organisation counts, e.g. 10,1000,100000")
    parser.add_argument("--requests", type=int, help="timed requests per page (default 30, quick 15)")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds at most per page series (≥10 requests)")
    parser.add_argument("--xlsx-rows", type=int, help="rows of the big XLSX run (default 1,000,000, quick 200,000)")
    parser.add_argument("--skip-xlsx", action="store_true", help="skip the write_xlsx runs")
    parser.add_argument("--xlsx-only", action="store_true", help="only the write_xlsx runs, no database")
    parser.add_argument("--keep-db", action="store_true", help="leave the SQLite file behind and print its path")
    parser.add_argument("--xlsx-child", nargs=3, metavar=("ROWS", "PATH", "WRITER"), help=argparse.SUPPRESS)
    parser.add_argument("--export-child", nargs=2, metavar=("USERNAME", "DBNAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.xlsx_child or args.export_child:
        setup_django(os.environ.get("BENCH_CHILD_DB", "sqlite:////tmp/orientir-bench-unused.sqlite3"))
        if args.xlsx_child:
            xlsx_child(int(args.xlsx_child[0]), args.xlsx_child[1], args.xlsx_child[2])
        else:
            export_child(*args.export_child)
        return

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([10, 1000] if args.quick else
                                                                        [10, 1000, 100_000])
    requests = args.requests or (15 if args.quick else 30)
    big_rows = args.xlsx_rows or (200_000 if args.quick else 1_000_000)
    if args.xlsx_only:
        print(f"Ориентир benchmark — XLSX export only: Python {platform.python_version()}, CPUs {os.cpu_count()}, "
              f"load average {os.getloadavg()[0]:.1f}\n")
        workdir = tempfile.mkdtemp(prefix="orientir-bench-")
        try:
            report_xlsx(run_xlsx(big_rows, workdir, "sqlite:////tmp/orientir-bench-unused.sqlite3"))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return

    workdir = tempfile.mkdtemp(prefix="orientir-bench-")
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    db_url = pg_url or f"sqlite:///{workdir}/bench.sqlite3"
    setup_django(db_url)

    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    old_name = None
    started = time.perf_counter()
    if pg_url:
        # A fresh test_<name> database on the given server, dropped at the end.
        old_name = settings.DATABASES["default"]["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    db_name = settings.DATABASES["default"]["NAME"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            vendor = f"PostgreSQL {cur.fetchone()[0]}"
    else:
        vendor = f"{connection.vendor} {getattr(connection.Database, 'sqlite_version', '')}".strip()

    print("Ориентир benchmark — pages and XLSX export")
    print(f"  database: {vendor} ({db_name}), Django {django.get_version()}, Python {platform.python_version()}, "
          f"DEBUG={settings.DEBUG}, CPUs {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}, "
          f"{'quick' if args.quick else 'full'} run")
    print(f"  sizes: {', '.join(fmt_size(s) for s in sizes)} organisations; up to {requests} timed requests per page "
          f"(a series stops after {args.budget:g} s once it has 10)")
    print()

    try:
        if not args.skip_xlsx:
            report_xlsx(run_xlsx(big_rows, workdir, db_url))

        world = World()
        results: dict[tuple[str, str], dict[int, dict]] = {}
        exports: dict[int, dict] = {}
        build_times = []
        cases = []
        for size in sizes:
            progress(f"building {fmt_size(size)} organisations")
            t0 = time.perf_counter()
            world.grow_to(size)
            with connection.cursor() as cur:
                cur.execute("ANALYZE")  # fresh planner statistics, as autovacuum / a nightly job would give
            build_times.append((size, time.perf_counter() - t0))
            clients = {}
            for name, user in world.users.items():
                client = Client()
                client.force_login(user)
                clients[name] = client
            cases = page_cases(world)
            progress(f"measuring pages at {fmt_size(size)}")
            for label, url, who in cases:
                for name, client in clients.items():
                    if name in who:
                        results.setdefault((label, name), {})[size] = measure_page(client, url, requests, args.budget)
            progress(f"export view at {fmt_size(size)}")
            connection.close()  # the child process writes an audit entry: no open transaction here
            exports[size] = run_export_child(world.users["committee (all)"].username, db_url, db_name)
        report_pages(sizes, cases, world, results, requests, connection.vendor)
        report_export_view(sizes, exports, build_times)
        print(f"   whole run: {time.perf_counter() - started:.0f} s")
    finally:
        connection.close()
        if pg_url and old_name:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if args.keep_db and not pg_url:
            print(f"   database kept: {workdir}/bench.sqlite3")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run_xlsx(big_rows: int, workdir: str, db_url: str) -> list:
    """Both writers on the same rows, a small and a big run each; the writers alternate to share the noise."""
    results = []
    for rows in (max(1000, big_rows // 20), big_rows):
        for writer in XLSX_WRITERS:
            progress(f"{writer} {fmt_size(rows)} rows")
            results.append((writer, rows, run_xlsx_child(rows, workdir, db_url, writer)))
    return results


if __name__ == "__main__":
    main()
