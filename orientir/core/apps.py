from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "orientir.core"
    label = "core"
    verbose_name = "Ядро"
