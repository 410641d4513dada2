from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "orientir.offers"
    label = "offers"
    verbose_name = "Предложения о целевом обучении"

    def ready(self):
        from . import importer, personal_data, timeline  # noqa: F401 - the import, the inventory, the timeline
        from orientir.core import audit

        audit.register_labels({"submitted": "Направление на согласование", "approved": "Согласование",
                               "returned": "Возврат на доработку", "placed": "Размещение на «Работа в России»",
                               "matched": "Сопоставление с обучающимся",
                               "contract_drafted": "Проект договора по заявке", "printed": "Печать списка",
                               "contract_not_moved": "Договор не переведён по статусу заявки"})
