"""Rules of a staffing return line, shared by the form, the Excel import and the service.

Pure functions over plain dicts: every problem is reported at once, with the field it concerns.
"""

import datetime
from decimal import Decimal

from orientir.core.imports import normalize

from .models import AGE_BANDS, DECIMAL_FIELDS, EDUCATION, LINE_NUMBER_FIELDS, ReturnLine

LABELS = {name: str(ReturnLine._meta.get_field(name).verbose_name) for name in LINE_NUMBER_FIELDS}


def parse_number(field: str, raw) -> tuple[object, str | None]:
    """A cell or form value → (number, error message). Empty means zero."""
    if isinstance(raw, (datetime.date, datetime.time)):  # a cell Excel turned into a date: say it as it shows
        return None, f"«{normalize.shown(raw)}» — не число (Excel показывает его как дату: задайте ячейке формат «Числовой»)"
    try:
        value = normalize.decimal(raw)  # «1 234,5», spaces of any kind; «NaN» and «Infinity» are not numbers
    except ValueError as exc:
        return None, str(exc)
    if value is None:
        return (Decimal("0") if field in DECIMAL_FIELDS else 0), None
    if value < 0:
        return None, "не может быть отрицательным"
    if field in DECIMAL_FIELDS:
        if value != value.quantize(Decimal("0.01")):
            return None, "не более двух знаков после запятой"
        if value > Decimal("999999"):
            return None, "слишком большое значение"
        return value.quantize(Decimal("0.01")), None
    if value != value.to_integral_value():
        return None, "целое число человек"
    if value > 100000:
        return None, "слишком большое значение"
    return int(value), None


def show(value) -> str:
    """A number as officials write it: comma as the decimal mark, no «,00» for whole numbers."""
    if isinstance(value, Decimal):
        value = value.normalize() if value == value.to_integral_value() else value
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


def check_line(values: dict) -> list[tuple[str, str]]:
    """Consistency of one line's numbers: [(field, Russian message)], empty when all is well."""
    errors: list[tuple[str, str]] = []
    filled = values["filled_main"] + values["filled_internal"] + values["filled_external"]
    if filled > values["staff_units"]:
        errors.append(("filled_main", f"Занято ставок ({show(filled)}) больше, чем штатных единиц "
                                      f"({show(values['staff_units'])})."))
    headcount = sum(values[name] for name, _ in AGE_BANDS)
    by_education = sum(values[name] for name, _ in EDUCATION)
    if headcount != by_education:
        errors.append(("edu_higher_ped", f"Численность по образованию ({by_education}) не совпадает с "
                                         f"численностью по возрасту ({headcount})."))
    if values["pension_age"] > headcount:
        errors.append(("pension_age", f"Пенсионного возраста ({values['pension_age']}) больше, чем работников "
                                      f"({headcount})."))
    elif values["pension_age"] < values["age_65p"]:
        errors.append(("pension_age", "Работники 65 лет и старше должны входить в число лиц пенсионного возраста."))
    if values["young_specialists"] > headcount:
        errors.append(("young_specialists", "Молодых специалистов больше, чем работников."))
    leavers = values["leavers_retirement"] + values["leavers_moving"] + values["leavers_other"]
    if leavers > headcount:
        errors.append(("leavers_retirement", f"Ожидаемое выбытие ({leavers}) больше численности ({headcount})."))
    if values["left_retirement_last_year"] > values["left_last_year"]:
        errors.append(("left_retirement_last_year", "Уволившихся на пенсию больше, чем всех уволившихся."))
    if values["hired_target_last_year"] > values["hired_last_year"]:
        errors.append(("hired_target_last_year", "Принятых по целевым договорам больше, чем всех принятых."))
    return errors


def parse_line(raw: dict, *, labelled: bool = True) -> tuple[dict, list[tuple[str, str]]]:
    """Parse every numeric field of a raw line and check it; returns (values, errors). A number's error starts with
    its field's label unless the caller places it by column itself (`labelled=False`)."""
    values, errors = {}, []
    for field in LINE_NUMBER_FIELDS:
        value, error = parse_number(field, raw.get(field))
        if error:
            errors.append((field, f"{LABELS[field]}: {error}" if labelled else error))
        else:
            values[field] = value
    if not errors:
        errors = check_line(values)
        values["vacancies"] = max(values["staff_units"] - values["filled_main"] - values["filled_internal"]
                                  - values["filled_external"], Decimal("0"))
    return values, errors
