from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "orientir.jobs"
    verbose_name = "Задания"
    default_auto_field = "django.db.models.BigAutoField"
