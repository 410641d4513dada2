"""Writes of the jobs app: starting a job (audited) and handing it to the task backend once committed."""

from django.db import transaction

from orientir.core import audit
from orientir.jobs.models import Job


def start(user, *, kind: str, title: str, params: dict) -> Job:
    from orientir.jobs.tasks import run_job

    job = Job.objects.create(owner=user, kind=kind, title=title[:300], params=params)
    audit.record(actor=user, action="jobs.job.started", instance=job)

    def enqueue():
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    # the worker must find the job's row: enqueue once it is committed
    transaction.on_commit(enqueue)
    return job
