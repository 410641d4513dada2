from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "orientir.contracts"
    label = "contracts"
    verbose_name = "Договоры о целевом обучении"
