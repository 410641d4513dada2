from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "orientir.guidance"
    label = "guidance"
    verbose_name = "Обучающиеся и профориентация"
