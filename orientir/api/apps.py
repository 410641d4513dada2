from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "orientir.api"
    verbose_name = "Программный интерфейс для органов власти области"

    def ready(self):
        from orientir.core.audit import register_labels

        register_labels({"read": "Чтение данных через API", "issued": "Выдача ключа API",
                         "revoked": "Отзыв ключа API"})
