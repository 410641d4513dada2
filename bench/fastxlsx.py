"""A prototype streaming XLSX writer, measured beside orientir.core.tables.write_xlsx.

Not used by the application: it shows what a hand-rolled writer of the same sheet (title, subtitle,
header, column widths, frozen header, autofilter, notes, the same four cell formats) costs, so that the
project can decide whether to replace XlsxWriter for the 1,000,000-row export. It writes the sheet XML
straight into the zip member in chunks: memory stays flat whatever the number of rows.
"""

import datetime
import decimal
import re
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone

_EPOCH = datetime.datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Style ids in styles.xml below: 1 title, 2 header, 3 text, 4 date, 5 number, 6 money.
_KIND_STYLE = {"text": 3, "date": 4, "number": 5, "money": 6}

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Данные" sheetId="1" r:id="rId1"/></sheets><definedNames>{filter}</definedNames></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>Ориентир</dc:creator></cp:coreProperties>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="# ##0"/><numFmt numFmtId="166" formatCode="# ##0.00"/></numFmts><fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="13"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="166" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _text(value: str) -> str:
    if _BAD_XML.search(value):
        value = _BAD_XML.sub("", value)
    return escape(value)


def _str(ref, value, style):
    if not value:
        return f'<c r="{ref}" s="{style}"/>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'


def _num(ref, value, style):
    return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'


def _bool(ref, value, style):
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{"да" if value else "нет"}</t></is></c>'


def _none(ref, value, style):
    return f'<c r="{ref}" s="{style}"/>'


def _decimal(ref, value, style):
    return f'<c r="{ref}" s="{style}"><v>{float(value)!r}</v></c>'


def _datetime(ref, value, style):
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    delta = value - _EPOCH
    return f'<c r="{ref}" s="4"><v>{delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400!r}</v></c>'


def _date(ref, value, style):
    return f'<c r="{ref}" s="4"><v>{(value - _EPOCH_DATE).days}</v></c>'


def _other(ref, value, style):
    if isinstance(value, datetime.datetime):
        return _datetime(ref, value, style)
    if isinstance(value, datetime.date):
        return _date(ref, value, style)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _num(ref, value, style)
    return _str(ref, str(value), style)


# Dispatch on the exact type: one dict look-up per cell instead of a chain of isinstance checks.
_BY_TYPE = {str: _str, int: _num, float: _num, bool: _bool, type(None): _none, decimal.Decimal: _decimal,
            datetime.datetime: _datetime, datetime.date: _date}


def _cell(ref: str, value, style: int) -> str:
    """One <c> element; the same conversions as orientir.core.tables._cell."""
    return _BY_TYPE.get(type(value), _other)(ref, value, style)


def write_xlsx_fast(report, path, *, compresslevel: int = 1, chunk_rows: int = 2000) -> int:
    """Write the report like write_xlsx does, streaming the sheet XML; returns the number of data rows."""
    columns = report.columns
    letters = [_letters(i) for i in range(max(len(columns), 1))]
    styles = [_KIND_STYLE.get(c.kind, 3) for c in columns]
    header_row = 4  # 1-based: title, subtitle, blank, header — as in write_xlsx
    subtitle = report.subtitle or f"Сформировано {timezone.localtime():%d.%m.%Y %H:%M}"
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{c.width + 0.7}" customWidth="1"/>'
                           for i, c in enumerate(columns))
            head = "".join(_cell(f"{letters[i]}{header_row}", c.title, 2) for i, c in enumerate(columns))
            out.write((
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" '
                'state="frozen"/></sheetView></sheetViews>'
                + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>"
                + f'<row r="1">{_cell("A1", report.title, 1)}</row><row r="2">{_cell("A2", subtitle, 0)}</row>'
                + f'<row r="{header_row}">{head}</row>').encode())
            buf: list[str] = []
            pairs = list(zip(letters, styles))
            by_type = _BY_TYPE
            for count, row in enumerate(report.rows, start=1):
                r = header_row + count
                buf.append(f'<row r="{r}">' + "".join(by_type.get(type(value), _other)(f"{letter}{r}", value, style)
                                                     for (letter, style), value in zip(pairs, row)) + "</row>")
                if len(buf) >= chunk_rows:
                    out.write("".join(buf).encode())
                    buf.clear()
            last = header_row + count
            for offset, note in enumerate(report.notes, start=2):
                buf.append(f'<row r="{last + offset}">{_cell(f"A{last + offset}", note, 0)}</row>')
            buf.append("</sheetData>")
            ref = ""
            if columns:
                ref = f"$A${header_row}:${letters[len(columns) - 1]}${header_row + max(count, 1)}"
                buf.append(f'<autoFilter ref="{ref.replace("$", "")}"/>')
            buf.append("</worksheet>")
            out.write("".join(buf).encode())
        defined = (f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Данные!{ref}</definedName>'
                   if ref else "")
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("docProps/core.xml", _CORE.format(title=escape(report.title)))
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(filter=defined).replace("<definedNames></definedNames>", ""))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
    return count
