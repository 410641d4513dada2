from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "orientir.guidance"
    label = "guidance"
    verbose_name = "Обучающиеся и профориентация"

    def ready(self):
        from orientir.core import audit

        from . import timeline  # noqa: F401 - registers the guidance part of a person's timeline

        audit.register_labels({"moved": "Изменение порядка мероприятий"})
