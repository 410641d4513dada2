"""Reads of the jobs app. A job is its owner's alone: anyone else gets 404, whatever their rights."""

from django.http import Http404

from orientir.jobs.models import Job

LIST_SIZE = 50


def jobs_of(user):
    return Job.objects.filter(owner=user).order_by("-created_at", "-pk")[:LIST_SIZE]


def job_of(user, pk: int) -> Job:
    job = Job.objects.filter(owner=user, pk=pk).first()
    if job is None:
        raise Http404("Задание не найдено.")
    return job
