from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "orientir.careers"
    label = "careers"
    verbose_name = "Профориентация"
