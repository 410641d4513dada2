"""Create a municipality with the committee units the plan names, for a real (non-demo) deployment."""

from django.core.management.base import BaseCommand
from django.db import transaction

from orientir.directory.models import CommitteeUnit, Municipality
from orientir.directory.reference import COMMITTEE_UNITS


class Command(BaseCommand):
    help = "Создаёт муниципальное образование и подразделения Комитета — ответственных исполнителей плана."

    def add_arguments(self, parser):
        parser.add_argument("name", help="наименование, например «Городской округ город Кострома»")
        parser.add_argument("--short-name", default="")

    @transaction.atomic
    def handle(self, *args, name, short_name, **options):
        mun, created = Municipality.objects.get_or_create(name=name, defaults={"short_name": short_name})
        for unit_name, unit_short, kind, sector in COMMITTEE_UNITS:
            CommitteeUnit.objects.get_or_create(municipality=mun, short_name=unit_short,
                                                defaults={"name": unit_name, "kind": kind, "sector": sector})
        state = "создано" if created else "уже было"
        self.stdout.write(self.style.SUCCESS(f"{mun.name}: {state}; подразделений {mun.units.count()}."))
