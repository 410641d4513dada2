from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "orientir.mentoring"
    label = "mentoring"
    verbose_name = "Наставничество"
