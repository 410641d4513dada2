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
        self.stdout.write(f"{mun}: прогнозы по данным каждого года, сравнение с фактом следующих лет")
        self.stdout.write(f"{'Группа':<32}{'Лет':>4}{'WAPE прогноза':>15}{'WAPE наивного':>15}"
                          f"{'Смещение':>10}{'В P10–P90':>11}{'В P25–P75':>11}{'Инт. оценка':>13}{'Ячеек-лет':>11}")
        sectors = dict(Sector.choices)

        def number(value, places=3):
            return "—" if value != value or value in (float("inf"), float("-inf")) else f"{value:.{places}f}"

        for row in result.summary_rows():
            group = sectors.get(row["group"], row["group"])
            self.stdout.write(f"{group:<32}{row['lead']:>4}{number(row['wape']):>15}{number(row['baseline_wape']):>15}"
                              f"{number(row['bias']):>10}{row['inside80']:>11.0%}{row['inside50']:>11.0%}"
                              f"{number(row['interval_score'], 2):>13}{row['n']:>11}")
