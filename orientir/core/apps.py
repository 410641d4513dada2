from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "orientir.core"
    label = "core"
    verbose_name = "Ядро"

    def ready(self):
        from . import lookups  # noqa: F401 - registers the fold_contains lookup
