"""For cron: fail the jobs whose worker died, delete finished jobs and their files kept past JOBS_KEEP_HOURS."""

from django.core.management.base import BaseCommand

from orientir.jobs import runner


class Command(BaseCommand):
    help = "Удаляет файлы заданий, хранящиеся дольше срока, и отмечает задания остановившихся обработчиков."

    def handle(self, *args, **options):
        stale = runner.fail_stale()
        self.stdout.write(f"Отмечено остановившихся заданий: {stale}. Удалено заданий с истёкшим сроком: "
                          f"{runner.purge()}.")
