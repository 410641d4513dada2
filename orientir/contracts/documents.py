"""The contract and the legal representative's consent as documents: one content, two renderings (DOCX, PDF).

`contract_blocks` / `consent_blocks` build the text (names in the right case, sums in words); `to_docx` and
`to_pdf` only lay it out, so both files always say the same.

The contract follows the typical form of the regime it is signed under (since 01.05.2024 — Постановление
Правительства РФ № 555): sections in the form's order, the employer's and the educational organisation's only when
they are parties, an address-and-signature block for every party and for a minor's legal representative. A fact the
text needs and the system lacks is never replaced by a blank: `missing_facts` names it and where to fill it in, and the
document is refused until it is there. Only what is filled in by hand at signing — the signatures and, for a draft,
the date — is a line to write on.
"""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import russian, services
from .models import BudgetSource, Kind, LiabilityRule, RepresentativeConsent, StudyForm

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


# --- The contract ---------------------------------------------------------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LETTERS = "абвгдежзиклмнопрст"

# Section keys in the order of the typical form; the employer's and the educational organisation's are there only
# when they are parties, and the sections are numbered as they stand.
SECTION_TITLES = {
    "subject": "Предмет настоящего договора",
    "study": "Характеристики обучения гражданина",
    "work": "Место осуществления гражданином трудовой деятельности в соответствии с квалификацией, полученной в "
            "результате освоения образовательной программы, срок трудоустройства и осуществления трудовой "
            "деятельности",
    "customer": "Права и обязанности заказчика",
    "citizen": "Права и обязанности гражданина",
    "employer": "Права и обязанности работодателя",
    "education": "Права и обязанности образовательной организации",
    "liability": "Ответственность сторон",
    "final": "Заключительные положения",
    "parties": "Адреса, платёжные реквизиты и подписи сторон",
}


def _lettered(items: list[str]) -> list[str]:
    """«а) …;» … «д) ….» — the last item ends with a full stop."""
    out = []
    for i, item in enumerate(items):
        out.append(f"{LETTERS[i]}) {item}{'.' if i == len(items) - 1 else ';'}")
    return out


def contract_blocks(contract) -> list[Block]:
    c = contract
    level, by = _level_phrase(c)
    female = _female(c)
    graduate = c.kind == Kind.GRADUATE
    customer, _ = _customer_party(c)
    citizen, _ = _citizen_party(c)
    employer, _ = _employer_party(c)
    education, _ = _education_party(c)
    representative, _ = _representative_party(c)
    _, consent = _minor_and_consent(c)
    workplace, _ = _workplace_facts(c)
    parties = [p for p in (customer, citizen, employer, education) if p]
    measures = list(c.support_measures.all())
    regulation = REGULATIONS.get(c.regime, REGULATIONS["pp555"])
    used = []

    def act(case: str) -> str:
        """The federal act in `case`: in full with «(далее — Положение)» the first time, by its short name after."""
        if not used:
            used.append(True)
            return f"{russian.act_in_case(regulation.title, case, capital=True)} (далее — {regulation.short})"
        return russian.act_in_case(regulation.short, case, capital=True)

    keys = [k for k in SECTION_TITLES if (k != "employer" or employer) and (k != "education" or education)]
    num = {k: ROMAN[i] for i, k in enumerate(keys)}

    def section(key: str) -> Block:
        return Block("heading", f"{num[key]}. {SECTION_TITLES[key]}")

    blocks = [Block("title", f"ДОГОВОР № {c.number}"),
              Block("center", f"о целевом обучении по образовательной программе {level}"),
              Block("placeline", c.municipality.short_name or c.municipality.name,
                    rows=[date_words(c.signed_on)] if c.signed_on else [])]

    def in_person(p: Party) -> str:
        return (f"в лице {russian.position_genitive(p.position)} {russian.full_name_in_case(p.signer, 'genitive')}, "
                f"{_acting(p.signer)} на основании {p.basis}")

    intro = (f"{customer.name}, {_named(customer.name)} в дальнейшем заказчиком, {in_person(customer)}, "
             f"с одной стороны, {'гражданка' if female else 'гражданин'} {_citizen(c, 'nominative')}, "
             f"{'именуемая' if female else 'именуемый'} в дальнейшем гражданином")
    if representative and consent:
        intro += (f", {'действующая' if female else 'действующий'} с письменного согласия законного представителя "
                  f"{russian.name_in_case(consent.last_name, consent.first_name, consent.middle_name, 'genitive')}")
    intro += ", с другой стороны"
    if employer:
        intro += f", {employer.name}, {_named(employer.name)} в дальнейшем работодателем, {in_person(employer)}"
    if education:
        intro += (f", {education.name}, {_named(education.name)} в дальнейшем образовательной организацией, "
                  f"{in_person(education)}")
    intro += ", совместно именуемые сторонами, заключили настоящий договор о нижеследующем."
    blocks.append(Block("para", intro))

    # I. The subject
    blocks.append(section("subject"))
    blocks.append(Block("para", (
        f"1. Гражданин обязуется освоить образовательную программу {level} (далее — образовательная программа) в "
        f"соответствии с характеристиками освоения гражданином образовательной программы, определёнными разделом "
        f"{num['study']} настоящего договора (далее — характеристики обучения), и осуществить трудовую деятельность в "
        "соответствии с полученной квалификацией на условиях настоящего договора.")))
    n = 2
    if graduate and c.is_quota:
        blocks.append(Block("para", f"{n}. Гражданин вправе поступать на целевое обучение в пределах установленной "
                                    "квоты приёма на целевое обучение в соответствии с характеристиками обучения."))
        n += 1
    support = "предоставить гражданину меры поддержки и " if measures else ""
    blocks.append(Block("para", (
        f"{n}. Заказчик в период освоения гражданином образовательной программы обязуется {support}обеспечить "
        "трудоустройство гражданина в соответствии с квалификацией, полученной в результате освоения образовательной "
        "программы, на условиях настоящего договора.")))
    n += 1
    if representative and consent:
        blocks.append(Block("para", (
            f"{n}. Договор заключается с письменного согласия законного представителя несовершеннолетнего "
            f"гражданина — {consent.get_relation_display().lower()} {consent.full_name}, согласие от "
            f"{consent.given_on:%d.%m.%Y}. Согласие прилагается к настоящему договору и является его неотъемлемой "
            "частью.")))

    # II. The training
    blocks.append(section("study"))
    quota = ("в пределах квоты приёма на целевое обучение" if c.is_quota else "вне квоты приёма на целевое обучение")
    if graduate:
        blocks.append(Block("para", (
            f"Гражданин поступает на {'целевое обучение в пределах квоты приёма на целевое обучение' if c.is_quota else 'обучение'} "
            "по образовательной программе в соответствии со следующими характеристиками обучения:")))
    else:
        blocks.append(Block("para", "Гражданин осваивает образовательную программу в соответствии со следующими "
                                    "характеристиками обучения:"))
    rows = [("Уровень образования", ("среднее профессиональное образование" if c.level.startswith("spo")
                                     else f"высшее образование — {c.get_level_display().lower()}")),
            (f"Код и наименование {'специальности' if c.level.startswith('spo') else 'направления подготовки (специальности)'}",
             f"{c.specialty.code} «{c.specialty.name}»")]
    if c.profile:
        rows.append(("Направленность (профиль) образовательной программы", c.profile))
    rows += [("Форма обучения", StudyForm(c.study_form).label.lower()),
             ("Организация, осуществляющая образовательную деятельность",
              c.education_organisation or "по выбору гражданина")]
    if not graduate and c.course_at_signing:
        rows.append(("Курс на дату заключения договора", f"{c.course_at_signing}-й"))
    rows += [("Приём на обучение", quota),
             ("Источник финансирования обучения", BudgetSource(c.budget_source).label)]
    if c.academic_requirements:
        rows.append(("Требования к успеваемости", c.academic_requirements))
    blocks.append(Block("table", rows=rows))
    if graduate:
        blocks.append(Block("para", "и осваивает образовательную программу в соответствии с характеристиками обучения."))

    # III. The workplace and the terms
    blocks.append(section("work"))
    where_kind = ("в организации, являющейся работодателем по настоящему договору" if employer
                  and workplace["org"] is not None and workplace["org"].pk == c.employer_id
                  else "в организации, являющейся заказчиком по настоящему договору"
                  if (workplace["org"] is None and not c.customer_id)
                  or (workplace["org"] is not None and workplace["org"].pk == c.customer_id)
                  else "в организации, в которую будет трудоустроен гражданин в соответствии с настоящим договором")
    blocks.append(Block("para", (
        "1. Место осуществления гражданином трудовой деятельности в соответствии с квалификацией, полученной в "
        f"результате освоения образовательной программы, устанавливается {where_kind} (далее — организация, в которую "
        "будет трудоустроен гражданин):")))
    work_rows = [("Полное наименование организации", workplace["name"]),
                 ("Субъект Российской Федерации", workplace["region"]),
                 ("Муниципальное образование", workplace["municipality"])]
    if workplace["address"]:
        work_rows.append(("Адрес осуществления трудовой деятельности", workplace["address"]))
    work_rows.append(("Должность (профессия), вид работы",
                      c.work_position.name if c.work_position_id
                      else "в соответствии с квалификацией, полученной в результате освоения образовательной программы"))
    if c.trudvsem_offer:
        work_rows.append(("Предложение на «Работа в России»", c.trudvsem_offer))
    if c.trudvsem_application:
        work_rows.append(("Заявка на «Работа в России»", c.trudvsem_application))
    blocks.append(Block("table", rows=work_rows))
    term = (f"не позднее {c.work_start_deadline:%d.%m.%Y}" if c.work_start_deadline else
            "не более трёх месяцев после даты отчисления гражданина из организации, осуществляющей образовательную "
            "деятельность, в связи с получением образования")
    blocks.append(Block("para", (
        "2. Гражданин и организация, в которую будет трудоустроен гражданин, заключат трудовой договор о трудовой "
        f"деятельности гражданина на условиях, установленных настоящим разделом, в срок {term} (далее — "
        "установленный срок трудоустройства).")))
    blocks.append(Block("para", (
        "3. Срок осуществления гражданином трудовой деятельности в организации, в которую будет трудоустроен "
        f"гражданин, на условиях, установленных настоящим разделом, составляет {russian.years_in_words(c.work_years)} "
        "(далее — установленный срок трудовой деятельности). Указанный срок исчисляется с даты заключения трудового "
        "договора, а при незаключении трудового договора в установленный срок трудоустройства — с даты истечения "
        "установленного срока трудоустройства (с учётом приостановления исполнения обязательства гражданина по "
        "осуществлению трудовой деятельности в случаях, установленных законодательством Российской Федерации).")))

    # IV. The customer
    blocks.append(section("customer"))
    blocks.append(Block("para", "1. Заказчик обязан:"))
    duties = []
    if measures:
        duties.append("предоставить гражданину в период освоения образовательной программы следующие меры поддержки")
    duties.append("организовать прохождение гражданином практики"
                  + (f": {c.practice_obligations.strip().rstrip('.;')}" if c.practice_obligations.strip()
                     else " в соответствии с учебным планом образовательной программы"))
    duties.append(f"обеспечить трудоустройство гражданина на условиях, установленных разделом {num['work']} "
                  "настоящего договора" + (", в организации, являющейся работодателем по настоящему договору"
                                           if employer else ""))
    if not employer:
        duties.append(f"обеспечить условия для трудовой деятельности гражданина на условиях, установленных разделом "
                      f"{num['work']} настоящего договора, с даты трудоустройства до истечения установленного срока "
                      "трудовой деятельности")
    duties.append("уведомить в письменной форме гражданина об изменении своих наименования, места нахождения, "
                  "банковских реквизитов или иных сведений, имеющих значение для исполнения настоящего договора, в "
                  "течение 10 календарных дней после соответствующих изменений")
    lettered = _lettered(duties)
    if measures:  # the measures follow their item: «а) … следующие меры поддержки:» and the table
        blocks.append(Block("para", lettered[0][:-1] + ":"))
        blocks.append(Block("table", rows=[
            (m.get_kind_display() + (f" ({m.description})" if m.description else ""),
             f"{russian.money(m.amount)} {m.get_period_display()}") for m in measures]))
        lettered = lettered[1:]
    blocks += [Block("para", line) for line in lettered]
    if not measures:
        blocks.append(Block("para", "Меры материальной поддержки гражданина настоящим договором не предусмотрены."))
    blocks.append(Block("para", "2. Заказчик вправе:"))
    blocks += [Block("para", line) for line in _lettered([
        "согласовывать гражданину тему выпускной квалификационной работы",
        "направлять в организацию, осуществляющую образовательную деятельность, в которой гражданин осваивает "
        "образовательную программу, предложения по организации прохождения гражданином практики и по теме его "
        "выпускной квалификационной работы",
        "запрашивать у гражданина сведения о результатах освоения образовательной программы",
        f"требовать от гражданина возмещения расходов, связанных с предоставлением мер поддержки, и выплаты штрафа в "
        f"случаях и порядке, установленных разделом {num['liability']} настоящего договора",
    ])]

    # V. The citizen
    blocks.append(section("citizen"))
    blocks.append(Block("para", "1. Гражданин обязан:"))
    duties = []
    if graduate:
        duties.append("в месячный срок после поступления на обучение по образовательной программе проинформировать "
                      "в письменной форме заказчика о поступлении на обучение")
    duties += [f"освоить образовательную программу в соответствии с характеристиками обучения, установленными "
               f"разделом {num['study']} настоящего договора",
               "проходить практику в соответствии с учебным планом, в том числе в организации, в которую будет "
               "трудоустроен гражданин, когда такую практику организует заказчик",
               f"заключить трудовой договор на условиях, установленных разделом {num['work']} настоящего договора",
               f"осуществить трудовую деятельность на условиях, установленных разделом {num['work']} настоящего "
               "договора, в течение установленного срока трудовой деятельности",
               "уведомить в письменной форме заказчика об изменении фамилии, имени, отчества (при наличии), "
               "паспортных данных, банковских реквизитов, адреса регистрации по месту жительства, иных сведений, "
               "имеющих значение для исполнения настоящего договора, в течение 10 календарных дней после "
               "соответствующих изменений"]
    blocks += [Block("para", line) for line in _lettered(duties)]
    blocks.append(Block("para", "2. Гражданин вправе:"))
    rights = []
    if measures:
        rights.append(f"получать меры поддержки, предусмотренные разделом {num['customer']} настоящего договора")
    rights += [f"осуществить перевод для обучения по образовательной программе в другую организацию, осуществляющую "
               f"образовательную деятельность, или внутри организации, если характеристики обучения после перевода "
               f"соответствуют разделу {num['study']} настоящего договора",
               f"по согласованию с заказчиком осуществить перевод с изменением характеристик обучения, указанных в "
               f"разделе {num['study']} настоящего договора, с внесением соответствующих изменений в настоящий договор",
               "получать от заказчика сведения о предстоящем трудоустройстве"]
    blocks += [Block("para", line) for line in _lettered(rights)]

    # VI. The employer, VII. the educational organisation — when they are parties
    if employer:
        blocks.append(section("employer"))
        blocks.append(Block("para", "1. Работодатель обязан:"))
        blocks += [Block("para", line) for line in _lettered([
            f"осуществить трудоустройство гражданина на условиях, установленных разделом {num['work']} настоящего "
            "договора",
            f"обеспечить условия для трудовой деятельности гражданина на условиях, установленных разделом "
            f"{num['work']} настоящего договора, с даты трудоустройства до истечения установленного срока трудовой "
            "деятельности",
            "уведомить в письменной форме заказчика и гражданина об изменении своих наименования, места нахождения, "
            "банковских реквизитов или иных сведений, имеющих значение для исполнения настоящего договора, в течение "
            "10 календарных дней после соответствующих изменений",
        ])]
        blocks.append(Block("para", "2. Работодатель вправе:"))
        blocks += [Block("para", line) for line in _lettered([
            "согласовывать гражданину тему выпускной квалификационной работы",
            "направлять в организацию, осуществляющую образовательную деятельность, предложения по организации "
            "прохождения гражданином практики",
            "участвовать в организации практики гражданина",
        ])]
    if education:
        blocks.append(section("education"))
        blocks.append(Block("para", "1. Образовательная организация обязана:"))
        blocks += [Block("para", line) for line in _lettered([
            "учитывать предложения заказчика при организации прохождения гражданином практики",
            "по запросу заказчика представлять сведения о результатах освоения гражданином образовательной программы",
            "уведомлять заказчика об отчислении гражданина, о его переводе и о предоставлении ему академического "
            "отпуска в течение 10 календарных дней после издания соответствующего распорядительного акта",
        ])]
        blocks.append(Block("para", "2. Образовательная организация вправе:"))
        blocks += [Block("para", line) for line in _lettered([
            "согласовывать с заказчиком вопросы организации прохождения гражданином практики",
            "запрашивать у заказчика сведения, необходимые для организации практики гражданина",
        ])]

    # VIII. Liability
    blocks.append(section("liability"))
    blocks.append(Block("para", (
        "1. За неисполнение или ненадлежащее исполнение своих обязательств по настоящему договору стороны несут "
        "ответственность в соответствии с законодательством Российской Федерации, в том числе в соответствии с "
        "частью 6 статьи 71.1 Федерального закона от 29 декабря 2012 г. № 273-ФЗ «Об образовании в Российской "
        "Федерации».")))
    blocks.append(Block("para", (
        "2. Заказчик в случае неисполнения обязательства по трудоустройству гражданина выплачивает гражданину "
        f"компенсацию в размере и порядке, установленных {act('instrumental')}.")))
    rule = _liability_rule(c)
    municipal = russian.act_in_case(rule.act_reference, "instrumental") if rule else None
    municipal = municipal or (f"муниципальным правовым актом «{rule.act_reference}»" if rule else "")
    fine = ""
    if rule and rule.fine_multiplier > 0:
        fine = (f", и выплачивает заказчику штраф в {russian.multiple_in_words(rule.fine_multiplier)} размере "
                "расходов, связанных с предоставлением мер поддержки; штраф зачисляется в бюджет, из которого "
                "предоставлялись меры поддержки")
    blocks.append(Block("para", (
        "3. В случае неисполнения гражданином обязательства по освоению образовательной программы и (или) по "
        "осуществлению трудовой деятельности в течение установленного срока трудовой деятельности гражданин "
        f"возмещает заказчику расходы, связанные с предоставлением мер поддержки{fine or ''}. Размер и порядок возмещения "
        f"расходов{' и выплаты штрафа' if fine else ''} установлены {municipal}.")))
    if c.is_quota:
        blocks.append(Block("para", (
            "4. Гражданин, принятый на обучение в пределах квоты приёма на целевое обучение, в случае неисполнения "
            "обязательства по осуществлению трудовой деятельности выплачивает штраф в размере расходов бюджета, "
            f"осуществлённых на его обучение, в порядке, установленном {act('instrumental')}.")))

    # IX. Final provisions
    blocks.append(section("final"))
    copies = len(parties)
    since = f"с {date_words(c.signed_on)}" if c.signed_on else "со дня его подписания сторонами"
    final = [
        f"Настоящий договор составлен в {russian.copies_in_words(copies)}, имеющих одинаковую силу, по одному "
        "экземпляру для каждой из сторон.",
        f"Настоящий договор вступает в силу {since} и действует до истечения установленного срока трудовой "
        "деятельности (с учётом приостановления исполнения обязательства гражданина по осуществлению трудовой "
        "деятельности в случаях, установленных законодательством Российской Федерации).",
    ]
    if graduate:
        year = f"в {c.signed_on.year} году" if c.signed_on else "в год заключения настоящего договора"
        final.append(f"В случае непоступления гражданина на обучение по образовательной программе {year} настоящий "
                     "договор расторгается.")
    final += [
        "Гражданин освобождается от исполнения обязательств по настоящему договору и от ответственности за их "
        f"неисполнение при наличии оснований, установленных {act('instrumental')}; основание подтверждается "
        "документами, которые гражданин представляет заказчику.",
        "Заказчик освобождается от обязательства по трудоустройству гражданина при наличии оснований, установленных "
        f"{act('instrumental')}.",
        "Исполнение обязательств гражданина по освоению образовательной программы и (или) по осуществлению трудовой "
        f"деятельности приостанавливается при наличии оснований, установленных {act('instrumental')}. Гражданин "
        "уведомляет заказчика о возникновении основания для приостановления в письменной форме в течение 10 рабочих "
        "дней со дня его возникновения с приложением подтверждающих документов; исполнение обязательств "
        "приостанавливается со дня получения уведомления заказчиком.",
        "Изменения в настоящий договор вносятся дополнительными соглашениями к нему в письменной форме.",
        f"Отношения сторон, не урегулированные настоящим договором, регулируются {act('instrumental')} и иными "
        "нормативными правовыми актами Российской Федерации.",
    ]
    blocks += [Block("para", f"{i}. {text}") for i, text in enumerate(final, 1)]

    # X. Addresses, details and signatures
    blocks.append(section("parties"))
    citizen.joint = representative  # the representative signs under the minor, in the citizen's block
    blocks.append(Block("parties", rows=parties))
    return blocks


RELATION_INSTRUMENTAL = {"mother": "матерью", "father": "отцом", "guardian": "опекуном", "trustee": "попечителем",
                         "other": "законным представителем"}


def consent_blocks(contract, consent: RepresentativeConsent) -> list[Block]:
    c = contract
    female = _female(c)
    minor = "несовершеннолетней" if female else "несовершеннолетнего"
    return [
        Block("title", "СОГЛАСИЕ"),
        Block("center", "законного представителя несовершеннолетнего на заключение договора о целевом обучении"),
        Block("placeline", c.municipality.short_name or c.municipality.name, rows=[date_words(consent.given_on)]),
        Block("para", (
            f"Я, {consent.full_name}, {consent.document}, являясь {RELATION_INSTRUMENTAL[consent.relation]} "
            f"{minor} {_citizen(c, 'genitive')}, {c.birth_date:%d.%m.%Y} года рождения, в соответствии со "
            f"статьёй 26 Гражданского кодекса Российской Федерации даю согласие на заключение "
            f"{'ею' if female else 'им'} договора о целевом обучении № {c.number} с заказчиком — {_customer_full(c)} "
            f"по {_level_phrase(c)[1]} {c.specialty.code} «{c.specialty.name}» с обязательством осуществлять трудовую "
            f"деятельность сроком {russian.years_in_words(c.work_years)}.")),
        Block("para", (
            f"Я также даю согласие на обработку персональных данных {_citizen(c, 'genitive')} в целях заключения и "
            "исполнения указанного договора (Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»). "
            "Согласие может быть отозвано мной письменным заявлением.")),
        Block("parties", rows=[
            Party("representative", "Законный представитель", consent.full_name, [], "", consent.full_name, ""),
            Party("citizen", "С согласием ознакомлен(а)", _citizen(c, "nominative"), [], "", c.citizen_name, "")]),
    ]


# --- Rendering --------------------------------------------------------------------------------------------------

SIGN_SPACE = "\u00a0" * 28  # an underlined run of no-break spaces: the line a signature goes on
DATE_SPACES = ("\u00a0" * 5, "\u00a0" * 22, "\u00a0" * 4)  # «   »            20    г. — the day, month, year


def party_lines(p: Party) -> list[tuple[str, str]]:
    """A party's block as (style, text) lines: the heading, the name, the details, who signs, the signature."""
    lines = [("bold", f"{p.title}:"), ("plain", p.name)] + [("plain", line) for line in p.lines]
    if p.position:
        lines.append(("plain", p.position))
    lines.append(("sign", _initials(p.signer)))
    if p.seal:
        lines.append(("plain", "М. П."))
    if p.joint:
        lines += [("plain", "")] + party_lines(p.joint)
    return lines


def _cant_split(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _new_document():
    """A blank A4 document in the contract's layout: Times New Roman 12, the margins of an official paper."""
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(3)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return doc, section.page_width - section.left_margin - section.right_margin


def _grid(table) -> None:
    """Single-line borders written into the table itself, not by a style a lawyer's template may not have."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    later = [child for child in props if child.tag in {qn(f"w:{t}") for t in _AFTER_BORDERS}]
    if later:
        later[0].addprevious(borders)
    else:
        props.append(borders)


_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")  # schema order


def to_docx(blocks: list[Block]) -> bytes:
    doc, width = _new_document()
    write_blocks(doc, blocks, width)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_blocks(doc, blocks: list[Block], width) -> None:
    """Lay the blocks out at the end of a python-docx document `width` wide (also used for a template's sections)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    def blank(par, spaces: str):
        par.add_run(spaces).font.underline = True

    for b in blocks:
        if b.kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(b.text).bold = True
        elif b.kind == "center":
            p = doc.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(10)
        elif b.kind == "placeline":
            p = doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            p.paragraph_format.space_after = Pt(10)
            p.add_run(f"{b.text}\t")
            if b.rows:
                p.add_run(b.rows[0])
            else:  # a draft: the date is written in at signing
                day, month, year = DATE_SPACES
                p.add_run("«")
                blank(p, day)
                p.add_run("» ")
                blank(p, month)
                p.add_run(" 20")
                blank(p, year)
                p.add_run(" г.")
        elif b.kind == "heading":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(8)
            p.paragraph_format.keep_with_next = True
            p.add_run(b.text).bold = True
        elif b.kind == "para":
            p = doc.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1)
        elif b.kind == "table":
            table = doc.add_table(rows=0, cols=2)
            _grid(table)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            for left, right in b.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = str(left), str(right)
                cells[0].width, cells[1].width = int(width * 0.4), int(width * 0.6)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
        elif b.kind == "parties":
            table = doc.add_table(rows=0, cols=2)
            table.autofit = False
            for i in range(0, len(b.rows), 2):
                row = table.add_row()
                _cant_split(row)  # a party's block is never torn across two pages
                cells = row.cells
                for cell, party in zip(cells, b.rows[i:i + 2], strict=False):
                    cell.width = width // 2
                    for j, (kind, text) in enumerate(party_lines(party)):
                        par = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                        par.paragraph_format.first_line_indent = Cm(0)
                        if kind == "sign":
                            par.paragraph_format.space_before = Pt(14)
                            blank(par, SIGN_SPACE)
                            par.add_run(f" / {text}")
                        else:
                            par.add_run(text).bold = kind == "bold"
                    cell.add_paragraph()


def to_pdf(blocks: list[Block], title: str) -> bytes:
    from weasyprint import HTML

    rendered = [(b, [party_lines(p) for p in b.rows] if b.kind == "parties" else None) for b in blocks]
    html = render_to_string("contracts/document_pdf.html", {"blocks": rendered, "title": title})
    return HTML(string=html).write_pdf()
