"""What the system keeps about its own users and about officials named in the directory (the inventory:
orientir.core.personal_data). Withdrawal of a pupil's consent never touches these."""

from orientir.core.personal_data import KEEP, Holding, Read, Subject, register, register_reads, register_subject

STAFF = "Трудовые отношения и исполнение должностных обязанностей (п. 2 ч. 1 ст. 6 152-ФЗ)"

register_subject(Subject("staff", "accounts.User", "Работник — пользователь системы", check_links=False))
register(
    Holding("accounts.User", "staff", "", ("username", "last_name", "first_name", "middle_name", "email", "phone",
                                           "position_title"), STAFF, KEEP,
            why_kept="учётная запись действует, пока работник исполняет обязанности; затем её отключают"),
    Holding("core.AuditEntry", "staff", "actor", ("actor", "actor_name"), STAFF, KEEP,
            why_kept="журнал действий: кто, что и когда сделал (ч. 1 ст. 19 152-ФЗ)"),
    Holding("directory.Organisation", "staff", "", ("head_position", "head_last_name", "head_first_name",
                                                     "head_middle_name", "phone", "email"),
            "Сведения о руководителе юридического лица (общедоступны в ЕГРЮЛ)", KEEP,
            why_kept="реквизиты организации в договорах и отчётах"),
    Holding("directory.CommitteeUnit", "staff", "", ("head_name", "phone", "email"), STAFF, KEEP,
            why_kept="реквизиты подразделения Комитета в плане и отчётах"),
)
register(
    Holding("core.ImportUpload", "staff", "owner", ("owner", "filename", "data"),
            "Исполнение полномочий: загрузка сведений из файла (п. 2 ч. 1 ст. 6 152-ФЗ)", KEEP,
            why_kept="файл, загруженный для импорта (в нём бывают сведения обучающихся), хранится до загрузки и "
                     "не дольше суток, затем удаляется; читает его только тот, кто загрузил"),
)
register(
    Holding("core.DestructionAct", "staff", "actor", ("actor", "actor_name", "commission"), STAFF, KEEP,
            why_kept="акт об уничтожении персональных данных — доказательство уничтожения (приказ Роскомнадзора "
                     "от 28.10.2022 № 179); в нём нет данных уничтоженных записей"),
)
register_reads(Read("core:import_marked", "Файл загрузки с отмеченными ошибками"),
               Read("core:retention", "Персональные данные с истёкшим сроком хранения (к уничтожению)"))
