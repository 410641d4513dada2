from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "orientir.reports"
    label = "reports"
    verbose_name = "Итоги: воронка и книга отчётов"

    def ready(self):
        from . import home  # noqa: F401 - the pipeline panel of the home page
