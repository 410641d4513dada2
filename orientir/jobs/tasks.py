"""The one task the workers run: a job by its id (django-tasks; `django.tasks` from Django 6)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from orientir.jobs import runner

    runner.run(job_id)
