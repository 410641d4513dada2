"""Workbooks an attacker (or a broken exporter) could upload, built byte by byte; each is small on disk.

`xlsx(sheet_xml, ...)` assembles a minimal but complete .xlsx around a hand-written sheet, so a test controls
every tag calamine will see. `HOSTILE` maps a name to a factory and to a fragment of the Russian message the
upload must be refused with. Nothing here imports Django: the fuzz run uses it in a memory-limited process.
"""

import functools
import io
import zipfile

import xlsxwriter

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/xl/workbook.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 b'<Override PartName="/xl/sharedStrings.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                 b'</Types>')
ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="\xd0\x9b\xd0\xb8\xd1\x81\xd1\x821" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'worksheet" Target="worksheets/sheet1.xml"/>'
                 b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def as_read(rows: list[list]) -> list[list]:
    """Rows as the reader hands them out: trailing empty cells and trailing empty rows left off (calamine's grid
    pads every row to the widest one; the streamed reader cannot know that width before the end)."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def sheet(rows_xml: bytes, *, head: bytes = b"") -> bytes:
    return SHEET_HEAD + head + b"<sheetData>" + rows_xml + b"</sheetData></worksheet>"


def shared(strings: list[bytes] | bytes) -> bytes:
    body = strings if isinstance(strings, bytes) else b"".join(b"<si><t>" + s + b"</t></si>" for s in strings)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + body + b"</sst>")


def xlsx(sheet_xml: bytes, *, strings: bytes | None = None, extra: dict[str, bytes] | None = None,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A complete .xlsx whose only sheet is `sheet_xml` (and, if given, the shared strings part)."""
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
             "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet_xml,
             "xl/sharedStrings.xml": strings if strings is not None else shared([])}
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression, compresslevel=9) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buf.getvalue()


def written_by_excel_library(cells: dict[tuple[int, int], object]) -> bytes:
    """The way a real exporter writes cells (XlsxWriter): (row, column), 0-based."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    page = book.add_worksheet("Лист1")
    for (row, column), value in cells.items():
        page.write(row, column, value)
    book.close()
    return buf.getvalue()


# --- The files -----------------------------------------------------------------------------------------------------

def far_corner() -> bytes:
    """The 1.5 KB file of the report: A1 and XFD1048576 filled, so a dense reader asks for 512 GB."""
    return written_by_excel_library({(0, 0): "a", (1048575, 16383): "b"})


def far_row() -> bytes:
    """AZ1000000: 2.1 GB and 15 s in a dense reader; within Excel's sheet, far outside any template."""
    return written_by_excel_library({(0, 0): "a", (999_999, 51): "b"})


def far_column_lowercase() -> bytes:
    """A far cell spelt in lower case, which calamine reads as the same address."""
    return xlsx(sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
                      b'<c r="xfd1" t="inlineStr"><is><t>b</t></is></c></row>'))


def cells_without_address() -> bytes:
    """300,000 cells in one row and no `r` at all: calamine counts the column on by itself."""
    return xlsx(sheet(b'<row>' + b"<c><v>1</v></c>" * 300_000 + b"</row>"))


def rows_without_address() -> bytes:
    """200,000 rows with no `r`, each with a value: every `</row>` moves calamine one row down."""
    return xlsx(sheet(b"<row><c><v>1</v></c></row>" * 200_000))


def prefixed_far_cell() -> bytes:
    """A namespace prefix on the cell tag, which a naive `<c r=` search would not see."""
    return xlsx(sheet(b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1">'
                      b'<x:c r="A1"><x:v>1</x:v></x:c><x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row>'))


def address_after_other_attributes() -> bytes:
    """`r` written after `s` and with single quotes: still the far cell."""
    return xlsx(sheet(b"<row r='1'><c s='0' t='n' r='A1'><v>1</v></c><c t='n' s='0' r='XFD1048576'><v>2</v></c>"
                      b"</row>"))


def zip_bomb() -> bytes:
    """200 MB of blanks inside the sheet (the limit is 128 MB), compressed to about 200 KB."""
    blanks = b" " * (200 * 1024 * 1024)
    return xlsx(sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>' + blanks))


def deep_nesting() -> bytes:
    """A million nested elements inside a cell."""
    depth = 1_000_000
    return xlsx(sheet(b'<row r="1"><c r="A1" t="inlineStr"><is>' + b"<r>" * depth + b"</r>" * depth
                      + b"</is></c></row>"))


def many_shared_strings() -> bytes:
    """Three million empty shared strings: each is an object calamine keeps."""
    return xlsx(sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                strings=shared(b"<si><t/></si>" * 3_000_000))


def entity_expansion() -> bytes:
    """The «billion laughs»: a DTD whose entities expand to gigabytes."""
    dtd = (b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9)) + b"]>")
    strings = shared([b"&j;"]).replace(b"<sst", dtd + b"<sst", 1)
    return xlsx(sheet(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings=strings)


def many_entries() -> bytes:
    """A zip of 20,000 tiny entries: the central directory alone costs a dict of 20,000 records."""
    return xlsx(sheet(b""), extra={f"xl/media/image{i}.xml": b"<a/>" for i in range(20_000)})


def huge_tag() -> bytes:
    """One start tag four megabytes long."""
    return xlsx(sheet(b'<row r="1"><c r="A1" t="n" x="' + b"y" * (4 * 1024 * 1024) + b'"><v>1</v></c></row>'))


def legacy_xls() -> bytes:
    """An .xls (OLE compound file) header and garbage."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


def opendocument() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def not_a_workbook() -> bytes:
    return "Фамилия;Имя\nИванов;Иван\n".encode("cp1251")


def empty_file() -> bytes:
    return b""


def truncated() -> bytes:
    return far_corner()[:700]


def zip_without_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as book:
        book.writestr("readme.txt", "x")
    return buf.getvalue()


def encrypted_flag() -> bytes:
    """An entry that claims to be encrypted (bit 0 of the flags)."""
    data = bytearray(xlsx(sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>'), compression=zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 1
            start += 4
    return bytes(data)


def corrupt_sheet_stream() -> bytes:
    """The sheet's deflate stream overwritten in the middle: a CRC or decompression error."""
    data = bytearray(xlsx(sheet(b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
                                         for i in range(1, 3000)))))
    name = data.find(b"xl/worksheets/sheet1.xml")
    for i in range(name + 200, name + 400):
        data[i] ^= 0x5A
    return bytes(data)


def future_zip_version() -> bytes:
    """Every record claims to need zip version 8.4: Python's zipfile raises NotImplementedError, not BadZipFile."""
    data = bytearray(xlsx(sheet(b'<row r="1"><c r="A1"><v>1</v></c></row>')))
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        data[start + 6] = 84  # version needed to extract, in tenths
        start += 4
    return bytes(data)


# name → (factory, a fragment of the refusal that must be shown; None: read harmlessly or refused)
HOSTILE = {
    "far_corner": (far_corner, "XFD1048576"),
    "far_row": (far_row, "AZ1000000"),
    "far_column_lowercase": (far_column_lowercase, "XFD1"),
    "cells_without_address": (cells_without_address, "заполнена ячейка"),
    "rows_without_address": (rows_without_address, "заполнена ячейка"),
    "prefixed_far_cell": (prefixed_far_cell, "XFD1048576"),
    "address_after_other_attributes": (address_after_other_attributes, "XFD1048576"),
    "zip_bomb": (zip_bomb, "в распакованном виде больше"),
    "deep_nesting": (deep_nesting, None),  # calamine reads rich-text runs flat: harmless either way
    "many_shared_strings": (many_shared_strings, "разных текстов"),
    "entity_expansion": (entity_expansion, "DTD"),
    "many_entries": (many_entries, "частей"),
    "huge_tag": (huge_tag, "слишком длинный элемент"),
    "legacy_xls": (legacy_xls, "старом формате"),
    "opendocument": (opendocument, "OpenDocument"),
    "not_a_workbook": (not_a_workbook, "не является книгой Excel"),
    "empty_file": (empty_file, None),  # a form may refuse it first, as an empty file
    "truncated": (truncated, "повреждён"),
    "zip_without_workbook": (zip_without_workbook, "не является книгой Excel"),
    "encrypted_flag": (encrypted_flag, "паролем"),
    "corrupt_sheet_stream": (corrupt_sheet_stream, "повреждён"),
    "future_zip_version": (future_zip_version, "повреждён"),
}


@functools.cache
def made(name: str) -> bytes:
    """The named hostile file, built once per process (the zip bomb takes a second to compress)."""
    return HOSTILE[name][0]()
