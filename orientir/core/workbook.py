"""Bounded reading of an uploaded .xlsx: sizes, parts and the filled cells' extent are checked before calamine runs.

calamine builds a dense rows × columns grid of the used range, so two filled cells, A1 and XFD1048576, in a 1.5 KB
file ask for 512 GB and kill the worker. Everything a file can make us spend is therefore bounded first, from
what the zip and the sheet XML say and contain: the upload's size, the number of zip entries and their unpacked
size (entries are read through zipfile, which stops at the declared size, so a lying header gets no further),
the real position of every cell that carries a value, the number of shared strings. The declared `<dimension>` is
not checked: calamine sizes its grid by the filled cells, and Excel files with styled blank rows down to 1048576
declare such ranges honestly.
Only a copy rebuilt from exactly the bytes that were checked reaches calamine, so calamine and the check can never
disagree about what is in the zip. Any refusal is a WorkbookRefused with a Russian message; nothing is written.

The cell scan has two paths. The fast one (regular expressions over bytes, C speed) covers the way Excel,
LibreOffice, openpyxl and XlsxWriter write cells: `<c r="B7" ...>` with the address first. Any other spelling in a
part — cells without an address, namespace prefixes, comments, odd quoting — sends that part to the exact path,
which follows calamine's own rules (a cell without `r` sits after the previous one; `</row>` starts a new row) and
always errs towards a larger extent; it costs Python time per tag, so it has a tag budget of its own.
"""

import dataclasses
import functools
import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from orientir.core.errors import DomainError
from orientir.core.text import plural

MB = 1024 * 1024
ERRORS_SHOWN = 200  # an import lists at most this many errors and says how many there are in all
CHUNK = 1 * MB  # unpacked bytes scanned at a time
MAX_TOKEN = 1 * MB  # a single tag (or comment) longer than this is no spreadsheet's
VALUE_WINDOW = 64  # bytes after a cell tag that must be at hand to tell an empty cell from a filled one

REFUSAL_TAIL = "Сохраните файл заново в Excel или LibreOffice в формате «Книга Excel (.xlsx)» и загрузите снова."
NOT_XLSX = "Файл не является книгой Excel (.xlsx). Скачайте шаблон, заполните его и сохраните в формате .xlsx."
OLE = ("Файл в старом формате Excel (.xls) или защищён паролем. Откройте его в Excel или LibreOffice, снимите пароль "
       "и сохраните как «Книга Excel (.xlsx)».")
DAMAGED = "Файл повреждён и не читается как книга Excel (.xlsx). " + REFUSAL_TAIL
UNREADABLE = "Файл не читается как книга Excel (.xlsx). " + REFUSAL_TAIL


class WorkbookRefused(DomainError):
    """The upload is not a workbook the importer will read: the message says why, in Russian."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one importer accepts: its template's columns and rows, and what the file may cost to unpack."""

    columns: int  # columns A.. of the template; a filled cell further right is refused
    data_rows: int  # rows of data under the header
    header_rows: int  # rows above the data (title, hints, column names, codes)
    file_bytes: int = 5 * MB
    unpacked_bytes: int = 128 * MB  # every entry together, as unpacked
    entries: int = 500
    shared_strings: int = 1_000_000

    @property
    def last_row(self) -> int:
        return self.header_rows + self.data_rows

    def shape(self) -> str:
        return (f"шаблон допускает не больше {self.columns} {plural(self.columns, ('столбца', 'столбцов', 'столбцов'))} "
                f"(A–{column_name(self.columns)}) и {_number(self.data_rows)} "
                f"{plural(self.data_rows, ('строки', 'строк', 'строк'))} с данными "
                f"(до строки {_number(self.last_row)})")


class ErrorList(list):
    """An import's errors: keeps the first ERRORS_SHOWN in order and counts every one (`total`)."""

    def __init__(self, shown: int = ERRORS_SHOWN):
        super().__init__()
        self.shown = shown
        self.total = 0

    def append(self, item) -> None:
        self.total += 1
        if len(self) < self.shown:
            super().append(item)

    def extend(self, items) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items):
        self.extend(items)
        return self


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


def column_name(number: int) -> str:
    """1 → A, 12 → L, 30 → AD."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


@functools.lru_cache(maxsize=4096)
def column_number(letters: bytes) -> int:
    """b"AD" → 30; either case, as calamine reads it."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def iter_rows(data: bytes, limits: Limits, *, sheet: str | None = None) -> Iterator[list]:
    """Check the upload, then return its rows one by one: the n-th list is row n, column A first, "" read as None.

    Reads the sheet named `sheet` when the book has one, else the first. Every check runs before this returns,
    so a refusal is raised here and not in the middle of the caller's loop."""
    packed = checked_copy(data, limits)
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
    budget = _Budget(limits)
    info = None
    try:
        # only XML parts are copied (and so scanned): calamine reads nothing else of an xlsx, and a picture or a
        # printer setting left out cannot be read as a sheet by mistake
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as packed:
            for info in parts:
                scan = _FastScan(limits, shared_strings=info.filename.lower().endswith("sharedstrings.xml"))
                with source.open(info) as entry, packed.open(info.filename, "w") as target:
                    for chunk in _read(entry, info, budget):
                        scan.feed(chunk)
                        target.write(chunk)
                scan.finish()
                budget.shared_strings += scan.shared_strings
                if budget.shared_strings > limits.shared_strings:
                    raise WorkbookRefused(f"В книге больше {_number(limits.shared_strings)} разных текстов: "
                                          "заполненный шаблон столько не содержит.")
                if scan.exact_needed:
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
    return out.getvalue()


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


# --- Cells outside the template ---------------------------------------------------------------------------------------

class _Outside(Exception):
    """A filled cell reaches outside the limits."""

    def __init__(self, ref: str):
        super().__init__(ref)
        self.ref = ref


def _outside_message(outside: _Outside, sheet: str | None, limits: Limits) -> str:
    where = f" (лист «{sheet}»)" if sheet else ""
    return (f"В файле заполнена ячейка {outside.ref}{where}: {limits.shape()}. "
            "Удалите лишние ячейки и загрузите файл снова.")


def _check_cell(column: int, row: int, limits: Limits) -> None:
    if column > limits.columns or row > limits.last_row:
        raise _Outside(f"{column_name(column)}{row}")


_CELL_REF = re.compile(rb"([A-Za-z]+)([0-9]+)")
_ROW_REF = re.compile(rb"[A-Za-z]*([0-9]+)")


def _cell_ref(raw: bytes) -> tuple[int, int] | None:
    """(column, row), both 1-based, as calamine reads an address; None where calamine would refuse it.

    Unlike calamine's 32-bit arithmetic, nothing wraps here: a 12-digit row is a huge row, not a small one."""
    m = _CELL_REF.fullmatch(raw)
    if m is None or int(m.group(2)) == 0:
        return None
    return column_number(m.group(1)), int(m.group(2))


def _count_shared_strings(buf: bytes, end: int) -> int:
    # every <si> (any prefix) is a string calamine keeps in memory; an overcount only errs on the safe side
    return buf.count(b"<si", 0, end) + buf.count(b":si", 0, end)


# -- the fast path

# Any start tag quick-xml could take for a cell `c`: with a prefix, or followed by anything but one space.
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")
# A cell tag as Excel, LibreOffice, openpyxl and XlsxWriter write it: the address first and once, plain attributes.
_PLAIN_CELL = re.compile(rb'<c r="(?=[A-Za-z]{1,3}+[0-9]{1,7}+"(?: (?!(?:[\w.-]*:)?r=)[A-Za-z_][\w:.-]*+="[^"<>]*+")*+/?>)')
_CELL_START = re.compile(rb"<(?![!?/])(?:[^\s<>:]*:)?c[\s/>]")


@functools.lru_cache(maxsize=16)
def _outside_plain_cell(columns: int, last_row: int) -> re.Pattern:
    """A plain cell tag that carries a value (not `<c .../>`, not `<c ...></c>`) at a column or row over the limits."""
    return re.compile(rb'<c r="((?:' + _letters_over(columns) + rb')[0-9]{1,7}|[A-Za-z]{1,3}' + _digits_over(last_row)
                      + rb')"[^<>]*(?<!/)>(?!\s*</c\s*>)')


def _digits_over(n: int) -> bytes:
    """A regex for decimal numbers (leading zeros allowed) greater than n."""
    s = str(n)
    options = [b"[1-9][0-9]{%d,}" % len(s)]
    for i, digit in enumerate(s):
        if digit != "9":
            options.append(s[:i].encode() + b"[%d-9]" % (int(digit) + 1) + b"[0-9]{%d}" % (len(s) - i - 1))
    return b"0*(?:" + b"|".join(options) + b")"


def _letters_over(n: int) -> bytes:
    """A regex for column letters (either case, at most three) naming a column after the n-th."""
    s = column_name(n).encode()
    options = [b"[A-Za-z]{%d,3}" % (len(s) + 1)] if len(s) < 3 else []
    for i, letter in enumerate(s):
        if letter != ord("Z"):
            same = b"".join(b"[%c%c]" % (c, c + 32) for c in s[:i])
            options.append(same + b"[%c-Z%c-z]" % (letter + 1, letter + 33) + b"[A-Za-z]{%d}" % (len(s) - i - 1))
    return b"(?:" + b"|".join(options) + b")" if options else b"(?!)"


class _FastScan:
    """Scans one part in chunks; sets `exact_needed` when a cell is written in a way only the exact path reads."""

    def __init__(self, limits: Limits, *, shared_strings: bool = False):
        self.limits = limits
        self.outside = _outside_plain_cell(limits.columns, limits.last_row)
        self.carry = b""
        self.exact_needed = False
        self.count_strings = shared_strings  # calamine keeps every <si> of `…/sharedStrings.xml` in memory
        self.shared_strings = 0

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk if self.carry else chunk
        last = buf.rfind(b"<")
        if last < 0:
            cut = len(buf)  # text only
        elif len(buf) - last <= MAX_TOKEN:
            cut = last  # the last tag may be unfinished: keep it for the next chunk
            before = buf.rfind(b"<", 0, last)
            if before >= 0 and _CELL_START.match(buf, before):
                cut = before  # an empty cell is told from a filled one by the tag after it: keep the pair
        elif buf.find(b">", last) >= 0:
            cut = len(buf)  # a whole tag followed by a long text: nothing to keep
        else:
            raise WorkbookRefused("Файл устроен не как книга Excel: в нём слишком длинный элемент разметки. "
                                  + REFUSAL_TAIL)
        self._scan(buf, cut)
        self.carry = buf[cut:]

    def finish(self) -> None:
        self._scan(self.carry, len(self.carry))
        self.carry = b""

    def _scan(self, buf: bytes, end: int) -> None:
        """Check buf[:end], which holds only whole tags."""
        if end == 0:
            return
        if self.count_strings:
            self.shared_strings += _count_shared_strings(buf, end)
        if self.exact_needed:
            return
        if (buf.find(b"<!", 0, end) >= 0 or _PREFIXED_CELL.search(buf, 0, end) or _ODD_CELL.search(buf, 0, end)
                or buf.count(b"<c ", 0, end) != len(_PLAIN_CELL.findall(buf, 0, end))):
            self.exact_needed = True  # comments, DTDs, prefixes, cells without an address: read tag by tag
            return
        m = self.outside.search(buf, 0, end)
        if m:
            ref = _cell_ref(m.group(1))
            _check_cell(*ref, self.limits)


# -- the exact path

_P = rb"(?:[^\s<>:]*:)?"  # a namespace prefix as quick-xml splits it (at the first colon)
_QUOTED = rb"""[^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+"""  # the inside of a tag, quotes respected
# Text and tags that do not move calamine's position, then the next tag that does (or a comment, skipped as
# quick-xml skips it). Quotes are respected as quick-xml respects them, so a `<c` inside an attribute value or a
# comment is not taken for a cell. The pattern always matches where the previous match ended: group 7 (empty)
# marks a place it cannot read on from, an unfinished tag at the end of a chunk or something no xlsx contains.
_EXACT = re.compile(rb"""
    (?:[^<]++
      |<(?![!?/]|""" + _P + rb"""(?:row|c)[\s/>])""" + _QUOTED + rb""">
      |</(?!""" + _P + rb"""(?:row|c)\s*>)[^>]*+>
    )*+
    (?:(<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>)                                          # 1 comment
      |</""" + _P + rb"""(row|c)\s*>                                                       # 2 end
      |<(?![!?/])""" + _P + rb"""(row|c)(?=[\s/>])([^>"'/]*+(?:(?:"[^"]*+"|'[^']*+'|/(?!>))[^>"'/]*+)*+)(/?)>
                                                                      # 3 start, 4 attributes, 5 empty
        ((?=\s*</""" + _P + rb"""c\s*>))?                                                  # 6 blank cell
    |())                                                                                   # 7 stop
    """, re.X | re.S)
_ATTR = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class _ExactScan:
    """Follows calamine's reading of a sheet tag by tag, always towards the larger extent.

    calamine (xlsx/cells_reader.rs): `<row r>` sets the row, `</row>` moves to the next one and back to column A,
    a cell with `r` sits there and moves the column after it, a cell without one takes the current column; inside a
    cell nothing moves until `</c>`; empty elements are read as start + end. Here the row only grows, the column
    only grows within a row, and every `r`-like attribute counts."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.carry = b""
        self.row = 1  # 1-based, unlike calamine's index
        self.column = 1
        self.in_cell = False
        # tags calamine acts on: a start and an end per cell and per row, with room to spare
        self.budget = 3 * limits.last_row * (limits.columns + 1) + 10_000

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buf = self.carry + chunk if self.carry else chunk
        size = len(buf)
        pos = 0
        keep = size if final else size - VALUE_WINDOW
        columns, last_row = self.limits.columns, self.limits.last_row
        row, column, in_cell, budget = self.row, self.column, self.in_cell, self.budget
        try:
            for m in _EXACT.finditer(buf):
                comment, end, start, attrs, empty, blank, stop = m.groups()
                if stop is not None:
                    pos = m.end()
                    break
                if m.end() > keep:  # the tag, or what follows it, may go on in the next chunk
                    pos = m.start(1) if comment is not None else buf.rfind(b"<", m.start(), m.start(2 if end else 3))
                    break
                budget -= 1
                if budget < 0:
                    raise WorkbookRefused(f"В файле слишком много ячеек и строк: {self.limits.shape()}. "
                                          + REFUSAL_TAIL)
                pos = m.end()
                if comment is not None:
                    continue
                if end is not None:
                    if end == b"c":
                        in_cell = False
                    elif not in_cell:
                        row += 1
                        column = 1
                    continue
                if in_cell:  # calamine reads a nested tag as the cell's value, or refuses the file
                    continue
                if start == b"row":
                    if b"r" in attrs:
                        for raw in _r_values(attrs):
                            ref = _ROW_REF.fullmatch(raw)
                            if ref and int(ref.group(1)) > 0:
                                row = max(row, int(ref.group(1)))
                    if empty:
                        row += 1
                        column = 1
                    continue
                refs = _cell_refs(attrs) if b"r" in attrs else None
                if refs:
                    column = max(column, *(c for c, _ in refs)) + 1
                    outside = [(c, r) for c, r in refs if c > columns or r > last_row]
                else:
                    outside = [(column, row)] if column > columns or row > last_row else None
                    column += 1
                if outside and not empty and blank is None:
                    _check_cell(*outside[0], self.limits)
                in_cell = not empty
        finally:
            self.row, self.column, self.in_cell, self.budget = row, column, in_cell, budget
        rest = size - pos
        if rest and (final or rest > MAX_TOKEN + VALUE_WINDOW):
            if buf.startswith(b"<!", pos) and not buf.startswith((b"<!--", b"<![CDATA["), pos):
                raise WorkbookRefused("Файл устроен не как книга Excel: в нём есть объявление DTD. " + REFUSAL_TAIL)
            if final:
                raise WorkbookRefused(DAMAGED)
            raise WorkbookRefused("Файл устроен не как книга Excel: в нём слишком длинный элемент разметки. "
                                  + REFUSAL_TAIL)
        self.carry = buf[pos:]

    def finish(self) -> None:
        self.feed(b"", final=True)


def _cell_refs(attrs: bytes) -> list[tuple[int, int]]:
    """The addresses calamine may read from a cell's attributes (the usual ` r="B7" ...` without a regex)."""
    if attrs.startswith(b' r="') and attrs.count(b"r=") == 1:
        ref = _cell_ref(attrs[4:attrs.find(b'"', 4)])
        return [ref] if ref else []
    return [ref for ref in map(_cell_ref, _r_values(attrs)) if ref is not None]


def _r_values(attrs: bytes) -> list[bytes]:
    return [(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(attrs)
            if m.group(1) == b"r" or m.group(1).endswith(b":r")]


# --- Sheet names for messages -----------------------------------------------------------------------------------------

def _sheet_names(source: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet name, from xl/workbook.xml and its relationships; best effort, for a message only."""
    try:
        book, rels = (_small_part(source, name) for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
        targets = {}
        for tag in re.findall(rb"<(?:[^\s<>:]*:)?Relationship\s[^<>]*>", rels):
            attrs = _attrs(tag)
            target = attrs.get(b"Target", b"").decode("utf-8", "replace")
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs.get(b"Id", b"")] = part
        names = {}
        for tag in re.findall(rb"<(?:[^\s<>:]*:)?sheet\s[^<>]*>", book):
            attrs = _attrs(tag)
            rid = next((v for k, v in attrs.items() if k == b"id" or k.endswith(b":id")), None)
            if rid in targets and b"name" in attrs:
                names[targets[rid]] = html.unescape(attrs[b"name"].decode("utf-8", "replace"))
        return names
    except Exception:  # a message without the sheet's name is still a message
        return {}


def _small_part(source: zipfile.ZipFile, name: str) -> bytes:
    info = source.getinfo(name)
    if info.file_size > MB:
        raise ValueError(name)
    return source.read(info)


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(tag)}


# --- Russian numbers ------------------------------------------------------------------------------------------------

def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")

