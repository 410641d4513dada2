"""The parties of a contract as its documents name them: who they are (in the right case), their details, and the
facts a document needs that the system still lacks (`missing_facts`, each with where to fill it in)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from . import russian, services
from .models import Kind, LiabilityRule


COMMITTEE_FULL = "Комитет образования, культуры, спорта и работы с молодёжью Администрации города Костромы"
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]


def date_words(day) -> str:
    return f"«{day.day:02d}» {MONTHS[day.month - 1]} {day.year} г."


@dataclass
class Block:
    # title | center | heading | para | table | parties (rows: Party) | placeline (text: the place, rows: [the date]
    # or [] — a line to write the signing date on)
    kind: str
    text: str = ""
    rows: list = field(default_factory=list)


PLACEHOLDER_MARKS = ("уточн", "___", "…", "...")  # text a person left to be filled in, never to be printed


@dataclass(frozen=True)
class MissingFact:
    what: str
    where: str  # where it is filled in, in words
    url: str = ""  # and the page itself, when the reader may open it


def _level_phrase(contract) -> tuple[str, str]:
    if contract.level.startswith("spo"):
        return "среднего профессионального образования", "специальности"
    return "высшего образования", "направлению подготовки (специальности)"


def _female(contract) -> bool:
    return russian.gender_of(contract.first_name, contract.middle_name) == "female"


def _citizen(contract, case: str) -> str:
    return russian.name_in_case(contract.last_name, contract.first_name, contract.middle_name, case)


def _customer_full(contract) -> str:
    return contract.customer.full_name if contract.customer_id else COMMITTEE_FULL


def _signatory(contract) -> tuple[str, str]:
    """(position, full name) of who signs for the customer, in the nominative."""
    org = contract.customer
    position = contract.signatory_position or (org.head_position if org else "Председатель Комитета")
    name = contract.signatory_name or (_head_name(org) if org else "")
    return position or "Руководитель", name


def _head_name(org) -> str:
    return " ".join(p for p in (org.head_last_name, org.head_first_name, org.head_middle_name) if p)


def _initials(full: str) -> str:
    """«Петрова Елена Викторовна» → «Е. В. Петрова», as under a signature."""
    parts = (full or "").split()
    return " ".join([f"{p[0]}." for p in parts[1:]] + parts[:1])


def _named(full_name: str) -> str:
    """«именуемый / именуемая / именуемое» agreeing with the first word of a party's name («Комитет …»,
    «Администрация …», «Муниципальное … учреждение», «ОГБПОУ …» — an abbreviation of «учреждение»)."""
    first = (full_name.split() or [""])[0].strip("«»\"")
    low = first.lower()
    if first.isupper() or low.endswith(("ое", "ее", "ие")):
        return "именуемое"
    if low.endswith(("ая", "яя", "ия", "а", "я")):
        return "именуемая"
    return "именуемый"


def _acting(signatory: str) -> str:
    words = (signatory or "").split() + ["", "", ""]
    return "действующей" if russian.gender_of(words[1], words[2]) == "female" else "действующего"


# --- The parties: who they are, their details, and what is missing for a document ------------------------------

@dataclass
class Party:
    role: str  # customer | citizen | employer | education | representative
    title: str  # the heading of the party's signature block
    name: str  # full name, nominative
    lines: list = field(default_factory=list)  # address, ИНН, bank details …
    position: str = ""  # who signs for a legal person
    signer: str = ""  # full name of who signs
    basis: str = "Устава"  # «действующего на основании …» (genitive)
    seal: bool = False
    joint: "Party | None" = None  # who signs beside this party, in the same block: a minor's legal representative


@dataclass(frozen=True)
class Regulation:
    """The federal act the contract is made under: its title (nominative), the defined short name and the point of
    the statute it rests on."""

    title: str
    short: str


REGULATIONS = {
    "pp555": Regulation("Положение о целевом обучении по образовательным программам среднего профессионального и "
                        "высшего образования, утверждённое постановлением Правительства Российской Федерации от "
                        "27 апреля 2024 г. № 555", "Положение"),
    "pp1681": Regulation("Положение о целевом обучении по образовательным программам среднего профессионального и "
                         "высшего образования, утверждённое постановлением Правительства Российской Федерации от "
                         "13 октября 2020 г. № 1681", "Положение"),
    "pp302": Regulation("Положение о целевом обучении по образовательным программам среднего профессионального и "
                        "высшего образования, утверждённое постановлением Правительства Российской Федерации от "
                        "21 марта 2019 г. № 302", "Положение"),
    "pp1076": Regulation("Правила заключения и расторжения договора о целевом приёме и договора о целевом обучении, "
                         "утверждённые постановлением Правительства Российской Федерации от 27 ноября 2013 г. № 1076",
                         "Правила"),
}


def _requisites_url(contract, role: str) -> str:
    return reverse("contracts:requisites", args=[contract.pk, role])


def _settings(municipality):
    from .models import MunicipalContractSettings

    return MunicipalContractSettings.objects.filter(municipality=municipality).first()


def _org_requisites(org):
    from .models import OrganisationRequisites

    return OrganisationRequisites.objects.filter(organisation=org).first()


def _education_requisites(contract):
    from .models import EducationRequisites

    name = (contract.education_organisation or "").strip()
    return EducationRequisites.objects.filter(municipality=contract.municipality, name=name).first() if name else None


def _bank_facts(details, whose: str, where: str, url: str) -> tuple[list[str], list[MissingFact]]:
    if details is None:
        return [], [MissingFact(f"Банковские реквизиты {whose}: банк, БИК, расчётный (казначейский) счёт", where, url)]
    missing = details.missing_bank()
    facts = [MissingFact(f"Банковские реквизиты {whose}: {', '.join(missing)}", where, url)] if missing else []
    return ([] if missing else details.bank_lines()), facts


def _legal_lines(address: str, inn: str, kpp: str, ogrn: str) -> list[str]:
    lines = [f"Местонахождение: {address}"]
    ids = f"ИНН {inn}" + (f" / КПП {kpp}" if kpp else "")
    lines.append(ids)
    if ogrn:
        lines.append(f"ОГРН {ogrn}")
    return lines


def _customer_party(c) -> tuple[Party, list[MissingFact]]:
    position, signatory = _signatory(c)
    edit, edit_url = "карточка договора → «Изменить»", reverse("contracts:contract_edit", args=[c.pk])
    missing = []
    if not signatory.strip():
        missing.append(MissingFact("ФИО того, кто подписывает договор от заказчика",
                                   f"{edit} (подписант) или карточка организации-заказчика (руководитель)", edit_url))
    if c.customer_id:
        org = c.customer
        where, url = "«Реквизиты для договоров» заказчика", _requisites_url(c, "customer")
        if not (org.address or "").strip():
            missing.append(MissingFact("Адрес заказчика", "карточка организации-заказчика → «Изменить»",
                                       reverse("directory:organisation_edit", args=[org.pk])))
        details = _org_requisites(org)
        bank, facts = _bank_facts(details, "заказчика", where, url)
        lines = _legal_lines(org.address, org.inn, details.kpp if details else "", org.ogrn) + bank
        party = Party("customer", "Заказчик", org.full_name, lines, position, signatory, "Устава", seal=True)
    else:
        settings = _settings(c.municipality)
        where, url = "«Реквизиты для договоров» Комитета (настройки муниципального образования)", \
            _requisites_url(c, "settings")
        for attr, what in (("committee_address", "Адрес Комитета (заказчика)"),
                           ("committee_inn", "ИНН Комитета (заказчика)")):
            if settings is None or not getattr(settings, attr).strip():
                missing.append(MissingFact(what, where, url))
        bank, facts = _bank_facts(settings, "Комитета (заказчика)", where, url)
        lines = (_legal_lines(settings.committee_address, settings.committee_inn, settings.kpp,
                              settings.committee_ogrn) if settings else []) + bank
        party = Party("customer", "Заказчик", COMMITTEE_FULL, lines, position, signatory, "Положения о Комитете",
                      seal=True)
    return party, missing + facts


def _citizen_party(c) -> tuple[Party, list[MissingFact]]:
    edit, edit_url = "карточка договора → «Изменить»", reverse("contracts:contract_edit", args=[c.pk])
    missing = [MissingFact(what, edit, edit_url)
               for attr, what in (("passport_number", "Паспорт гражданина: серия и номер"),
                                  ("passport_issued_by", "Паспорт гражданина: кем выдан"),
                                  ("passport_issued_on", "Паспорт гражданина: дата выдачи"),
                                  ("address", "Адрес регистрации гражданина")) if not getattr(c, attr)]
    lines = [f"Дата рождения: {c.birth_date:%d.%m.%Y}"]
    if not missing:
        lines += [f"Паспорт: {c.passport_number}, выдан {c.passport_issued_by} {c.passport_issued_on:%d.%m.%Y}",
                  f"Адрес регистрации: {c.address}"]
    if c.snils:
        lines.append(f"СНИЛС: {c.snils}")
    if c.phone:
        lines.append(f"Телефон: {c.phone}")
    if c.email:
        lines.append(f"Электронная почта: {c.email}")
    title = "Гражданка" if _female(c) else "Гражданин"
    return Party("citizen", title, c.citizen_name, lines, "", c.citizen_name, ""), missing


def _employer_party(c) -> tuple[Party | None, list[MissingFact]]:
    if not c.employer_is_party:
        return None, []
    edit_url = reverse("contracts:contract_edit", args=[c.pk])
    if not c.employer_id:
        return None, [MissingFact("Работодатель (отмечено, что он — сторона договора)",
                                  "карточка договора → «Изменить» (работодатель)", edit_url)]
    org = c.employer
    org_url = reverse("directory:organisation_edit", args=[org.pk])
    missing = []
    if not (org.address or "").strip():
        missing.append(MissingFact("Адрес работодателя", "карточка организации-работодателя → «Изменить»", org_url))
    signer = _head_name(org)
    if not signer:
        missing.append(MissingFact("ФИО руководителя работодателя, который подписывает договор",
                                   "карточка организации-работодателя → «Изменить» (руководитель)", org_url))
    details = _org_requisites(org)
    bank, facts = _bank_facts(details, "работодателя", "«Реквизиты для договоров» работодателя",
                              _requisites_url(c, "employer"))
    lines = _legal_lines(org.address, org.inn, details.kpp if details else "", org.ogrn) + bank
    return (Party("employer", "Работодатель", org.full_name, lines, org.head_position or "Руководитель", signer,
                  "Устава", seal=True), missing + facts)


def _education_party(c) -> tuple[Party | None, list[MissingFact]]:
    if not c.education_is_party:
        return None, []
    if not (c.education_organisation or "").strip():
        return None, [MissingFact("Образовательная организация (отмечено, что она — сторона договора)",
                                  "карточка договора → «Изменить» (образовательная организация)",
                                  reverse("contracts:contract_edit", args=[c.pk]))]
    where, url = "«Реквизиты для договоров» образовательной организации", _requisites_url(c, "education")
    details = _education_requisites(c)
    missing = [MissingFact(what, where, url)
               for attr, what in (("address", "Адрес образовательной организации"),
                                  ("inn", "ИНН образовательной организации"),
                                  ("signatory_name", "ФИО того, кто подписывает договор от образовательной "
                                                     "организации"))
               if details is None or not getattr(details, attr).strip()]
    bank, facts = _bank_facts(details, "образовательной организации", where, url)
    if details is None:
        return None, missing + facts
    lines = _legal_lines(details.address, details.inn, details.kpp, details.ogrn) + bank
    return (Party("education", "Образовательная организация", c.education_organisation.strip(), lines,
                  details.signatory_position or "Руководитель", details.signatory_name, details.basis or "Устава",
                  seal=True), missing + facts)


def _minor_and_consent(c):
    """(is the citizen a minor on the signing day, the consent in force that day). Without a signing date (a draft
    printed to be signed) — today."""
    day = c.signed_on or timezone.localdate()
    return services.is_minor_on(c, day), services.consent_in_force(c, c.signed_on)


def _representative_party(c) -> tuple[Party | None, list[MissingFact]]:
    minor, consent = _minor_and_consent(c)
    if not minor:
        return None, []
    if consent is None:
        return None, [MissingFact(
            "Согласие законного представителя несовершеннолетнего гражданина, данное не позднее дня заключения "
            "договора", "карточка договора → «Согласие законного представителя»",
            reverse("contracts:contract_detail", args=[c.pk]))]
    lines = [f"Кем приходится {_citizen(c, 'dative')}: {consent.get_relation_display().lower()}", consent.document,
             f"Согласие на заключение договора от {consent.given_on:%d.%m.%Y}"]
    return Party("representative", "Законный представитель несовершеннолетнего гражданина", consent.full_name,
                 lines, "", consent.full_name, ""), []


def _work_org(c):
    """The organisation the citizen will work in: the workplace named, else the employer who is a party, else the
    customer; None — the Committee itself."""
    if c.work_organisation_id:
        return c.work_organisation
    if c.employer_is_party and c.employer_id:
        return c.employer
    return c.customer if c.customer_id else None


def _workplace_facts(c) -> tuple[dict, list[MissingFact]]:
    org = _work_org(c)
    municipality = org.municipality if org else c.municipality
    settings = _settings(municipality)
    region = (settings.region if settings else "").strip()
    missing = [] if region else [MissingFact(
        "Субъект Российской Федерации, где находится место работы",
        "«Реквизиты для договоров» Комитета (настройки муниципального образования)", _requisites_url(c, "settings"))]
    return {"org": org, "name": org.full_name if org else COMMITTEE_FULL, "region": region,
            "municipality": municipality.name, "address": (org.address if org else "") or ""}, missing


def _liability_rule(c):
    return LiabilityRule.objects.filter(regime=c.regime).first()


def missing_facts(contract, doc: str = "contract") -> list[MissingFact]:
    """What a document with legal force needs and the contract lacks. A document is given out only when the list is
    empty — no blank, dash or «уточните» stands in for a fact."""
    c = contract
    missing = []
    if doc == "contract":  # the consent is signed by the representative alone
        for build in (_customer_party, _citizen_party, _employer_party, _education_party, _representative_party):
            missing += build(c)[1]
        missing += _workplace_facts(c)[1]
        if c.kind == Kind.STUDENT and not (c.education_organisation or "").strip():
            missing.append(MissingFact("Образовательная организация, в которой обучается студент",
                                       "карточка договора → «Изменить»",
                                       reverse("contracts:contract_edit", args=[c.pk])))
        rule = _liability_rule(c)
        act = (rule.act_reference if rule else "").strip()
        if not act or any(mark in act.lower() for mark in PLACEHOLDER_MARKS):
            missing.append(MissingFact(
                f"Реквизиты акта о порядке возмещения расходов и штрафа ({c.get_regime_display()})",
                "«Правила ответственности» (администратор)",
                reverse("contracts:rule_edit", args=[rule.pk]) if rule else reverse("contracts:rule_list")))
    return missing
