"""The report book in one archive: written in the request when it is small, by a task worker otherwise."""

import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils import timezone
from django.views.decorators.http import require_POST

from orientir.accounts import access
from orientir.core import audit
from orientir.core.params import year_param
from orientir.jobs import services as jobs_services
from orientir.jobs.pages import to_jobs
from orientir.plan import selectors as plan_selectors

from . import bookfiles, reportbook


@login_required
@require_POST
def report_book_archive(request):
    access.require(request.user, "reports.view")
    today = timezone.localdate()
    version = plan_selectors.version_for_year(request.user, year_param(request.POST.get("year")), today)
    if version is None:
        raise Http404("План не найден")
    files = bookfiles.files_of(reportbook.report_book(request.user, version, today))
    if len(files) > settings.JOBS_BOOK_THRESHOLD:
        jobs_services.start(request.user, kind="reportbook", title=f"Книга отчётов на {version.year} год: архив",
                            params={"year": version.year})
        return to_jobs(request, f"Книга отчётов на {version.year} год (отчётов: {len(files)}) собирается в фоне: "
                                "ход и архив — на этой странице.")
    out = tempfile.TemporaryFile(suffix=".zip")
    bookfiles.write_archive(request.user, version, today, out)
    out.seek(0)
    audit.record(actor=request.user, action="reports.book.exported", instance=version)
    return FileResponse(out, as_attachment=True, filename=bookfiles.archive_name(version))
