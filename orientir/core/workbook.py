"""Bounded reading of an uploaded .xlsx: sizes, parts and the filled cells' extent are checked before calamine runs.

calamine builds a dense rows × columns grid of the used range, so two filled cells, A1 and XFD1048576, in a 1.5 KB
file ask for 512 GB and kill the worker. Everything a file can make us spend is therefore bounded first, from
what the zip and the sheet XML say and contain: the upload's size, the number of zip entries and their unpacked
size (entries are read through zipfile, which stops at the declared size, so a lying header gets no further),
the real position of every cell that carries a value, the number of shared strings. The declared `<dimension>` is
not checked: calamine sizes its grid by the filled cells, and Excel files with styled blank rows down to 1048576
declare such ranges honestly.
Only a copy rebuilt from exactly the bytes that were checked reaches calamine, so calamine and the check can never
disagree about what is in the zip. A book whose cells are written the usual way is not copied at all: it is streamed
row by row from the very entries that were checked (orientir.core.workbook_stream, record 76), and calamine reads
only the rest. Any refusal is a WorkbookRefused with a Russian message; nothing is written.

The cell scan has two paths. The fast one (regular expressions over bytes, C speed) covers the way Excel,
LibreOffice, openpyxl and XlsxWriter write cells: `<c r="B7" ...>` with the address first. Any other spelling in a
part — cells without an address, namespace prefixes, comments, odd quoting — sends that part to the exact path,
which follows calamine's own rules (a cell without `r` sits after the previous one; `</row>` starts a new row) and
always errs towards a larger extent; it costs Python time per tag, so it has a tag budget of its own.
"""

import contextlib
import dataclasses
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

# The limits and refusals live in workbook_limits and the cell scan in workbook_scan; the importers name them here.
from . import workbook_stream
from .workbook_limits import (CHUNK, DAMAGED, ERRORS_SHOWN, MB, NOT_XLSX, OLE, REFUSAL_TAIL,  # noqa: F401
                              UNREADABLE, ErrorList, Limits, WorkbookRefused, _number, column_name, column_number)
from .workbook_scan import _ExactScan, _FastScan, _Outside, _outside_message, _sheet_names


def read_upload(upload, limits: Limits) -> bytes:
    """An uploaded file's bytes, refused by its size before a byte of it is read into memory; a file named *.csv
    comes back as the workbook of its cells (orientir.core.csvfile), so every import reads it the same way."""
    if upload.size is None or upload.size > limits.file_bytes:
        raise _too_big_file(limits)
    data = upload.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        raise _too_big_file(limits)
    from . import csvfile  # it writes workbooks with this module's limits

    if csvfile.is_csv(getattr(upload, "name", "")):
        return csvfile.as_xlsx(data, limits)
    return data


def _too_big_file(limits: Limits) -> WorkbookRefused:
    return WorkbookRefused(f"Файл больше {limits.file_bytes // MB} МБ: заполненный шаблон столько не занимает. "
                           "Проверьте, тот ли файл выбран.")


def iter_rows(data: bytes, limits: Limits, *, sheet: str | None = None) -> Iterator[list]:
    """Check the upload, then return its rows one by one: the n-th list is row n, column A first, "" read as None.

    Reads the sheet named `sheet` when the book has one, else the first. Every check of the file runs before this
    returns, so a refusal of its size, zip or cells is raised here; a sheet whose XML breaks off half-way is found as
    it is read and refused from the loop (WorkbookRefused too). A book written the usual way is streamed
    (orientir.core.workbook_stream: memory flat in the rows, the first row at once); any other goes to calamine."""
    book = plain_book(data, limits, sheet)
    if book is not None:
        return workbook_stream.rows(book, limits)
    return _calamine_rows(checked_copy(data, limits), limits, sheet)  # checked again, while copied: a rare book


def calamine_rows(data: bytes, limits: Limits, *, sheet: str | None = None) -> Iterator[list]:
    """iter_rows through calamine whatever the book: the reference the streamed rows are held to."""
    return _calamine_rows(checked_copy(data, limits), limits, sheet)


def _calamine_rows(packed: bytes, limits: Limits, sheet: str | None) -> Iterator[list]:
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(packed))
        names = book.sheet_names
        if not names:
            raise WorkbookRefused(UNREADABLE)
        grid = book.get_sheet_by_name(sheet if sheet in names else names[0])
        start = grid.start
        rows = grid.iter_rows() if start is not None else iter(())
    except WorkbookRefused:
        raise
    except Exception as exc:  # calamine refused the file: the user's to fix, not a server error
        raise WorkbookRefused(UNREADABLE) from exc
    except BaseException as exc:  # pyo3 turns a Rust panic into PanicException, which is a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise WorkbookRefused(UNREADABLE) from exc
    return _rows(rows, start[1] if start else 0, limits)


def _rows(rows, left: int, limits: Limits) -> Iterator[list]:
    # iter_rows yields the empty rows above the used range but starts each row at its first used column
    pad = [None] * left
    try:
        for number, row in enumerate(rows, start=1):
            if number > limits.last_row:  # the scan forbids this; a guard in case calamine ever reads differently
                raise WorkbookRefused(f"В файле больше строк, чем допускает шаблон: {limits.shape()}.")
            values = [None if v == "" else v for v in row]
            yield pad + values if left else values
    except WorkbookRefused:
        raise
    except Exception as exc:
        raise WorkbookRefused(UNREADABLE) from exc


# --- The zip ----------------------------------------------------------------------------------------------------------

# what zipfile raises on a damaged or crafted archive (NotImplementedError: a "zip version 8.4" header; RuntimeError:
# an encrypted entry; LargeZipFile: a zip64 size it refuses)
_ZIP_DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
               ValueError, struct.error, OSError)


def checked_copy(data: bytes, limits: Limits) -> bytes:
    """The workbook rebuilt from its checked entries, or WorkbookRefused; nothing of `data` is trusted before."""
    return _checked(data, limits, copy=True).packed


def plain_book(data: bytes, limits: Limits, sheet: str | None = None) -> workbook_stream.PlainBook | None:
    """The checked book ready to be streamed, or None when it is to go to calamine (see iter_rows)."""
    checked = _checked(data, limits, copy=False)
    try:
        return workbook_stream.plain_book(checked.source, checked.parts, checked.odd, sheet)
    except _ZIP_DAMAGE as exc:
        raise WorkbookRefused(DAMAGED) from exc


@dataclasses.dataclass(frozen=True)
class _Checked:
    source: zipfile.ZipFile  # the upload's zip: its XML parts are what was checked
    packed: bytes | None  # the copy rebuilt from those parts, when asked for (calamine reads only that)
    parts: frozenset[str]  # the XML parts, every one checked; nothing else of the zip is ever read
    odd: frozenset[str]  # parts whose cells are not written the usual way (the fast scan sent them to the exact one)


def _checked(data: bytes, limits: Limits, *, copy: bool) -> _Checked:
    """Every check of the upload. The streamed reader reads the very entries that were checked, through the same
    zipfile object, so it needs no copy; calamine opens the bytes itself, so it gets only the rebuilt copy."""
    if len(data) > limits.file_bytes:
        raise _too_big_file(limits)
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookRefused(OLE if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") else NOT_XLSX)
    # the central directory is parsed in Python: count its records before asking zipfile to build them all
    if data.count(b"PK\x01\x02") > limits.entries:
        raise _too_many_entries(limits)
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        infos = source.infolist()
    except _ZIP_DAMAGE as exc:
        raise WorkbookRefused(DAMAGED) from exc
    parts = _check_entries(infos, limits)
    out = io.BytesIO()
    odd = set()
    budget = _Budget(limits)
    info = None
    try:
        # only XML parts are copied (and so scanned): calamine reads nothing else of an xlsx, and a picture or a
        # printer setting left out cannot be read as a sheet by mistake
        with (zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) if copy
              else contextlib.nullcontext()) as packed:
            for info in parts:
                scan = _FastScan(limits, shared_strings=info.filename.lower().endswith("sharedstrings.xml"))
                with source.open(info) as entry, (packed.open(info.filename, "w") if copy
                                                  else contextlib.nullcontext()) as target:
                    for chunk in _read(entry, info, budget):
                        scan.feed(chunk)
                        if copy:
                            target.write(chunk)
                scan.finish()
                budget.shared_strings += scan.shared_strings
                if budget.shared_strings > limits.shared_strings:
                    raise WorkbookRefused(f"В книге больше {_number(limits.shared_strings)} разных текстов: "
                                          "заполненный шаблон столько не содержит.")
                if scan.exact_needed:
                    odd.add(info.filename)
                    exact = _ExactScan(limits)
                    with source.open(info) as entry:
                        for chunk in _read(entry, info, _Budget(limits)):
                            exact.feed(chunk)
                    exact.finish()
    except _Outside as outside:
        sheet = _sheet_names(source).get(info.filename) if info else None
        raise WorkbookRefused(_outside_message(outside, sheet, limits)) from None
    except WorkbookRefused:
        raise
    except _ZIP_DAMAGE as exc:
        raise WorkbookRefused(DAMAGED) from exc
    return _Checked(source, out.getvalue() if copy else None, frozenset(i.filename for i in parts), frozenset(odd))


def _too_many_entries(limits: Limits) -> WorkbookRefused:
    return WorkbookRefused(f"В архиве книги больше {limits.entries} частей: заполненный шаблон так не устроен. "
                           + REFUSAL_TAIL)


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> list[zipfile.ZipInfo]:
    """The XML parts to read, once the entries as a whole are an xlsx within the limits."""
    if len(infos) > limits.entries:
        raise _too_many_entries(limits)
    names = [info.filename.lower() for info in infos]
    if len(set(names)) != len(names):
        raise WorkbookRefused(DAMAGED)
    if "content.xml" in names or "mimetype" in names:
        raise WorkbookRefused("Это таблица OpenDocument (.ods), а нужна книга Excel (.xlsx). " + REFUSAL_TAIL)
    if "xl/workbook.bin" in names:
        raise WorkbookRefused("Двоичная книга Excel (.xlsb) не поддерживается. " + REFUSAL_TAIL)
    if "xl/workbook.xml" not in names:
        raise WorkbookRefused(NOT_XLSX)
    parts = [info for info in infos if not info.is_dir() and info.filename.lower().endswith((".xml", ".rels"))]
    for info in parts:
        if info.flag_bits & 0x1:
            raise WorkbookRefused("Файл защищён паролем. Снимите пароль и сохраните его как «Книга Excel (.xlsx)».")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookRefused("Файл сжат способом, которого Excel не использует. " + REFUSAL_TAIL)
    if sum(info.file_size for info in parts) > limits.unpacked_bytes:
        raise _too_big_unpacked(limits)
    return parts


def _too_big_unpacked(limits: Limits) -> WorkbookRefused:
    return WorkbookRefused(f"Книга в распакованном виде больше {limits.unpacked_bytes // MB} МБ: заполненный шаблон "
                           "столько не занимает. Проверьте, тот ли файл выбран.")


@dataclasses.dataclass
class _Budget:
    limits: Limits
    unpacked: int = 0
    shared_strings: int = 0


def _read(entry, info: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """The entry's bytes in chunks; never more than it declares, never more than the budget has left."""
    size = 0
    while chunk := entry.read(CHUNK):
        size += len(chunk)
        budget.unpacked += len(chunk)
        if size > info.file_size:  # zipfile already stops at the declared size: this only guards that promise
            raise WorkbookRefused(DAMAGED)
        if budget.unpacked > budget.limits.unpacked_bytes:
            raise _too_big_unpacked(budget.limits)
        yield chunk
