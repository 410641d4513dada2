"""«Мои задания»: the user's jobs with their progress (htmx polling) and the files to download."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from orientir.jobs import runner, selectors


@login_required
def job_list(request):
    runner.fail_stale()
    jobs = list(selectors.jobs_of(request.user))
    return render(request, "jobs/job_list.html", {"jobs": jobs, "keep_hours": settings.JOBS_KEEP_HOURS,
                                                  "poll": any(job.active for job in jobs)})


@login_required
def job_row(request, pk: int):
    """One job's row, polled by the page while the job is queued or running (a finished row stops polling)."""
    runner.fail_stale()
    job = selectors.job_of(request.user, pk)
    return render(request, "jobs/_job_row.html", {"job": job})


@login_required
def job_download(request, pk: int):
    job = selectors.job_of(request.user, pk)
    if job.status != job.Status.DONE or not job.file:
        raise Http404("Файла нет.")
    path = Path(settings.MEDIA_ROOT) / job.file
    if not path.is_file():
        raise Http404("Файл удалён: срок хранения истёк.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.filename)
