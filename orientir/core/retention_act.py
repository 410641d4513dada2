"""The act of destruction of personal data as a DOCX to print and sign (приказ Роскомнадзора от 28.10.2022 № 179:
the operator, whose data by group, who destroyed them, the categories destroyed, the system, the method, the reason,
the date; for data processed automatically, the extract of the log). It lists tables and counts, never the data."""

import io

from django.apps import apps
from django.utils import timezone

from orientir.core.retention import METHOD, SYSTEM

OPERATOR = "Комитет образования, культуры, спорта и работы с молодёжью"


def _operator(act) -> tuple[str, str]:
    name = OPERATOR + (f" ({act.municipality})" if act.municipality_id else "")
    address = ""
    try:  # the committee's address as the contract documents print it, where the city has filled it in
        settings_model = apps.get_model("contracts", "MunicipalContractSettings")
        found = settings_model.objects.filter(municipality_id=act.municipality_id).first()
        address = getattr(found, "committee_address", "") or ""
    except LookupError:
        pass
    return name, address


def to_docx(act) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    def para(text="", bold=False, center=False, size=None):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    operator, address = _operator(act)
    para("АКТ", bold=True, center=True, size=14)
    para(f"об уничтожении персональных данных № {act.number}", bold=True, center=True)
    para(f"от {act.made_on:%d.%m.%Y}", center=True)
    para()
    rows = [
        ("Оператор", operator),
        ("Адрес оператора", address or "_" * 50),
        ("Информационная система", SYSTEM),
        ("Чьи персональные данные уничтожены", act.group),
        ("Количество субъектов (записей)", str(act.people)),
        ("Причина уничтожения", "достижение цели обработки персональных данных (ч. 4 ст. 21 Федерального закона "
                                "от 27.07.2006 № 152-ФЗ «О персональных данных»); срок хранения — "
                                f"{act.period}"),
        ("Обоснование срока", act.reason),
        ("Способ уничтожения", METHOD),
        ("Дата уничтожения", f"{act.made_on:%d.%m.%Y}"),
        ("Уничтожил", act.actor_name),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].width, cells[1].width = Cm(5.5), Cm(11.5)
    para()
    para("Перечень категорий уничтоженных персональных данных (таблицы системы и число строк)", bold=True)
    listing = doc.add_table(rows=1, cols=3)
    listing.style = "Table Grid"
    head = listing.rows[0].cells
    head[0].text, head[1].text, head[2].text = "№", "Категория (таблица)", "Уничтожено строк"
    for number, (label, count) in enumerate(act.tables, start=1):
        cells = listing.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(number), label, str(count)
    para("Сведения журнала действий о тех же записях уничтожены: записи журнала сохраняют, кто, что и когда "
         "сделал, без значений и без имён.")
    para()
    para("Выгрузка из журнала регистрации событий", bold=True)
    para(f"{timezone.localtime(act.created_at):%d.%m.%Y %H:%M} — {act.actor_name}: уничтожение персональных данных, акт № {act.number}"
         f" ({act.people} записей).")
    para()
    para("Комиссия:", bold=True)
    members = [m.strip() for m in act.commission.splitlines() if m.strip()] or ["", "", ""]
    for index, member in enumerate(members):
        role = "Председатель комиссии" if index == 0 else "Член комиссии"
        para(f"{role}: {member or '_' * 30}    ________________ (подпись)")
    return _save(doc)


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def filename(act) -> str:
    return f"акт-уничтожения-ПДн-{act.number}.docx"
