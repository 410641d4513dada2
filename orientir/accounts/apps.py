from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "orientir.accounts"
    label = "accounts"
    verbose_name = "Пользователи и доступ"

    def ready(self):
        from . import personal_data  # noqa: F401 - staff and officials in the personal-data inventory
