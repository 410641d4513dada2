from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "orientir.careers"
    label = "careers"
    verbose_name = "Профориентация"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory
        from orientir.core import audit

        from . import services_activities, timeline  # noqa: F401 - register the consent eraser and the timeline

        audit.register_labels({
            "approved": "Одобрение",
            "returned": "Возврат на доработку",
            "file_added": "Добавление файла",
            "session_added": "Добавление занятия",
            "session_deleted": "Удаление занятия",
            "participant_added": "Зачисление участника",
            "participant_removed": "Исключение участника",
            "attendance_saved": "Отметка посещаемости",
            "enrolled": "Зачисление на курс",
        })
