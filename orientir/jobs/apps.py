from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "orientir.jobs"
    verbose_name = "Задания"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from orientir.core import tables

        from . import exports

        tables.defer_exports_with(exports.defer)  # a long export becomes a job (core.tables asks, decision 56)

        from orientir.core.imports import page as import_page

        from . import imports

        import_page.defer_writes_with(imports.defer)  # so does a big import (the import page asks, decision 66)
