"""Big exports off the request (docs/decisions.md, record 56).

`core.tables.xlsx_response` asks `defer()` first. On a page's request (the middleware below keeps it) whose report
has more rows than JOBS_EXPORT_THRESHOLD, it starts an export job and answers at once with «Мои задания». The
worker then repeats the same request: the same view, user and filters, so the same access rules and the same
report, and writes the file with its progress. The view's own writes in that repeat (its export log entry, already
made by the first request) are rolled back; the read of personal data is logged when the file is written, as the
read-log middleware does for a download.
"""

import contextvars
import itertools

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from orientir.jobs import runner, services

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


class _Captured(HttpResponse):
    """What the export helper answers in the worker's repeat of the request: the report itself."""

    def __init__(self, report):
        super().__init__(status=204)
        self.report = report


def count_rows(rows) -> int | None:
    """How many rows a report has, if that can be known without reading them."""
    if hasattr(rows, "count") and callable(rows.count) and not isinstance(rows, (list, tuple)):
        return rows.count()
    try:
        return len(rows)
    except TypeError:
        return None


def defer(report):
    """None (write the file in this request) or the response that replaces the download."""
    if _replaying.get():
        return _Captured(report)
    request = _request.get()
    if request is None or request.method != "GET" or not getattr(request, "user", None) \
            or not request.user.is_authenticated:
        return None
    total = count_rows(report.rows)
    if total is None or total <= settings.JOBS_EXPORT_THRESHOLD:
        return None
    services.start(request.user, kind="export", title=f"Выгрузка в Excel: {report.title}",
                   params={"path": request.path, "query": request.GET.urlencode(), "total": total})
    shown = f"{total:,}".replace(",", "\N{NO-BREAK SPACE}")
    messages.info(request, f"Выгрузка «{report.title}» ({shown} строк) готовится в фоне: ход и файл — на этой "
                           "странице.")
    url = reverse("jobs:list")  # the new job is the list's first row
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _replay(job):
    """The report the export's view builds for the job's user and filters (its writes rolled back)."""
    params = job.params
    request = RequestFactory().get(params["path"], data=None, QUERY_STRING=params.get("query", ""))
    request.user = job.owner
    request.session = {}
    request.htmx = False
    match = resolve(params["path"])
    request.resolver_match = match
    token = _replaying.set(True)
    try:
        with transaction.atomic():
            response = match.func(request, *match.args, **match.kwargs)
            transaction.set_rollback(True)
    finally:
        _replaying.reset(token)
    if not isinstance(response, _Captured):
        raise runner.JobError("Выгрузка больше недоступна с этими условиями: откройте страницу и выгрузите заново.")
    return request, match, response.report


def _counted(rows, total: int, progress):
    """The rows as they are, reporting the share written every fiftieth part (at most every thousand rows)."""
    done, step = 0, max(1, min(1000, total // 50))
    it = iter(rows)
    while chunk := list(itertools.islice(it, step)):
        yield from chunk
        done += len(chunk)
        progress(95 * done / max(total, 1), f"Записано строк: {done:,} из {total:,}".replace(",", "\N{NO-BREAK SPACE}"))


@runner.kind("export")
def export(job, progress):
    from orientir.core import audit, personal_data, tables

    progress(0, "Отбор данных", force=True)
    request, match, report = _replay(job)
    total = count_rows(report.rows) or job.params.get("total") or 1
    report.rows = _counted(report.rows, total, progress)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    path = progress.output(f"{report.filename}-{stamp}.xlsx")
    with open(path, "wb") as out:
        tables.write_xlsx(report, out)
    progress(99, "Файл записан", force=True)
    read = personal_data.READS.get(match.view_name)
    if read is not None:
        audit.record_read(actor=job.owner, view=match.view_name, label=read.label, model=read.model,
                          object_id=match.kwargs.get(read.kwarg), filters=audit.filters_repr(request.GET))
