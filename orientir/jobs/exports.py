"""Big exports and long PDFs off the request (docs/decisions.md, records 56 and 66).

`core.tables.xlsx_response` and `pdf_response` ask `defer()` first. On a page's request (the middleware below keeps
it) whose report has more rows than JOBS_EXPORT_THRESHOLD (Excel) or JOBS_PDF_THRESHOLD (PDF, whose layout costs
about 10 ms a row), it starts an export job and answers at once with «Мои задания». The
worker then repeats the same request: the same view, user and filters, so the same access rules and the same
report, and writes the file with its progress. The view's own writes in that repeat (its export log entry, already
made by the first request) are rolled back; the read of personal data is logged when the file is written, as the
read-log middleware does for a download.
"""

import contextvars
import itertools

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from orientir.jobs import runner, services
from orientir.jobs.pages import number, to_jobs

_request: contextvars.ContextVar = contextvars.ContextVar("jobs_request", default=None)
_replaying: contextvars.ContextVar = contextvars.ContextVar("jobs_replaying", default=False)


class CurrentRequestMiddleware:
    """Keeps the request being answered, for `defer()`: the export helper is called without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


class Captured(HttpResponse):
    """What the export helpers answer in a worker's repeat of the request: the report itself, and its format."""

    def __init__(self, report, fmt: str = "xlsx", landscape: bool = True):
        super().__init__(status=204)
        self.report, self.fmt, self.landscape = report, fmt, landscape


def count_rows(rows) -> int | None:
    """How many rows a report has, if that can be known without reading them."""
    if hasattr(rows, "count") and callable(rows.count) and not isinstance(rows, (list, tuple)):
        return rows.count()
    try:
        return len(rows)
    except TypeError:
        return None


def _total(report, fmt: str) -> int | None:
    """The rows the file will hold; a PDF prints its appendix tables too."""
    reports = [report, *report.appendix] if fmt == "pdf" else [report]
    counts = [count_rows(r.rows) for r in reports]
    return None if None in counts else sum(counts)


def defer(report, *, fmt: str = "xlsx", landscape: bool = True, total: int | None = None):
    """None (write the file in this request) or the response that replaces the download. `total` is for a report
    whose rows are a generator: the view knows how many it will yield."""
    if _replaying.get():
        return Captured(report, fmt, landscape)
    request = _request.get()
    if request is None or request.method != "GET" or not getattr(request, "user", None) \
            or not request.user.is_authenticated:
        return None
    if total is None:
        total = _total(report, fmt)
    threshold = settings.JOBS_PDF_THRESHOLD if fmt == "pdf" else settings.JOBS_EXPORT_THRESHOLD
    if total is None or total <= threshold:
        return None
    what = "Отчёт в PDF" if fmt == "pdf" else "Выгрузка в Excel"
    services.start(request.user, kind="export", title=f"{what}: {report.title}",
                   params={"path": request.path, "query": request.GET.urlencode(), "total": total, "fmt": fmt})
    if fmt == "pdf":
        return to_jobs(request, f"Отчёт «{report.title}» в PDF ({number(total)} строк) готовится в фоне: ход и файл "
                                "— на этой странице.")
    return to_jobs(request, f"Выгрузка «{report.title}» ({number(total)} строк) готовится в фоне: ход и файл — на "
                            "этой странице.")


def replay(user, path: str, query: str = ""):
    """(request, resolver match, response) of the page `path?query` answered for `user` as a download would be: the
    export helpers give back their report (`Captured`), and the view's writes are rolled back."""
    request = RequestFactory().get(path, data=None, QUERY_STRING=query)
    request.user = user
    request.session = {}
    request.htmx = False
    match = resolve(path)
    request.resolver_match = match
    token = _replaying.set(True)
    try:
        with transaction.atomic():
            response = match.func(request, *match.args, **match.kwargs)
            transaction.set_rollback(True)
    finally:
        _replaying.reset(token)
    return request, match, response


def _replay(job):
    """The report the export's view builds for the job's user and filters (its writes rolled back)."""
    params = job.params
    request, match, response = replay(job.owner, params["path"], params.get("query", ""))
    if not isinstance(response, Captured):
        raise runner.JobError("Выгрузка больше недоступна с этими условиями: откройте страницу и выгрузите заново.")
    return request, match, response


def write(captured: Captured, out, progress=None, share: float = 95, total: int | None = None) -> None:
    """The captured report as its file (XLSX or PDF) into a binary file; progress up to `share` percent."""
    from orientir.core import tables

    report = captured.report
    if captured.fmt == "pdf":
        if progress is not None:
            progress(share / 3, f"Вёрстка PDF: {number(_total(report, 'pdf') or 0)} строк", force=True)
        out.write(tables.render_pdf(report, landscape=captured.landscape))
        return
    if progress is not None:
        total = count_rows(report.rows) or total or 1
        report.rows = _counted(report.rows, total, progress, share)
    tables.write_xlsx(report, out)


def log_read(user, request, match) -> None:
    """The read of personal data a download of that page is, logged as the read-log middleware does."""
    from orientir.core import audit, personal_data

    read = personal_data.READS.get(match.view_name)
    if read is not None:
        audit.record_read(actor=user, view=match.view_name, label=read.label, model=read.model,
                          object_id=match.kwargs.get(read.kwarg), filters=audit.filters_repr(request.GET))


def _counted(rows, total: int, progress, share: float = 95):
    """The rows as they are, reporting the share written every fiftieth part (at most every thousand rows)."""
    done, step = 0, max(1, min(1000, total // 50))
    it = iter(rows)
    while chunk := list(itertools.islice(it, step)):
        yield from chunk
        done += len(chunk)
        progress(share * done / max(total, 1), f"Записано строк: {number(done)} из {number(total)}")


@runner.kind("export")
def export(job, progress):
    progress(0, "Отбор данных", force=True)
    request, match, captured = _replay(job)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    path = progress.output(f"{captured.report.filename}-{stamp}.{captured.fmt}")
    with open(path, "wb") as out:
        write(captured, out, progress, total=job.params.get("total"))
    progress(99, "Файл записан", force=True)
    log_read(job.owner, request, match)
