"""A task worker in a process of its own, for the test that kills one mid-job (test_killed_worker.py).

Runs `python worker_proc.py database|rq` with DATABASE_URL (the test database), MEDIA_ROOT and, for RQ, TASKS_BACKEND
and REDIS_URL in the environment. Registers a slow kind of job that reports progress and then works on and on.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from orientir.jobs import runner  # noqa: E402


@runner.kind("test-slow")
def slow(job, progress):
    path = progress.output("slow.xlsx")
    with open(path, "wb") as out:
        for step in range(1, 10_000):
            out.write(b"PK" * 100)
            out.flush()
            progress(step, f"Шаг {step}", force=True)
            time.sleep(0.2)


if sys.argv[1] == "rq":
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker  # the job runs in this process: killing it kills the job mid-way

    queue = django_rq.get_queue("default", job_class=Job)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work()
else:
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0.1, batch=False, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="killed", excluded_queue_names=[]).run()
