"""The daily reminders as a task of the task workers (decision 66): cron or a systemd timer only puts it on the queue
(`send_reminders --enqueue`), and whichever worker is free sends the mail, so the machine that runs cron need not
reach the mail server and a slow mail server holds no one up."""

import logging

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task


log = logging.getLogger(__name__)


@task()
def send_reminders_task(day: str, base_url: str = "") -> dict:
    import datetime

    from .reminders import send_reminders

    result = send_reminders(today=datetime.date.fromisoformat(day), base_url=base_url)
    # the worker's log (journalctl) holds what the command would have printed
    log.info("Напоминания за %s: писем %s, задач в них %s.", day, result["people"], result["tasks"])
    return result
