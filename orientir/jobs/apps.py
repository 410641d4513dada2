from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "orientir.jobs"
    verbose_name = "Задания"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from orientir.core import tables

        from . import exports

        tables.defer_exports_with(exports.defer)  # a long export becomes a job (core.tables asks, decision 56)
