"""The contract and the legal representative's consent as documents: one content, two renderings (DOCX, PDF).

`contract_blocks` / `consent_blocks` build the text (names in the right case, sums in words); `to_docx` and
`to_pdf` (documents_render) only lay it out, so both files always say the same. Who the parties are and what a
document still lacks is documents_parties.

The contract follows the typical form of the regime it is signed under (since 01.05.2024 — Постановление
Правительства РФ № 555): sections in the form's order, the employer's and the educational organisation's only when
they are parties, an address-and-signature block for every party and for a minor's legal representative. A fact the
text needs and the system lacks is never replaced by a blank: `missing_facts` names it and where to fill it in, and the
document is refused until it is there. Only what is filled in by hand at signing — the signatures and, for a draft,
the date — is a line to write on.
"""

from . import russian
from .documents_parties import (REGULATIONS, Block, Party, _acting, _citizen, _citizen_party, _customer_full,
                                _customer_party, _education_party, _employer_party, _female, _level_phrase,
                                _liability_rule, _minor_and_consent, _named, _representative_party, _workplace_facts,
                                date_words)
from .models import BudgetSource, Kind, RepresentativeConsent, StudyForm

# What the pages, the template engine and the tests name as documents.X, wherever it now lives.
from .documents_parties import (COMMITTEE_FULL, PLACEHOLDER_MARKS, MissingFact, _initials,  # noqa: E402,F401
                                _work_org, missing_facts)
from .documents_render import (DATE_SPACES, SIGN_SPACE, _new_document, party_lines, to_docx,  # noqa: E402,F401
                               to_pdf, write_blocks)


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
