"""Reports as classes that yield rows, and the shared XLSX and PDF renderers.

A report declares its title and columns and yields plain rows; renderers never query the database
themselves, so every format shows the same data.
"""

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.http import FileResponse
from django.utils import timezone

from orientir.core import xlsx
from orientir.core.downloads import attachment


@dataclass(frozen=True)
class Column:
    """One column: its Russian header and width in characters."""

    title: str
    width: int = 18
    kind: str = "text"  # text | date | number | money | decimal (one decimal place: a percent such as 73.3)


@dataclass
class Report:
    """A titled table: `columns` plus an iterable of rows (tuples in column order)."""

    title: str
    columns: list[Column]
    rows: Iterable[tuple]
    subtitle: str = ""
    filename: str = "report"
    notes: list[str] = field(default_factory=list)
    appendix: list["Report"] = field(default_factory=list)  # further tables printed after this one (PDF only)


# A long export is written off the request by a task worker: the jobs app registers how (orientir.jobs.exports.defer,
# decision 56, from JobsConfig.ready); core does not import it. `defer(report, fmt=..., landscape=..., total=...)`
# answers the response that replaces the download, or None to write the file in the request.
_DEFERRERS: list = []


def defer_exports_with(func):
    """Register a deferrer of long exports (the jobs app's)."""
    if func not in _DEFERRERS:
        _DEFERRERS.append(func)
    return func


def defer_export(report: Report, **how):
    """The response of a deferrer that takes the export off the request, or None (no deferrer, or a short one)."""
    for defer in _DEFERRERS:
        response = defer(report, **how)
        if response is not None:
            return response
    return None


def write_xlsx(report: Report, path_or_file) -> int:
    """Write the report to an XLSX file (a path or a binary file object), streaming; returns the data rows.

    The sheet: title, subtitle, frozen header with an autofilter, the rows, notes under them
    (orientir.core.xlsx, docs/decisions.md record 37).
    """
    return xlsx.write_report(report, path_or_file)


def xlsx_response(report: Report) -> FileResponse:
    """Render the report to a temporary file and stream it as a download.

    A report longer than JOBS_EXPORT_THRESHOLD rows is written off the request instead: the page gets «Мои задания»
    at once and the file is made by a task worker with its progress shown (orientir.jobs.exports, decision 56).
    """
    deferred = defer_export(report)
    if deferred is not None:
        return deferred
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(report, tmp)
    tmp.seek(0)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    return FileResponse(tmp, as_attachment=True, filename=f"{report.filename}-{stamp}.xlsx")


class QueryRows:
    """Rows of a queryset through `build`, streamed without loading it whole; `count()` asks the database how many
    there will be (the export helper decides by it whether to write the file off the request)."""

    def __init__(self, queryset, build, chunk_size: int = 2000):
        self.queryset, self.build, self.chunk_size = queryset, build, chunk_size

    def __iter__(self) -> Iterator[tuple]:
        build = self.build
        for obj in self.queryset.iterator(chunk_size=self.chunk_size):
            yield build(obj)

    def count(self) -> int:
        return self.queryset.count()


def iter_rows(queryset, build, chunk_size: int = 2000) -> QueryRows:
    """Stream rows of a queryset through `build` without loading it whole."""
    return QueryRows(queryset, build, chunk_size)


def render_pdf(report: Report, *, landscape: bool = True) -> bytes:
    """Render the report as a printable PDF (A4) through the shared table template."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    rows = [[_pdf_cell(v) for v in row] for row in report.rows]
    appendix = [(extra, [[_pdf_cell(v) for v in row] for row in extra.rows]) for extra in report.appendix]
    html = render_to_string("reports/table_pdf.html", {"report": report, "rows": rows, "landscape": landscape,
                                                       "appendix": appendix, "generated": timezone.localtime()})
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
    if isinstance(value, float):  # the printed page speaks Russian: 73,3, not 73.3
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return value


def pdf_response(report: Report, *, landscape: bool = True, total: int | None = None):
    """The report as a PDF download; one of more than JOBS_PDF_THRESHOLD rows (`total` when its rows are a generator)
    is laid out by a task worker instead, as a big Excel export is (decision 66)."""
    from django.http import HttpResponse

    deferred = defer_export(report, fmt="pdf", landscape=landscape, total=total)
    if deferred is not None:
        return deferred
    response = HttpResponse(render_pdf(report, landscape=landscape), content_type="application/pdf")
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = attachment(f"{report.filename}-{stamp}.pdf")
    return response
