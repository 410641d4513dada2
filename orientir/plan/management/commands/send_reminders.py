"""Daily job for cron: e-mail each responsible person a digest of due and overdue plan tasks."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from orientir.plan.reminders import send_reminders


class Command(BaseCommand):
    help = "Рассылает ответственным напоминания о задачах плана: срок в ближайшие 7 дней и просроченные."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="дата рассылки ГГГГ-ММ-ДД (по умолчанию сегодня)")
        parser.add_argument("--base-url", default="", help="адрес системы для ссылок в письмах")

    def handle(self, *args, date, base_url, **options):
        today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        result = send_reminders(today=today, base_url=base_url)
        self.stdout.write(f"{today:%d.%m.%Y}: писем {result['people']}, задач в них {result['tasks']}.")
