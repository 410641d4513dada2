"""A streaming XLSX writer of one report sheet (docs/decisions.md, record 37).

The sheet every table of the system exports: a title, a subtitle, a blank row, a frozen header with an
autofilter, the data and notes under it; column widths from the report; four cell kinds (text, date,
number, money). One sheet, no formulas, no shared strings (inline ones, as XlsxWriter's constant_memory).
Every text is an inline string and the writer has no formula cell at all: a name someone typed as
`=HYPERLINK(…)` or `+1+1` opens in Excel as that text, never as a formula (core/tests/test_formula_injection.py).
The sheet XML goes straight into the zip member in chunks of rows, so memory stays flat.

Speed comes from rendering a whole row with one small function per tuple of value types (a report has a
few: a nullable column doubles them), an f-string with the cell references, styles and conversions built
in; it is generated from the columns, never from data. Strings go in unescaped, and a chunk of rows is then
checked at C speed: `<`, `>`, `&` and control characters are deleted from its bytes and their number must
equal the template's markup; no U+FFFE/U+FFFF, no lone surrogate. The rows of a chunk that fails, and the
rows of unusual types, are rendered cell by cell by `_cell`, which escapes and strips what XML forbids.
Compression runs in a thread beside the rendering: zlib and crc32 release the GIL.
"""

import datetime
import decimal
import itertools
import queue
import re
import threading
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone

from orientir.core.text import plural

MAX_ROWS = 1_048_576  # rows in an Excel sheet
TEXT_MAX = 32_767  # characters in an Excel cell; XlsxWriter truncated longer strings too
CHUNK_ROWS = 1000
COMPRESSLEVEL = 1  # deflate: a third of the compression time of the default 6, a file ~20 % larger
_TEMPLATES_MAX = 1024  # row type tuples that get a function; rarer ones go cell by cell

_FORBIDDEN = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])
_CHECKED = bytes([*range(0x20), *b"&<>"])  # control characters (tab and newlines too) and markup
_EMPTY_TEXT = b' t="inlineStr"><is><t xml:space="preserve"></t></is></c>'
_EPOCH = datetime.datetime(1899, 12, 30)
_ORDINAL_EPOCH = _EPOCH.toordinal()
_MARCH_1900 = datetime.date(1900, 3, 1)  # before it Excel counts a 29 February 1900 that never was
_END = object()

# Style ids of _STYLES: 0 plain, 1 title, 2 header, then one per column kind.
_TITLE, _HEADER, _DATE = 1, 2, 4
KIND_STYLE = {"text": 3, "date": 4, "number": 5, "money": 6, "decimal": 7}  # decimal: one place (a percent 73.3)


def _date_serial(value: datetime.date) -> int:
    serial = value.toordinal() - _ORDINAL_EPOCH
    return serial - 1 if serial <= 60 else serial  # as XlsxWriter counts Excel's 29.02.1900


def _datetime_serial(value: datetime.datetime) -> float:
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    delta = value - _EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial - 1 if serial <= 60 else serial


def _finite(value):
    """A float or Decimal as it is, or ValueError for NaN and infinities (XML has no place for them)."""
    if value.is_finite() if isinstance(value, decimal.Decimal) else value - value == 0:
        return value
    _not_finite()


def _not_finite():
    raise ValueError("NaN or infinity")


def _text(value: str) -> str:
    return escape(value.translate(_FORBIDDEN)[:TEXT_MAX])


def _cell(ref: str, value, style: int) -> str:
    """One <c> element; None → empty, bool → да/нет, dates as Excel serials, aware datetimes in local time."""
    if isinstance(value, bool):
        value = "да" if value else "нет"
    elif isinstance(value, datetime.datetime):
        return f'<c r="{ref}" s="{_DATE}"><v>{_datetime_serial(value)}</v></c>'
    elif isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{_DATE}"><v>{_date_serial(value)}</v></c>'
    elif isinstance(value, int):
        return f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>'
    elif isinstance(value, (float, decimal.Decimal)):
        try:
            return f'<c r="{ref}" s="{style}"><v>{float(_finite(value))}</v></c>'
        except ValueError:
            value = None
    text = "" if value is None else _text(str(value))
    if not text:
        return f'<c r="{ref}" s="{style}"/>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _row(number, cells, letters=()) -> str:
    """A <row> of (column letter, value, style) rendered cell by cell, then empty cells up to the last letter.

    The empty cells give the title and note rows the table's width: readers that know no sheet dimension
    (openpyxl in read-only mode on a streamed sheet) make every row as wide as its last cell.
    """
    cells = list(cells)
    blanks = "".join(f'<c r="{letter}{number}"/>' for letter in letters[len(cells):])
    return f'<row r="{number}">' + "".join(_cell(f"{letter}{number}", value, style)
                                            for letter, value, style in cells) + blanks + "</row>"


def column_letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def column_width(width: float) -> float:
    """The width Excel stores for a column `width` digits wide (Calibri 11), as XlsxWriter computes it."""
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return pixels * 256 // 7 / 256


class _Rows:
    """Renders data rows: by a function per tuple of value types, or cell by cell."""

    def __init__(self, letters: list[str], styles: list[int]):
        self.letters, self.styles = letters, styles
        self.templates: dict[tuple, tuple | None] = {}

    def template(self, types: tuple):
        """(render(number, *values), its count of markup characters), or None if a type is unusual."""
        params, parts = [], []
        for i, (letter, style, kind) in enumerate(zip(self.letters, self.styles, types, strict=True)):
            ref, v = f'<c r="{letter}{{n}}" s="', f"v{i}"
            params.append(v)
            if kind is str:
                parts.append(f'{ref}{style}" t="inlineStr"><is><t xml:space="preserve">{{{v}}}</t></is></c>')
            elif kind is bool:
                parts.append(f'{ref}{style}" t="inlineStr"><is><t>{{"да" if {v} else "нет"}}</t></is></c>')
            elif kind is int:
                parts.append(f"{ref}{style}\"><v>{{{v}}}</v></c>")
            elif kind is float:
                parts.append(f"{ref}{style}\"><v>{{({v} if {v} - {v} == 0 else _not_finite())!r}}</v></c>")
            elif kind is decimal.Decimal:
                parts.append(f"{ref}{style}\"><v>{{({v} if {v}.is_finite() else _not_finite())!s}}</v></c>")
            elif kind is datetime.date:
                parts.append(f"{ref}{_DATE}\"><v>{{{v}.toordinal() - (E if {v} >= _MARCH_1900 else E + 1)}}</v></c>")
            elif kind is datetime.datetime:
                parts.append(f"{ref}{_DATE}\"><v>{{_datetime_serial({v})}}</v></c>")
            elif kind is type(None):
                parts.append(f'{ref}{style}"/>')
            else:
                return None
        body = '<row r="{n}">' + "".join(parts) + "</row>"
        namespace = {"_not_finite": _not_finite, "E": _ORDINAL_EPOCH, "_MARCH_1900": _MARCH_1900,
                     "_datetime_serial": _datetime_serial}
        exec(f"def render(n, {''.join(p + ', ' for p in params)}*_):\n    return f'''{body}'''", namespace)
        markup = re.sub("{[^}]*}", "", body)  # the literal text, without the expressions
        return namespace["render"], markup.count("<") + markup.count(">")

    def slow(self, number: str, row) -> str:
        return _row(number, zip(self.letters, row, self.styles, strict=False))

    def render(self, number: str, row) -> tuple[str, int]:
        """The row's XML and the number of characters `_checked` counts in it: the template's markup."""
        types = tuple(map(type, row))
        try:
            entry = self.templates[types]
        except KeyError:
            entry = self.template(types)
            if len(self.templates) < _TEMPLATES_MAX:
                self.templates[types] = entry
        if entry is not None:
            render, markup = entry
            try:
                line = render(number, *row)
            except ValueError:  # NaN or infinity
                pass
            else:
                if len(line) <= TEXT_MAX:
                    return line, markup
        line = self.slow(number, row)
        data = line.encode()
        return line, len(data) - len(data.translate(None, _CHECKED))

    def chunk(self, numbered_rows: list) -> bytes:
        """UTF-8 XML of [(row number, row)]: rendered fast, checked as a whole, failing rows redone."""
        lines, expected = [], 0
        render, append = self.render, lines.append
        for number, row in numbered_rows:
            line, markup = render(number, row)
            append(line)
            expected += markup
        data = _checked("".join(lines), expected)
        if data is None:
            for j, (number, row) in enumerate(numbered_rows):
                if _checked(lines[j], render(number, row)[1]) is None:
                    lines[j] = self.slow(number, row)
            data = "".join(lines).encode()
        if _EMPTY_TEXT in data:  # an empty string is an empty cell, as in XlsxWriter
            data = data.replace(_EMPTY_TEXT, b"/>")
        return data


def _checked(text: str, markup: int) -> bytes | None:
    """The text as UTF-8 if its values brought no markup, entity or character XML forbids; else None."""
    if "\ufffe" in text or "\uffff" in text:
        return None
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return None
    return data if len(data) - len(data.translate(None, _CHECKED)) == markup else None


class _Background:
    """Writes chunks to the zip member from a thread, so that compressing overlaps rendering."""

    def __init__(self, out):
        self.out, self.error = out, None
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)
        self.thread.start()

    def _run(self):
        while (data := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.out.write(data)
                except BaseException as exc:  # re-raised in the caller's thread
                    self.error = exc

    def write(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(data)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"""  # noqa: E501
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"""  # noqa: E501
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>Ориентир</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>"""  # noqa: E501
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Данные" sheetId="1" r:id="rId1"/></sheets>{names}</workbook>"""  # noqa: E501
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""  # noqa: E501
# The formats of the XlsxWriter version: bold 13 pt title; bold header on light blue with borders, wrapped;
# bordered cells aligned to the top, text wrapped; dd.mm.yyyy, "# ##0" and "# ##0.00".
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="# ##0"/><numFmt numFmtId="166" formatCode="# ##0.00"/><numFmt numFmtId="167" formatCode="0.0"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="166" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="167" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""  # noqa: E501


def write_report(report, target, *, compresslevel: int = COMPRESSLEVEL, chunk_rows: int = CHUNK_ROWS) -> int:
    """Write `report` (a core.tables.Report) to `target`, a path or a binary file; returns the data rows written.

    Rows past Excel's 1,048,576 are not written; a note under the table says so.
    """
    columns = report.columns
    letters = [column_letter(i) for i in range(len(columns))]
    styles = [KIND_STYLE.get(c.kind, KIND_STYLE["text"]) for c in columns]
    header = 4  # title, subtitle, a blank row, the header
    notes = list(report.notes)
    room = MAX_ROWS - header - 1 - len(notes) - 2  # a blank row before the notes and one for our own note
    subtitle = report.subtitle or f"Сформировано {timezone.localtime():%d.%m.%Y %H:%M}"
    rows = _Rows(letters, styles)
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("docProps/core.xml", _CORE.format(
            title=_text(report.title), created=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w") as out:
            cols = "".join(f'<col min="{i}" max="{i}" width="{column_width(c.width)}" customWidth="1"/>'
                           for i, c in enumerate(columns, start=1))
            out.write((
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'  # printed: all columns on the page's width
                f'<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="{header}" '
                f'topLeftCell="A{header + 1}" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>"
                + _row(1, [("A", report.title, _TITLE)], letters) + _row(2, [("A", subtitle, 0)], letters)
                + _row(3, [], letters)
                + _row(header, zip(letters, (c.title for c in columns), itertools.repeat(_HEADER)))
            ).encode())
            source = iter(report.rows)
            numbered = zip(map(str, itertools.count(header + 1)), itertools.islice(source, room), strict=False)
            background = _Background(out)
            try:
                while chunk := list(itertools.islice(numbered, chunk_rows)):
                    background.write(rows.chunk(chunk))
                    count += len(chunk)
            finally:
                background.close()
            if count == room and next(source, _END) is not _END:
                shown = f"{count:,}".replace(",", "\N{NO-BREAK SPACE}")
                notes.append(f"Выгружены первые {shown} {plural(count, ('строка', 'строки', 'строк'))}: больше на листе Excel не помещается.")
            last = header + count
            tail = [_row(last + 1, [], letters)] if notes else []
            tail += [_row(last + i, [("A", note, 0)], letters) for i, note in enumerate(notes, start=2)]
            tail.append("</sheetData>")
            ref = ""
            if columns:
                ref = f"$A${header}:${letters[-1]}${header + max(count, 1)}"
                tail.append(f'<autoFilter ref="{ref.replace("$", "")}"/>')
            tail.append('<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                        # landscape, as wide as the page, as many pages down as it takes
                        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
                        "</worksheet>")
            out.write("".join(tail).encode())
        # the header row is printed again on every page (Print_Titles)
        names = (f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                 f"Данные!{ref}</definedName>"
                 f'<definedName name="_xlnm.Print_Titles" localSheetId="0">Данные!${header}:${header}</definedName>'
                 "</definedNames>" if ref else "")
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(names=names))
    return count
