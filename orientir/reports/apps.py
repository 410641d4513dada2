from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "orientir.reports"
    label = "reports"
    verbose_name = "Итоги: воронка и книга отчётов"
