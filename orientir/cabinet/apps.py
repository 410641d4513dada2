from django.apps import AppConfig


class CabinetConfig(AppConfig):
    name = "orientir.cabinet"
    label = "cabinet"
    verbose_name = "Личный кабинет обучающегося, родителя, студента"

    def ready(self):
        from orientir.core import audit

        from . import deadlines  # noqa: F401 - documents to check and questions to answer in «Мои задачи»
        from . import home  # noqa: F401 - the tutor's questions waiting for an answer, on the home page
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory

        audit.register_labels({"invited": "Выдача приглашения в личный кабинет", "joined": "Регистрация в личном кабинете",
                               "linked": "Привязка к личному кабинету",
                               "uploaded": "Документ отправлен из личного кабинета", "accepted": "Документ принят",
                               "returned": "Документ возвращён", "asked": "Вопрос из личного кабинета",
                               "answered": "Ответ на вопрос из личного кабинета",
                               "emailed": "Приглашение отправлено по электронной почте"})
