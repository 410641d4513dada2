"""A worker killed mid-job (SIGKILL: no chance to clean up) leaves a job that is failed by the sweep, with a Russian
reason and its half-written file removed: never «running» forever. On both backends, with real worker processes;
they need a database another process can open, so on SQLite (an in-memory test database) the test is skipped."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from orientir.jobs import runner, services
from orientir.jobs.models import Job

WORKER = Path(__file__).with_name("worker_proc.py")


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open: run with DATABASE_URL=postgres://…")
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_the_job_failed_not_running(personas, client_for, backend, settings, _job_media):
    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(_job_media), "JOBS_PROGRESS_SECONDS": "0"}
    if backend.name == "rq":
        env.update(TASKS_BACKEND="rq", REDIS_URL=backend.url)
    job = services.start(personas["committee"], kind="test-slow", title="Долгая проба", params={})
    worker = subprocess.Popen([sys.executable, str(WORKER), backend.name], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: Job.objects.filter(pk=job.pk, percent__gte=2).exists()), \
            worker.stderr.read().decode() if worker.poll() is not None else "the job did not start"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    job.refresh_from_db()
    assert job.status == "running"  # as the killed worker left it
    assert (_job_media / "jobs" / str(job.pk) / ".partial").exists()

    # the page sweeps once the job gave no sign of life for JOBS_STALE_SECONDS
    later = timezone.now() + datetime.timedelta(seconds=settings.JOBS_STALE_SECONDS + 1)
    assert runner.fail_stale(later) == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == runner.STALE_REASON
    assert not (_job_media / "jobs" / str(job.pk)).exists()
    row = client_for(personas["committee"]).get(reverse("jobs:row", args=[job.pk])).content.decode()
    assert "Обработчик заданий остановился" in row and "hx-trigger" not in row
