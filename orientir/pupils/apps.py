from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "orientir.pupils"
    # The label the app was born with: it names the tables, the migration history, the content types, the
    # permission keys and audit actions stored in every database, so it stays (decision 60).
    label = "guidance"
    verbose_name = "Обучающиеся и профориентация"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory
        from orientir.core import audit

        from . import timeline  # noqa: F401 - registers the pupils' part of a person's timeline

        audit.register_labels({"item_added": "Добавление мероприятия", "item_updated": "Изменение мероприятия",
                               "item_deleted": "Удаление мероприятия", "item_moved": "Изменение порядка мероприятий"})
