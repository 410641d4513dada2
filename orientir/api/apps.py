from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "orientir.api"
    verbose_name = "Программный интерфейс для органов власти области"
