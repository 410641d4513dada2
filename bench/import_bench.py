"""Staffing import benchmark: 100,000 return rows read, validated and stored, against a bare read of the file.

Run: `DEBUG=1 .venv/bin/python bench/import_bench.py [--rows N]` (a throwaway SQLite database in /tmp,
or BENCH_DATABASE_URL). Prints rows/s of each stage and the ratio of the whole import to the time
openpyxl needs just to read the same file (QUALITY.md: XLSX input within 2× of the reader alone).
"""

import argparse
import dataclasses
import io
import time

from _setup import setup_django  # noqa: E402 - the bench folder is on sys.path when run


def build_file(rows: int) -> bytes:
    """A template-shaped workbook with `rows` data rows (positions cycle through the catalogue)."""
    import xlsxwriter

    from orientir.directory.models import Position
    from orientir.staffing.excel import CODE_ROW, FIRST_DATA_ROW
    from orientir.staffing.models import LINE_NUMBER_FIELDS

    names = list(Position.objects.values_list("name", flat=True))
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    sheet = book.add_worksheet("Сведения")
    sheet.write_row(CODE_ROW - 1, 0, ["position"] + LINE_NUMBER_FIELDS)
    values = {"staff_units": 4, "filled_main": 3, "filled_internal": 0.5, "age_30_34": 2, "age_55_59": 1,
              "age_65p": 1, "pension_age": 1, "edu_higher_ped": 3, "edu_voc_ped": 1, "left_last_year": 1,
              "hired_last_year": 1}
    row_values = [values.get(code, 0) for code in LINE_NUMBER_FIELDS]
    for i in range(rows):
        sheet.write_row(FIRST_DATA_ROW - 1 + i, 0, [names[i % len(names)]] + row_values)
    book.close()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    setup_django()
    import openpyxl

    from orientir.directory.models import Municipality, Organisation, Position
    from orientir.core.validators import make_inn10, make_ogrn
    from orientir.core.imports import engine
    from orientir.staffing.excel import LIMITS, TABLE
    from orientir.staffing.models import ReturnLine, StaffingCampaign, StaffingReturn
    from orientir.staffing.validation import parse_line

    data = build_file(args.rows)
    positions = {p.name: p for p in Position.objects.all()}
    per_org = len(positions)

    t0 = time.perf_counter()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    t_openpyxl = time.perf_counter() - t0

    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    bare = len(CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False))
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    table = dataclasses.replace(TABLE, limits=dataclasses.replace(LIMITS, file_bytes=len(data) + 1,
                                                                  data_rows=args.rows))
    rows = [(row.number, row.values["position"], row.values) for row in engine.read(data, table).rows]
    t_parse = time.perf_counter() - t0

    t0 = time.perf_counter()
    parsed, errors = [], 0
    for _, name, raw in rows:
        values, line_errors = parse_line(raw)
        errors += len(line_errors)
        parsed.append((positions[name], values))
    t_validate = time.perf_counter() - t0

    # Storage: the rows go to as many organisations' returns as the catalogue size requires (one line
    # per position and return), with the same bulk insert the import uses.
    mun = Municipality.objects.create(name="Бенчмарк")
    campaign = StaffingCampaign.objects.create(municipality=mun, year=2027, deadline="2027-07-14")
    n_orgs = (len(parsed) + per_org - 1) // per_org
    orgs = []
    for i in range(n_orgs):
        org = Organisation(municipality=mun, short_name=f"Орг {i}", full_name=f"Орг {i}", kind="school",
                           sector="education", inn=make_inn10(f"77{i:07d}"), ogrn=make_ogrn(f"10277{i:07d}"))
        org.refresh_derived()
        orgs.append(org)
    Organisation.objects.bulk_create(orgs, batch_size=5000)
    StaffingReturn.objects.bulk_create([StaffingReturn(campaign=campaign, organisation=o) for o in orgs],
                                       batch_size=5000)
    returns = list(StaffingReturn.objects.filter(campaign=campaign).order_by("organisation_id"))
    t0 = time.perf_counter()
    ReturnLine.objects.bulk_create([ReturnLine(ret=returns[i // per_org], position=p, **values)
                                    for i, (p, values) in enumerate(parsed)], batch_size=5000)
    t_store = time.perf_counter() - t0

    total = t_parse + t_validate + t_store
    n = len(parsed)
    print(f"\nStaffing import benchmark: {n:,} rows ({len(data) / 1e6:.1f} MB xlsx), validation errors: {errors}")
    print(f"{'stage':<34}{'seconds':>10}{'rows/s':>14}")
    for label, t in (("bare openpyxl read (for reference)", t_openpyxl),
                     ("bare calamine read (fastest reader)", t_read), ("read template (engine.read)", t_parse),
                     ("validate every row (parse_line)", t_validate), ("store (bulk insert)", t_store),
                     ("whole import: read+validate+store", total)):
        print(f"{label:<34}{t:>10.2f}{n / t:>14,.0f}")
    print(f"\nread template / bare fastest read = {t_parse / t_read:.2f}× (target ≤ 2×); "
          f"whole import / bare read = {total / t_read:.2f}×; "
          f"validated and stored: {n / (t_validate + t_store):,.0f} rows/s (target ≥ 20,000); rows read {bare:,}")


if __name__ == "__main__":
    main()
