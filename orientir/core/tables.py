"""Reports as classes that yield rows, and the shared XLSX renderer.

A report declares its title and columns and yields plain rows; renderers never query the database
themselves, so every format shows the same data.
"""

import datetime
import decimal
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone


@dataclass(frozen=True)
class Column:
    """One column: its Russian header and width in characters."""

    title: str
    width: int = 18
    kind: str = "text"  # text | date | number | money


@dataclass
class Report:
    """A titled table: `columns` plus an iterable of rows (tuples in column order)."""

    title: str
    columns: list[Column]
    rows: Iterable[tuple]
    subtitle: str = ""
    filename: str = "report"
    notes: list[str] = field(default_factory=list)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def write_xlsx(report: Report, path: str) -> int:
    """Write the report to an XLSX file in constant memory; returns the number of data rows."""
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "remove_timezone": True})
    workbook.set_properties({"title": report.title, "company": "Ориентир"})
    sheet = workbook.add_worksheet("Данные")
    title_fmt = workbook.add_format({"bold": True, "font_size": 13})
    head_fmt = workbook.add_format(
        {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    formats = {
        "text": workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "date": workbook.add_format({"border": 1, "num_format": "dd.mm.yyyy", "valign": "top"}),
        "number": workbook.add_format({"border": 1, "num_format": "# ##0", "valign": "top"}),
        "money": workbook.add_format({"border": 1, "num_format": "# ##0.00", "valign": "top"}),
    }
    sheet.write(0, 0, report.title, title_fmt)
    sheet.write(1, 0, report.subtitle or f"Сформировано {timezone.localtime():%d.%m.%Y %H:%M}")
    header_row = 3
    for col, column in enumerate(report.columns):
        sheet.set_column(col, col, column.width)
        sheet.write(header_row, col, column.title, head_fmt)
    count = 0
    for count, row in enumerate(report.rows, start=1):
        for col, (column, value) in enumerate(zip(report.columns, row)):
            value = _cell(value)
            if isinstance(value, (datetime.date, datetime.datetime)):
                sheet.write_datetime(header_row + count, col, value, formats["date"])
            else:
                sheet.write(header_row + count, col, value, formats.get(column.kind, formats["text"]))
    sheet.freeze_panes(header_row + 1, 0)
    if report.columns:
        sheet.autofilter(header_row, 0, header_row + max(count, 1), len(report.columns) - 1)
    for offset, note in enumerate(report.notes, start=2):
        sheet.write(header_row + count + offset, 0, note)
    workbook.close()
    return count


def xlsx_response(report: Report) -> FileResponse:
    """Render the report to a temporary file and stream it as a download."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(report, tmp)  # XlsxWriter accepts a file object as well as a path
    tmp.seek(0)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    return FileResponse(tmp, as_attachment=True, filename=f"{report.filename}-{stamp}.xlsx")


def iter_rows(queryset, build, chunk_size: int = 2000) -> Iterator[tuple]:
    """Stream rows of a queryset through `build` without loading it whole."""
    for obj in queryset.iterator(chunk_size=chunk_size):
        yield build(obj)


def render_pdf(report: Report, *, landscape: bool = True) -> bytes:
    """Render the report as a printable PDF (A4) through the shared table template."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    rows = [[_pdf_cell(v) for v in row] for row in report.rows]
    html = render_to_string("reports/table_pdf.html", {"report": report, "rows": rows, "landscape": landscape,
                                                       "generated": timezone.localtime()})
    return HTML(string=html).write_pdf()


def _pdf_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if timezone.is_aware(value) else \
            value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return value


def pdf_response(report: Report, *, landscape: bool = True):
    from django.http import HttpResponse

    response = HttpResponse(render_pdf(report, landscape=landscape), content_type="application/pdf")
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}-{stamp}.pdf"'
    return response
