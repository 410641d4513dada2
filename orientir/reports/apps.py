from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "orientir.reports"
    label = "reports"
    verbose_name = "Итоги: воронка и книга отчётов"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's pages in the personal-data inventory
        from . import home  # noqa: F401 - the pipeline panel of the home page
