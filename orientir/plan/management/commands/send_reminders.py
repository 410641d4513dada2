"""Daily job for cron: e-mail each responsible person a digest of due and overdue plan tasks (at once, or through a
task worker with --enqueue)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from orientir.plan.reminders import send_reminders


class Command(BaseCommand):
    help = "Рассылает ответственным напоминания о задачах плана: срок в ближайшие 7 дней и просроченные."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="дата рассылки ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--base-url", default="", help="адрес системы для ссылок в письмах")
        parser.add_argument("--enqueue", action="store_true",
                            help="не рассылать самой, а передать рассылку обработчику фоновых заданий")

    def handle(self, *args, date, base_url, enqueue=False, **options):
        today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        if enqueue:
            from orientir.plan.tasks import send_reminders_task

            result = send_reminders_task.enqueue(today.isoformat(), base_url)
            self.stdout.write(f"{today:%d.%m.%Y}: рассылка передана обработчику заданий (№ {result.id}).")
            return
        result = send_reminders(today=today, base_url=base_url)
        self.stdout.write(f"{today:%d.%m.%Y}: писем {result['people']}, задач в них {result['tasks']}.")
