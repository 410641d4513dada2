"""Pupils from an Excel template: every row checked first, any error → nothing saved, all errors listed."""

import datetime
import re

from django.db import transaction
from django.utils import timezone

from orientir.core import audit
from orientir.core.imports import bulk, engine, normalize, template
from orientir.core.imports.engine import HEADER_SEARCH_ROWS, Column, Reading, Table
from orientir.core.imports.page import Import, ImportRefused, Preview, register
from orientir.core.validators import normalize_phone
from orientir.directory.models import Organisation
from orientir.core.workbook import MB, Limits

from .models import Consent, Pupil, Representative

COLUMNS = [
    ("last_name", "Фамилия*"), ("first_name", "Имя*"), ("middle_name", "Отчество"),
    ("birth_date", "Дата рождения (ДД.ММ.ГГГГ)"), ("grade", "Класс (1–11)"), ("class_letter", "Литера"),
    ("phone", "Телефон"), ("email", "Эл. почта"), ("consent_by", "Согласие: ФИО давшего"),
    ("consent_on", "Согласие: дата (ДД.ММ.ГГГГ)"), ("rep_name", "Представитель: ФИО"),
    ("rep_phone", "Представитель: телефон"),
]
HEADER_ROW = 3  # 1-based, in the template; a file whose header stands elsewhere in the first rows is read too
# A school has at most a few thousand pupils; a whole city's file still fits. Extra columns (notes) up to Z are read
# and ignored; a filled cell further out refuses the file before anything is read.
LIMITS = Limits(columns=26, data_rows=100_000, header_rows=HEADER_SEARCH_ROWS, file_bytes=10 * MB)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# the titles the same columns go by in the exports of school information systems and in hand-made lists
_ALIASES = {"last_name": ("Фамилия обучающегося",), "first_name": ("Имя обучающегося",),
            "middle_name": ("Отчество обучающегося",), "birth_date": ("Дата рождения", "Д.р.", "ДР"),
            "grade": ("Класс", "Параллель"), "class_letter": ("Буква класса", "Буква"),
            "email": ("Электронная почта", "E-mail", "Email"),
            "consent_by": ("Согласие дал", "Кто дал согласие"), "consent_on": ("Дата согласия",),
            "rep_name": ("ФИО представителя", "Родитель (законный представитель)"),
            "rep_phone": ("Телефон представителя", "Телефон родителя")}
_PARSERS = {"birth_date": normalize.date, "consent_on": normalize.date}
TABLE = Table(tuple(Column(code, title, _PARSERS.get(code, normalize.text), required=title.endswith("*"),
                           aliases=_ALIASES.get(code, ())) for code, title in COLUMNS),
              LIMITS, sheet="Обучающиеся")
# «9А», «9 «А»», «9-а», «9»: a class typed in one cell
_CLASS = re.compile(r"^(\d{1,2})\s*[-\s]?\s*[\"«]?([а-яa-z]{0,3})[\"»]?$", re.IGNORECASE)


PupilImportErrors = ImportRefused  # the name the benchmark and older callers know
SKIP_WHY = "уже есть в школе или повторяются в файле: та же фамилия, имя, отчество и дата рождения"


def build_template(organisation) -> bytes:
    return template.build(TABLE, heading=f"Обучающиеся: {organisation.full_name}",
                          note="Без согласия на обработку персональных данных заполняйте только ФИО: остальные "
                               "столбцы сохраняются лишь при указанном согласии (ФИО давшего и дата).")


def check(data: bytes, today: datetime.date) -> tuple[Reading, list[dict]]:
    """The whole file checked as the import will write it: (the reading with every error placed, clean records)."""
    reading = engine.check(data, TABLE)
    records = []
    for row in reading.rows:
        record = _record(row, reading, today)
        if record is not None:
            records.append(record)
    for row in reading.partial:  # a cell did not parse: the rest of the row is checked too, nothing is kept
        _record(row, reading, today)
    if reading.ok and not records:
        reading.error(0, None, "В файле нет ни одной строки с обучающимся.")
    return reading, records


def _record(row, reading: Reading, today: datetime.date) -> dict | None:
    """One row as a pupil's record, or None with its errors added to the reading."""
    v, number = row.values, row.number
    errors = reading.errors.total

    def error(code: str, message: str) -> None:
        if code not in row.failed:  # a cell that did not parse has its error already
            reading.error(number, code, message)

    rec = {"last_name": v["last_name"], "first_name": v["first_name"], "middle_name": v["middle_name"]}
    consent_on, consent_by = v["consent_on"], v["consent_by"]
    if consent_by and not consent_on:
        error("consent_on", "укажите дату согласия")
    if consent_on and consent_on > today:
        error("consent_on", "дата согласия в будущем")
    has_consent = bool(consent_by and consent_on)
    personal = {"birth_date": v["birth_date"]}
    if personal["birth_date"] and not (today.year - 20 <= personal["birth_date"].year <= today.year - 5):
        error("birth_date", "возраст обучающегося вне 5–20 лет")
    grade, letter = v["grade"], v["class_letter"]
    if grade:
        match = _CLASS.match(grade)
        if not match or not 1 <= int(match.group(1)) <= 11:
            error("grade", f"класс «{grade}» — число от 1 до 11")
        else:
            personal["grade"] = int(match.group(1))
            letter = letter or match.group(2)
    personal["class_letter"] = letter.upper()[:3]
    if v["phone"]:
        try:
            personal["phone"] = normalize_phone(v["phone"])
        except Exception:
            error("phone", f"телефон «{v['phone']}» не похож на российский номер")
    if v["email"] and not EMAIL.match(v["email"]):
        error("email", f"«{v['email']}» — не адрес электронной почты")
    personal["email"] = v["email"]
    filled = [code for code in ("birth_date", "grade", "class_letter", "phone", "email") if personal.get(code)]
    if (filled or v["rep_name"]) and not has_consent:
        error(filled[0] if filled else "rep_name",
              "нет согласия на обработку персональных данных: без него заполняются только ФИО")
    if reading.errors.total > errors:
        return None
    rec.update(personal if has_consent else {})
    rec["_consent"] = (consent_by, consent_on) if has_consent else None
    rec["_rep"] = (v["rep_name"], v["rep_phone"]) if v["rep_name"] else None
    return rec


def _key(rec: dict) -> tuple:
    """Who a pupil is, for «already there»: the name as matched (case, ё, spaces) and the birth date."""
    return (normalize.key(rec["last_name"]), normalize.key(rec["first_name"]), normalize.key(rec["middle_name"]),
            rec.get("birth_date"))


def preview(organisation, records: list[dict]) -> Preview:
    """What the import will do: pupils added, and skipped (already at the school, or twice in the file)."""
    existing = {_key(p) for p in Pupil.objects.filter(organisation=organisation)
                .values("last_name", "first_name", "middle_name", "birth_date")}
    add = 0
    for rec in records:
        if _key(rec) not in existing:
            existing.add(_key(rec))
            add += 1
    return Preview(add=add, skip=len(records) - add, skip_why=SKIP_WHY)


@transaction.atomic
def import_pupils(*, actor, organisation, data: bytes, today: datetime.date | None = None) -> Preview:
    """Add the file's pupils to the school. A pupil already there (same full name and birth date) is skipped,
    so importing the same file twice adds nothing."""
    reading, records = check(data, today or timezone.localdate())
    if not reading.ok:
        raise ImportRefused(reading.errors)
    existing = {_key(p) for p in Pupil.objects.filter(organisation=organisation)
                .values("last_name", "first_name", "middle_name", "birth_date")}
    new_pupil, new_consent, new_rep = bulk.maker(Pupil), bulk.maker(Consent), bulk.maker(Representative)
    pupils, extras = [], []
    for rec in records:
        key = _key(rec)
        if key in existing:
            continue
        existing.add(key)
        pupil = new_pupil(organisation_id=organisation.pk, **{k: v for k, v in rec.items() if not k.startswith("_")})
        pupil.refresh_derived()
        pupils.append(pupil)
        extras.append((rec["_consent"], rec["_rep"]))
    bulk.insert(pupils)  # COPY on PostgreSQL: the ids come back for the consents below
    consents, reps = [], []
    for pupil, (consent, rep) in zip(pupils, extras, strict=True):
        if consent:
            consents.append(new_consent(pupil_id=pupil.pk, given_by_name=consent[0], given_on=consent[1],
                                        recorded_by_id=actor.pk if actor else None,
                                        document_ref="загружено из файла"))
        if rep:
            phone = ""
            try:
                phone = normalize_phone(rep[1]) if rep[1] else ""
            except Exception:
                phone = rep[1][:30]
            reps.append(new_rep(pupil_id=pupil.pk, full_name=rep[0], phone=phone))
    bulk.insert(consents)
    bulk.insert(reps)
    audit.record(actor=actor, action="guidance.pupils.imported", instance=organisation,
                 changes={"Добавлено обучающихся": [None, len(pupils)], "Согласий": [None, len(consents)]})
    return Preview(add=len(pupils), skip=len(records) - len(pupils), skip_why=SKIP_WHY)


def _school(context: dict) -> Organisation:
    return Organisation.objects.get(pk=context["organisation"])


SPEC = register(Import(
    kind="pupils", noun="обучающихся", limits=LIMITS,
    check=lambda data, context: check(data, timezone.localdate()),
    preview=lambda records, context: preview(_school(context), records),
    write=lambda *, actor, data, context: import_pupils(actor=actor, organisation=_school(context), data=data)))
