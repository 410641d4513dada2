"""Deadline rules of the plan, as data → dated occurrences for a year. Pure Python, no Django.

A rule is a dict stored with the plan item. Forms (DOMAIN.md «Deadline rules»):
  before   {"dates": ["07-15", ...], "preceding_contract_year": bool}  «до 15 июля»: last day 14 July
  window   {"start": "09-01", "end": "10-31", "then": ""}               «сентябрь–октябрь»
  span     {"span": "school_year" | "calendar_year" | "study_period", "then": ""}
  weekly   {"start": "06-01" | null, "end": "09-01", "weekday": 4}       «еженедельно до 1 сентября»
`then` records the per-person continuation the plan names (individual plan, study schedule,
as lists are formed, corrections during the year): tasks for people come from later modules.

Year semantics: the plan year is a calendar year Y. A school-year span is the school year that
ends in Y (1 September Y-1 – 31 August Y). «Года, предшествующего заключению договоров» means the
occurrence in Y prepares the contracts of Y+1.
"""

import datetime
from dataclasses import dataclass

RULE_TYPES = {
    "before": "Срок «до даты»",
    "window": "Период (окно)",
    "span": "В течение периода",
    "weekly": "Еженедельно в периоде",
}
SPANS = {
    "school_year": "в течение учебного года",
    "calendar_year": "в течение календарного года",
    "study_period": "в течение всего периода обучения",
}
THEN = {
    "": "",
    "individual_plan": "по индивидуальному плану",
    "study_schedule": "в соответствии с графиком учебного процесса",
    "as_lists_formed": "далее — по мере формирования списков",
    "corrections_school_year": "корректировка — в течение учебного года",
}
WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]
MONTHS_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                   "ноября", "декабря"]


class RuleError(ValueError):
    """The rule is not well-formed; the message is Russian."""


@dataclass(frozen=True)
class Occurrence:
    """One dated obligation of an item in a year: work may start on `starts_on`, must end by `due_on`."""

    due_on: datetime.date
    starts_on: datetime.date | None = None
    label: str = ""


def _md(year: int, text: str) -> datetime.date:
    try:
        month, day = (int(p) for p in text.split("-"))
        return datetime.date(year, month, day)
    except (ValueError, AttributeError) as exc:
        raise RuleError(f"Дата «{text}» должна быть в форме ММ-ДД, например 07-15.") from exc


def span_bounds(span: str, year: int) -> tuple[datetime.date, datetime.date]:
    if span == "school_year":
        return datetime.date(year - 1, 9, 1), datetime.date(year, 8, 31)
    if span in ("calendar_year", "study_period"):
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise RuleError(f"Неизвестный период «{span}».")


def occurrences(rule: dict | None, year: int, *, default_start: datetime.date | None = None) -> list[Occurrence]:
    """Dated occurrences of a rule in the plan year; `default_start` opens a weekly rule without a start."""
    if not rule:
        return []
    kind = rule.get("type")
    if kind == "before":
        dates = sorted(_md(year, d) for d in rule.get("dates", []))
        if not dates:
            raise RuleError("Укажите хотя бы одну дату срока.")
        return [Occurrence(due_on=d - datetime.timedelta(days=1), label=f"до {d.day} {MONTHS_GENITIVE[d.month - 1]}")
                for d in dates]
    if kind == "window":
        start, end = _md(year, rule["start"]), _md(year, rule["end"])
        if end < start:
            raise RuleError("Окончание периода раньше его начала.")
        return [Occurrence(due_on=end, starts_on=start)]
    if kind == "span":
        start, end = span_bounds(rule.get("span", ""), year)
        return [Occurrence(due_on=end, starts_on=start)]
    if kind == "weekly":
        end = _md(year, rule["end"]) - datetime.timedelta(days=1)
        start = _md(year, rule["start"]) if rule.get("start") else default_start
        if start is None:
            raise RuleError("Для еженедельного мониторинга не задано начало периода.")
        weekday = int(rule.get("weekday", 4))
        day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
        result, week = [], 1
        while day <= end:
            result.append(Occurrence(due_on=day, starts_on=day - datetime.timedelta(days=6), label=f"неделя {week}"))
            day += datetime.timedelta(days=7)
            week += 1
        return result
    raise RuleError(f"Неизвестный вид срока «{kind}».")


def describe(rule: dict | None) -> str:
    """Unambiguous Russian wording: «до 1 июля» is shown with its last day, 30 June."""
    if not rule:
        return "—"
    kind = rule.get("type")
    suffix = ", года, предшествующего заключению договоров" if rule.get("preceding_contract_year") else ""
    then = THEN.get(rule.get("then", ""), "")
    then = f"; {then}" if then else ""
    if kind == "before":
        parts = []
        for text in rule.get("dates", []):
            d = _md(2001, text)  # any non-leap year: only day and month matter here
            last = d - datetime.timedelta(days=1)
            parts.append(f"до {d.day} {MONTHS_GENITIVE[d.month - 1]} (последний день — "
                         f"{last.day} {MONTHS_GENITIVE[last.month - 1]})")
        return "ежегодно, " + ", ".join(parts) + suffix
    if kind == "window":
        s, e = _md(2001, rule["start"]), _md(2001, rule["end"])
        return (f"ежегодно, с {s.day} {MONTHS_GENITIVE[s.month - 1]} по {e.day} {MONTHS_GENITIVE[e.month - 1]}"
                f"{suffix}{then}")
    if kind == "span":
        return f"ежегодно, {SPANS.get(rule.get('span'), '?')}{then}"
    if kind == "weekly":
        e = _md(2001, rule["end"])
        start = ""
        if rule.get("start"):
            s = _md(2001, rule["start"])
            start = f" с {s.day} {MONTHS_GENITIVE[s.month - 1]}"
        return (f"еженедельно ({WEEKDAYS[int(rule.get('weekday', 4))]}){start} до {e.day} "
                f"{MONTHS_GENITIVE[e.month - 1]}")
    return "?"


def validate(rule: dict) -> None:
    """Raise RuleError when the rule cannot produce dates (checked on a leap and a common year)."""
    for year in (2027, 2028):
        occurrences(rule, year, default_start=datetime.date(year, 6, 1))
