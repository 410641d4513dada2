"""What a target contract keeps about its citizen (the inventory: orientir.core.personal_data). The contract is
its own legal basis: a pupil's withdrawal of the school's consent does not touch it."""

from orientir.core.personal_data import KEEP, Holding, Read, Subject, register, register_reads, register_subject

CONTRACT = ("Договор о целевом обучении, стороной которого является гражданин (п. 5 ч. 1 ст. 6 152-ФЗ; ст. 56 "
            "Федерального закона «Об образовании в Российской Федерации»)")
KEPT = "исполнение договора: хранится весь срок договора и срок хранения документов по нему"

register_subject(Subject("contract", "contracts.Contract", "Гражданин — сторона договора о целевом обучении "
                                                           "(в том числе несовершеннолетний)", minor=True))
register(
    Holding("contracts.Contract", "pupil", "pupil", ("pupil",), CONTRACT, KEEP,
            why_kept="договор — своё основание обработки; согласие школы на профориентацию его не касается"),
    Holding("contracts.Contract", "contract", "", ("last_name", "first_name", "middle_name", "birth_date", "snils",
                                                  "passport_number", "passport_issued_by", "passport_issued_on",
                                                  "address", "phone", "email"), CONTRACT, KEEP, why_kept=KEPT),
    Holding("contracts.ContractEvent", "contract", "contract", ("reason", "details"), CONTRACT, KEEP,
            why_kept=KEPT),
    Holding("contracts.RepresentativeConsent", "contract", "contract",
            ("last_name", "first_name", "middle_name", "relation", "document", "given_on", "annulment_reason"),
            "Согласие законного представителя на заключение договора несовершеннолетним (ст. 26 ГК РФ)", KEEP,
            why_kept=KEPT),
    Holding("contracts.SupportMeasure", "contract", "contract", ("kind", "amount", "description"), CONTRACT, KEEP,
            why_kept=KEPT),
    Holding("contracts.SupplementaryAgreement", "contract", "contract", ("summary", "applied_changes"), CONTRACT,
            KEEP, why_kept=KEPT),
    Holding("contracts.Liability", "contract", "contract", ("support_to_repay", "fine", "rule_text"), CONTRACT, KEEP, why_kept=KEPT),
)

register_reads(
    Read("contracts:contract_create", "Оформление договора (выбор обучающегося)"),
    Read("contracts:contract_list", "Реестр договоров о целевом обучении"),
    Read("contracts:lifecycle", "Смена состояния договора", "contracts.Contract"),
    Read("contracts:contract_edit", "Изменение договора", "contracts.Contract"),
)
