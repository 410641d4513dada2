from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "orientir.students"
    label = "students"
    verbose_name = "Сопровождение студентов и трудоустройство"
