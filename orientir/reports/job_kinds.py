"""The report book's archive written by a task worker (decision 66)."""

from django.utils import timezone

from orientir.accounts import access
from orientir.jobs import runner
from orientir.plan import selectors as plan_selectors

from . import bookfiles


@runner.kind("reportbook")
def report_book_archive(job, progress):
    user = job.owner
    if not access.has_perm(user, "reports.view"):
        raise runner.JobError("Книга отчётов вам больше недоступна: права учётной записи изменились.")
    today = timezone.localdate()
    version = plan_selectors.version_for_year(user, job.params["year"], today)
    if version is None:
        raise runner.JobError(f"Плана на {job.params['year']} год больше нет в системе.")
    progress(0, "Отбор отчётов книги", force=True)
    with open(progress.output(bookfiles.archive_name(version)), "wb") as out:
        count = bookfiles.write_archive(user, version, today, out, progress)
    return runner.Outcome(f"В архиве таблица книги и отчётов: {count}.")
