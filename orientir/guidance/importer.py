"""Pupils from an Excel template: every row checked first, any error → nothing saved, all errors listed."""

import datetime
import io
import re

import xlsxwriter
from django.db import transaction

from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.validators import normalize_phone
from orientir.core.workbook import MB, ErrorList, Limits, WorkbookRefused, iter_rows

from .models import Consent, Pupil, Representative

COLUMNS = [
    ("last_name", "Фамилия*"), ("first_name", "Имя*"), ("middle_name", "Отчество"),
    ("birth_date", "Дата рождения (ДД.ММ.ГГГГ)"), ("grade", "Класс (1–11)"), ("class_letter", "Литера"),
    ("phone", "Телефон"), ("email", "Эл. почта"), ("consent_by", "Согласие: ФИО давшего"),
    ("consent_on", "Согласие: дата (ДД.ММ.ГГГГ)"), ("rep_name", "Представитель: ФИО"),
    ("rep_phone", "Представитель: телефон"),
]
LETTERS = "ABCDEFGHIJKL"
HEADER_ROW = 3  # 1-based; data from the next row
# A school has at most a few thousand pupils; a whole city's file still fits. Extra columns (notes) up to Z are read
# and ignored; a filled cell further out refuses the file before anything is read.
LIMITS = Limits(columns=26, data_rows=100_000, header_rows=HEADER_ROW, file_bytes=10 * MB)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PupilImportErrors(DomainError):
    def __init__(self, errors: list[tuple[int, str, str]]):
        total = getattr(errors, "total", len(errors))
        super().__init__(f"Файл не загружен: ошибок — {total}. Ничего не сохранено.")
        self.errors = errors
        self.total = total


def build_template(organisation) -> bytes:
    buf = io.BytesIO()
    # The school's name is typed text: never a formula or a link, whatever it starts with (orientir/staffing/excel.py).
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Обучающиеся")
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    sheet.write_string(0, 0, f"Обучающиеся: {organisation.full_name}", book.add_format({"bold": True}))
    sheet.write_string(1, 0, "Без согласия на обработку персональных данных заполняйте только ФИО: остальные "
                             "столбцы сохраняются лишь при указанном согласии (ФИО давшего и дата).")
    for col, (_, title) in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW - 1, col, title, head)
        sheet.set_column(col, col, 18)
    sheet.freeze_panes(HEADER_ROW, 0)
    sheet.set_landscape()  # printed: landscape, all columns on the page's width, the header on every page
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW - 1)
    book.close()
    return buf.getvalue()


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip(), "%d.%m.%Y").date()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_rows(rows: list[list], today: datetime.date) -> tuple[list[dict], list[tuple[int, str, str]]]:
    """Check every data row; returns (clean records, errors with row number and column letter)."""
    records, errors = [], ErrorList()
    for number, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
        cells = {code: (row[i] if i < len(row) else None) for i, (code, _) in enumerate(COLUMNS)}
        if all(v in (None, "") for v in cells.values()):
            continue
        col = {code: LETTERS[i] for i, (code, _) in enumerate(COLUMNS)}
        rec = {"last_name": _text(cells["last_name"]), "first_name": _text(cells["first_name"]),
               "middle_name": _text(cells["middle_name"])}
        row_errors = []
        for code in ("last_name", "first_name"):
            if not rec[code]:
                row_errors.append((number, col[code], "обязательное поле"))
        try:
            consent_on = _date(cells["consent_on"])
        except ValueError:
            consent_on = None
            row_errors.append((number, col["consent_on"], f"«{cells['consent_on']}» — не дата ДД.ММ.ГГГГ"))
        consent_by = _text(cells["consent_by"])
        if consent_by and not consent_on:
            row_errors.append((number, col["consent_on"], "укажите дату согласия"))
        if consent_on and consent_on > today:
            row_errors.append((number, col["consent_on"], "дата согласия в будущем"))
        has_consent = bool(consent_by and consent_on)
        personal = {}
        try:
            personal["birth_date"] = _date(cells["birth_date"])
            if personal["birth_date"] and not (today.year - 20 <= personal["birth_date"].year <= today.year - 5):
                row_errors.append((number, col["birth_date"], "возраст обучающегося вне 5–20 лет"))
        except ValueError:
            row_errors.append((number, col["birth_date"], f"«{cells['birth_date']}» — не дата ДД.ММ.ГГГГ"))
        grade = _text(cells["grade"])
        if grade:
            if not grade.isdigit() or not 1 <= int(grade) <= 11:
                row_errors.append((number, col["grade"], f"класс «{grade}» — число от 1 до 11"))
            else:
                personal["grade"] = int(grade)
        personal["class_letter"] = _text(cells["class_letter"]).upper()[:3]
        phone = _text(cells["phone"])
        if phone:
            try:
                personal["phone"] = normalize_phone(phone)
            except Exception:
                row_errors.append((number, col["phone"], f"телефон «{phone}» не похож на российский номер"))
        email = _text(cells["email"])
        if email and not EMAIL.match(email):
            row_errors.append((number, col["email"], f"«{email}» — не адрес электронной почты"))
        personal["email"] = email
        rep_name, rep_phone = _text(cells["rep_name"]), _text(cells["rep_phone"])
        filled = [code for code in ("birth_date", "grade", "class_letter", "phone", "email") if personal.get(code)]
        if (filled or rep_name) and not has_consent:
            first = filled[0] if filled else "rep_name"
            row_errors.append((number, col[first], "нет согласия на обработку персональных данных: "
                                                  "без него заполняются только ФИО"))
        errors += row_errors
        if not row_errors:
            rec.update(personal if has_consent else {})
            rec["_consent"] = (consent_by, consent_on) if has_consent else None
            rec["_rep"] = (rep_name, rep_phone) if rep_name else None
            records.append(rec)
    return records, errors


def read_rows(data: bytes, limits: Limits = LIMITS) -> list[list]:
    """The first sheet's rows, once the file has passed the bounded check (orientir.core.workbook)."""
    try:
        return list(iter_rows(data, limits))
    except WorkbookRefused as exc:
        raise PupilImportErrors([(0, "", exc.message)]) from exc


@transaction.atomic
def import_pupils(*, actor, organisation, data: bytes, today: datetime.date | None = None) -> int:
    """Add the file's pupils to the school. A pupil already there (same full name and birth date) is skipped,
    so importing the same file twice adds nothing."""
    today = today or datetime.date.today()
    records, errors = parse_rows(read_rows(data), today)
    if errors:
        raise PupilImportErrors(errors)
    if not records:
        raise PupilImportErrors([(HEADER_ROW + 1, "A", "В файле нет ни одной строки с обучающимся.")])
    existing = set(Pupil.objects.filter(organisation=organisation)
                   .values_list("last_name", "first_name", "middle_name", "birth_date"))
    pupils, extras = [], []
    for rec in records:
        key = (rec["last_name"], rec["first_name"], rec["middle_name"], rec.get("birth_date"))
        if key in existing:
            continue
        existing.add(key)
        pupil = Pupil(organisation=organisation, **{k: v for k, v in rec.items() if not k.startswith("_")})
        pupil.refresh_derived()
        pupils.append(pupil)
        extras.append((rec["_consent"], rec["_rep"]))
    Pupil.objects.bulk_create(pupils, batch_size=2000)  # ids come back on PostgreSQL and SQLite ≥ 3.35
    consents, reps = [], []
    for pupil, (consent, rep) in zip(pupils, extras, strict=True):
        if consent:
            consents.append(Consent(pupil=pupil, given_by_name=consent[0], given_on=consent[1], recorded_by=actor,
                                    document_ref="загружено из файла"))
        if rep:
            phone = ""
            try:
                phone = normalize_phone(rep[1]) if rep[1] else ""
            except Exception:
                phone = rep[1][:30]
            reps.append(Representative(pupil=pupil, full_name=rep[0], phone=phone))
    Consent.objects.bulk_create(consents, batch_size=2000)
    Representative.objects.bulk_create(reps, batch_size=2000)
    audit.record(actor=actor, action="guidance.pupils.imported", instance=organisation,
                 changes={"Добавлено обучающихся": [None, len(pupils)], "Согласий": [None, len(consents)]})
    return len(pupils)
