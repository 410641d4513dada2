"""What the offers keep about people (the inventory: orientir.core.personal_data): applicants to the offers, as the
federal platform lists them, and the link of an application to a pupil of the targeted database."""

from orientir.core.personal_data import CLEAR, KEEP, Holding, Read, Subject, not_personal, register, \
    register_reads, register_subject

APPLICATION = ("Заявка гражданина на предложение о целевом обучении, поданная им на «Работа в России» "
               "(п. 5 ч. 1 ст. 6 152-ФЗ: подготовка договора о целевом обучении по заявлению гражданина; "
               "ПП РФ № 555)")

register_subject(Subject("offer_applicant", "offers.Application",
                         "Поступающий, подавший заявку на предложение о целевом обучении (в том числе "
                         "несовершеннолетний)", minor=True))
register(
    Holding("offers.Application", "offer_applicant", "",
            ("last_name", "first_name", "middle_name", "birth_date", "applied_on", "status", "platform_number"),
            APPLICATION, KEEP, why_kept="заявка — основание заключить договор; хранится, пока идёт приём и "
                                       "оформляются договоры"),
    # The history of its statuses is the application's own: kept and erased with it.
    Holding("offers.ApplicationStatusChange", "offer_applicant", "application", ("on", "status", "previous_status"),
            APPLICATION, KEEP, why_kept="история статусов заявки хранится вместе с заявкой: по ней мониторинг "
                                       "поступления (п. 2.10) показывает прошедшие недели"),
    # The link to the pupil is the school's consent's: withdrawn, the application stays without it.
    Holding("offers.Application", "pupil", "pupil", ("pupil", "match"),
            "Согласие законного представителя на обработку персональных данных обучающегося (ст. 9 152-ФЗ)", CLEAR,
            cleared=("pupil",)),
)
not_personal("contracts.Contract", "offer_applicant",
             "договор хранит свои сведения о гражданине (субъект «contract»); здесь — только ссылка на заявку")

register_reads(
    Read("offers:application_list", "Заявки на предложения о целевом обучении"),
    Read("offers:application_edit", "Заявка на предложение о целевом обучении", "offers.Application"),
    Read("offers:application_create", "Внесение заявки на предложение"),
    Read("offers:offer_detail", "Предложение о целевом обучении с заявками"),
    Read("offers:not_applied", "Обучающиеся целевой базы без заявки на предложения"),
)
