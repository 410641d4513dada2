"""What the students' imports share (orientir.students.importer): a row matched to a contract the user may see, the
run of the rows through the services inside a transaction rolled back for the check, the import's registration."""

import dataclasses
import datetime
import re
from collections.abc import Callable

from django.db import transaction

from orientir.accounts import access
from orientir.accounts.models import User
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.imports import normalize
from orientir.core.imports.engine import HEADER_SEARCH_ROWS, Column, Reading, Row
from orientir.core.imports.page import Import, ImportRefused, Preview, register
from orientir.core.workbook import MB, Limits


LIMITS = Limits(columns=30, data_rows=20_000, header_rows=HEADER_SEARCH_ROWS, file_bytes=5 * MB)
# «Зачислена», «подала заявление», «зачислен(а)»: the feminine and the bracketed endings read as the masculine
_FEMININE = re.compile(r"\b(подал|зачислен|рекомендован|отозвал|забрал|прошел|включен|допущен|отчислен|переведен)"
                       r"(?:а|\(а\))(?=\s|$|,)")


def name_key(value) -> str:
    return _FEMININE.sub(r"\1", normalize.key(value)).replace("(а)", "")


def contract_columns(number_required: bool = False) -> tuple[Column, ...]:
    return (
        Column("number", "Номер договора" + ("*" if number_required else ""), aliases=("№ договора", "Договор")),
        Column("name", "ФИО", aliases=("Фамилия, имя, отчество", "ФИО гражданина", "ФИО студента",
                                       "ФИО выпускника", "ФИО абитуриента", "Гражданин")),
        Column("birth_date", "Дата рождения", normalize.date, aliases=("Д.р.", "Дата рожд.")),
    )


# --- Matching a row to a contract ------------------------------------------------------------------

@dataclasses.dataclass
class Contracts:
    """The contracts the user may see, by number and by citizen (name + birth date)."""

    by_number: dict[str, list[int]]
    by_citizen: dict[tuple[str, datetime.date], list[int]]

    @classmethod
    def of(cls, user) -> "Contracts":
        by_number: dict = {}
        by_citizen: dict = {}
        for pk, number, last, first, middle, born in access.student_contracts_for(user).values_list(
                "pk", "number", "last_name", "first_name", "middle_name", "birth_date"):
            by_number.setdefault(normalize.key(number), []).append(pk)
            by_citizen.setdefault((normalize.key(f"{last} {first} {middle}"), born), []).append(pk)
        return cls(by_number, by_citizen)

    def find(self, reading: Reading, row: Row, *, by_number: bool = True) -> int | None:
        """The row's contract, or None with the error placed: a contract number when given, else the name and
        the birth date; no contract or two contracts is an error naming the row."""
        v = row.values
        if by_number and v.get("number"):
            found = self.by_number.get(normalize.key(v["number"]), [])
            if len(found) == 1:
                return found[0]
            reading.error(row.number, "number", f"договор № {v['number']} не найден среди договоров, доступных вам"
                          if not found else f"несколько договоров с номером {v['number']}: укажите ФИО и дату "
                                            "рождения вместо номера")
            return None
        if "name" in row.failed or "birth_date" in row.failed:
            return None
        missing = [code for code in ("name", "birth_date") if not v.get(code)]
        if missing:
            what = "номер договора или " if by_number else ""
            for code in missing:
                reading.error(row.number, code, f"укажите {what}ФИО и дату рождения гражданина")
            return None
        found = self.by_citizen.get((normalize.key(v["name"]), v["birth_date"]), [])
        if len(found) == 1:
            return found[0]
        if not found:
            reading.error(row.number, "name", f"договор с гражданином «{v['name']}», {v['birth_date']:%d.%m.%Y} г.р., "
                                              "не найден среди договоров, доступных вам")
        else:
            reading.error(row.number, "name", f"«{v['name']}», {v['birth_date']:%d.%m.%Y} г.р.: договоров с этим "
                                              f"гражданином — {len(found)}" +
                          ("; укажите номер договора" if by_number else ""))
        return None


def repeated_rows(reading: Reading, rows: list[tuple[Row, tuple]], code: str, what: str) -> set[int]:
    """Rows whose key an earlier row of the file already has: an error naming both rows; their numbers."""
    first: dict = {}
    twice = set()
    for row, key in sorted(rows, key=lambda r: r[0].number):
        if key in first:
            reading.error(row.number, code, f"{what} повторяется в файле: строки {first[key]} и {row.number}")
            twice.add(row.number)
        else:
            first[key] = row.number
    return twice


# --- Running the rows through the services -----------------------------------------------------------

class _Rollback(Exception):
    pass


@dataclasses.dataclass
class Step:
    """One row's write: `action` «add», «update» or «skip»; `run(actor)` calls the service (not for a skip)."""

    row: Row
    action: str
    run: Callable | None = None
    fields: dict = dataclasses.field(default_factory=dict)  # DomainError.field → the column it names


def _apply(reading: Reading, steps: list[Step], actor, *, commit: bool) -> None:
    """Run every step through its service, each row in a savepoint; a refusal is the row's error. Unless `commit`
    and the whole file passed, everything is rolled back."""
    try:
        with transaction.atomic():
            for step in steps:
                if step.run is None:
                    continue
                try:
                    with transaction.atomic():
                        step.run(actor)
                except DomainError as exc:
                    code = step.fields.get(exc.field or "")
                    reading.error(step.row.number, code, exc.message.rstrip(".").replace("\n", " "))
            if not (commit and reading.ok):
                raise _Rollback
    except _Rollback:
        pass


def _preview(kind: str) -> Callable[[list, dict], Preview]:
    def preview(steps: list[Step], context: dict) -> Preview:
        return Preview(add=sum(s.action == "add" for s in steps), update=sum(s.action == "update" for s in steps),
                       skip=sum(s.action == "skip" for s in steps), skip_why=SKIP_WHY[kind])
    return preview


SKIP_WHY = {"admission": "такой же статус за эту неделю уже внесён",
            "study": "такие же сведения за этот семестр уже внесены",
            "employment": "такое трудоустройство уже внесено"}
NOUNS = {"admission": "статусов поступления", "study": "сведений об обучении", "employment": "трудоустройств"}
TITLES = {"admission": "Мониторинг поступления: загрузка статусов из Excel",
          "study": "Сведения об обучении: загрузка из Excel",
          "employment": "Трудоустройство выпускников: загрузка из Excel"}


def _runner(kind: str, build: Callable[[bytes, User], tuple[Reading, list[Step]]]):
    """check(data, context) and write(actor=, data=, context=) of an import from its `build`."""

    def check(data: bytes, context: dict) -> tuple[Reading, list[Step]]:
        user = User.objects.get(pk=context["user"])
        reading, steps = build(data, user)
        if reading.ok:
            _apply(reading, steps, user, commit=False)
        return reading, steps

    @transaction.atomic
    def write(*, actor, data: bytes, context: dict) -> Preview:
        reading, steps = build(data, actor)
        if reading.ok:
            _apply(reading, steps, actor, commit=True)
        if not reading.ok:
            raise ImportRefused(reading.errors)
        done = _preview(kind)(steps, context)
        audit.record(actor=actor, action=f"students.{kind}.imported", object_repr=TITLES[kind],
                     changes={"Добавлено": [None, done.add], "Обновлено": [None, done.update],
                              "Пропущено": [None, done.skip]})
        return done

    return check, write


def import_spec(kind: str, build) -> Import:
    check, write = _runner(kind, build)
    return register(Import(kind=f"students_{kind}", noun=NOUNS[kind], limits=LIMITS, check=check,
                           preview=_preview(kind), write=write))


def no_rows(reading: Reading, steps: list) -> None:
    if reading.ok and not steps:
        reading.error(0, None, "В файле нет ни одной строки с данными.")
