from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "orientir.students"
    label = "students"
    verbose_name = "Сопровождение студентов и трудоустройство"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory
        from . import services  # noqa: F401 - registers the Russian words of this app's actions
        from . import selectors  # noqa: F401 - registers the payments ledger as the liability's «support paid»
        from . import deadlines  # noqa: F401 - support deadlines in «Мои задачи»
        from . import hooks  # noqa: F401 - an employment record when the contract page records «Трудоустроен»
        from . import timeline  # noqa: F401 - registers the students part of a person's timeline
