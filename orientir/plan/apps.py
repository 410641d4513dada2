from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "orientir.plan"
    label = "plan"
    verbose_name = "План (циклограмма)"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's pages in the personal-data inventory
