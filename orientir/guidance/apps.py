from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "orientir.guidance"
    label = "guidance"
    verbose_name = "Обучающиеся и профориентация"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory
        from orientir.core import audit

        from . import timeline  # noqa: F401 - registers the guidance part of a person's timeline

        audit.register_labels({"item_added": "Добавление мероприятия", "item_updated": "Изменение мероприятия",
                               "item_deleted": "Удаление мероприятия", "item_moved": "Изменение порядка мероприятий"})
