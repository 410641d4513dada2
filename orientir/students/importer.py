"""Imports of the students app on the shared engine (orientir.core.imports): weekly admission status lists (2.10),
study records per semester (3.1) and employment records (3.3).

Every row is matched to a contract the user may see — by the contract number, or by the citizen's name and birth
date (case, «ё»/«е» and spaces ignored) — and then written by the same service as the manual form writes it
(orientir.students.services): the service's rules, the moves of the contract's state and the audit entries of the
contract are theirs. The check runs the whole file through the services inside a transaction that is rolled back,
so a row the service would refuse is an error naming its row before anything is written, and the preview counts
what the write will do. A row that changes nothing (the same file loaded twice) is skipped.

These imports write row by row through the services rather than through the engine's bulk path: a row may move the
contract's state (admitted, employed), which only contracts.services.transition does. Their files are a week's
admission list or a semester's records — hundreds to a few thousand rows.
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from orientir.accounts import access
from orientir.core.imports import engine, normalize, template
from orientir.core.imports.engine import Column, Reading, Table
from orientir.directory.models import Organisation, Position, Specialty

from . import selectors, services
from .importer_rows import (LIMITS, Contracts, Step, contract_columns, import_spec, name_key, no_rows,
                            repeated_rows)
from .models import AdmissionRecord, AdmissionStatus, Employment, StudyRecord, StudyStatus, week_monday

_INN = re.compile(r"^\d{10}$")
_CODE = re.compile(r"^(\d{2}\.\d{2}\.\d{2})\.?\s*(.*)$")


# --- Admission status lists (2.10) -------------------------------------------------------------------

S = AdmissionStatus
ADMISSION_TABLE = Table((
    Column("name", "ФИО*", required=True, aliases=("Фамилия, имя, отчество", "ФИО гражданина", "ФИО абитуриента",
                                    "ФИО поступающего", "Абитуриент", "Поступающий")),
    Column("birth_date", "Дата рождения*", normalize.date, required=True, aliases=("Д.р.", "Дата рожд.")),
    Column("organisation", "Образовательная организация", aliases=("Вуз", "ВУЗ / колледж", "Учебное заведение",
                                                                  "Организация")),
    Column("specialty", "Специальность (код и/или наименование)", aliases=(
        "Специальность", "Направление подготовки", "Специальность / направление", "Код специальности")),
    Column("status", "Статус*", required=True, aliases=("Статус поступления", "Состояние")),
    Column("on", "Дата*", normalize.date, required=True, aliases=("Дата статуса", "Дата изменения статуса")),
    Column("note", "Примечание"),
), LIMITS, sheet="Поступление")

QUOTA = "admitted"  # «зачислен» with no word of the quota: in or out of it as the contract says
STATUSES = {name_key(label): value for value, label in S.choices} | {
    "подал заявление": S.APPLIED, "заявление подано": S.APPLIED, "подано заявление": S.APPLIED,
    "подал документы": S.APPLIED, "документы поданы": S.APPLIED, "подача заявления": S.APPLIED,
    "в конкурсном списке": S.RANKED, "в конкурсе": S.RANKED, "участвует в конкурсе": S.RANKED,
    "рекомендован к зачислению": S.RANKED, "рекомендован": S.RANKED, "в списке рекомендованных": S.RANKED,
    "зачислен": QUOTA, "зачислен на обучение": QUOTA,
    "зачислен в пределах квоты": S.ADMITTED_QUOTA, "зачислен по квоте": S.ADMITTED_QUOTA,
    "зачислен в рамках квоты": S.ADMITTED_QUOTA, "зачислен по целевой квоте": S.ADMITTED_QUOTA,
    "зачислен на целевое обучение": S.ADMITTED_QUOTA, "зачислен на целевое место": S.ADMITTED_QUOTA,
    "зачислен вне квоты": S.ADMITTED_GENERAL, "зачислен на общих основаниях": S.ADMITTED_GENERAL,
    "зачислен по общему конкурсу": S.ADMITTED_GENERAL,
    "не зачислен": S.NOT_ADMITTED, "не прошел по конкурсу": S.NOT_ADMITTED, "не прошел": S.NOT_ADMITTED,
    "документы отозваны": S.NOT_ADMITTED, "отозвал документы": S.NOT_ADMITTED, "забрал документы": S.NOT_ADMITTED,
    "отозвал заявление": S.NOT_ADMITTED, "заявление отозвано": S.NOT_ADMITTED, "отказ в зачислении": S.NOT_ADMITTED,
}
STATUS_HINT = ("укажите «Подал заявление», «В конкурсном списке», «Рекомендован к зачислению», «Зачислен», "
               "«Зачислен в пределах квоты», «Зачислен вне квоты», «Не зачислен» или «Документы отозваны»")


def admission_template() -> bytes:
    return template.build(
        ADMISSION_TABLE, heading="Статусы поступления выпускников, заключивших договоры о целевом обучении",
        note="Одна строка — статус одного выпускника на дату. Статус вносится в неделю своей даты. «Зачислен» без "
             "уточнения — в пределах квоты или вне её, как указано в договоре.",
        widths={"name": 34, "organisation": 36, "specialty": 36, "status": 24, "note": 30})


class Specialties:
    """The classifier read once; a cell matched by its code, its name, or both (case, ё, spaces ignored)."""

    def __init__(self):
        self.rows = list(Specialty.objects.values("id", "code", "name", "valid_to"))

    def find(self, value: str, prefer: int | None = None) -> tuple[int | None, str | None]:
        """(specialty, error); a name several specialties share is the contract's own when it is one of them."""
        match = _CODE.match(value)
        code, name = (match.group(1), match.group(2)) if match else ("", value)
        found = [s for s in self.rows if (s["code"] == code if code else normalize.key(s["name"]) == normalize.key(name))]
        if code and name and not found:
            found = [s for s in self.rows if normalize.key(s["name"]) == normalize.key(name)]
        found = [s for s in found if s["valid_to"] is None] or found
        if not found:
            return None, f"специальности «{value}» нет в классификаторе специальностей; укажите код (например, 44.03.01)"
        if len({s["code"] for s in found}) > 1:
            if prefer in {s["id"] for s in found}:
                return prefer, None
            return None, f"«{value}» — несколько специальностей классификатора; укажите код"
        return found[0]["id"], None


def _admission(data: bytes, user) -> tuple[Reading, list[Step]]:
    reading = engine.check(data, ADMISSION_TABLE)
    if not reading.header_row:
        return reading, []
    contracts, specialties = Contracts.of(user), Specialties()
    own = {}  # contract → its specialty, for a specialty's name that several levels share
    today = timezone.localdate()
    found = []
    for row in reading.rows + reading.partial:
        v = row.values
        pk = contracts.find(reading, row, by_number=False)
        status = None
        if "status" not in row.failed:
            status = STATUSES.get(name_key(v["status"]))
            if status is None:
                reading.error(row.number, "status", f"статус «{v['status']}» не распознан: {STATUS_HINT}")
        specialty = None
        if v["specialty"]:
            if pk and pk not in own:
                own[pk] = access.student_contracts_for(user).filter(pk=pk).values_list("specialty_id", flat=True)[0]
            specialty, why = specialties.find(v["specialty"], own.get(pk))
            if why:
                reading.error(row.number, "specialty", why)
        if v["on"] and v["on"] > today + datetime.timedelta(days=1):
            reading.error(row.number, "on", "дата статуса в будущем")
        if pk and status and v["on"] and not row.failed:
            found.append((row, pk, status, specialty))
    twice = repeated_rows(reading, [(row, (pk, week_monday(row.values["on"]))) for row, pk, _, _ in found], "name",
                   "статус того же выпускника за ту же неделю")
    if not reading.ok:
        return reading, []
    by_pk = {c.pk: c for c in access.student_contracts_for(user).filter(pk__in={f[1] for f in found})
             .select_related("specialty")}
    existing = {(r.contract_id, r.week): r for r in AdmissionRecord.objects.filter(contract_id__in=by_pk)}
    steps = []
    for row, pk, status, specialty in sorted(found, key=lambda f: (f[0].values["on"], f[0].number)):
        if row.number in twice:
            continue
        contract, v = by_pk[pk], row.values
        if status == QUOTA:
            status = S.ADMITTED_QUOTA if contract.is_quota else S.ADMITTED_GENERAL
        specialty = specialty or contract.specialty_id
        org = v["organisation"][:300]
        before = existing.get((pk, week_monday(v["on"])))
        if before and (before.status, before.on, before.education_organisation, before.specialty_id,
                       before.note) == (status, v["on"], org, specialty, v["note"][:500]):
            steps.append(Step(row, "skip"))
            continue

        def run(actor, contract=contract, status=status, v=v, org=org, specialty=specialty):
            services.admission_record(actor=actor, contract=contract, status=status, on=v["on"],
                                      education_organisation=org,
                                      specialty=Specialty(pk=specialty) if specialty else None, note=v["note"])
        steps.append(Step(row, "update" if before else "add", run,
                          {"status": "status", "on": "on", "education_organisation": "organisation"}))
    no_rows(reading, steps)
    return reading, steps


ADMISSION = import_spec("admission", _admission)


# --- Study records per semester (3.1) ----------------------------------------------------------------

def _academic_year(value) -> int | None:
    """«2025/2026», «2025-2026», «2025/26» or «2025»: the year the academic year begins."""
    raw = normalize.text(value)
    if not raw:
        return None
    match = re.fullmatch(r"(\d{4})(?:\s*(?:/|-|–)\s*(\d{2}|\d{4}))?(?:\s*(?:уч\.?\s*)?г(?:од|\.)?)?", raw)
    if not match:
        raise ValueError(f"«{raw}» — укажите учебный год, например 2025/2026")
    start, end = int(match.group(1)), match.group(2)
    if end and int(end) % 100 != (start + 1) % 100:
        raise ValueError(f"«{raw}» — учебный год длится с сентября по июнь: например 2025/2026")
    return start


def _semester(value) -> int | None:
    raw = normalize.key(value)
    if not raw:
        return None
    if re.match(r"^1(\b|-|\s|$)", raw) or "осен" in raw or raw in {"первый", "i"}:
        return 1
    if re.match(r"^2(\b|-|\s|$)", raw) or "весен" in raw or raw in {"второй", "ii"}:
        return 2
    raise ValueError(f"«{normalize.text(value)}» — семестр: 1 (осенний) или 2 (весенний)")


STUDY_STATUSES = {name_key(label): value for value, label in StudyStatus.choices} | {
    "": StudyStatus.GOOD, "успевающий": StudyStatus.GOOD, "обучается": StudyStatus.GOOD,
    "задолженность": StudyStatus.DEBT, "имеет задолженность": StudyStatus.DEBT,
    "имеет академическую задолженность": StudyStatus.DEBT, "академический долг": StudyStatus.DEBT,
    "академ": StudyStatus.LEAVE, "академотпуск": StudyStatus.LEAVE, "в академическом отпуске": StudyStatus.LEAVE,
    "отчислен": StudyStatus.EXPELLED, "переведен": StudyStatus.TRANSFERRED}
STUDY_TABLE = Table((
    *contract_columns(),
    Column("academic_year", "Учебный год*", _academic_year, required=True, aliases=("Год", "Уч. год")),
    Column("semester", "Семестр*", _semester, required=True),
    Column("course", "Курс*", normalize.integer, required=True),
    Column("status", "Академический статус", aliases=("Статус", "Успеваемость")),
    Column("average_mark", "Средний балл", normalize.decimal, aliases=("Ср. балл", "Средний балл за семестр")),
    Column("note", "Примечание"),
), LIMITS, sheet="Обучение")
MARK_RANGE = (Decimal(2), Decimal(5))


def study_template() -> bytes:
    return template.build(
        STUDY_TABLE, heading="Сведения об обучении студентов по договорам о целевом обучении (по семестрам)",
        note="Одна строка — один семестр одного студента. Договор — по номеру; если номер не указан — по ФИО и "
             "дате рождения. Учебный год — 2025/2026, семестр — 1 (осенний) или 2 (весенний).",
        widths={"name": 34, "status": 26, "note": 30})


def _study(data: bytes, user) -> tuple[Reading, list[Step]]:
    reading = engine.check(data, STUDY_TABLE)
    if not reading.header_row:
        return reading, []
    contracts = Contracts.of(user)
    this_year = selectors.current_year()
    found = []
    for row in reading.rows + reading.partial:
        v = row.values
        pk = contracts.find(reading, row)
        status = STUDY_STATUSES.get(name_key(v["status"]))
        if status is None:
            reading.error(row.number, "status", f"статус «{v['status']}» — «Успевает», «Академическая "
                                                "задолженность», «Академический отпуск», «Отчислен» или «Переведён»")
        if v["academic_year"] and v["academic_year"] > this_year:
            reading.error(row.number, "academic_year", "учебный год ещё не начался")
        if v["course"] is not None and not 1 <= v["course"] <= 6:
            reading.error(row.number, "course", "курс — от 1 до 6")
        mark = v["average_mark"]
        if mark is not None and not MARK_RANGE[0] <= mark <= MARK_RANGE[1]:
            reading.error(row.number, "average_mark", "средний балл — от 2 до 5")
        elif mark is not None and mark != mark.quantize(Decimal("0.01")):
            reading.error(row.number, "average_mark", "средний балл — не более двух знаков после запятой")
        if pk and status and not row.failed:
            found.append((row, pk, status))
    twice = repeated_rows(reading, [(row, (pk, row.values["academic_year"], row.values["semester"]))
                             for row, pk, _ in found], "academic_year", "семестр того же студента")
    if not reading.ok:
        return reading, []
    by_pk = access.student_contracts_for(user).in_bulk({f[1] for f in found})
    existing = {(r.contract_id, r.academic_year, r.semester): r
                for r in StudyRecord.objects.filter(contract_id__in=by_pk)}
    steps = []
    for row, pk, status in found:
        if row.number in twice:
            continue
        v = row.values
        values = {"academic_year": v["academic_year"], "semester": v["semester"], "course": v["course"],
                  "status": status, "average_mark": v["average_mark"], "note": v["note"][:500]}
        before = existing.get((pk, v["academic_year"], v["semester"]))
        if before and all(getattr(before, k) == values[k] for k in values):
            steps.append(Step(row, "skip"))
            continue

        def run(actor, contract=by_pk[pk], values=values):
            services.study_record_save(actor=actor, contract=contract, data=values)
        steps.append(Step(row, "update" if before else "add", run))
    no_rows(reading, steps)
    return reading, steps


STUDY = import_spec("study", _study)


# --- Employment records (3.3) ------------------------------------------------------------------------

EMPLOYMENT_TABLE = Table((
    *contract_columns(),
    Column("organisation", "Организация (ИНН или наименование)*", required=True,
           aliases=("Организация", "Место работы", "Работодатель", "ИНН организации")),
    Column("position", "Должность"),
    Column("started_on", "Дата трудоустройства*", normalize.date, required=True,
           aliases=("Дата приёма", "Принят", "Дата приема на работу")),
    Column("order_number", "Приказ о приёме (номер)", aliases=("Номер приказа", "Приказ о приёме", "Приказ")),
    Column("dismissed_on", "Дата увольнения", normalize.date, aliases=("Уволен",)),
    Column("dismissal_reason", "Основание увольнения", aliases=("Основание",)),
), LIMITS, sheet="Трудоустройство")


def employment_template() -> bytes:
    return template.build(
        EMPLOYMENT_TABLE, heading="Трудоустройство выпускников по договорам о целевом обучении",
        note="Одна строка — одно место работы. Договор — по номеру; если номер не указан — по ФИО и дате рождения. "
             "Организация — по ИНН или наименованию из справочника организаций.",
        widths={"name": 34, "organisation": 36, "position": 28, "dismissal_reason": 30})


class Organisations:
    """The organisations' reference book read once: by ИНН, or by full or short name (case, ё, quotes ignored)."""

    def __init__(self):
        self.by_inn, self.by_name = {}, {}
        for org in Organisation.objects.values("id", "inn", "full_name", "short_name", "municipality_id"):
            self.by_inn[org["inn"]] = org
            for name in {normalize.key(org["full_name"]), normalize.key(org["short_name"])}:
                self.by_name.setdefault(name, []).append(org)

    def find(self, value: str, municipality_id: int) -> tuple[dict | None, str | None]:
        inn = value.replace(" ", "")
        if _INN.match(inn):
            org = self.by_inn.get(inn)
            found = [org] if org else []
            if not found:
                return None, f"организации с ИНН {inn} нет в справочнике организаций"
        else:
            found = self.by_name.get(normalize.key(value), [])
            if not found:
                return None, f"организации «{value}» нет в справочнике организаций; укажите ИНН"
        here = [o for o in found if o["municipality_id"] == municipality_id]
        if not here:
            return None, f"«{value}» — организация другого муниципального образования, чем договор"
        if len(here) > 1:
            return None, f"«{value}»: несколько организаций с таким наименованием — укажите ИНН"
        return here[0], None


def _employment(data: bytes, user) -> tuple[Reading, list[Step]]:
    reading = engine.check(data, EMPLOYMENT_TABLE)
    if not reading.header_row:
        return reading, []
    contracts, organisations = Contracts.of(user), Organisations()
    positions = {normalize.key(n): pk for pk, n in Position.objects.filter(is_active=True).values_list("pk", "name")}
    municipality = dict(access.student_contracts_for(user).values_list("pk", "municipality_id"))
    today = timezone.localdate()
    found = []
    for row in reading.rows + reading.partial:
        v = row.values
        pk = contracts.find(reading, row)
        org = position = None
        if pk and v["organisation"]:
            org, why = organisations.find(v["organisation"], municipality[pk])
            if why:
                reading.error(row.number, "organisation", why)
        if v["position"]:
            position = positions.get(normalize.key(v["position"]))
            if position is None:
                reading.error(row.number, "position", f"должности «{v['position']}» нет в каталоге должностей")
        for code in ("started_on", "dismissed_on"):
            if v[code] and v[code] > today:
                reading.error(row.number, code, "дата в будущем")
        if v["dismissal_reason"] and not v["dismissed_on"]:
            reading.error(row.number, "dismissed_on", "основание увольнения указано, а дата увольнения — нет")
        if pk and org and not row.failed:
            found.append((row, pk, org["id"], position))
    twice = repeated_rows(reading, [(row, (pk, org, row.values["started_on"])) for row, pk, org, _ in found],
                   "started_on", "трудоустройство того же выпускника в ту же организацию с той же даты")
    if not reading.ok:
        return reading, []
    by_pk = access.student_contracts_for(user).in_bulk({f[1] for f in found})
    existing = {(e.contract_id, e.organisation_id, e.started_on): e
                for e in Employment.objects.filter(contract_id__in=by_pk).select_related("organisation")}
    fields = {"started_on": "started_on", "dismissed_on": "dismissed_on", "reason": "dismissal_reason"}
    steps = []
    for row, pk, org, position in sorted(found, key=lambda f: (f[0].values["started_on"], f[0].number)):
        if row.number in twice:
            continue
        v = row.values
        order = v["order_number"][:60]
        before = existing.get((pk, org, v["started_on"]))
        if before is None:
            def run(actor, contract=by_pk[pk], org=org, position=position, v=v, order=order):
                emp = services.employment_record(
                    actor=actor, contract=contract, organisation=Organisation.objects.get(pk=org),
                    position=Position(pk=position) if position else None, started_on=v["started_on"],
                    order_number=order)
                if v["dismissed_on"]:
                    services.dismissal_record(actor=actor, employment=emp, dismissed_on=v["dismissed_on"],
                                              reason=v["dismissal_reason"])
            steps.append(Step(row, "add", run, fields))
            continue
        details = {k: val for k, val in (("position_id", position), ("order_number", order))
                   if val and getattr(before, k) != val}
        dismiss = v["dismissed_on"] and v["dismissed_on"] != before.dismissed_on
        if not details and not dismiss:
            steps.append(Step(row, "skip"))
            continue

        def change(actor, before=before, details=details, dismiss=dismiss, v=v):
            if details:
                Employment.objects.filter(pk=before.pk).update(**details)
            if dismiss:
                services.dismissal_record(actor=actor, employment=before, dismissed_on=v["dismissed_on"],
                                          reason=v["dismissal_reason"])
        steps.append(Step(row, "update", change, fields))
    no_rows(reading, steps)
    return reading, steps


EMPLOYMENT = import_spec("employment", _employment)
