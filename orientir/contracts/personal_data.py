"""What a target contract keeps about its citizen (the inventory: orientir.core.personal_data). The contract is
its own legal basis: a pupil's withdrawal of the school's consent does not touch it."""

from django.db.models import OuterRef, Subquery

from orientir.core.personal_data import KEEP, Holding, Read, Retention, Subject, register, register_reads, \
    register_retention, register_subject

CONTRACT = ("Договор о целевом обучении, стороной которого является гражданин (п. 5 ч. 1 ст. 6 152-ФЗ; ст. 56 "
            "Федерального закона «Об образовании в Российской Федерации»)")
KEPT = "исполнение договора: хранится весь срок договора и срок хранения документов по нему"

register_subject(Subject("contract", "contracts.Contract", "Гражданин — сторона договора о целевом обучении "
                                                           "(в том числе несовершеннолетний)", minor=True))
register(
    Holding("contracts.Contract", "pupil", "pupil", ("pupil",), CONTRACT, KEEP,
            why_kept="договор — своё основание обработки; согласие школы на профориентацию его не касается",
            on_destruction=KEEP),
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


# Destruction when the purpose is reached (152-ФЗ, ст. 21 ч. 4–5; decision 59): the purpose — the contract — is
# reached when its obligations end (fulfilled, released, terminated or breached), and the data are kept for the
# period the contract's documents are kept.
CONTRACT_YEARS = 5
CONTRACT_REASON = (
    "Договор хранится 5 лет после истечения срока его действия (Перечень типовых управленческих архивных "
    "документов, приказ Росархива от 20.12.2019 № 236: договоры, соглашения — 5 лет «после истечения срока "
    "действия договора»). В этот срок входит срок исковой давности (3 года, ст. 196 ГК РФ) по требованиям о "
    "возмещении расходов на меры поддержки и штрафу (ст. 71.1 Федерального закона «Об образовании в РФ»). "
    "Договор, по которому идёт взыскание в суде, администратор не отмечает к уничтожению.")


def _contracts_due(contracts, cutoff):
    from .lifecycle import FINAL
    from .models import ContractEvent

    ended = (ContractEvent.objects.filter(contract=OuterRef("pk"), to_state=OuterRef("state"))
             .order_by("-on").values("on")[:1])
    return (contracts.filter(state__in=FINAL).annotate(ended_on=Subquery(ended))
            .filter(ended_on__isnull=False, ended_on__lte=cutoff).select_related("customer")
            .order_by("ended_on", "id"))


def _contracts_in_scope(user):
    from orientir.accounts import access

    return access.contracts_for(user)


def _contract_row(contract):
    return (f"Договор № {contract.number}", contract.customer_name, contract.get_state_display())


def _contract_names(contract):
    return [contract.citizen_name]


register_retention(Retention(
    "contract", "Договоры о целевом обучении, обязательства по которым прекращены", CONTRACT_YEARS,
    "обязательства по договору прекратились (исполнен, гражданин освобождён, расторгнут, нарушен)",
    CONTRACT_REASON, due=_contracts_due, scope=_contracts_in_scope, describe=_contract_row, names=_contract_names,
    order=2))
