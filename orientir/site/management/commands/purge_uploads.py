"""Daily job for cron: delete files uploaded for import and kept past their day (they may hold pupils' data), and the
background jobs' files kept past JOBS_KEEP_HOURS (orientir.jobs)."""

from django.core.management.base import BaseCommand

from orientir.core.imports import staging


class Command(BaseCommand):
    help = "Удаляет файлы, загруженные для импорта и хранящиеся дольше суток."

    def handle(self, *args, **options):
        from orientir.jobs import runner

        self.stdout.write(f"Удалено загруженных файлов старше суток: {staging.purge()}.")
        stale = runner.fail_stale()
        self.stdout.write(f"Удалено заданий с истёкшим сроком хранения файла: {runner.purge()}; отмечено "
                          f"остановившихся: {stale}.")
