from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "orientir.accounts"
    label = "accounts"
    verbose_name = "Пользователи и доступ"

    def ready(self):
        from . import access, personal_data  # noqa: F401 - staff and officials in the personal-data inventory

        access.discover()  # every app's scopes.py registers how its records are scoped (decision 61)
