"""What the cabinet keeps about people (the inventory: orientir.core.personal_data), and which of its pages show a
pupil's or a contract's data (each read is logged like an official's)."""

from orientir.core.personal_data import DELETE, KEEP, Holding, Read, Subject, register, register_reads, \
    register_subject

OWN = "Согласие владельца учётной записи, данное при регистрации по приглашению (ст. 9 152-ФЗ)"
ACCOUNT_KEPT = ("учётная запись — собственная, её владелец сам ею пользуется; через неё законный представитель снова "
                "даёт согласие после отзыва и видит, что сведения удалены; закрывается по его просьбе")

register_subject(Subject("cabinet", "cabinet.Account", "Пользователь личного кабинета (обучающийся с 14 лет, "
                                                       "законный представитель, гражданин по договору)",
                         check_links=False))
register(
    Holding("cabinet.Account", "cabinet", "", ("user", "kind"), OWN, KEEP, why_kept=ACCOUNT_KEPT),
    Holding("cabinet.Link", "pupil", "pupil", ("account",), OWN, KEEP, why_kept=ACCOUNT_KEPT),
    Holding("cabinet.Invitation", "pupil", "pupil", ("kind", "issued_at", "expires_at", "used_at"),
            "Исполнение полномочий в сфере образования (п. 2 ч. 1 ст. 6 152-ФЗ)", DELETE),
    Holding("cabinet.Link", "contract", "contract", ("account",), OWN, KEEP,
            why_kept="доступ гражданина к своему договору, пока договор исполняется"),
    Holding("cabinet.Invitation", "contract", "contract", ("kind", "issued_at", "expires_at", "used_at"),
            "Договор о целевом обучении, стороной которого является гражданин (п. 5 ч. 1 ст. 6 152-ФЗ)", KEEP,
            why_kept="исполнение договора: выдача доступа гражданину к его договору"),
    # What people send from the cabinet (decision 65): a pupil's questions go with the consent; a contract's
    # documents are the citizen's proof of performing it.
    Holding("cabinet.Question", "pupil", "pupil", ("text", "answer", "asked_by", "asked_at", "answered_at"),
            "Согласие законного представителя или обучающегося (ст. 9 152-ФЗ)", DELETE),
    Holding("cabinet.Document", "contract", "contract", ("kind", "note", "filename", "content", "return_reason"),
            "Договор о целевом обучении, стороной которого является гражданин (п. 5 ч. 1 ст. 6 152-ФЗ)", KEEP,
            why_kept="подтверждение исполнения договора (обучение, трудоустройство): хранится с договором"),
)
register_reads(
    Read("cabinet:home", "Личный кабинет: дети и договоры владельца"),
    Read("cabinet:pupil", "Личный кабинет: маршрутный лист, часы, план обучающегося", "guidance.Pupil"),
    Read("cabinet:consent", "Личный кабинет: согласия на обработку персональных данных", "guidance.Pupil"),
    Read("cabinet:contract", "Личный кабинет: договор, выплаты, срок отработки", "contracts.Contract"),
    Read("cabinet:contract_documents", "Личный кабинет: документы по договору", "contracts.Contract"),
    Read("cabinet:questions", "Личный кабинет: вопросы тьютору", "guidance.Pupil"),
    Read("inbox:document_list", "Документы из личного кабинета (список)"),
    Read("inbox:document_detail", "Документ из личного кабинета", "cabinet.Document"),
    Read("inbox:document_file", "Файл документа из личного кабинета", "cabinet.Document"),
    Read("inbox:question_list", "Вопросы из личного кабинета (список)"),
    Read("inbox:question_detail", "Вопрос из личного кабинета", "cabinet.Question"),
)
