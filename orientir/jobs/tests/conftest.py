"""The job tests run on both task backends: the database (django-tasks-db) and RQ on Redis (django-tasks-rq).

Redis: REDIS_URL when set (`.ci/run` starts a private one); else a private redis-server started here on a free
port in a temporary directory; without redis-server the RQ variant is skipped, but fails under CI=true.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed: the RQ variant of the job tests cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must install it: see .ci/run)")
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


class Backend:
    """The task backend a test runs on: `drain()` runs every queued task to its end in this process."""

    def __init__(self, name, url=None):
        self.name, self.url = name, url

    def settings(self, settings):
        if self.name == "rq":
            settings.RQ_QUEUES = {"default": {"URL": self.url, "DEFAULT_TIMEOUT": 600}}
            settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
            self.queue().empty()
        else:
            settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def queue(self):
        import django_rq
        from django_tasks_rq.backend import Job

        return django_rq.get_queue("default", job_class=Job)

    def drain(self):
        if self.name == "rq":
            from rq import SimpleWorker

            class BurstWorker(SimpleWorker):
                # A worker's channel for commands (stop, kill a job) is listened to by a thread that RQ stops only
                # when its minute-long wait ends: each drain would cost a minute. A burst run takes no commands.
                def subscribe(self):
                    self.pubsub_thread = None

            queue = self.queue()
            BurstWorker([queue], connection=queue.connection, job_class=queue.job_class).work(burst=True)
        else:
            from unittest import mock

            from django_tasks_db.management.commands import db_worker
            from django_tasks_db.management.commands.db_worker import Worker

            # the test's transaction holds the connection: the worker must not close it between tasks
            with mock.patch.object(db_worker, "close_old_connections", lambda: None):
                Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                       max_tasks=None, worker_id="test", excluded_queue_names=[]).run()


def _own_database(url: str) -> str:
    """The Redis URL with a database of this test process's own: parallel test processes (pytest-xdist) each have
    their own test database, so one must never run another's queued job."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 1 + int(worker.removeprefix("gw") or 0) % 15
    return url.rsplit("/", 1)[0] + f"/{number}"


@pytest.fixture(params=["database", "rq"])
def backend(request, settings):
    url = _own_database(request.getfixturevalue("redis_url")) if request.param == "rq" else None
    chosen = Backend(request.param, url)
    chosen.settings(settings)
    return chosen


@pytest.fixture(autouse=True)
def _job_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOBS_PROGRESS_SECONDS = 0
    return settings.MEDIA_ROOT
