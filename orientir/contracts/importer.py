"""Target contracts of past years from an Excel template, each with its history: the moves that led to its state.

Every row is checked as the contract's pages would check it — the regime of the signing date, the representative of
a minor, the dates of each move by plausibility.py — and any error saves nothing. A contract whose number is already
in the registry for the same customer is skipped, so the same file loaded twice adds nothing.
"""

import datetime
import decimal
import re

from django.db import transaction
from django.utils import timezone

from orientir.core import audit
from orientir.core.imports import bulk, engine, normalize, template
from orientir.core.imports.engine import HEADER_SEARCH_ROWS, Column, Reading, Table
from orientir.core.imports.page import Import, ImportRefused, Preview, register
from orientir.core.workbook import MB, Limits
from orientir.directory.models import EducationLevel, Municipality, Organisation, Position, Specialty

from . import plausibility, services
from .models import (Contract, ContractEvent, Kind, RepresentativeConsent, State, StudyForm, SupportMeasure)

S = State
L = EducationLevel
COLUMNS = [
    ("number", "Номер договора*"), ("signed_on", "Дата заключения*"), ("last_name", "Фамилия*"),
    ("first_name", "Имя*"), ("middle_name", "Отчество"), ("birth_date", "Дата рождения*"),
    ("customer", "Заказчик (ИНН или наименование)"), ("employer", "Работодатель (ИНН или наименование)"),
    ("education_organisation", "Образовательная организация"), ("level", "Уровень образования"),
    ("specialty", "Специальность (код и наименование)*"), ("study_form", "Форма обучения"),
    ("course", "Курс на дату заключения (для студента)"), ("is_quota", "В пределах квоты (да/нет)"),
    ("stipend", "Ежемесячная выплата, руб."), ("position", "Должность по договору"),
    ("work_deadline", "Срок трудоустройства (не позднее)"), ("work_years", "Срок отработки, лет"),
    ("state", "Состояние*"), ("admitted_on", "Дата зачисления"), ("studying_on", "Дата начала обучения"),
    ("graduated_on", "Дата завершения обучения"), ("employed_on", "Дата трудоустройства"),
    ("fulfilled_on", "Дата исполнения обязательства"), ("terminated_on", "Дата расторжения"),
    ("terminated_reason", "Основание расторжения"), ("rep_name", "Представитель: ФИО"),
    ("rep_relation", "Представитель: кем приходится"), ("rep_document", "Представитель: документ"),
]
LIMITS = Limits(columns=40, data_rows=50_000, header_rows=HEADER_SEARCH_ROWS, file_bytes=10 * MB)
_ALIASES = {"number": ("Номер", "№ договора"), "signed_on": ("Дата договора", "Дата подписания"),
            "last_name": ("Фамилия гражданина",), "first_name": ("Имя гражданина",),
            "middle_name": ("Отчество гражданина",), "birth_date": ("Д.р.",), "customer": ("Заказчик",),
            "employer": ("Работодатель",), "specialty": ("Специальность", "Направление подготовки"),
            "level": ("Уровень",), "is_quota": ("Квота",), "stipend": ("Мера поддержки, руб. в месяц",),
            "state": ("Статус",)}
_PARSERS = {"signed_on": normalize.date, "birth_date": normalize.date, "admitted_on": normalize.date,
            "studying_on": normalize.date, "graduated_on": normalize.date, "employed_on": normalize.date,
            "fulfilled_on": normalize.date, "terminated_on": normalize.date, "work_deadline": normalize.date,
            "stipend": normalize.decimal, "course": normalize.integer, "work_years": normalize.integer}
TABLE = Table(tuple(Column(code, title, _PARSERS.get(code, normalize.text), required=title.endswith("*"),
                           aliases=_ALIASES.get(code, ())) for code, title in COLUMNS),
              LIMITS, sheet="Договоры")
SKIP_WHY = "уже есть в реестре у того же заказчика"
IMPORTED = "загружено из файла договоров прошлых лет"

# The states a past contract may arrive in, and the date column of the move into each.
STATE_DATE = {S.SIGNED: "signed_on", S.ADMITTED: "admitted_on", S.STUDYING: "studying_on",
              S.GRADUATED: "graduated_on", S.EMPLOYED: "employed_on", S.FULFILLED: "fulfilled_on",
              S.TERMINATED: "terminated_on"}
PATH = {Kind.GRADUATE: [S.SIGNED, S.ADMITTED, S.STUDYING, S.GRADUATED, S.EMPLOYED, S.FULFILLED],
        Kind.STUDENT: [S.SIGNED, S.STUDYING, S.GRADUATED, S.EMPLOYED, S.FULFILLED]}
_STATES = {normalize.key(S(s).label): s for s in STATE_DATE} | {
    "заключен": S.SIGNED, "зачислен": S.ADMITTED, "завершил обучение": S.GRADUATED, "исполнен": S.FULFILLED,
    "расторгнут": S.TERMINATED}
_LEVELS = {normalize.key(label): {value} for value, label in L.choices} | {
    "спо": {L.SPO, L.SPO_WORKER}, "во": {L.BACHELOR, L.SPECIALIST, L.MASTER},
    "высшее": {L.BACHELOR, L.SPECIALIST, L.MASTER}, "среднее профессиональное": {L.SPO, L.SPO_WORKER}}
_FORMS = {normalize.key(label): value for value, label in StudyForm.choices}
_RELATIONS = {normalize.key(label): value for value, label in RepresentativeConsent.Relation.choices}
_YES = {"да", "в пределах квоты", "квота", "+", "1", "true"}
_NO = {"", "нет", "вне квоты", "-", "0", "false"}
_CODE = re.compile(r"^(\d{2}\.\d{2}\.\d{2})\.?\s*(.*)$")
_INN = re.compile(r"^\d{10}$")


def build_template(municipality) -> bytes:
    return template.build(
        TABLE, heading=f"Договоры о целевом обучении прошлых лет: {municipality}",
        note="Одна строка — один договор. Состояние — как в системе («Обучается», «Трудоустроен», «Расторгнут»…); "
             "укажите даты всех переходов до него. Для несовершеннолетнего на дату заключения — представитель.")


class _History:
    """The contract's events as plausibility.py reads them (filter/exclude/order_by/values_list/first), in memory."""

    def __init__(self, events):
        self.events = events

    def filter(self, to_state):
        return _History([e for e in self.events if e[1] == to_state])

    def exclude(self, from_state):
        return _History([e for e in self.events if e[0] != from_state])

    def order_by(self, *fields):
        return _History(sorted(self.events, key=lambda e: e[2], reverse=True))

    def values_list(self, *fields, flat=False):
        return self

    def first(self):
        return self.events[0][2] if self.events else None


class _Draft:
    """What the plausibility rules read of a contract, before it exists."""

    def __init__(self, rec):
        self.signed_on, self.kind, self.level = rec["signed_on"], rec["kind"], rec["level"]
        self.course_at_signing, self.work_start_deadline = rec["course_at_signing"], rec["work_start_deadline"]
        self.work_years, self.suspended_days, self.work_started_on = rec["work_years"], 0, None
        self.birth_date, self.state, self.state_before_suspension = rec["birth_date"], S.DRAFT, ""
        self.moves: list[tuple] = []

    @property
    def events(self):
        return _History(list(self.moves))


def _books(municipality) -> dict:
    orgs = list(Organisation.objects.filter(municipality=municipality)
                .values("id", "inn", "full_name", "short_name", "is_customer"))
    by_name: dict = {}
    for org in orgs:
        for name in {normalize.key(org["full_name"]), normalize.key(org["short_name"])}:
            by_name.setdefault(name, []).append(org)
    specialties = list(Specialty.objects.values("id", "code", "name", "level", "valid_to"))
    positions = {normalize.key(p["name"]): p["id"] for p in Position.objects.values("id", "name")}
    return {"by_inn": {o["inn"]: o for o in orgs}, "by_name": by_name, "specialties": specialties,
            "positions": positions}


def _organisation(books, value):
    """(organisation, error) by ИНН or by full or short name, compared as typed (case, ё, quotes, spaces ignored)."""
    if _INN.match(value.replace(" ", "")):
        org = books["by_inn"].get(value.replace(" ", ""))
        return (org, None) if org else (None, f"организации с ИНН {value} нет в справочнике организаций")
    found = books["by_name"].get(normalize.key(value), [])
    if len(found) == 1:
        return found[0], None
    if found:
        return None, f"«{value}»: несколько организаций с таким наименованием — укажите ИНН"
    return None, f"организации «{value}» нет в справочнике организаций; укажите ИНН"


def _specialty(books, value, levels):
    match = _CODE.match(value)
    code, name = (match.group(1), match.group(2)) if match else ("", value)
    found = [s for s in books["specialties"] if (not code or s["code"] == code)
             and (code or normalize.key(s["name"]) == normalize.key(name))]
    if levels:
        found = [s for s in found if s["level"] in levels] or found
    current = [s for s in found if s["valid_to"] is None]
    found = current or found
    if not found:
        return None, f"специальности «{value}» нет в классификаторе; укажите код (например, 44.02.01)"
    if len({s["level"] for s in found}) > 1 or len({s["code"] for s in found}) > 1:
        return None, f"«{value}» — несколько специальностей классификатора; укажите код и уровень образования"
    return found[0], None


def check(data: bytes, context: dict, today: datetime.date | None = None) -> tuple[Reading, list[dict]]:
    """The whole file checked as the import will write it: (the reading with every error placed, clean records)."""
    today = today or timezone.localdate()
    municipality = Municipality.objects.get(pk=context["municipality"])
    reading = engine.check(data, TABLE)
    books = _books(municipality) if reading.header_row else {}
    records = []
    dupes = _duplicates(reading)
    for row in reading.rows:
        record = _record(row, reading, books, today)
        if row.number in dupes:
            reading.error(row.number, "number", dupes[row.number])
        elif record is not None:
            records.append(record)
    for row in reading.partial:
        _record(row, reading, books, today)
        if row.number in dupes:
            reading.error(row.number, "number", dupes[row.number])
    if reading.ok:
        _check_registry(reading, records, municipality)
    if reading.ok and not records:
        reading.error(0, None, "В файле нет ни одной строки с договором.")
    return reading, records


def _duplicates(reading: Reading) -> dict[int, str]:
    """Rows whose contract number an earlier row of the file already has: row → the error naming both rows."""
    first, found = {}, {}
    for row in sorted(reading.rows + reading.partial, key=lambda r: r.number):
        number = normalize.key(row.values.get("number") or "")
        if not number:
            continue
        if number in first:
            found[row.number] = (f"номер договора {row.values['number']} повторяется в файле: строки "
                                 f"{first[number]} и {row.number}")
        else:
            first[number] = row.number
    return found


def _check_registry(reading: Reading, records: list[dict], municipality) -> None:
    """A number already in the registry for another customer is a conflict, not a skip."""
    existing = dict(Contract.objects.filter(municipality=municipality, number__in=[r["number"] for r in records])
                    .values_list("number", "customer_id"))
    for rec in records:
        if rec["number"] in existing and existing[rec["number"]] != rec["customer_id"]:
            reading.error(rec["_row"], "number", f"договор № {rec['number']} уже есть в реестре у другого заказчика")


def _record(row, reading: Reading, books: dict, today: datetime.date) -> dict | None:
    """One row as a contract with its moves, or None with its errors added to the reading."""
    v, number = row.values, row.number
    errors = reading.errors.total

    def error(code: str, message: str) -> None:
        if code not in row.failed:
            reading.error(number, code, message)

    rec = {"_row": number, "number": v["number"], "last_name": v["last_name"], "first_name": v["first_name"],
           "middle_name": v["middle_name"], "birth_date": v["birth_date"], "signed_on": v["signed_on"],
           "education_organisation": v["education_organisation"][:300], "customer_id": None, "employer_id": None,
           "course_at_signing": v["course"], "kind": Kind.STUDENT if v["course"] else Kind.GRADUATE,
           "work_start_deadline": v["work_deadline"], "work_years": v["work_years"] or 3, "level": None}
    if len(rec["number"]) > 40:
        error("number", "номер договора длиннее 40 знаков")
    for code in ("customer", "employer"):
        if v[code]:
            org, why = _organisation(books, v[code]) if books else (None, None)
            if why:
                error(code, why)
            elif org and code == "customer" and not org["is_customer"]:
                error(code, f"«{v[code]}» не внесена в реестр заказчиков целевого обучения")
            elif org:
                rec[f"{code}_id"] = org["id"]
    levels = None
    if v["level"]:
        levels = _LEVELS.get(normalize.key(v["level"]))
        if levels is None:
            error("level", f"уровень «{v['level']}» — укажите СПО, бакалавриат, специалитет или магистратура")
    if v["specialty"] and books:
        specialty, why = _specialty(books, v["specialty"], levels)
        if why:
            error("specialty", why)
        else:
            rec["specialty_id"], rec["level"] = specialty["id"], specialty["level"]
            if levels and specialty["level"] not in levels:
                error("level", "уровень образования не совпадает с уровнем специальности по классификатору")
    rec["study_form"] = _FORMS.get(normalize.key(v["study_form"]), None) if v["study_form"] else StudyForm.FULL_TIME
    if rec["study_form"] is None:
        error("study_form", f"форма обучения «{v['study_form']}» — очная, очно-заочная или заочная")
    quota = normalize.key(v["is_quota"])
    if quota not in _YES | _NO:
        error("is_quota", f"«{v['is_quota']}» — укажите «да» или «нет»")
    rec["is_quota"] = quota in _YES
    if v["stipend"] is not None and (v["stipend"] < 0 or v["stipend"] >= 10**10):
        error("stipend", "размер выплаты — неотрицательное число рублей")
    rec["stipend"] = v["stipend"].quantize(decimal.Decimal("0.01")) if v["stipend"] else None
    rec["work_position_id"] = None
    if v["position"]:
        rec["work_position_id"] = books.get("positions", {}).get(normalize.key(v["position"]))
        if books and rec["work_position_id"] is None:
            error("position", f"должности «{v['position']}» нет в справочнике должностей")
    if not 3 <= rec["work_years"] <= 5:
        error("work_years", "срок отработки — от 3 до 5 лет")
    if rec["kind"] == Kind.STUDENT and not 2 <= rec["course_at_signing"] <= 6:
        error("course", "договор со студентом заключается со 2-го по 6-й курс")
    if rec["signed_on"]:
        rec["regime"] = services.regime_on(rec["signed_on"])
        if rec["regime"] is None:
            error("signed_on", "договоры, заключённые до 01.01.2014, в системе не ведутся")
        if rec["signed_on"] > today:
            error("signed_on", "дата заключения в будущем")
    _representative(rec, v, error)
    state = _STATES.get(normalize.key(v["state"])) if v["state"] else None
    if v["state"] and state is None:
        error("state", f"состояние «{v['state']}» не загружается: укажите «Заключён», «Зачислен на обучение», "
                       "«Обучается», «Завершил обучение», «Трудоустроен», «Обязательство исполнено» или «Расторгнут»")
    if reading.errors.total > errors or state is None:
        return None
    moves = _moves(rec, v, state, error, today)
    if reading.errors.total > errors:
        return None
    rec["state"], rec["_moves"] = state, moves
    return rec


def _representative(rec: dict, v: dict, error) -> None:
    """A citizen under 18 on the signing date signed with a legal representative's written consent (ст. 26 ГК РФ)."""
    rec["_rep"] = None
    minor = rec["birth_date"] and rec["signed_on"] and services.age_on(rec["birth_date"], rec["signed_on"]) < 18
    if rec["birth_date"] and rec["signed_on"] and rec["birth_date"] >= rec["signed_on"]:
        error("birth_date", "дата рождения не раньше даты заключения")
        return
    if not minor:
        if v["rep_name"]:
            error("rep_name", "гражданину на дату заключения исполнилось 18 лет: представитель не указывается")
        return
    for code, what in (("rep_name", "ФИО"), ("rep_relation", "кем приходится"), ("rep_document", "документ")):
        if not v[code]:
            error(code, f"гражданину на {rec['signed_on']:%d.%m.%Y} не исполнилось 18 лет: договор заключён с "
                        f"согласия законного представителя — укажите {what} представителя")
    if not (v["rep_name"] and v["rep_relation"] and v["rep_document"]):
        return
    relation = _RELATIONS.get(normalize.key(v["rep_relation"]))
    if relation is None:
        error("rep_relation", f"«{v['rep_relation']}» — мать, отец, опекун, попечитель или иной законный "
                              "представитель")
        return
    parts = v["rep_name"].split(" ")
    if len(parts) < 2:
        error("rep_name", "укажите фамилию и имя представителя")
        return
    rec["_rep"] = {"last_name": parts[0][:100], "first_name": parts[1][:100], "middle_name": " ".join(parts[2:])[:100],
                   "relation": relation, "document": v["rep_document"][:300]}


def _moves(rec: dict, v: dict, state: str, error, today: datetime.date) -> list[tuple]:
    """The moves that led to `state`, as the lifecycle page would have recorded them, each date checked by
    plausibility.py and in order; [(from, to, on, reason)]."""
    path = PATH[rec["kind"]]
    if rec["signed_on"] is None:
        return []  # the signing date's own error is already placed; nothing to count the moves from
    if state == S.TERMINATED:
        # the contract went as far as its filled dates show, then was terminated
        reached = {S.SIGNED} | {s for s in path if s not in (S.SIGNED, S.STUDYING) and v[STATE_DATE[s]]}
        if v["studying_on"] or any(path.index(s) > path.index(S.STUDYING) for s in reached):
            reached.add(S.STUDYING)
        reached = [s for s in path if s in reached]
        path = reached + [S.TERMINATED]
        if not v["terminated_reason"]:
            error("terminated_reason", "укажите основание расторжения")
    else:
        path = path[:path.index(state) + 1]
        if v["terminated_on"] or v["terminated_reason"]:
            error("terminated_on", f"договор в состоянии «{S(state).label}» не расторгнут: дата и основание "
                                   "расторжения не указываются")
    for later in STATE_DATE.values():
        if later not in {STATE_DATE[s] for s in path} and v[later] and later != "terminated_on":
            error(later, f"дата указана, а договор в состоянии «{S(state).label}» до этого шага не дошёл")
    draft = _Draft(rec)
    for target in path:
        code = STATE_DATE[target]
        on = v[code]
        if on is None and target == S.STUDYING and draft.state == S.ADMITTED:
            admitted = draft.moves[-1][2]
            on = max(admitted, datetime.date(admitted.year, *plausibility.STUDY_YEAR_START))
        if on is None and target == S.STUDYING and draft.state == S.SIGNED:
            on = rec["signed_on"]  # a student (п. 2.11) is studying when the contract is signed
        if on is None:
            error(code, f"укажите дату перехода в состояние «{S(target).label}»")
            return []
        if on > today:
            error(code, "дата в будущем")
            return []
        if draft.moves and on < draft.moves[-1][2]:
            error(code, f"дата раньше предыдущего шага истории ({draft.moves[-1][2]:%d.%m.%Y})")
            return []
        broken = plausibility.refusal(draft, target, on) if target in plausibility.GUARDS else None
        if broken is None and target == S.FULFILLED:
            end = services.obligation_end(draft)
            if end and on < end:
                broken = plausibility.Implausible(f"срок отработки истекает {end:%d.%m.%Y}: обязательство ещё не "
                                                  "исполнено")
        if broken is not None:
            error(code, broken.message)
            return []
        reason = v["terminated_reason"][:500] if target == S.TERMINATED else ""
        draft.moves.append((draft.state, target, on, reason))
        draft.state = target
        if target == S.EMPLOYED:
            draft.work_started_on = on
    return draft.moves


def _existing(municipality) -> set:
    return set(Contract.objects.filter(municipality=municipality).values_list("number", "customer_id"))


def preview(records: list[dict], context: dict) -> Preview:
    existing = _existing(context["municipality"])
    add = sum(1 for r in records if (r["number"], r["customer_id"]) not in existing)
    return Preview(add=add, skip=len(records) - add, skip_why=SKIP_WHY)


@transaction.atomic
def import_contracts(*, actor, municipality, data: bytes, today: datetime.date | None = None) -> Preview:
    """Add the file's contracts with their history, consents and support; all or nothing."""
    reading, records = check(data, {"municipality": municipality.pk}, today)
    if not reading.ok:
        raise ImportRefused(reading.errors)
    existing = _existing(municipality.pk)
    records = [r for r in records if (r["number"], r["customer_id"]) not in existing]
    new_contract, new_event = bulk.maker(Contract), bulk.maker(ContractEvent)
    new_consent, new_measure = bulk.maker(RepresentativeConsent), bulk.maker(SupportMeasure)
    contracts = []
    for rec in records:
        employed = next((m[2] for m in rec["_moves"] if m[1] == S.EMPLOYED), None)
        contract = new_contract(
            municipality_id=municipality.pk, number=rec["number"], kind=rec["kind"], regime=rec["regime"],
            state=rec["state"], signed_on=rec["signed_on"], customer_id=rec["customer_id"],
            employer_id=rec["employer_id"], last_name=rec["last_name"][:100], first_name=rec["first_name"][:100],
            middle_name=rec["middle_name"][:100], birth_date=rec["birth_date"], specialty_id=rec["specialty_id"],
            level=rec["level"], study_form=rec["study_form"], education_organisation=rec["education_organisation"],
            is_quota=rec["is_quota"], course_at_signing=rec["course_at_signing"],
            work_organisation_id=rec["employer_id"] or rec["customer_id"], work_position_id=rec["work_position_id"],
            work_start_deadline=rec["work_start_deadline"], work_years=rec["work_years"], work_started_on=employed)
        contract.refresh_derived()
        contracts.append(contract)
    bulk.insert(contracts)
    events, consents, measures = [], [], []
    for contract, rec in zip(contracts, records, strict=True):
        for from_state, to_state, on, reason in rec["_moves"]:
            events.append(new_event(contract_id=contract.pk, from_state=from_state, to_state=to_state, on=on,
                                    reason=reason, details={"source": IMPORTED}, actor_id=actor.pk if actor else None))
        if rec["_rep"]:
            consents.append(new_consent(contract_id=contract.pk, given_on=rec["signed_on"],
                                        recorded_by_id=actor.pk if actor else None, **rec["_rep"]))
        if rec["stipend"]:
            measures.append(new_measure(contract_id=contract.pk, kind=SupportMeasure.MeasureKind.STIPEND,
                                        amount=rec["stipend"], period=SupportMeasure.Period.MONTHLY))
    bulk.insert(events)
    bulk.insert(consents)
    bulk.insert(measures)
    employments = _open_employments(contracts, records)
    audit.record(actor=actor, action="contracts.contracts.imported", instance=municipality,
                 changes={"Добавлено договоров": [None, len(contracts)], "Событий истории": [None, len(events)],
                          "Согласий представителей": [None, len(consents)], "Мер поддержки": [None, len(measures)],
                          "Трудоустройств": [None, employments],
                          "Пропущено (уже в реестре)": [None, len(reading.rows) - len(contracts)]})
    return Preview(add=len(contracts), skip=len(reading.rows) - len(contracts), skip_why=SKIP_WHY)


def _open_employments(contracts: list[Contract], records: list[dict]) -> int:
    """A contract whose history reached «Трудоустроен» has its employment record, as a move on the contract page
    would open it (closed on the termination date when the contract was terminated afterwards)."""
    from orientir.students.models import Employment

    employments = []
    for contract, rec in zip(contracts, records, strict=True):
        if not contract.work_started_on or not contract.work_organisation_id:
            continue
        ended = next((m for m in rec["_moves"] if m[1] == S.TERMINATED), None)
        employments.append(Employment(contract_id=contract.pk, organisation_id=contract.work_organisation_id,
                                      position_id=contract.work_position_id, started_on=contract.work_started_on,
                                      dismissed_on=ended[2] if ended else None,
                                      dismissal_reason=ended[3][:300] if ended else ""))
    return len(Employment.objects.bulk_create(employments))


def _municipality(context: dict) -> Municipality:
    return Municipality.objects.get(pk=context["municipality"])


SPEC = register(Import(
    kind="contracts", noun="договоров", limits=LIMITS,
    check=lambda data, context: check(data, context),
    preview=preview,
    write=lambda *, actor, data, context: import_contracts(actor=actor, municipality=_municipality(context),
                                                           data=data)))
