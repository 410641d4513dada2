from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "orientir.forecast"
    label = "forecast"
    verbose_name = "Прогноз потребности в кадрах"
