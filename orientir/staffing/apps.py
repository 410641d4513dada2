from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "orientir.staffing"
    label = "staffing"
    verbose_name = "Мониторинг кадровой обеспеченности"
