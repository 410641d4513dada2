"""Daily reminder digests: due within 7 days or overdue, at most once per task, person and day."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from .models import ReminderLog
from .selectors import reminder_digests


def send_reminders(*, today: datetime.date, base_url: str = "") -> dict:
    """Send each responsible person one digest of the tasks not yet reminded about today."""
    digests = reminder_digests(today)
    already = set(ReminderLog.objects.filter(sent_on=today).values_list("task_id", "user_id"))
    sent_people, sent_tasks = 0, 0
    connection = get_connection()
    for person, tasks in digests.items():
        fresh = [t for t in tasks if (t.pk, person.pk) not in already]
        if not fresh:
            continue
        overdue = [t for t in fresh if t.due_on < today]
        soon = [t for t in fresh if t.due_on >= today]
        body = render_to_string("plan/reminder_email.txt", {"person": person, "overdue": overdue, "soon": soon,
                                                            "today": today, "base_url": base_url})
        subject = f"Ориентир: {len(overdue)} просрочено, {len(soon)} со сроком в ближайшие 7 дней"
        with transaction.atomic():
            # The log rows are written first: a second run the same day finds them and sends nothing.
            try:
                ReminderLog.objects.bulk_create([ReminderLog(task=t, user=person, sent_on=today) for t in fresh])
            except IntegrityError:
                continue
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email], connection=connection).send()
        sent_people += 1
        sent_tasks += len(fresh)
    return {"people": sent_people, "tasks": sent_tasks}
