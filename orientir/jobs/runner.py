"""Runs a job in a task worker: progress and heartbeat, the file written aside and moved into place when whole, a
Russian reason when it fails, and the sweep that fails jobs whose worker died (docs/decisions.md, record 56).

A kind of job is a function `work(job, progress) -> Outcome | None` registered with `kind()`. It writes its file
through `progress.output(filename)`: a path in the job's own directory under a temporary name; the runner renames it
only after the work returned, and removes it on any failure, so nothing half-written is left. Work that makes no
file (plan generation, an import) returns an `Outcome`: the sentence «Мои задания» shows and the page to open.
Work that writes to the database runs in one transaction (`kind(atomic=True)`): a failure leaves no row of it.
"""

import datetime
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orientir.jobs.models import Job

log = logging.getLogger(__name__)

_KINDS: dict[str, tuple[Callable, bool]] = {}


class JobError(Exception):
    """A failure whose message is for the user, in Russian."""


@dataclass(frozen=True)
class Outcome:
    """What a job did, in Russian, and the page where it is seen (both shown on «Мои задания»)."""

    message: str
    url: str = ""


def discover() -> None:
    """Import every app's `job_kinds` module (and the exports' kind): a worker process serves no page, so nothing
    else would have registered the kinds it is asked to run."""
    from django.utils.module_loading import autodiscover_modules

    import orientir.jobs.exports  # noqa: F401

    autodiscover_modules("job_kinds")


def kind(name: str, *, atomic: bool = False):
    def register(func):
        _KINDS[name] = (func, atomic)
        return func
    return register


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.JOBS_KEEP_HOURS)


def job_dir(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)


class Progress:
    """What a job's work reports through: the percent and the stage, written at most every PROGRESS_SECONDS."""

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0
        self.partial: Path | None = None
        self.filename = ""

    def __call__(self, percent: float, stage: str | None = None, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < settings.JOBS_PROGRESS_SECONDS:
            return
        self.last = now
        fields = {"percent": max(0, min(99, int(percent))), "heartbeat_at": timezone.now()}
        if stage is not None:
            fields["stage"] = stage[:200]
        # a plain UPDATE outside any transaction of the work: the page polling the job sees it at once
        Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def output(self, filename: str) -> Path:
        """The path to write the result to (a temporary name in the job's directory)."""
        folder = job_dir(self.job)
        folder.mkdir(parents=True, exist_ok=True)
        self.filename = filename
        self.partial = folder / ".partial"
        return self.partial


def run(job_id: int) -> None:
    """Run the job once. A job already finished (a task delivered twice) is left as it is."""
    updated = Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(), percent=0,
        stage="Начато", error="")
    if not updated:
        return
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    if job.kind not in _KINDS:
        discover()
    try:
        func, atomic = _KINDS[job.kind]
    except KeyError:
        _fail(job, progress, "Неизвестный вид задания.")
        return
    try:
        if atomic:
            with transaction.atomic():
                outcome = func(job, progress)
        else:
            outcome = func(job, progress)
    except JobError as exc:
        _fail(job, progress, str(exc))
        return
    except Exception:
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, progress, "Задание прервано внутренней ошибкой; данные не изменены. Попробуйте ещё раз, а если "
                             "ошибка повторится, сообщите администратору.")
        return
    now = timezone.now()
    fields = {"status": Job.Status.DONE, "percent": 100, "stage": "Готово", "finished_at": now,
              "heartbeat_at": now, "expires_at": now + keep_for()}
    if isinstance(outcome, Outcome):
        fields.update(result=outcome.message[:500], result_url=outcome.url[:300])
    if progress.partial is not None:
        final = progress.partial.with_name("result" + Path(progress.filename).suffix)
        os.replace(progress.partial, final)
        fields.update(file=str(final.relative_to(settings.MEDIA_ROOT)), filename=progress.filename)
    if not Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(**fields):
        _remove_files(job)  # failed by the sweep meanwhile: its file is not shown


def _fail(job: Job, progress: Progress, reason: str) -> None:
    _remove_files(job)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=reason, finished_at=now, heartbeat_at=now,
                                         expires_at=now + keep_for(), file="", stage="Остановлено")


def _remove_files(job: Job) -> None:
    shutil.rmtree(job_dir(job), ignore_errors=True)


STALE_REASON = ("Обработчик заданий остановился, не закончив работу (перезапуск или сбой сервера). Незаконченный "
                "файл удалён. Запустите задание ещё раз.")


def fail_stale(now: datetime.datetime | None = None) -> int:
    """Fail the running jobs whose worker stopped giving signs of life (killed, the machine restarted)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.JOBS_STALE_SECONDS)
    stale = list(Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff))
    for job in stale:
        if Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).update(
                status=Job.Status.FAILED, error=STALE_REASON, finished_at=now, expires_at=now + keep_for(),
                file="", stage="Остановлено"):
            _remove_files(job)
    return len(stale)


def purge(now: datetime.datetime | None = None) -> int:
    """Delete the finished jobs kept past their time, with their files; returns how many."""
    now = now or timezone.now()
    expired = list(Job.objects.filter(expires_at__lt=now).exclude(status__in=[Job.Status.QUEUED,
                                                                               Job.Status.RUNNING]))
    for job in expired:
        _remove_files(job)
    Job.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
