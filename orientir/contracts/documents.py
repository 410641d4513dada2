"""The contract and the legal representative's consent as documents: one content, two renderings (DOCX, PDF).

`contract_blocks` / `consent_blocks` build the text (names in the right case, sums in words); `to_docx` and
`to_pdf` only lay it out, so both files always say the same.
"""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse

from . import russian, services
from .models import BudgetSource, LiabilityRule, RepresentativeConsent, StudyForm

COMMITTEE_FULL = "Комитет образования, культуры, спорта и работы с молодёжью Администрации города Костромы"
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]


def date_words(day) -> str:
    return f"«{day.day:02d}» {MONTHS[day.month - 1]} {day.year} г." if day else "«___» ____________ 20___ г."


@dataclass
class Block:
    kind: str  # title | center | heading | para | table | signatures
    text: str = ""
    rows: list = field(default_factory=list)


def _level_phrase(contract) -> str:
    if contract.level.startswith("spo"):
        return "среднего профессионального образования", "специальности"
    return "высшего образования", "направлению подготовки (специальности)"


def _signatory(contract) -> tuple[str, str]:
    """(position, full name) of who signs for the customer, in the nominative."""
    org = contract.customer
    position = contract.signatory_position or (org.head_position if org else "Председатель Комитета")
    name = contract.signatory_name or (" ".join(p for p in (org.head_last_name, org.head_first_name,
                                                          org.head_middle_name) if p) if org else "")
    return position or "Руководитель", name


def _customer_full(contract) -> str:
    return contract.customer.full_name if contract.customer_id else COMMITTEE_FULL


def _female(contract) -> bool:
    return russian.gender_of(contract.first_name, contract.middle_name) == "female"


def _citizen(contract, case: str) -> str:
    return russian.name_in_case(contract.last_name, contract.first_name, contract.middle_name, case)


PLACEHOLDER_MARKS = ("уточн", "___", "…", "...")  # text a person left to be filled in, never to be printed


@dataclass(frozen=True)
class MissingFact:
    what: str
    where: str  # where it is filled in, in words
    url: str = ""  # and the page itself, when the reader may open it


def missing_facts(contract, doc: str = "contract") -> list[MissingFact]:
    """What a document with legal force needs and the contract lacks. A document is given out only when the list is
    empty — no blank, dash or «уточните» stands in for a fact."""
    c = contract
    missing = []
    edit, edit_url = "карточка договора → «Изменить»", reverse("contracts:contract_edit", args=[c.pk])
    org_edit = reverse("directory:organisation_edit", args=[c.customer_id]) if c.customer_id else ""
    if doc == "contract":  # the consent is signed by the representative alone
        _, signatory = _signatory(c)
        if not signatory.strip():
            missing.append(MissingFact("ФИО того, кто подписывает договор от заказчика",
                                       f"{edit} (подписант) или карточка организации-заказчика (руководитель)",
                                       edit_url))
        if c.customer_id and not (c.customer.address or "").strip():
            missing.append(MissingFact("Адрес заказчика", "карточка организации-заказчика → «Изменить»", org_edit))
        for attr, what in (("passport_number", "Паспорт гражданина: серия и номер"),
                           ("passport_issued_by", "Паспорт гражданина: кем выдан"),
                           ("passport_issued_on", "Паспорт гражданина: дата выдачи"),
                           ("address", "Адрес регистрации гражданина")):
            if not getattr(c, attr):
                missing.append(MissingFact(what, edit, edit_url))
        rule = LiabilityRule.objects.filter(regime=c.regime).first()
        act = (rule.act_reference if rule else "").strip()
        if not act or any(mark in act.lower() for mark in PLACEHOLDER_MARKS):
            missing.append(MissingFact(
                f"Реквизиты акта о порядке возмещения расходов и штрафа ({c.get_regime_display()})",
                "«Правила ответственности» (администратор)",
                reverse("contracts:rule_edit", args=[rule.pk]) if rule else reverse("contracts:rule_list")))
    return missing


def contract_blocks(contract) -> list[Block]:
    c = contract
    level, by = _level_phrase(c)
    female = _female(c)
    position, signatory = _signatory(c)
    sig_gender = russian.gender_of(*(signatory.split() + ["", ""])[1:3]) if signatory else None
    acting = "действующей" if sig_gender == "female" else "действующего"
    signatory_gen = russian.full_name_in_case(signatory, "genitive") if signatory else "________________"
    customer = _customer_full(c)
    blocks = [Block("title", f"ДОГОВОР № {c.number}"),
              Block("center", f"о целевом обучении по образовательной программе {level}"),
              Block("para", f"{c.municipality.short_name or c.municipality.name}\t\t\t\t\t{date_words(c.signed_on)}")]
    named = "именуемое" if customer.split()[0].lower().endswith(("ое", "ее")) else "именуемый"
    parties = (f"{customer}, {named} в дальнейшем заказчиком, в лице {russian.position_genitive(position)} "
               f"{signatory_gen}, {acting} на основании Устава, с одной стороны, и "
               f"{'гражданка' if female else 'гражданин'} {_citizen(c, 'nominative')}, "
               f"{'именуемая' if female else 'именуемый'} в дальнейшем гражданином, с другой стороны")
    if c.employer_is_party and c.employer_id:
        parties += f", {c.employer.full_name}, именуемое в дальнейшем работодателем"
    if c.education_is_party and c.education_organisation:
        parties += f", {c.education_organisation}, именуемая в дальнейшем образовательной организацией"
    parties += (", совместно именуемые сторонами, заключили настоящий договор о нижеследующем.")
    blocks.append(Block("para", parties))

    blocks.append(Block("heading", "I. Предмет настоящего договора"))
    profile = f", направленность (профиль) «{c.profile}»" if c.profile else ""
    blocks.append(Block("para", (
        f"Гражданин обязуется освоить образовательную программу {level} по {by} {c.specialty.code} "
        f"«{c.specialty.name}»{profile} (далее — образовательная программа) в соответствии с характеристиками "
        "освоения образовательной программы, определёнными разделом II настоящего договора, и осуществить трудовую "
        "деятельность в соответствии с полученной квалификацией на условиях настоящего договора.")))
    blocks.append(Block("para", (
        f"Заказчик обязуется предоставить {_citizen(c, 'dative')} в период освоения образовательной программы меры "
        "поддержки, указанные в разделе IV настоящего договора, и обеспечить трудоустройство в соответствии с "
        "квалификацией, полученной в результате освоения образовательной программы.")))
    blocks.append(Block("para", "Гражданин поступает на целевое обучение "
                        + ("в пределах квоты приёма на целевое обучение." if c.is_quota
                           else "вне квоты приёма на целевое обучение.")))

    blocks.append(Block("heading", "II. Характеристики обучения гражданина"))
    rows = [("Форма обучения", StudyForm(c.study_form).label.lower()),
            ("Образовательная организация", c.education_organisation or "по выбору гражданина"),
            ("Источник финансирования обучения", BudgetSource(c.budget_source).label)]
    if c.course_at_signing:
        rows.append(("Курс на дату заключения договора", f"{c.course_at_signing}-й"))
    if c.academic_requirements:
        rows.append(("Требования к успеваемости", c.academic_requirements))
    if c.trudvsem_offer:
        rows.append(("Предложение на «Работа в России»", c.trudvsem_offer))
    if c.trudvsem_application:
        rows.append(("Заявка на «Работа в России»", c.trudvsem_application))
    blocks.append(Block("table", rows=rows))

    blocks.append(Block("heading", "III. Место осуществления трудовой деятельности"))
    work_org = c.work_organisation.full_name if c.work_organisation_id else customer
    blocks.append(Block("table", rows=[
        ("Организация", work_org),
        ("Должность (профессия)", c.work_position.name if c.work_position_id else "в соответствии с квалификацией"),
        ("Срок трудоустройства", f"не позднее {c.work_start_deadline:%d.%m.%Y}" if c.work_start_deadline
         else "не более трёх месяцев после получения документа об образовании"),
        ("Срок осуществления трудовой деятельности", russian.years_in_words(c.work_years)),
    ]))

    blocks.append(Block("heading", "IV. Меры поддержки и практика"))
    measures = list(c.support_measures.all())
    if measures:
        blocks.append(Block("para", f"Заказчик предоставляет {_citizen(c, 'dative')} следующие меры поддержки:"))
        blocks.append(Block("table", rows=[(m.get_kind_display() + (f" ({m.description})" if m.description else ""),
                                            f"{russian.money(m.amount)} {m.get_period_display()}") for m in measures]))
    else:
        blocks.append(Block("para", "Меры материальной поддержки настоящим договором не предусмотрены."))
    blocks.append(Block("para", "Практика: " + (c.practice_obligations or
                                               "заказчик организует прохождение практики гражданином в соответствии "
                                               "с учебным планом образовательной программы.")))

    blocks.append(Block("heading", "V. Права и обязанности сторон"))
    blocks.append(Block("para", "Гражданин обязан освоить образовательную программу, заключить трудовой договор и "
                                "осуществлять трудовую деятельность в течение установленного срока, уведомлять "
                                "заказчика об изменении фамилии, имени, отчества, паспортных данных, места жительства."))
    blocks.append(Block("para", "Заказчик обязан предоставить меры поддержки, организовать практику, обеспечить "
                                "трудоустройство и уведомлять гражданина об изменении условий."))

    blocks.append(Block("heading", "VI. Ответственность сторон"))
    rule = LiabilityRule.objects.filter(regime=c.regime).first()
    # the act's name is quoted as written (a title in the nominative), so the sentence does not decline it
    blocks.append(Block("para", (
        "В случае неисполнения гражданином обязательств по освоению образовательной программы и (или) по "
        "осуществлению трудовой деятельности гражданин возмещает заказчику расходы, связанные с предоставлением мер "
        "поддержки, и выплачивает штраф. Порядок возмещения расходов и выплаты штрафа установлен: "
        + (rule.act_reference if rule else "законодательство Российской Федерации") + ".")))

    blocks.append(Block("heading", "VII. Заключительные положения"))
    blocks.append(Block("para", f"Договор заключён в соответствии со статьёй 56 Федерального закона «Об образовании в "
                                f"Российской Федерации» (правовой режим: {c.get_regime_display()}). Договор вступает в силу со дня "
                                "его подписания сторонами."))
    consent = services.consent_in_force(c, c.signed_on)  # the one in force on the day of signing, never a later one
    if consent and services.is_minor_on(c, c.signed_on or consent.given_on):
        blocks.append(Block("para", (
            f"Договор заключён с письменного согласия законного представителя несовершеннолетнего гражданина — "
            f"{consent.get_relation_display().lower()} {consent.full_name}, согласие от "
            f"{consent.given_on:%d.%m.%Y}.")))

    blocks.append(Block("heading", "VIII. Адреса и подписи сторон"))
    org = c.customer
    left = ["Заказчик", customer, *( [f"Адрес: {org.address}", f"ИНН {org.inn}"] if org else []),
            f"{position}", f"__________ / {_initials(signatory)}"]
    right = ["Гражданин", _citizen(c, "nominative"),
             f"Дата рождения: {c.birth_date:%d.%m.%Y}",
             f"Паспорт: {c.passport_number or '—'}" + (f", выдан {c.passport_issued_by}" if c.passport_issued_by else "")
             + (f" {c.passport_issued_on:%d.%m.%Y}" if c.passport_issued_on else ""),
             f"Адрес: {c.address or '—'}", f"СНИЛС: {c.snils or '—'}",
             f"Телефон: {c.phone or '—'}", f"__________ / {_initials(c.citizen_name)}"]
    blocks.append(Block("signatures", rows=[left, right]))
    return blocks


def _initials(full: str) -> str:
    parts = (full or "").split()
    if not parts:
        return "________________"
    return parts[0] + "".join(f" {p[0]}." for p in parts[1:])


RELATION_INSTRUMENTAL = {"mother": "матерью", "father": "отцом", "guardian": "опекуном", "trustee": "попечителем",
                         "other": "законным представителем"}


def consent_blocks(contract, consent: RepresentativeConsent) -> list[Block]:
    c = contract
    female = _female(c)
    minor = "несовершеннолетней" if female else "несовершеннолетнего"
    return [
        Block("title", "СОГЛАСИЕ"),
        Block("center", "законного представителя несовершеннолетнего на заключение договора о целевом обучении"),
        Block("para", f"{c.municipality.short_name or c.municipality.name}\t\t\t\t\t{date_words(consent.given_on)}"),
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
        Block("signatures", rows=[["Законный представитель", consent.full_name, "__________ / подпись"],
                                  ["С согласием ознакомлен(а)", _citizen(c, "nominative"), "__________ / подпись"]]),
    ]


# --- Rendering --------------------------------------------------------------------------------------------------

def to_docx(blocks: list[Block]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for b in blocks:
        if b.kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(b.text).bold = True
        elif b.kind == "center":
            doc.add_paragraph(b.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "heading":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(b.text).bold = True
        elif b.kind == "para":
            p = doc.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif b.kind == "table":
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for left, right in b.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = str(left), str(right)
        elif b.kind == "signatures":
            table = doc.add_table(rows=1, cols=len(b.rows))
            for cell, lines in zip(table.rows[0].cells, b.rows, strict=True):
                cell.text = ""
                for i, line in enumerate(lines):
                    par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    run = par.add_run(line)
                    run.bold = i == 0
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_pdf(blocks: list[Block], title: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("contracts/document_pdf.html", {"blocks": blocks, "title": title})
    return HTML(string=html).write_pdf()
