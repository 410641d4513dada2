"""Build the synthetic demo city (or region, or country) and print the demo logins."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from orientir.core import demo


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные: город, регион или страну (--scale), с фиксированным зерном."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="city")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true",
                            help="ничего не создавать, если в базе уже есть организации")

    def handle(self, *args, scale, seed, if_empty, **options):
        from orientir.accounts.models import User
        from orientir.directory.models import Organisation

        autodiscover_modules("demo")  # every app's demo.py registers its builders
        if if_empty and Organisation.objects.exists():
            self.stdout.write("База уже содержит данные — демонстрационные данные не загружаются.")
        else:
            started = time.monotonic()
            self.stdout.write(f"Создаю демонстрационные данные (масштаб: {scale}, зерно: {seed})…")
            with transaction.atomic():
                demo.run(scale, seed=seed, stdout=self.stdout.write)
                _refresh_statistics()
            self.stdout.write(self.style.SUCCESS(
                f"Готово за {time.monotonic() - started:.1f} с: организаций {Organisation.objects.count()}."))
        demo_users = User.objects.filter(email__endswith="@example.ru", username__in=[u[0] for u in _demo_users()])
        if demo_users.exists():
            self.stdout.write("\nДемонстрационные входы (пароль у всех: " + demo.DEMO_PASSWORD + "):")
            for user in demo_users.select_related("organisation", "municipality").order_by("id"):
                self.stdout.write(f"  {user.username:<10} {user.get_role_display()} — {user.scope_label}")
        for listing in demo.DEMO_LOGIN_LISTS:
            heading, rows = listing()
            if rows:
                self.stdout.write(f"\n{heading} (пароль тот же):")
                for login, who in rows:
                    self.stdout.write(f"  {login:<12} {who}")


def _demo_users():
    from orientir.accounts.demo import DEMO_USERS

    return DEMO_USERS


def _refresh_statistics() -> None:
    """PostgreSQL plans by table statistics; after a bulk load they still describe empty tables, and a report
    joining pupils, entries and sheets would be planned as if nothing were there (minutes instead of
    milliseconds). ANALYZE sees the rows of this transaction too."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
