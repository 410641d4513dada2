"""Big imports written by a task worker (decision 66).

The import page (orientir.core.imports.page) asks `defer()` when the user confirms a checked file: an import that
will write more than JOBS_IMPORT_THRESHOLD rows is started as a job and the page answers at once with «Мои
задания». The worker writes the file kept between the check and the confirmation (staging) through the import's own
`write`, in the same context, all or nothing, exactly as the page would have; the import's result sentence and the
page it returns to are the job's result.
"""

from django.conf import settings
from django.http import Http404

from orientir.jobs import runner, services
from orientir.jobs.pages import number, to_jobs


def defer(request, *, spec, upload, context, done_url, rows):
    if rows <= settings.JOBS_IMPORT_THRESHOLD:
        return None
    services.start(request.user, kind="import", title=f"Загрузка из Excel: «{upload.filename}»",
                   params={"import": spec.kind, "token": str(upload.pk), "context": context, "done_url": done_url,
                           "rows": rows})
    return to_jobs(request, f"Файл «{upload.filename}» ({number(rows)} строк) загружается в фоне: ход и итог — на "
                            "этой странице.")


def _spec(kind: str):
    from django.utils.module_loading import autodiscover_modules

    from orientir.core.imports import page

    if kind not in page.REGISTRY:  # a worker serves no page: the apps' importers register when imported
        autodiscover_modules("importer")
    return page.REGISTRY[kind]


@runner.kind("import", atomic=True)
def write(job, progress):
    from orientir.core.imports import page, staging

    params = job.params
    spec = _spec(params["import"])
    try:
        upload = staging.fetch(owner=job.owner, token=params["token"], kind=spec.kind)
    except Http404 as exc:
        raise runner.JobError(str(exc)) from None
    if upload.context != params["context"]:
        raise runner.JobError("Файл не найден.")
    # the import writes in one transaction: this stage is the one seen until it ends
    progress(5, f"Запись строк: {number(params['rows'])}", force=True)
    try:
        done = spec.write(actor=job.owner, data=staging.data_of(upload), context=params["context"])
    except page.ImportRefused as exc:  # the records changed since the preview: nothing written
        first = "; ".join(f"строка {row}{', ' + column if column else ''}: {message}"
                          for row, column, message in list(exc.errors)[:3])
        raise runner.JobError(f"{exc.message} Проверьте файл на странице загрузки заново. {first}".strip()) from None
    staging.discard(upload)
    return runner.Outcome(page.result_message(spec, done), url=params["done_url"])
