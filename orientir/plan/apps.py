from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "orientir.plan"
    label = "plan"
    verbose_name = "План (циклограмма)"
