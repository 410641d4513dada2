from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "orientir.contracts"
    label = "contracts"
    verbose_name = "Договоры о целевом обучении"

    def ready(self):
        from . import personal_data  # noqa: F401 - this app's part of the personal-data inventory
        from orientir.core import audit

        from . import deadlines, services, timeline  # noqa: F401 - registers deadlines, timeline and guards

        audit.register_labels({"consent_recorded": "Согласие законного представителя",
                               "consent_annulled": "Аннулирование согласия представителя",
                               "support_added": "Добавление меры поддержки",
                               "support_removed": "Удаление меры поддержки",
                               "agreement_added": "Дополнительное соглашение",
                               "document_generated": "Формирование документа",
                               "template_uploaded": "Загрузка шаблона договора",
                               "template_restored": "Восстановление версии шаблона договора",
                               "template_reset": "Возврат к шаблону договора из поставки"})
