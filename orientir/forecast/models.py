"""Frozen forecasts and the record of what was sent to the regional bodies."""

from django.conf import settings
from django.db import models

from orientir.core.text import YEARS, count
from orientir.directory.models import Municipality


class ForecastSnapshot(models.Model):
    """A forecast as it was made: its inputs' year, levers and results, kept unchanged for the backtest."""

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="forecasts")
    base_year = models.PositiveIntegerField("По данным мониторинга за год")
    horizon = models.PositiveSmallIntegerField("Горизонт, лет")
    levers = models.JSONField("Параметры сценария", default=dict)
    rows = models.JSONField("Прогноз по ячейкам и годам", default=list)
    contract_rows = models.JSONField("Потребность в договорах", default=list)
    rates = models.JSONField("Использованные коэффициенты", default=dict)
    note = models.CharField("Комментарий", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Сформировал", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Сформирован", auto_now_add=True)

    class Meta:
        verbose_name = "Зафиксированный прогноз"
        verbose_name_plural = "Зафиксированные прогнозы"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Прогноз по данным {self.base_year} года на {count(self.horizon, YEARS)} от {self.created_at:%d.%m.%Y}"

    @property
    def scenario_text(self) -> str:
        """The levers in words, as the forecast page shows them."""
        from orientir.accounts.roles import Sector

        lv = self.levers or {}
        growth = f"{100 * lv.get('growth_rate', 0):+.1f}".replace(".", ",")
        parts = [f"выбытие {100 * lv.get('leaving_multiplier', 1):.0f} % от оценки", f"рост ставок {growth} % в год"]
        if lv.get("sector"):
            parts.append(f"отрасль: {dict(Sector.choices).get(lv['sector'], lv['sector'])}")
        return ", ".join(parts)


class ReportSubmission(models.Model):
    """A report sent to a regional body: which, when, to whom, the file as sent."""

    class Kind(models.TextChoices):
        FORECAST = "forecast", "Прогноз потребности в кадрах на среднесрочный период"
        CONTRACTS = "contracts", "Потребность в заключении договоров о целевом обучении"

    snapshot = models.ForeignKey(ForecastSnapshot, verbose_name="Прогноз", on_delete=models.PROTECT,
                                 related_name="submissions")
    kind = models.CharField("Отчёт", max_length=20, choices=Kind.choices)
    recipient = models.CharField("Получатель", max_length=300)
    submitted_on = models.DateField("Дата направления")
    outgoing_number = models.CharField("Исходящий номер", max_length=50, blank=True)
    file = models.FileField("Файл отчёта", upload_to="forecast/submissions/%Y/")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Внёс", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Направление отчёта"
        verbose_name_plural = "Направления отчётов"
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}, {self.submitted_on:%d.%m.%Y}"
