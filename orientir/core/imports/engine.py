"""One way to read an Excel import: the header found by its titles, every cell normalised, every error placed.

An import declares its table — the columns with their titles, parsers and whether they are required — and gets:
- the bounded read of orientir.core.workbook (size, zip, the filled cells' extent checked before anything is read);
- the header row found by its titles wherever it is in the first rows (a title row, a note, an empty row above it
  are the user's business), in any column order, with extra columns ignored;
- each cell parsed by its column (orientir.core.imports.normalize), rows that only look blank skipped;
- errors that name the row, the column letter and the column's title; the first 200 kept to show with the total,
  every one kept by position for the marked copy of the user's own file (orientir.core.imports.marked).
Checking the rows against the domain (duplicates, ages, reference books) is the import's own; it adds its errors
through `Reading.error`, so they are placed the same way.
"""

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Any

from orientir.core.workbook import ErrorList, Limits, WorkbookRefused, column_name, iter_rows

from . import normalize

HEADER_SEARCH_ROWS = 10  # the header is looked for in this many rows from the top
_HINT = re.compile(r"\(.*?\)|\*")  # «Дата рождения (ДД.ММ.ГГГГ)*» is titled «Дата рождения»


def title_key(title) -> str:
    return normalize.key(_HINT.sub(" ", normalize.text(title)))


@dataclasses.dataclass(frozen=True)
class Column:
    code: str
    title: str  # as the template writes it; «*» marks a required column
    parse: Callable[[Any], Any] = normalize.text
    required: bool = False
    aliases: tuple[str, ...] = ()  # other titles the same column goes by in files people already have

    def keys(self) -> set[str]:
        return {title_key(self.title), *(title_key(a) for a in self.aliases)}


@dataclasses.dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    limits: Limits  # its header_rows must leave room for HEADER_SEARCH_ROWS
    sheet: str | None = None  # the sheet to read when the book has it, else the first

    def column(self, code: str) -> Column:
        return next(c for c in self.columns if c.code == code)


@dataclasses.dataclass
class Row:
    number: int  # the row's number in the sheet, as Excel shows it
    values: dict[str, Any]
    raw: dict[str, Any]
    failed: frozenset = frozenset()  # the columns whose cell did not parse (their value is None)


@dataclasses.dataclass
class Reading:
    table: Table
    header_row: int = 0
    positions: dict[str, int] = dataclasses.field(default_factory=dict)  # column code → 0-based index in the sheet
    rows: list[Row] = dataclasses.field(default_factory=list)  # the rows whose every cell parsed
    # rows with a cell that did not parse, that cell None: an import may still check the rest of the row, so the user
    # sees every error of the file in one round rather than the row's other errors after fixing the first
    partial: list[Row] = dataclasses.field(default_factory=list)
    errors: ErrorList = dataclasses.field(default_factory=ErrorList)  # (row, column, message), first 200
    marks: dict[int, dict[int, list[str]]] = dataclasses.field(default_factory=dict)  # row → column → messages
    faulty: set[int] = dataclasses.field(default_factory=set)  # rows with an error
    width: int = 0  # the widest row read, in columns

    def label(self, code: str) -> str:
        """«B «Имя»»: the letter and the title of a column, as the user finds it in their sheet."""
        column = self.table.column(code)
        index = self.positions.get(code)
        title = _HINT.sub("", column.title).strip()
        return f"{column_name(index + 1)} «{title}»" if index is not None else f"«{title}»"

    def error(self, row: int, code: str | None, message: str) -> None:
        """An error in a cell (code given) or in a row (code None); row 0 is the file as a whole."""
        self.errors.append((row, self.label(code) if code else "", message))
        self.faulty.add(row)
        index = self.positions.get(code, -1) if code else -1
        self.marks.setdefault(row, {}).setdefault(index, []).append(
            f"{self.label(code)}: {message}" if code else message)

    @property
    def ok(self) -> bool:
        return not self.errors.total


def read(data: bytes, table: Table) -> Reading:
    """Every data row of the file, parsed; raises WorkbookRefused for a file that is not read at all."""
    reading = Reading(table)
    for row in _parse(data, table, reading):
        (reading.partial if row.failed else reading.rows).append(row)
    return reading


def stream(data: bytes, table: Table) -> tuple[Reading, Iterator[Row]]:
    """The rows one at a time, none kept: for an import whose memory must not grow with the file. The reading fills
    as the rows pass (a row with a failed cell comes too, its `failed` set); a file that is not read at all ends the
    rows at once with a file-level error. `reading.ok` is the file's verdict only after the last row."""
    reading = Reading(table)

    def rows() -> Iterator[Row]:
        try:
            yield from _parse(data, table, reading)
        except WorkbookRefused as exc:
            reading.error(0, None, exc.message)

    return reading, rows()


def _parse(data: bytes, table: Table, reading: Reading) -> Iterator[Row]:
    rows = iter_rows(data, table.limits, sheet=table.sheet)
    header = _find_header(rows, table, reading)
    if header is None:
        return
    # each column once: where it is in the sheet (None: not in this file) and how its cell is read; a column the
    # file lacks gets the value its parser gives an empty cell, the same for every row
    plan = [(c.code, reading.positions.get(c.code), c.parse, c.required,
             c.parse(None) if c.code not in reading.positions else None) for c in table.columns]
    blank, width = normalize.blank, reading.width
    for number, cells in enumerate(rows, start=reading.header_row + 1):
        size = len(cells)
        if size > width:
            width = reading.width = size
        if blank(cells):
            continue
        values, raw, failed = {}, {}, None
        for code, index, parse, required, absent in plan:
            if index is None:
                values[code] = absent
                continue
            cell = raw[code] = cells[index] if index < size else None
            try:
                value = values[code] = parse(cell)
            except ValueError as exc:
                reading.error(number, code, str(exc))
                values[code] = None
                failed = (failed or set()) | {code}
                continue
            if required and (value is None or value == ""):
                reading.error(number, code, "обязательное поле не заполнено")
                failed = (failed or set()) | {code}
        yield Row(number, values, raw, frozenset(failed) if failed else frozenset())


def _find_header(rows: Iterator[list], table: Table, reading: Reading) -> list | None:
    wanted = {c.code: c.keys() for c in table.columns}
    required = [c for c in table.columns if c.required]
    best: tuple[int, int, dict] = (0, 0, {})  # (matched columns, row number, positions)
    for number, cells in enumerate(rows, start=1):
        reading.width = max(reading.width, len(cells))
        positions = {}
        for index, cell in enumerate(cells):
            found = title_key(cell)
            code = next((code for code, keys in wanted.items() if found and found in keys), None)
            if code and code not in positions:
                positions[code] = index
        enough = all(c.code in positions for c in required) if required else 2 * len(positions) >= len(wanted)
        if positions and enough:
            reading.header_row, reading.positions = number, positions
            return cells
        if len(positions) > best[0]:
            best = (len(positions), number, positions)
        if number >= HEADER_SEARCH_ROWS:
            break
    titles = ", ".join(f"«{_HINT.sub('', c.title).strip()}»" for c in (required or table.columns)
                       if c.code not in best[2])
    reading.error(0, None, f"Не найдена строка заголовков: в первых {HEADER_SEARCH_ROWS} строках листа нет "
                           f"столбцов {titles}. Заполните шаблон, скачанный из системы, не меняя названий столбцов.")
    return None


def check(data: bytes, table: Table) -> Reading:
    """`read`, with a file that is not read at all turned into a file-level error of the reading."""
    try:
        return read(data, table)
    except WorkbookRefused as exc:
        reading = Reading(table)
        reading.error(0, None, exc.message)
        return reading
