"""Create a year's plan from the plan file (or copy the previous year's) and generate its tasks."""

from django.core.management.base import BaseCommand, CommandError

from orientir.directory.models import Municipality
from orientir.plan import services
from orientir.plan.models import PlanVersion


class Command(BaseCommand):
    help = "Создаёт план на год (из файла плана или копией предыдущего года) и формирует задачи."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--municipality", help="наименование; по умолчанию все")

    def handle(self, *args, year, municipality, **options):
        qs = Municipality.objects.all()
        if municipality:
            qs = qs.filter(name=municipality)
            if not qs.exists():
                raise CommandError(f"Муниципальное образование «{municipality}» не найдено.")
        for mun in qs:
            version = PlanVersion.objects.filter(municipality=mun, year=year).first()
            if version is None:
                previous = PlanVersion.objects.filter(municipality=mun, year__lt=year).order_by("-year").first()
                version = services.version_create(actor=None, municipality=mun, year=year, based_on=previous)
            summary = services.tasks_generate(actor=None, version=version)
            self.stdout.write(f"{mun}: план на {year} год, задач добавлено {summary['added']}, "
                              f"снято {summary['removed']}, всего {summary['total']}.")
