"""Fuzzing the bounded workbook reader; run as a child process under a memory limit by test_workbook_fuzz.py.

`FUZZ_EXAMPLES=N python -m orientir.core.tests.fuzz_workbook --memory-mb M` sets RLIMIT_AS first, so an allocation
a crafted file provokes in calamine aborts this process (and so fails the test) instead of eating the machine.
Three properties, each over generated workbooks:

- sheets of cells at random addresses, spelt in every way calamine accepts: the reader either refuses the file
  or returns no more rows and columns than the limits allow;
- the same cells kept inside the limits and written as Excel writes them: the reader returns exactly what a bare
  calamine read returns (no false refusals, no lost or moved values);
- real workbooks with random bytes flipped, cut or inserted: a refusal or a bounded read, never a crash.
"""

import argparse
import io
import os
import random
import resource
import sys
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientir.core.tests.hostile_workbooks import as_read, sheet, written_by_excel_library, xlsx
from orientir.core.workbook import Limits, WorkbookRefused, column_name, iter_rows

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
LIMITS = Limits(columns=12, data_rows=40, header_rows=3, file_bytes=2 * 1024 * 1024,
                unpacked_bytes=16 * 1024 * 1024, entries=50, shared_strings=10_000)

# Addresses near the limits, and far beyond them (up to and past Excel's own last cell).
columns = st.one_of(st.integers(1, 14), st.integers(1, 16384), st.integers(16385, 10**6))
rows = st.one_of(st.integers(1, 45), st.integers(1, 1_048_576), st.integers(1_048_577, 10**12))
values = st.one_of(st.integers(-10**6, 10**6), st.text("абвгдеёжАБВabc 0123<>&\"'", max_size=12))
spellings = st.sampled_from(["plain", "lower", "no_r", "prefixed", "r_last", "single_quotes", "comment_before",
                             "blank", "self_closed"])


def _cell(column: int, row: int, value, spelling: str) -> bytes:
    ref = f"{column_name(column)}{row}".encode()
    if spelling == "lower":
        ref = ref.lower()
    if isinstance(value, int):
        body, kind = b"<v>%d</v>" % value, b""
    else:
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
        body, kind = b"<is><t>" + text + b"</t></is>", b' t="inlineStr"'
    if spelling == "no_r":
        return b"<c" + kind + b">" + body + b"</c>"
    if spelling == "prefixed":
        return b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="' + ref + b'"' + kind \
            + b">" + body.replace(b"<", b"<x:").replace(b"<x:/", b"</x:") + b"</x:c>"
    if spelling == "r_last":
        return b'<c s="0"' + kind + b' r="' + ref + b'">' + body + b"</c>"
    if spelling == "single_quotes":
        return b"<c r='" + ref + b"'" + kind.replace(b'"', b"'") + b">" + body + b"</c>"
    if spelling == "comment_before":
        return b"<!-- <c r=\"A1\"> -->" + b'<c r="' + ref + b'"' + kind + b">" + body + b"</c>"
    if spelling == "blank":
        return b'<c r="' + ref + b'" s="1"></c>'
    if spelling == "self_closed":
        return b'<c r="' + ref + b'" s="1"/>'
    return b'<c r="' + ref + b'"' + kind + b">" + body + b"</c>"


def _check_bounded(data: bytes) -> None:
    try:
        read = list(iter_rows(data, LIMITS))
    except WorkbookRefused as refused:
        assert refused.message and "\n" not in refused.message
        return
    assert len(read) <= LIMITS.last_row, len(read)
    assert all(len(row) <= LIMITS.columns for row in read), max(len(row) for row in read)


@FUZZ
@given(st.lists(st.tuples(columns, rows, values, spellings), max_size=25), st.booleans())
def crafted_cells_are_refused_or_bounded(cells, row_tags):
    if row_tags:  # one <row> per cell, with its number when the cell has one
        body = b"".join(b'<row r="%d">' % min(r, 10**12) + _cell(c, r, v, s) + b"</row>" for c, r, v, s in cells)
    else:
        body = b"<row>" + b"".join(_cell(c, r, v, s) for c, r, v, s in cells) + b"</row>"
    _check_bounded(xlsx(sheet(body)))


@FUZZ
@given(st.dictionaries(st.tuples(st.integers(0, LIMITS.last_row - 1), st.integers(0, LIMITS.columns - 1)),
                       st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False),
                                 st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s),
                                 st.booleans()), max_size=60))
def cells_inside_the_limits_read_as_calamine_reads_them(cells):
    from python_calamine import CalamineWorkbook

    data = written_by_excel_library(cells)
    expected = as_read([[None if v == "" else v for v in row] for row in
                        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(
                            skip_empty_area=False)])
    assert as_read(list(iter_rows(data, LIMITS))) == expected


def _seed_book() -> bytes:
    cells = {(r, c): (f"Строка {r}" if c % 2 else r * c) for r in range(30) for c in range(8)}
    return written_by_excel_library(cells)


SEED = _seed_book()


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "sheet_xml"]), st.integers(0, 10**9),
                          st.binary(min_size=1, max_size=40)), min_size=1, max_size=4))
def damaged_real_workbooks_are_refused_or_bounded(edits):
    data = bytearray(SEED)
    for kind, where, junk in edits:
        at = where % max(len(data), 1)
        if kind == "flip":
            data[at] ^= junk[0] or 1
        elif kind == "cut":
            del data[at:at + len(junk) * 10]
        elif kind == "insert":
            data[at:at] = junk
        else:  # the sheet's XML itself damaged, inside a well-formed zip
            data = bytearray(_with_damaged_sheet(bytes(data), at, junk))
    _check_bounded(bytes(data))


def _with_damaged_sheet(data: bytes, at: int, junk: bytes) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: source.read(info) for info in source.infolist()}
    except Exception:
        return data
    name = "xl/worksheets/sheet1.xml"
    if name in parts:
        xml = parts[name]
        cut = at % max(len(xml), 1)
        parts[name] = xml[:cut] + random.Random(at).choice([junk, b"<", b"</row>", b"<c>", b"<!--", b"]]>"]) + xml[cut:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for part, content in parts.items():
            book.writestr(part, content)
    return out.getvalue()


PROPERTIES = [crafted_cells_are_refused_or_bounded, cells_inside_the_limits_read_as_calamine_reads_them,
              damaged_real_workbooks_are_refused_or_bounded]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory-mb", type=int, default=1536)
    args = parser.parse_args()
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    for prop in PROPERTIES:
        prop()
        print(f"{prop.__name__}: {FUZZ.max_examples} examples passed", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
