"""What a cell of a real file means, the way the person who typed it meant it.

Files come from people and from other systems: names with a double or trailing space, «е» typed for «ё», a date
typed as text or kept as an Excel date, «1 234,5» with a comma and a space, a row of spaces that looks blank. Each
function here takes one raw cell as calamine gives it (str, int, float, bool, date, datetime, time or None) and
either returns its value or raises ValueError with a Russian message about that cell alone; the engine adds the
row and the column.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone

# every kind of space a file carries: non-breaking (Excel, 1C), narrow no-break (thousands in Word), tabs, breaks
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "'": '"', "–": "-", "—": "-", "ё": "е",
                         "Ё": "Е"})
# `_fold` translates only when a quote or a dash is there: `str.translate` looks every character up in a dict, and
# names rarely hold either («ё» goes by a plain replace after case folding, which has made every «Ё» an «ё»)
_MARKS = re.compile("[«»„“”'–—]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 01.01.1900 (Excel counts a 29.02.1900 that never was)
# serials of 01.01.1900 … 31.12.2099: a number outside is not a date anyone meant
_SERIALS = (1, 73050)
_DATE_TEXT = [
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})$"), ("d", "m", "yy")),
]
_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8, "сентябр": 9,
           "октябр": 10, "ноябр": 11, "декабр": 12}
_WORDS_DATE = re.compile(r"^(\d{1,2})\s+([а-я]+)\s+(\d{4})(?:\s*г(?:ода|\.)?)?$")


def text(value) -> str:
    """A cell as the text a person sees, spaces collapsed and trimmed ("" for an empty or blank cell)."""
    kind = type(value)
    if kind is str and value.isprintable() and "  " not in value and value[:1] != " " != value[-1:]:
        # the common cell, already clean: every other kind of space (and tab, break, zero-width) is not printable
        return value
    if value is None:
        return ""
    if kind is int:  # a number cell (not a bool: its type is bool)
        return str(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 123456.0 from a number-formatted ИНН or grade column
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    return _SPACES.sub(" ", str(value)).strip()


def key(value) -> str:
    """The text by which a value is matched against a reference book: case, «ё»/«е», kinds of quotes and dashes,
    and spaces make no difference («Социальный  педагог » = «социальный педагог»)."""
    return _fold(text(value))


def _fold(value: str) -> str:
    if _MARKS.search(value):
        value = value.translate(_QUOTES)
    return value.casefold().replace("ё", "е").replace(" - ", "-")


def joint_key(*values) -> str:
    """The `key` of each value joined by «\x1f», in one pass: the same text as `"\x1f".join(map(key, values))` (the
    translation and case folding go character by character, and `text` turns a «\x1f» inside a value into a space,
    so the separator stays unambiguous)."""
    return _fold("\x1f".join([text(v) for v in values]))


def blank(cells) -> bool:
    """A row that only looks filled (spaces, empty strings) is blank."""
    return all(text(cell) == "" for cell in cells)


def shown(value) -> str:
    """A raw value quoted back to the user as they see it in their sheet (a date as 01.05.2026, not 2026-05-01)."""
    return text(value)


def date(value) -> datetime.date | None:
    """A date kept by Excel, typed as text (01.05.2026, 1.5.2026, 01/05/2026, 2026-05-01, 01.05.26, 1 мая 2026 г.)
    or given as an Excel serial number; None for an empty cell."""
    if type(value) is str:
        known = _DATES_SEEN.get(value)
        if known is not None:
            return known
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"«{shown(value)}» — не дата; укажите дату ДД.ММ.ГГГГ")
    if isinstance(value, (int, float)):  # a serial; its fraction is the time of day
        if _SERIALS[0] <= value <= _SERIALS[1]:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(f"«{shown(value)}» — не дата; укажите дату ДД.ММ.ГГГГ")
    raw = text(value)
    if not raw:
        return None
    for pattern, order in _DATE_TEXT:
        match = pattern.match(raw)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if "yy" in parts:  # 01.05.26: a two-digit year is of this century up to 30 years ahead, else of the last
                this = timezone.localdate().year % 100
                parts["y"] = 2000 + parts["yy"] if parts["yy"] <= this + 30 else 1900 + parts["yy"]
                return _checked(raw, parts["y"], parts["m"], parts["d"])  # depends on today: not remembered
            return _seen(value, _checked(raw, parts["y"], parts["m"], parts["d"]))
    match = _WORDS_DATE.match(raw.casefold())
    if match:
        month = next((n for stem, n in _MONTHS.items() if match.group(2).startswith(stem)), None)
        if month:
            return _checked(raw, int(match.group(3)), month, int(match.group(1)))
    raise ValueError(f"«{raw}» — не дата; укажите дату ДД.ММ.ГГГГ")


# Dates typed as text, as already read: a file repeats the same few thousand (birth dates of a school's years, one
# consent date), and a parse costs more than the rest of the row's cells. Only what does not depend on the day is
# kept (a four-digit year), and at most _DATES_KEPT of them: the memory stays flat.
_DATES_SEEN: dict[str, datetime.date] = {}
_DATES_KEPT = 8192


def _seen(value, parsed: datetime.date) -> datetime.date:
    if type(value) is str:
        if len(_DATES_SEEN) >= _DATES_KEPT:
            _DATES_SEEN.clear()
        _DATES_SEEN[value] = parsed
    return parsed


def _checked(raw: str, year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"«{raw}» — такой даты нет") from None


def decimal(value) -> Decimal | None:
    """A number kept as a number or typed as text: «1 234,5», «1234.50», «12,0 »; None for an empty cell."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(f"«{shown(value)}» — не число")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = text(value)
    if not raw:
        return None
    compact = raw.replace(" ", "")
    if compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        raise ValueError(f"«{raw}» — не число") from None
    if not number.is_finite():
        raise ValueError(f"«{raw}» — не число")
    return number


def integer(value) -> int | None:
    """A whole number («12», «12,0», 12.0); None for an empty cell."""
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f"«{shown(value)}» — нужно целое число")
    return int(number)
