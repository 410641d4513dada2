"""Score past forecasts against later returns and print WAPE beside the naive baseline."""

from django.core.management.base import BaseCommand, CommandError

from orientir.accounts.roles import Sector
from orientir.core.errors import DomainError
from orientir.directory.models import Municipality
from orientir.forecast import services


class Command(BaseCommand):
    help = "Проверка прогноза на истории: WAPE и смещение прогноза рядом с наивным прогнозом «вакансии не изменятся»."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="наименование; по умолчанию первое")

    def handle(self, *args, municipality, **options):
        mun = (Municipality.objects.filter(name=municipality) if municipality else Municipality.objects).first()
        if mun is None:
            raise CommandError("Муниципальное образование не найдено.")
        try:
            result = services.backtest(municipality_id=mun.pk)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{mun}: прогноз на год вперёд по данным каждого года, сравнение с фактом")
        self.stdout.write(f"{'Группа':<32}{'Сдвиг':>6}{'WAPE прогноза':>16}{'WAPE наивного':>16}"
                          f"{'Смещение':>12}{'Ячеек-лет':>11}")
        sectors = dict(Sector.choices)
        for row in result.summary_rows():
            group = sectors.get(row["group"], row["group"])
            self.stdout.write(f"{group:<32}{row['lead']:>6}{row['wape']:>16.3f}{row['baseline_wape']:>16.3f}"
                              f"{row['bias']:>12.3f}{row['n']:>11}")
