"""The pupil import against django-import-export, on the same rows, side by side in one run.

Run: `DEBUG=1 .venv/bin/python bench/import_vs_import_export.py [--rows 20000] [--before REV] [--repeat N]` (each
contender in its own process on a throwaway SQLite, or on BENCH_DATABASE_URL, e.g. a PostgreSQL database). Needs `pip
install -r bench/requirements.txt` (django-import-export is a benchmark's opponent, not a dependency of the system).
`--ie tuned` or `--ie none` leaves out the slower configurations. `--before REV` adds the project's import as it
was at that git revision (bench/_before.py), so a change is measured beside what it replaced in the same run; `--repeat N` runs every contender N times, the rounds interleaved, and keeps
each one's fastest (on a shared machine the fastest round is the one least disturbed by the others).

Contenders, each reading the same pupils from an .xlsx and storing them in one transaction:
- «Ориентир»: `pupils.importer.import_pupils` — the engine's read and checks, then pupils, their consents and
  representatives (three rows per pupil) by COPY / executemany;
- django-import-export with its defaults: a `ModelResource` whose import id is the pupil's natural key (full name,
  birth date, school), so each row is looked up first — as an import that must not duplicate pupils has to be;
- the same with `use_bulk` and `skip_diff`;
- tuned: `use_bulk`, `skip_diff`, `force_init_instance` — no lookup at all (and so no protection from duplicates).
django-import-export stores pupils only: it does the lighter job. Printed per contender: seconds, rows/s, the
ratio to «Ориентир» and the peak RSS growth of its process. Never an assertion on time.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from _setup import setup_django  # noqa: E402 - the bench folder is on sys.path when run

CONTENDERS = {
    "orientir": "Ориентир (обучающиеся + согласия + представители)",
    "ie-default": "django-import-export, по умолчанию (поиск дубля по строке)",
    "ie-bulk": "django-import-export, use_bulk + skip_diff",
    "ie-tuned": "django-import-export, настроенный, без поиска дублей",
}
FIELDS = ["organisation", "last_name", "first_name", "middle_name", "birth_date", "grade", "class_letter"]


def build_files(rows: int, folder: str) -> tuple[str, str]:
    """The project's template with `rows` pupils, and the same rows under django-import-export's column names."""
    import xlsxwriter

    from pupil_import_bench import build

    ours = os.path.join(folder, "pupils.xlsx")
    with open(ours, "wb") as fh:
        fh.write(build(rows))
    theirs = os.path.join(folder, "pupils-ie.xlsx")
    book = xlsxwriter.Workbook(theirs, {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, FIELDS)
    for i in range(rows):
        grade = 8 + i % 4
        sheet.write_row(i + 1, 0, ["{school}", f"Фамилия{i}", "Имя", "Отчество",
                                   f"{(i % 28) + 1:02d}.05.{2026 - grade - 6}", grade, "АБ"[i % 2]])
    book.close()
    return ours, theirs


def _school(tag: str):
    from orientir.core.validators import make_inn10, make_ogrn
    from orientir.directory.models import Municipality, Organisation

    number = 100 + Municipality.objects.count()  # contenders run one after another, each with a school of its own
    mun = Municipality.objects.create(name=f"Бенчмарк {tag} {number}")
    return Organisation.objects.create(municipality=mun, short_name=f"Школа {tag}", full_name=f"Школа {tag}",
                                       kind="school", sector="education", inn=make_inn10(f"440000{number}"),
                                       ogrn=make_ogrn(f"102440000{number}"))


def _clear(school) -> None:
    """Delete what the contender stored (not timed): on a shared PostgreSQL database the next round finds the tables
    as this one did (on SQLite every contender has a database of its own)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # the tables were just filled by COPY and have no statistics yet: without them the planner joins the deletes
        # by nested loops over 20,000 × 20,000 rows
        cursor.execute("ANALYZE guidance_pupil, guidance_consent, guidance_representative")
        for table in ("guidance_representative", "guidance_consent"):
            cursor.execute(f"DELETE FROM {table} WHERE pupil_id IN "
                           "(SELECT id FROM guidance_pupil WHERE organisation_id = %s)", [school.pk])
        cursor.execute("DELETE FROM guidance_pupil WHERE organisation_id = %s", [school.pk])


def _resource(variant: str):
    from import_export import fields, resources, widgets

    from orientir.pupils.models import Pupil

    class PupilResource(resources.ModelResource):
        birth_date = fields.Field(attribute="birth_date", column_name="birth_date",
                                  widget=widgets.DateWidget(format="%d.%m.%Y"))

        class Meta:
            model = Pupil
            fields = FIELDS
            import_id_fields = ("organisation", "last_name", "first_name", "middle_name", "birth_date")
            use_bulk = variant != "ie-default"
            skip_diff = variant != "ie-default"
            force_init_instance = variant == "ie-tuned"
            batch_size = 2000

        def before_save_instance(self, instance, row, **kwargs):
            instance.refresh_derived()  # what Pupil.save does, and bulk_create does not

    return PupilResource()


def run_one(variant: str, ours: str, theirs: str) -> dict:
    import datetime

    from django.db import transaction

    from orientir.pupils import importer

    if variant == "orientir-before":
        import _before

        importer = _before.load(os.environ["BENCH_BEFORE"])
    school = _school(variant)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    if variant.startswith("orientir"):
        with open(ours, "rb") as fh:
            data = fh.read()
        done = importer.import_pupils(actor=None, organisation=school, data=data, today=datetime.date(2026, 11, 26))
        stored = done.add
    else:
        import tablib

        with open(theirs, "rb") as fh:
            dataset = tablib.Dataset().load(fh.read(), format="xlsx")
        del dataset["organisation"]  # the file's own school column, as the user's file would name it
        dataset.append_col([school.pk] * len(dataset), header="organisation")
        with transaction.atomic():
            result = _resource(variant).import_data(dataset, dry_run=False, raise_errors=True)
        stored = result.totals["new"]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
    _clear(school)
    return {"seconds": seconds, "cpu": cpu, "stored": stored, "rss_mb": grown / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--before", help="a git revision whose pupil import runs beside the working tree's")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--ie", choices=["all", "tuned", "none"], default="all",
                        help="which django-import-export configurations run (the defaults take minutes)")
    parser.add_argument("--only", choices=[*CONTENDERS, "orientir-before"], help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:  # a contender in its own process: its peak RSS is its own
        setup_django()
        print(json.dumps(run_one(args.only, *args.files)))
        return
    setup_django()  # the files are built from the project's template
    folder = tempfile.mkdtemp(prefix="orientir-ie-")
    ours, theirs = build_files(args.rows, folder)
    labels = dict(CONTENDERS)
    if args.ie != "all":
        labels = {k: v for k, v in labels.items() if k == "orientir" or (args.ie == "tuned" and k == "ie-tuned")}
    if args.before:
        labels = {"orientir-before": f"Ориентир до ({args.before})", **labels}
    env = {**os.environ, "BENCH_BEFORE": args.before or ""}
    results: dict = {}
    loads = []
    for _ in range(args.repeat):
        for variant in labels:
            out = subprocess.run([sys.executable, __file__, "--only", variant, "--files", ours, theirs],
                                 capture_output=True, text=True, check=True, env=env)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            best = results.setdefault(variant, r)
            best["seconds"], best["cpu"] = min(best["seconds"], r["seconds"]), min(best["cpu"], r["cpu"])
            best["rss_mb"] = max(best["rss_mb"], r["rss_mb"])
            loads.append(os.getloadavg()[0])
    database = os.environ.get("BENCH_DATABASE_URL", "sqlite").split(":", 1)[0]
    own, own_cpu = results["orientir"]["seconds"], results["orientir"]["cpu"]
    print(f"\nImport of {args.rows:,} pupils from .xlsx, database: {database}, fastest of {args.repeat}, load average "
          f"{min(loads):.1f}–{max(loads):.1f}")
    print(f"{'contender':<62}{'s':>7}{'rows/s':>9}{'× slower':>10}{'CPU s':>7}{'× CPU':>7}{'RSS +MB':>9}")
    for variant, label in labels.items():
        r = results[variant]
        print(f"{label:<62}{r['seconds']:>7.2f}{args.rows / r['seconds']:>9,.0f}{r['seconds'] / own:>10.2f}"
              f"{r['cpu']:>7.2f}{r['cpu'] / own_cpu:>7.2f}{r['rss_mb']:>9.0f}")
    print("CPU s: the process's own CPU time — on SQLite the database's work too (it runs in the process), on "
          "PostgreSQL only the client's; on a busy machine it varies less than the wall seconds.")


if __name__ == "__main__":
    main()
