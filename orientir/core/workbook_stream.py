"""A sheet read row by row, for memory that does not grow with the file (record 76).

calamine builds the whole used range before its first row comes back: ~1.16 MB per 1,000 rows of a pupil template,
and nothing reaches the import until the last cell of the file is read. This reader finds the sheet's cells by their
tags, a megabyte of XML at a time, and hands out each row once the next row's first cell is met; a row, once handed
out, is dropped.

It reads the upload's own zip through the zipfile object orientir.core.workbook checked, and only the XML parts that
were checked, every cap applied; and only when the parts it needs are written the usual way (`<c r="B7" …>` with plain
attributes, no comments, no prefixes — what the fast scan proved): for anything else `plain_book` answers None and
the caller reads the book with calamine, as before. What a cell holds follows calamine (python-calamine 0.9, calamine
0.36), and the tests compare the two readers cell for cell:
- a number is a float; with a date format of its style (built-in ids 14–22, 45, 47, or a custom code that formats
  days, months, years, hours or seconds) it is a date, a datetime, or a time below 1.0; a [h]:mm:ss duration is a
  timedelta; a serial whose year falls outside 1–9999 stays a float;
- shared and inline strings (rich-text runs joined, phonetic runs left out, trimmed unless `xml:space="preserve"`,
  `_x000D_` escapes undone), `str` results of formulas, booleans, ISO dates of `t="d"`; an error cell reads as empty;
- a cell with no value or an empty text is None.
Two differences are deliberate: a row whose cells come after a later row's is refused with a message (calamine's
grid would take it; no spreadsheet program writes it, and a stream cannot go back), and a sheet cut off before its
closing tag is refused once its rows are read, from the loop over them.
"""

import array
import datetime
import math
import posixpath
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from .workbook_limits import CHUNK, REFUSAL_TAIL, UNREADABLE, Limits, WorkbookRefused

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
VALUE, INLINE = _MAIN + "v", _MAIN + "is"
TEXT, PHONETIC, SHARED, FORMULA = _MAIN + "t", _MAIN + "rPh", _MAIN + "si", _MAIN + "f"

OTHER, DATETIME, DURATION = 0, 1, 2
_BUILTIN_DATES = {"14", "15", "16", "17", "18", "19", "20", "21", "22", "45", "47"}
_EPOCH = datetime.datetime(1899, 12, 30)
_MS_PER_DAY = 86_400_000
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
_FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)", re.IGNORECASE)
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2}|\+[0-9A-Fa-f])_")  # "_x000D_" is "\r"; u8 parsing takes a "+" sign
OUT_OF_ORDER = ("Строки листа записаны в файле не по порядку, так книги Excel не сохраняет. " + REFUSAL_TAIL)


def _parser_options() -> dict:
    # no DTD, no entities beyond XML's five, nothing from the network: the parts come from a user's upload
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def custom_format(code: str) -> int:
    """Whether a number format code shows a date (DATETIME), a duration (DURATION) or neither, as calamine decides."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    prev = " "
    for s in code:
        if escaped:
            escaped = False
        elif s in "_\\*":
            escaped = True  # the next character is a literal, not a token
        elif quoted:
            quoted = s != '"'
        elif s == '"':
            quoted = True
        elif s == ";":
            return OTHER  # only the first section counts
        elif s == "[":
            brackets += 1
        elif s == "]" and brackets == 1 and hms:
            return DURATION
        elif s == "]":
            brackets = max(brackets - 1, 0)
        elif s in "aA" and not ampm and brackets == 0:
            ampm = True
        elif s in "pm/PM" and ampm and brackets == 0:
            return DATETIME
        elif s in "dmhysDMHYS" and not ampm and brackets == 0:
            return DATETIME
        elif not (hms and s.lower() == prev.lower()):
            hms = prev == "[" and s in "mhsMHS"
        prev = s
    return OTHER


class PlainBook:
    """The parts of a checked book the stream needs: the sheet's path, its shared strings, its styles' formats."""

    def __init__(self, packed: zipfile.ZipFile, sheet_path: str, strings: "SharedStrings", formats: list[int],
                 is_1904: bool):
        self.packed, self.sheet_path = packed, sheet_path
        self.strings, self.formats, self.is_1904 = strings, formats, is_1904


def plain_book(packed: zipfile.ZipFile, parts: frozenset[str], odd_parts: frozenset[str],
               sheet: str | None) -> PlainBook | None:
    """The book ready to stream, or None when a part it needs is among `odd_parts` (cells not written the usual way)
    and so is left to calamine. `packed` is the upload's zip; only its checked XML `parts` are ever read."""
    lowered = {name.lower(): name for name in parts}

    def part(path: str) -> str | None:
        return lowered.get(path.lower())

    def too_big(name: str | None) -> bool:
        # these parts are parsed whole (lxml's tree takes several times the text): a real one is kilobytes, so a big
        # one is left to calamine, which reads them as a stream
        return name is not None and packed.getinfo(name).file_size > _WHOLE_PART

    book_part, rels_part, styles_part = part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"), part("xl/styles.xml")
    if any(too_big(name) for name in (part("_rels/.rels"), book_part, rels_part, styles_part)):
        return None
    try:
        if (part("_rels/.rels") and _office_document(packed, part("_rels/.rels")) not in (None, "xl/workbook.xml")):
            return None
        if book_part is None or rels_part is None or {book_part, rels_part} & odd_parts:
            return None
        sheets, is_1904 = _sheets(packed, book_part)
        targets = _targets(packed, rels_part)
        if not sheets:
            return None
        chosen = next((rid for name, rid in sheets if name == sheet), sheets[0][1])
        sheet_part = part(targets.get(chosen, ""))
        if sheet_part is None or sheet_part in odd_parts:
            return None
        strings_part = part("xl/sharedStrings.xml")
        if (strings_part in odd_parts) or (styles_part in odd_parts):
            return None
        strings = _shared_strings(packed, strings_part) if strings_part else SharedStrings()
        formats = _formats(packed, styles_part) if styles_part else []
    except (etree.XMLSyntaxError, KeyError, ValueError, OverflowError):
        return None  # calamine decides what to make of it
    return PlainBook(packed, sheet_part, strings, formats, is_1904)


def _office_document(packed: zipfile.ZipFile, rels: str) -> str | None:
    for rel in etree.fromstring(packed.read(rels), etree.XMLParser(**_parser_options())).iter(_PKG_REL + "Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return None


def _sheets(packed: zipfile.ZipFile, book_part: str) -> tuple[list[tuple[str, str]], bool]:
    root = etree.fromstring(packed.read(book_part), etree.XMLParser(**_parser_options()))
    sheets = [(s.get("name"), s.get(_REL + "id")) for s in root.iter(_MAIN + "sheet")]
    pr = root.find(_MAIN + "workbookPr")
    return sheets, pr is not None and pr.get("date1904") in ("1", "true")


def _targets(packed: zipfile.ZipFile, rels_part: str) -> dict[str, str]:
    root = etree.fromstring(packed.read(rels_part), etree.XMLParser(**_parser_options()))
    targets = {}
    for rel in root.iter(_PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
    return targets


def _text_of(element) -> str:
    """A shared or inline string as calamine reads it: every `t` in it joined (rich-text runs), phonetic runs left
    out, a `t` without xml:space="preserve" trimmed of ASCII blanks, Excel's `_x000D_` escapes undone."""
    parts = []
    for t in element.iter(TEXT):
        if t.getparent().tag == PHONETIC:
            continue
        value = t.text or ""
        if t.get(_SPACE) != "preserve":
            value = value.strip(" \t\r\n")
        parts.append(_unescaped(value))
    return "".join(parts)


def _unescape(m: re.Match) -> str:
    return chr(int(m.group(1), 16))


class SharedStrings:
    """The book's shared strings, packed: UTF-8 in one buffer and where each ends. A million different surnames take
    ~25 MB here against ~110 MB as a list of Python strings; a string is decoded when a cell asks for it."""

    def __init__(self):
        self.blob = bytearray()
        self.ends = array.array("I")  # 4 bytes an end: the part itself is capped far below 4 GB

    def append(self, text: str) -> None:
        self.blob += text.encode()
        self.ends.append(len(self.blob))

    def __getitem__(self, index: int) -> str | None:
        end = self.ends[index]  # past the table: IndexError, the file is unreadable, as calamine finds it
        start = self.ends[index - 1] if index else 0
        return self.blob[start:end].decode() or None

    def __len__(self) -> int:
        return len(self.ends)


def _shared_strings(packed: zipfile.ZipFile, path: str) -> SharedStrings:
    strings = SharedStrings()
    with packed.open(path) as stream:
        for _, si in etree.iterparse(stream, events=("end",), tag=SHARED, **_parser_options()):
            strings.append(_text_of(si))
            si.clear()
            while si.getprevious() is not None:
                del si.getparent()[0]
    return strings


def _formats(packed: zipfile.ZipFile, path: str) -> list[int]:
    root = etree.fromstring(packed.read(path), etree.XMLParser(**_parser_options()))
    custom = {}
    numfmts = root.find(_MAIN + "numFmts")
    if numfmts is not None:
        for fmt in numfmts.iterchildren(_MAIN + "numFmt"):
            if fmt.get("numFmtId") is not None and fmt.get("formatCode") is not None:
                custom[fmt.get("numFmtId")] = fmt.get("formatCode")
    xfs = root.find(_MAIN + "cellXfs")
    formats = []
    for xf in xfs.iterchildren(_MAIN + "xf") if xfs is not None else ():
        fid = xf.get("numFmtId")
        if fid is None:
            formats.append(OTHER)
        elif fid in custom:
            formats.append(custom_format(custom[fid]))
        else:
            formats.append(DATETIME if fid in _BUILTIN_DATES else DURATION if fid == "46" else OTHER)
    return formats


# A cell as the fast scan let it through: the address first, plain attributes, and either no content or content up to
# its own `</c>` (a text holds no `<`, an attribute value no `<` or `>`). The usual shapes are caught whole: a style,
# a type, one `<v>` or one inline `<t>`; anything else comes as attributes and content, read with lxml. The content
# is taken possessively and stops at the next cell's tag: a cell left open (crafted XML) fails at once instead of
# sending the search to the end of the chunk for every such cell, and the count of cells found against the count of
# cell tags then refuses the file.
_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"'
                   rb'(?:(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?(?:/>|></c>|><v>([^<]*+)</v></c>'
                   rb'|><is><t>([^<]*+)</t></is></c>)'
                   rb'|([^>]*+)>(?:(?<=/>)|((?:[^<]++|<(?!/c>|c[\s/>]))*+)</c>))')
_CELL_TAG = b'<c r="'
_ATTRIBUTE = re.compile(rb'\s([a-zA-Z]+)="([^"]*)"')
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_FORMULA_TEXT = re.compile(rb"<f(?:\s[^>]*?)?(?:/>|>.*?</f>)", re.DOTALL)
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_TAIL = 64  # bytes at the end of a part that hold its closing tag
_WHOLE_PART = 8 * 1024 * 1024  # the most of a workbook's, relations' or styles' XML parsed whole
_KINDS = {None: None, b"s": "s", b"n": "n", b"str": "str", b"b": "b", b"e": "e", b"d": "d", b"inlineStr": "inlineStr"}


def rows(book: PlainBook, limits: Limits) -> Iterator[list]:
    """The sheet's rows from row 1: the n-th list is row n, column A first, empty cells None, trailing ones left off.

    Cells are placed by their addresses, as calamine places them; `<row>` tags carry nothing a value needs."""
    columns: dict[bytes, int] = {}  # b"AB" → 27, learnt as met: a template has a few dozen
    strings, formats, is_1904 = book.strings, book.formats, book.is_1904
    done = 0  # rows handed out
    digits, number, cells = None, 0, []
    last_row = limits.last_row
    try:
        for matches, tags in _cell_chunks(book):
            found = 0
            for m in matches:
                found += 1
                letters, at, style, kind, v, inline, attributes, body = m.groups()
                if attributes is None:
                    if inline is not None:
                        value = inline.decode() if b"&" not in inline and b"\r" not in inline else _text(inline)
                        value = value.strip(" \t\r\n")
                        if "_x00" in value:
                            value = _unescaped(value)
                        value = value or None
                    elif v:
                        value = _v(_text(v) if b"&" in v or b"\r" in v else v.decode(), _KINDS[kind], style, strings,
                                   formats, is_1904)
                    else:
                        value = None
                elif body:
                    value = _odd_cell(attributes, body, strings, formats, is_1904)
                else:
                    value = None
                if value is None:
                    continue  # an empty cell is nowhere, wherever its address points
                if at != digits:
                    if cells:  # the row before is whole: hand it out, after the empty rows above it
                        if number <= done or number > last_row:
                            _refuse_row(number, done, limits)
                        while done + 1 < number:
                            done += 1
                            yield []
                        done = number
                        yield cells
                    digits, number, cells = at, int(at), []
                index = columns.get(letters)
                if index is None:
                    index = columns[letters] = _column_index(letters.decode())
                if index == len(cells):
                    cells.append(value)
                else:
                    if index > len(cells):
                        cells.extend([None] * (index - len(cells)))
                        cells.append(value)
                    else:
                        cells[index] = value
            if found != tags:
                raise WorkbookRefused(UNREADABLE)  # a cell tag not closed where XML closes it: the sheet is broken
        if cells:
            if number <= done or number > last_row:
                _refuse_row(number, done, limits)
            while done + 1 < number:
                done += 1
                yield []
            yield cells
    except WorkbookRefused:
        raise
    except (etree.XMLSyntaxError, ValueError, IndexError, KeyError, OSError, zipfile.BadZipFile, UnicodeError) as exc:
        raise WorkbookRefused(UNREADABLE) from exc


def _refuse_row(number: int, done: int, limits: Limits):
    if number <= done:
        raise WorkbookRefused(OUT_OF_ORDER)  # calamine would move its cells up; no spreadsheet program writes this
    # the scan forbids this; a guard in case the two ever read differently
    raise WorkbookRefused(f"В файле больше строк, чем допускает шаблон: {limits.shape()}.")


def _cell_chunks(book: PlainBook) -> Iterator[tuple[Iterator[re.Match], int]]:
    """The sheet's cells in order, a megabyte of XML at a time — each chunk's cells and the number of cell tags in it,
    which a sound sheet's cells match one for one: every cell before the last `<c r=` of a chunk is whole. A part that
    does not end with its closing tag was cut off: unreadable, as calamine finds it."""
    carry = b""
    with book.packed.open(book.sheet_path) as stream:
        while chunk := stream.read(CHUNK):
            buf = carry + chunk if carry else chunk
            end = buf.rfind(_CELL_TAG)
            if end < 0:
                carry = buf[-_TAIL:]  # no cell starts here; only a «<c r="» split at the end may
                continue
            if end > 0:
                yield _CELL.finditer(buf, 0, end), buf.count(_CELL_TAG, 0, end)
            carry = buf[end:]
        yield _CELL.finditer(carry), carry.count(_CELL_TAG)
    if not _closed(carry[-_TAIL:]):
        raise WorkbookRefused(UNREADABLE)


def _closed(tail: bytes) -> bool:
    return re.search(rb"</(?:[A-Za-z_][\w.-]*:)?worksheet\s*>\s*$", tail[-_TAIL:]) is not None


def _text(raw: bytes) -> str:
    """Text as an XML parser gives it: line ends as «\\n», the five entities and character references resolved; any
    other entity is not XML without a DTD, which a plain part has not."""
    text = raw.decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        if text.count("&") != len(_ENTITY.findall(text)):
            raise ValueError("an entity XML does not define")
        text = _ENTITY.sub(_entity, text)
    return text


def _entity(m: re.Match) -> str:
    named, decimal, hexadecimal = m.groups()
    return _NAMED[named] if named else chr(int(decimal or hexadecimal, 10 if decimal else 16))


def _unescaped(value: str) -> str:
    return _ESCAPE.sub(_unescape, value) if "_x00" in value else value


def _odd_cell(attributes: bytes, body: bytes, strings: "SharedStrings", formats: list[int], is_1904: bool):
    """A cell of any other shape (a formula, rich text, a phonetic run, `xml:space`), read by lxml as a fragment."""
    kept = b"".join(b' %s="%s"' % (name, value) for name, value in _ATTRIBUTE.findall(attributes)
                    if name in (b"t", b"s"))
    # a formula's text is never read (its cached `v` is the value), and XlsxWriter leaves control characters in it
    # that lxml, unlike calamine's parser, refuses
    body = _FORMULA_TEXT.sub(b"<f/>", body)
    element = etree.fromstring(b'<c xmlns="' + _MAIN[1:-1].encode() + b'"' + kept + b">" + body + b"</c>",
                               etree.XMLParser(**_parser_options()))
    return _value(element, strings, formats, is_1904)


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _value(c, strings: "SharedStrings", formats: list[int], is_1904: bool):
    """The cell's value; as in calamine each `v`, `is` or `f` it holds sets it in turn, so the last one decides."""
    value = None
    for child in c:
        tag = child.tag
        if tag == VALUE:
            value = _v(child.text, c.get("t"), c.get("s"), strings, formats, is_1904)
        elif tag == INLINE:
            value = _text_of(child) or None
        elif tag == FORMULA:
            value = None
        elif isinstance(tag, str):
            raise ValueError(tag)  # calamine refuses any other element in a cell
    return value


def _v(v: str | None, kind: str | None, style, strings: "SharedStrings", formats: list[int], is_1904: bool):
    """A `<v>`'s text as calamine reads it by the cell's type and style (the style as text or bytes)."""
    if not v or kind in ("inlineStr", "is"):
        return None  # an inline string's value is its `is`, never its `v`
    if kind is None or kind == "n":
        if not _FLOAT.fullmatch(v):
            if kind is None:
                return v  # no type and not a number: calamine reads it as text
            raise ValueError(v)
        fmt = OTHER
        if style is not None:
            index = int(style) if style.isdigit() else 0
            fmt = formats[index] if index < len(formats) else OTHER
        number = float(v)
        return number if fmt == OTHER else _date(number, fmt, is_1904)
    if kind == "s":
        index = int(v) if v.isdigit() else 0
        return strings[index]
    if kind == "str":
        return v
    if kind == "b":
        flag = v.strip().lower()
        if flag not in _BOOLEANS:
            raise ValueError(v)  # calamine refuses a boolean it cannot read
        return _BOOLEANS[flag]
    if kind == "e":
        return None
    if kind == "d":
        return _iso(v)
    raise ValueError(kind)


def _date(serial: float, fmt: int, is_1904: bool):
    """An Excel serial as python-calamine gives it: a timedelta, a time below 1.0, a date when whole, else a
    datetime; a serial out of Python's years stays a float."""
    if not math.isfinite(serial):
        return serial
    if fmt == DURATION:
        try:
            return datetime.timedelta(milliseconds=round(serial * _MS_PER_DAY))
        except OverflowError:
            return serial
    f = serial + 1462 if is_1904 else serial
    if f < 60:
        f += 1  # Excel's 29 February 1900, which never was
    try:
        moment = _EPOCH + datetime.timedelta(milliseconds=round(f * _MS_PER_DAY))
    except OverflowError:
        return serial
    if serial < 1.0:
        return moment.time()
    if serial == int(serial):
        return moment.date()
    return moment


def _iso(v: str):
    try:
        if "T" in v:
            return datetime.datetime.fromisoformat(v.rstrip("Z"))
        if ":" in v:
            return datetime.time.fromisoformat(v)
        return datetime.date.fromisoformat(v)
    except ValueError:
        return v
