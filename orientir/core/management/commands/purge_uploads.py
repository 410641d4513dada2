"""Daily job for cron: delete files uploaded for import and kept past their day (they may hold pupils' data)."""

from django.core.management.base import BaseCommand

from orientir.core.imports import staging


class Command(BaseCommand):
    help = "Удаляет файлы, загруженные для импорта и хранящиеся дольше суток."

    def handle(self, *args, **options):
        self.stdout.write(f"Удалено загруженных файлов старше суток: {staging.purge()}.")
