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
        ("Адрес оператора", address),
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
    def grid(rows, widths, header=None):
        table = doc.add_table(rows=0, cols=len(widths))
        table.style = "Table Grid"
        table.autofit = False
        for values in ([header] if header else []) + rows:
            cells = table.add_row().cells
            for cell, value, width in zip(cells, values, widths, strict=True):
                cell.text, cell.width = value, width
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        if header:
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        return table

    grid(rows, [Cm(5.5), Cm(11.5)])
    para()
    para("Перечень категорий уничтоженных персональных данных (таблицы системы и число строк)", bold=True)
    grid([[str(n), label, str(count)] for n, (label, count) in enumerate(act.tables, start=1)],
         [Cm(1.2), Cm(11.8), Cm(4)], header=["№", "Категория (таблица)", "Уничтожено строк"])
    para("Сведения журнала действий о тех же записях уничтожены: записи журнала сохраняют, кто, что и когда "
         "сделал, без значений и без имён.")
    para()
    para("Выгрузка из журнала регистрации событий", bold=True)
    para(f"{timezone.localtime(act.created_at):%d.%m.%Y %H:%M} — {act.actor_name}: уничтожение персональных данных, "
         f"акт № {act.number} ({act.people} {records_word(act.people)}).")
    para()
    para("Подписи", bold=True)
    members = [m.strip() for m in act.commission.splitlines() if m.strip()] or ["", "", ""]
    signatures = [["Уничтожил", act.actor_name, ""]]
    signatures += [["Председатель комиссии" if i == 0 else "Член комиссии", member, ""]
                   for i, member in enumerate(members)]
    grid(signatures, [Cm(4.5), Cm(8), Cm(4.5)], header=["", "ФИО, должность", "Подпись"])
    return _save(doc)


def records_word(n: int) -> str:
    """«1 запись», «4 записи», «12 записей»."""
    if n % 10 == 1 and n % 100 != 11:
        return "запись"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "записи"
    return "записей"


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def filename(act) -> str:
    return f"акт-уничтожения-ПДн-{act.number}.docx"
