from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "orientir.mentoring"
    label = "mentoring"
    verbose_name = "Наставничество"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory
        from orientir.core import audit

        from . import services  # noqa: F401 - registers the consent eraser of a pupil's pairs
        from . import timeline  # noqa: F401 - registers the mentoring part of a person's timeline

        audit.register_labels({
            "proposed": "Предложение пары", "activated": "Начало работы пары", "completed": "Завершение пары",
            "cancelled": "Отмена пары", "goal_added": "Добавление цели", "goal_marked": "Отметка цели",
            "meeting_added": "Внесение встречи", "meeting_deleted": "Удаление встречи",
        })
