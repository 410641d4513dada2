"""The contract's DOCX rendered from a template a lawyer edits in Word (docxtpl).

The text of the contract is still composed by `documents.contract_blocks` (cases, sums in words, the sections that
exist for the variant); a template decides how it is laid out and may replace any part of it with its own wording:
each section is a variable of its own (`s.study.heading`, `s.study.body` — the section's paragraphs and tables as
Word XML, inserted with `{{p s.study.body }}`), and the facts of the contract are variables too (`contract.*`,
`variant.*`). One template serves every variant: the employer's and the educational organisation's sections are
`None` when those are not parties, so a template writes `{%p if s.employer %}` around them.

The repository's template (doc_templates/contract.docx, built by `build_default_template`) is used until a
municipality uploads its own. An upload is checked before it is accepted (`check_template`): the file is bounded
like every upload (size, zip entries, unpacked size, no macros, no DTD), and it must render against complete sample
contracts (the fullest and the smallest variant) with no unknown variable and no placeholder left.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from orientir.core.errors import DomainError

from . import documents, russian
from .documents import PLACEHOLDER_MARKS, SECTION_TITLES, Block, Party

DEFAULT_PATH = Path(__file__).parent / "doc_templates" / "contract.docx"
MB = 1024 * 1024
MAX_FILE = 2 * MB  # a contract template with a coat of arms is some hundred kilobytes
MAX_UNPACKED = 20 * MB
MAX_ENTRIES = 200
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateRefused(DomainError):
    """The uploaded template is not accepted: the message says why, in Russian, naming the variable at fault."""


# --- What a template may use -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Variable:
    name: str
    meaning: str
    example: str = ""


SECTION_NAMES = dict(SECTION_TITLES)

VARIABLES = [
    Variable("title", "Заголовок документа", "ДОГОВОР № ЦО-2026/15"),
    Variable("subtitle", "Строка под заголовком", "о целевом обучении по образовательной программе среднего "
                                                  "профессионального образования"),
    Variable("place", "Место заключения", "г. Кострома"),
    Variable("date", "Дата заключения словами; пусто у проекта (дата вписывается при подписании)",
             "«04» июня 2026 г."),
    Variable("preamble", "Абзацы вступления (стороны, «в лице …», согласие представителя) — список, выводится "
                         "циклом {%p for text in preamble %}"),
    Variable("s.<раздел>.heading", "Заголовок раздела с его номером", "II. Характеристики обучения гражданина"),
    Variable("s.<раздел>.number", "Номер раздела римской цифрой", "II"),
    Variable("s.<раздел>.body", "Текст раздела (абзацы и таблицы), вставляется отдельным абзацем: "
                                "{{p s.study.body }}"),
    Variable("s.<раздел>.paragraphs", "Абзацы раздела без таблиц — список строк"),
    Variable("sections", "Все разделы по порядку (у каждого heading, number, body, paragraphs)"),
    Variable("parties", "Стороны по порядку: title, name, lines (реквизиты — список), position, signer, initials, "
                        "seal, representative (законный представитель несовершеннолетнего или пусто)"),
    Variable("contract.number", "Номер договора", "ЦО-2026/15"),
    Variable("contract.signed_on", "Дата заключения (ДД.ММ.ГГГГ); пусто у проекта", "04.06.2026"),
    Variable("contract.citizen", "ФИО гражданина (именительный падеж)", "Сидорова Анна Павловна"),
    Variable("contract.citizen_genitive", "ФИО гражданина в родительном падеже", "Сидоровой Анны Павловны"),
    Variable("contract.citizen_dative", "ФИО гражданина в дательном падеже", "Сидоровой Анне Павловне"),
    Variable("contract.citizen_instrumental", "ФИО гражданина в творительном падеже", "Сидоровой Анной Павловной"),
    Variable("contract.birth_date", "Дата рождения гражданина", "01.03.2009"),
    Variable("contract.customer", "Полное наименование заказчика"),
    Variable("contract.specialty_code", "Код специальности (направления)", "44.02.02"),
    Variable("contract.specialty_name", "Наименование специальности (направления)", "Преподавание в начальных "
                                                                                     "классах"),
    Variable("contract.level", "Уровень образования", "среднее профессиональное образование"),
    Variable("contract.study_form", "Форма обучения", "очная"),
    Variable("contract.education_organisation", "Образовательная организация"),
    Variable("contract.work_organisation", "Организация, в которую будет трудоустроен гражданин"),
    Variable("contract.work_years", "Срок трудовой деятельности словами", "три года"),
    Variable("contract.municipality", "Муниципальное образование договора", "городской округ город Кострома"),
    Variable("contract.regime", "Правовой режим договора", "Постановление Правительства РФ от 27.04.2024 № 555"),
    Variable("variant.graduate", "Выпускник школы (п. 2.9) — да/нет"),
    Variable("variant.student", "Студент 2-го и следующих курсов (п. 2.11) — да/нет"),
    Variable("variant.spo", "Среднее профессиональное образование — да/нет"),
    Variable("variant.vo", "Высшее образование — да/нет"),
    Variable("variant.minor", "Гражданин несовершеннолетний на день заключения — да/нет"),
    Variable("variant.employer", "Работодатель — сторона договора — да/нет"),
    Variable("variant.education", "Образовательная организация — сторона договора — да/нет"),
    Variable("variant.parties", "Число сторон (2, 3 или 4)", "3"),
]


# --- The context: the contract's text cut along the template's variables ------------------------------------

class WordXml(str):
    """Paragraphs and tables as WordprocessingML, put into the document as they are (`{{p s.study.body }}`); every
    other value is escaped."""

    def __html__(self) -> str:
        return str(self)


def blocks_xml(blocks: list[Block]) -> WordXml:
    doc, width = documents._new_document()
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    documents.write_blocks(doc, blocks, width)
    return WordXml("".join(etree.tostring(child, encoding="unicode") for child in body
                           if not child.tag.endswith("}sectPr")))


def _party(p: Party | None) -> dict | None:
    if p is None:
        return None
    return {"title": p.title, "name": p.name, "lines": list(p.lines), "position": p.position, "signer": p.signer,
            "initials": documents._initials(p.signer), "seal": p.seal, "representative": _party(p.joint)}


def _section_key(heading: str) -> str:
    title = heading.split(". ", 1)[1]
    return next(key for key, text in SECTION_TITLES.items() if text == title)


def context_from_blocks(blocks: list[Block], contract: dict, variant: dict) -> dict:
    """The template's variables from the text `contract_blocks` composed (title, place line, preamble, sections)."""
    ctx = {"title": "", "subtitle": "", "place": "", "date": "", "preamble": [], "parties": []}
    sections, current, body = [], None, []

    def close():
        if current is not None:
            current["body"] = blocks_xml(body)
            current["paragraphs"] = [b.text for b in body if b.kind == "para"]
            sections.append(current)

    for b in blocks:
        if b.kind == "title":
            ctx["title"] = b.text
        elif b.kind == "center" and current is None:
            ctx["subtitle"] = b.text
        elif b.kind == "placeline":
            ctx["place"], ctx["date"] = b.text, (b.rows[0] if b.rows else "")
        elif b.kind == "heading":
            close()
            number = b.text.split(".", 1)[0]
            current, body = {"key": _section_key(b.text), "heading": b.text, "number": number}, []
        elif current is None:
            ctx["preamble"].append(b.text)
        else:
            body.append(b)
            if b.kind == "parties":
                ctx["parties"] = [_party(p) for p in b.rows]
    close()
    ctx["sections"] = sections
    ctx["s"] = {key: None for key in SECTION_TITLES} | {sec["key"]: sec for sec in sections}
    ctx["contract"], ctx["variant"] = contract, variant
    return ctx


def contract_context(c) -> dict:
    """Every variable of a template for a real contract."""
    blocks = documents.contract_blocks(c)
    minor, _ = documents._minor_and_consent(c)
    work = documents._work_org(c)
    parties = 2 + int(bool(c.employer_is_party and c.employer_id)) + int(bool(c.education_is_party))
    level = ("среднее профессиональное образование" if c.level.startswith("spo")
             else f"высшее образование — {c.get_level_display().lower()}")
    contract = {
        "number": c.number, "signed_on": f"{c.signed_on:%d.%m.%Y}" if c.signed_on else "",
        "citizen": c.citizen_name, "citizen_genitive": documents._citizen(c, "genitive"),
        "citizen_dative": documents._citizen(c, "dative"),
        "citizen_instrumental": documents._citizen(c, "instrumental"),
        "birth_date": f"{c.birth_date:%d.%m.%Y}", "customer": documents._customer_full(c),
        "specialty_code": c.specialty.code, "specialty_name": c.specialty.name, "level": level,
        "study_form": c.get_study_form_display().lower(), "education_organisation": c.education_organisation or "",
        "work_organisation": work.full_name if work else documents.COMMITTEE_FULL,
        "work_years": russian.years_in_words(c.work_years), "municipality": c.municipality.name,
        "regime": c.get_regime_display(),
    }
    variant = {"graduate": c.kind == "graduate", "student": c.kind == "student",
               "spo": c.level.startswith("spo"), "vo": not c.level.startswith("spo"), "minor": minor,
               "employer": bool(c.employer_is_party and c.employer_id), "education": bool(c.education_is_party),
               "parties": parties}
    return context_from_blocks(blocks, contract, variant)


# --- Rendering ------------------------------------------------------------------------------------------------

def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # a template comes from a user: sandboxed, every value escaped but the sections' Word XML, no unknown name passes
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render(template: bytes, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context, jinja_env=_environment())
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def default_template() -> bytes:
    return DEFAULT_PATH.read_bytes()


def active_template(municipality):
    """The municipality's template in force (a DocumentTemplate), or None — the repository's one is used."""
    from .models import DocumentTemplate

    return (DocumentTemplate.objects.filter(municipality=municipality, is_active=True)
            .only("id", "version", "content", "uploaded_at").first())


def contract_docx(contract) -> bytes:
    current = active_template(contract.municipality)
    return render(bytes(current.content) if current else default_template(), contract_context(contract))


def docx_text(data: bytes) -> str:
    """The text of a DOCX, paragraphs and table cells in document order, one per line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines = []
    for par in doc.element.body.iter(f"{ns}p"):
        lines.append("".join(t.text or "" for t in par.iter(f"{ns}t")))
    for part in _header_footer_parts(doc):
        for par in part.element.iter(f"{ns}p"):
            lines.append("".join(t.text or "" for t in par.iter(f"{ns}t")))
    return "\n".join(lines)


def _header_footer_parts(doc):
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous:
                continue
            yield part


# --- Checking an upload ---------------------------------------------------------------------------------------

NOT_DOCX = "Файл не является документом Word (.docx). Сохраните шаблон в Word или LibreOffice как «Документ Word (.docx)»."
DAMAGED = "Файл повреждён и не читается как документ Word (.docx). Сохраните его заново и загрузите снова."
_ZIP_DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, ValueError,
               OSError)


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused by its size before a byte is read into memory."""
    if upload.size is None or upload.size > MAX_FILE:
        raise TemplateRefused(f"Файл больше {MAX_FILE // MB} МБ: шаблон договора столько не занимает. Уменьшите "
                              "рисунки в документе или проверьте, тот ли файл выбран.")
    data = upload.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise TemplateRefused(f"Файл больше {MAX_FILE // MB} МБ.")
    return data


def checked_copy(data: bytes) -> bytes:
    """The DOCX rebuilt from exactly the entries that were checked: a bounded number of parts, each within the
    unpacked budget however its header lies, no macros (.docm), no encryption, no DTD (entity expansion) in any XML
    part. Nothing of `data` reaches docxtpl before."""
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise TemplateRefused("Файл в старом формате Word (.doc) или защищён паролем. Откройте его в Word или "
                                  "LibreOffice и сохраните как «Документ Word (.docx)».")
        raise TemplateRefused(NOT_DOCX)
    if data.count(b"PK\x01\x02") > MAX_ENTRIES:
        raise TemplateRefused(f"В архиве документа больше {MAX_ENTRIES} частей: шаблон договора так не устроен.")
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        infos = source.infolist()
    except _ZIP_DAMAGE as exc:
        raise TemplateRefused(DAMAGED) from exc
    names = [i.filename.lower() for i in infos]
    if len(infos) > MAX_ENTRIES or len(set(names)) != len(names):
        raise TemplateRefused(DAMAGED)
    if "word/document.xml" not in names or "[content_types].xml" not in names:
        raise TemplateRefused(NOT_DOCX)
    if any(n.endswith("vbaproject.bin") for n in names):
        raise TemplateRefused("В документе есть макросы. Сохраните шаблон как «Документ Word (.docx)» без макросов.")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise TemplateRefused(f"Документ в распакованном виде больше {MAX_UNPACKED // MB} МБ: шаблон договора "
                              "столько не занимает.")
    out, spent = io.BytesIO(), 0
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as packed:
            for info in infos:
                if info.is_dir():
                    continue
                if info.flag_bits & 0x1:
                    raise TemplateRefused("Документ защищён паролем. Снимите пароль и сохраните его заново.")
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise TemplateRefused(DAMAGED)
                with source.open(info) as entry:
                    part = entry.read(info.file_size + 1)
                spent += len(part)
                if len(part) > info.file_size or spent > MAX_UNPACKED:
                    raise TemplateRefused(DAMAGED)
                if info.filename.lower().endswith((".xml", ".rels")) and b"<!DOCTYPE" in part.upper():
                    raise TemplateRefused(DAMAGED)
                packed.writestr(info.filename, part)
    except TemplateRefused:
        raise
    except _ZIP_DAMAGE as exc:
        raise TemplateRefused(DAMAGED) from exc
    return out.getvalue()


_UNDEFINED = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_LEFT_TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def _unknown(exc, template_text: str = "") -> TemplateRefused:
    """The refusal naming the unknown variable as the template writes it («contract.nomer», not only «nomer»)."""
    text = str(exc)
    if m := _UNDEFINED.search(text):
        name = m.group(1)
    elif m := _NO_ATTRIBUTE.search(text):
        name = m.group(1)
        if written := re.search(rf"[A-Za-z_][\w.]*\.{re.escape(name)}\b", template_text):
            name = written.group(0)
    else:
        name = ""
    if name:
        return TemplateRefused(f"В шаблоне неизвестная переменная «{name}». Исправьте её по списку переменных на "
                               "этой странице. Шаблон не принят.")
    return TemplateRefused(f"Шаблон не заполняется: {text}. Шаблон не принят.")


def check_template(data: bytes) -> bytes:
    """The checked copy of an uploaded template, or TemplateRefused. It must render against the complete sample
    contracts — the fullest (four parties, a minor, a school graduate, СПО) and the smallest (two parties, an adult
    student of ВО) — with no unknown variable and no placeholder or unfilled field left in the text."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    copy = checked_copy(data)
    try:
        from docx import Document

        Document(io.BytesIO(copy))
    except Exception as exc:  # python-docx raises many kinds on a part it does not expect
        raise TemplateRefused(DAMAGED) from exc
    for sample in (sample_context(full=True), sample_context(full=False)):
        try:
            rendered = render(copy, sample)
        except TemplateSyntaxError as exc:
            raise TemplateRefused(
                f"В шаблоне ошибка в записи поля: {exc.message}. Проверьте, что каждое поле открыто и закрыто "
                "парой скобок {{ … }} или {% … %}, а каждое {% if %} и {% for %} закрыто {% endif %} и "
                "{% endfor %}. Шаблон не принят.") from exc
        except UndefinedError as exc:
            raise _unknown(exc, docx_text(copy)) from exc
        except SecurityError as exc:
            m = re.search(r"attribute '([^']+)'", str(exc))
            what = f"обращение к служебному атрибуту «{m.group(1)}»" if m else "выражение, которое шаблону не разрешено"
            raise TemplateRefused(f"В шаблоне недопустимое выражение: {what}. Шаблон не принят.") from exc
        except Exception as exc:  # a tag docxtpl cannot place (a {%p %} inside a run, a broken table loop…)
            raise TemplateRefused(f"Шаблон не заполняется: {exc}. Шаблон не принят.") from exc
        text = docx_text(rendered)
        if left := _LEFT_TAGS.search(text):
            line = next(ln for ln in text.splitlines() if left.group(0) in ln)
            raise TemplateRefused(f"После заполнения в документе осталось незаполненное поле: «{line.strip()[:120]}». "
                                  "Проверьте скобки поля. Шаблон не принят.")
        low = text.lower()
        for mark in PLACEHOLDER_MARKS:
            if mark in low:
                line = next(ln for ln in text.splitlines() if mark in ln.lower())
                raise TemplateRefused(f"В шаблоне осталась заглушка «{mark}»: «{line.strip()[:120]}». Договор "
                                      "подписывается без пропусков — впишите текст или переменную. Шаблон не принят.")
    return copy


# --- The complete sample contracts a template is checked against ------------------------------------------------

def sample_context(full: bool) -> dict:
    """A contract with every fact filled in: `full` — four parties and a minor, a school graduate of СПО (every
    section and the representative); otherwise two parties, an adult student of ВО."""
    customer = Party("customer", "Заказчик", "Муниципальное бюджетное общеобразовательное учреждение города Костромы "
                     "«Средняя общеобразовательная школа № 1»", ["Местонахождение: 156000, г. Кострома, "
                     "ул. Симановского, д. 1", "ИНН 4401006568 / КПП 440101001"], "Директор",
                     "Петрова Елена Викторовна", "Устава", seal=True)
    citizen = Party("citizen", "Гражданка", "Сидорова Анна Павловна",
                    ["Дата рождения: 01.03.2009", "Паспорт: 34 12 345678, выдан УМВД России по Костромской области "
                     "15.03.2023", "Адрес регистрации: г. Кострома, ул. Мира, д. 5, кв. 7"], "",
                    "Сидорова Анна Павловна", "")
    employer = Party("employer", "Работодатель", "Муниципальное бюджетное дошкольное образовательное учреждение "
                     "города Костромы «Детский сад № 2»", ["Местонахождение: 156000, г. Кострома, ул. Ленина, д. 2",
                                                          "ИНН 4401006570"], "Заведующий",
                     "Воробьёва Екатерина Ивановна", "Устава", seal=True)
    education = Party("education", "Образовательная организация", "ОГБПОУ «Костромской педагогический колледж»",
                      ["Местонахождение: 156005, г. Кострома, ул. Пятницкая, д. 8", "ИНН 4401008980"], "Директор",
                      "Смирнов Павел Андреевич", "Устава", seal=True)
    representative = Party("representative", "Законный представитель несовершеннолетнего гражданина",
                           "Сидорова Ольга Петровна", ["Кем приходится Сидоровой Анне Павловне: мать",
                                                      "паспорт 34 10 123456",
                                                      "Согласие на заключение договора от 01.06.2026"], "",
                           "Сидорова Ольга Петровна", "")
    parties = [customer, citizen] + ([employer, education] if full else [])
    citizen.joint = representative if full else None
    keys = [k for k in SECTION_TITLES if full or k not in ("employer", "education")]
    blocks = [Block("title", "ДОГОВОР № ЦО-2026/15"),
              Block("center", "о целевом обучении по образовательной программе "
                              + ("среднего профессионального образования" if full else "высшего образования")),
              Block("placeline", "г. Кострома", rows=[documents.date_words(datetime.date(2026, 6, 4))] if full else []),
              Block("para", f"{customer.name}, именуемое в дальнейшем заказчиком, в лице директора Петровой Елены "
                            "Викторовны, действующей на основании Устава, с одной стороны, и гражданка Сидорова Анна "
                            "Павловна, именуемая в дальнейшем гражданином, с другой стороны, заключили настоящий "
                            "договор о нижеследующем.")]
    for i, key in enumerate(keys):
        blocks.append(Block("heading", f"{documents.ROMAN[i]}. {SECTION_TITLES[key]}"))
        if key == "parties":
            blocks.append(Block("parties", rows=parties))
            continue
        blocks.append(Block("para", f"1. Текст раздела «{SECTION_NAMES[key]}» образца."))
        if key in ("study", "work"):
            blocks.append(Block("table", rows=[("Форма обучения", "очная")]))
    contract = {v.name.split(".", 1)[1]: v.example or "Образец" for v in VARIABLES if v.name.startswith("contract.")}
    contract["signed_on"] = "04.06.2026" if full else ""
    variant = {"graduate": full, "student": not full, "spo": full, "vo": not full, "minor": full, "employer": full,
               "education": full, "parties": 4 if full else 2}
    return context_from_blocks(blocks, contract, variant)


# --- The repository's template -----------------------------------------------------------------------------------

def build_default_template() -> bytes:
    """The template kept in the repository (doc_templates/contract.docx): the contract exactly as the system composes
    it, every section by its own variable so a lawyer sees where to put a wording of their own.
    `manage.py shell -c "from orientir.contracts import templating; templating.write_default_template()"` writes it
    anew."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    doc, width = documents._new_document()

    def par(text: str = "", *, align=None, bold=False, indent=False):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
        if text:
            p.add_run(text).bold = bold
        return p

    par("{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    par("{{ subtitle }}", align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_after = Pt(10)
    place = par()
    place.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    place.paragraph_format.space_after = Pt(10)
    place.add_run("{{ place }}\t{% if date %}{{ date }}{% else %}«")
    day, month, year = documents.DATE_SPACES
    place.add_run(day).font.underline = True
    place.add_run("» ")
    place.add_run(month).font.underline = True
    place.add_run(" 20")
    place.add_run(year).font.underline = True
    place.add_run(" г.{% endif %}")
    par("{%p for text in preamble %}")
    par("{{ text }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    par("{%p endfor %}")
    for key in SECTION_TITLES:
        optional = key in ("employer", "education")
        if optional:
            par(f"{{%p if s.{key} %}}")
        heading = par(f"{{{{ s.{key}.heading }}}}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        heading.paragraph_format.space_before = Pt(8)
        heading.paragraph_format.keep_with_next = True
        par(f"{{{{p s.{key}.body }}}}")
        if optional:
            par("{%p endif %}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_default_template() -> Path:
    DEFAULT_PATH.parent.mkdir(exist_ok=True)
    DEFAULT_PATH.write_bytes(build_default_template())
    return DEFAULT_PATH
