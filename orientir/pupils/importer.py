"""Pupils from an Excel template: every row checked first, any error → nothing saved, all errors listed."""

import datetime
import hashlib
import re
from collections.abc import Iterator

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


def records(data: bytes, today: datetime.date) -> tuple[Reading, Iterator[dict]]:
    """The file's clean pupil records one at a time, the reading filling with every error as they pass: memory stays
    flat however long the file. `reading.ok` is the verdict only once the records are exhausted."""
    reading, rows = engine.stream(data, TABLE)

    def clean() -> Iterator[dict]:
        found = 0
        for row in rows:
            record = _record(row, reading, today)  # a row with a failed cell is checked too, and never kept
            if record is not None and not row.failed:
                found += 1
                yield record
        if reading.ok and not found:
            reading.error(0, None, "В файле нет ни одной строки с обучающимся.")

    return reading, clean()


def check(data: bytes, today: datetime.date) -> tuple[Reading, list[int]]:
    """The whole file checked as the import will write it: (the reading with every error placed, who each clean row
    is — enough for the preview, one integer a row, not the records)."""
    reading, clean = records(data, today)
    return reading, [_key(record) for record in clean]


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
            personal["phone"] = _phone(v["phone"])
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


def _key(rec: dict) -> int:
    """Who a pupil is, for «already there»: the name as matched (case, ё, spaces) and the birth date — as a 128-bit
    digest, since a school's pupils and the whole file are held in a set: one 48-byte integer a row instead of four
    objects (a chance collision of two different pupils is about 1 in 10^29 for a city's file)."""
    birth = rec.get("birth_date")
    whole = (normalize.joint_key(rec["last_name"], rec["first_name"], rec["middle_name"])
             + ("\x1f" + birth.isoformat() if birth else "\x1f"))
    return int.from_bytes(hashlib.blake2b(whole.encode(), digest_size=16).digest())


def _existing(organisation) -> set[int]:
    return {_key(p) for p in Pupil.objects.filter(organisation=organisation)
            .values("last_name", "first_name", "middle_name", "birth_date")}


def preview(organisation, keys: list[int]) -> Preview:
    """What the import will do: pupils added, and skipped (already at the school, or twice in the file)."""
    existing = _existing(organisation)
    add = 0
    for key in keys:
        if key not in existing:
            existing.add(key)
            add += 1
    return Preview(add=add, skip=len(keys) - add, skip_why=SKIP_WHY)


@transaction.atomic
def import_pupils(*, actor, organisation, data: bytes, today: datetime.date | None = None) -> Preview:
    """Add the file's pupils to the school. A pupil already there (same full name and birth date) is skipped,
    so importing the same file twice adds nothing.

    The rows are written in batches as they are read, inside one transaction: memory does not grow with the file.
    The file was checked at the preview, but the school's pupils may have changed since: a row that is now wrong
    stops the writing, the rest of the file is still checked so every error is listed, and the transaction is rolled
    back — nothing is saved."""
    reading, clean = records(data, today or timezone.localdate())
    existing = _existing(organisation)
    batch = _Batch(actor, organisation)
    seen = 0
    # the batches are stored by a writer beside this loop (PostgreSQL: its own thread, the server working on one batch
    # while the next is parsed); any error, the writer's or the file's, leaves it before the transaction rolls back
    with bulk.Background(batch.write) as writer:
        batch.writer = writer
        for rec in clean:
            seen += 1
            key = _key(rec)
            if key in existing or not reading.ok:
                continue
            existing.add(key)
            batch.add(rec)
        if not reading.ok:
            raise ImportRefused(reading.errors)
        batch.flush()
    audit.record(actor=actor, action="guidance.pupils.imported", instance=organisation,
                 changes={"Добавлено обучающихся": [None, batch.pupils], "Согласий": [None, batch.consents]})
    return Preview(add=batch.pupils, skip=seen - batch.pupils, skip_why=SKIP_WHY)


# what an imported pupil's row holds; every other column takes its default (bulk.Writer)
PUPIL_COLUMNS = ("organisation_id", "last_name", "first_name", "middle_name", "birth_date", "grade", "class_letter",
                 "phone", "email", "search_text", "sort_name")
IMPORTED_FROM = "загружено из файла"  # the consent's document, as the import records it


class _Batch:
    """Pupils with their consents and representatives, inserted a batch at a time as plain rows (COPY on PostgreSQL,
    executemany on SQLite: the pupils' ids come back for their consents). `add` collects in the reading's thread;
    `write` stores a batch, in the writer's (bulk.Background)."""

    def __init__(self, actor, organisation):
        self.actor_id = actor.pk if actor else None
        self.organisation_id = organisation.pk
        now = timezone.now()  # one moment for the import's created_at, updated_at and recorded_at
        self.pupil_rows = bulk.Writer(Pupil, PUPIL_COLUMNS, now=now)
        self.consent_rows = bulk.Writer(Consent, ("pupil_id", "given_by_name", "given_on", "recorded_by_id",
                                                  "document_ref"), now=now)
        self.rep_rows = bulk.Writer(Representative, ("pupil_id", "full_name", "phone"), now=now)
        self.writer: bulk.Background | None = None
        self.rows: list[tuple] = []
        self.children: list[tuple] = []  # (consent, representative) of each waiting row
        self.pupils = self.consents = 0

    def add(self, rec: dict) -> None:
        last, first, middle = rec["last_name"], rec["first_name"], rec["middle_name"]
        search_text, sort_name = Pupil.derived(last, first, middle)
        get = rec.get  # without a consent the record holds the name only: the rest are the model's defaults
        self.rows.append((self.organisation_id, last, first, middle, get("birth_date"), get("grade"),
                          get("class_letter", ""), get("phone", ""), get("email", ""), search_text, sort_name))
        rep = rec["_rep"]
        self.children.append((rec["_consent"], (rep[0], _rep_phone(rep[1])) if rep else None))
        if len(self.rows) >= bulk.BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand the waiting rows to the writer (counted now: the writer raises, or every batch is stored)."""
        if not self.rows:
            return
        self.pupils += len(self.rows)
        self.consents += sum(1 for consent, _ in self.children if consent)
        self.writer.put((self.rows, self.children))
        self.rows, self.children = [], []

    def write(self, batch: tuple[list[tuple], list[tuple]]) -> None:
        rows, children = batch
        ids = self.pupil_rows.insert(rows)
        consents, reps = [], []
        for pupil_id, (consent, rep) in zip(ids, children, strict=True):
            if consent:
                consents.append((pupil_id, consent[0], consent[1], self.actor_id, IMPORTED_FROM))
            if rep:
                reps.append((pupil_id, rep[0], rep[1]))
        self.consent_rows.insert(consents)
        self.rep_rows.insert(reps)
        bulk.check_keys(self.pupil_rows.connection, Pupil, Consent, Representative)  # on the server while the next batch is read


def _rep_phone(typed: str) -> str:
    """A representative's phone as the system writes phones, or as typed when it does not parse (it is not refused:
    the pupil's row is what the import is about)."""
    if not typed:
        return ""
    try:
        return _phone(typed)
    except Exception:
        return typed[:30]


def _phone(typed: str) -> str:
    """`normalize_phone`, remembered for the phones already read (a school's file repeats a parent's number for
    brothers and sisters, a city's switchboard for many); at most _PHONES_KEPT kept, so the memory stays flat."""
    known = _PHONES.get(typed)
    if known is None:
        if len(_PHONES) >= _PHONES_KEPT:
            _PHONES.clear()
        known = _PHONES[typed] = normalize_phone(typed)
    return known


_PHONES: dict[str, str] = {}
_PHONES_KEPT = 8192


def _school(context: dict) -> Organisation:
    return Organisation.objects.get(pk=context["organisation"])


SPEC = register(Import(
    kind="pupils", noun="обучающихся", limits=LIMITS,
    check=lambda data, context: check(data, timezone.localdate()),
    preview=lambda records, context: preview(_school(context), records),
    write=lambda *, actor, data, context: import_pupils(actor=actor, organisation=_school(context), data=data)))
