"""Dates a lifecycle move implies: a contract's history must be one a real person could have lived.

Each rule is a guard(contract, on) that raises `Implausible` with a Russian message naming the date field. A
committee specialist (permission contracts.exception) may record a justified exception to these rules; the
documents and the work period (services.GUARDS) admit no exception. The numbers and their reasons are in
docs/decisions.md (entry «Правдоподобие дат в жизненном цикле договора»).
"""

import calendar
import datetime

from orientir.core.errors import DomainError
from orientir.directory.models import EducationLevel

from .models import Kind, State

L = EducationLevel

# Admission orders of a campaign are issued from late July (ВО: the quota stage, ~28–29 July; СПО: after the
# acceptance of documents closes, 10–15 August): no admission of a year's campaign comes before 20 July.
ADMISSION_CAMPAIGN_START = (7, 20)
# The academic year of СПО and ВО begins on 1 September (it may be moved later for part-time forms, never earlier).
STUDY_YEAR_START = (9, 1)
# The shortest normative full-time term of each level, in months, for the programmes a targeted contract of the
# social sphere leads to: СПО specialists 2 г. 10 мес. after the 11th grade (3 г. 10 мес. after the 9th), skilled
# workers 10 мес. after the 11th grade, bachelor 4 years, specialist 5, master 2. Part-time and extramural forms
# are longer, so the full-time term never refuses a real history.
NORMATIVE_MONTHS = {L.SPO_WORKER: 10, L.SPO: 34, L.BACHELOR: 48, L.SPECIALIST: 60, L.MASTER: 24}
# Accelerated learning by an individual plan: at most one year, and never more than half of the term.
ACCELERATION_MONTHS = 12
# The final state attestation and the holidays after it lie within the normative term: graduation (the order on
# completion) may come up to three months before the term runs out.
FINAL_MONTHS = 3
EXCEPTION_PERMISSION = "contracts.exception"


class Implausible(DomainError):
    """A date the contract's history makes implausible; a committee specialist may record a justified exception."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _last_event_on(contract, state: str) -> datetime.date | None:
    """The day the contract last reached `state` (a return from a suspension is not reaching it)."""
    return (contract.events.filter(to_state=state).exclude(from_state=State.SUSPENDED).order_by("-on", "-id")
            .values_list("on", flat=True).first())


def _term_text(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = ([f"{years} г."] if years else []) + ([f"{rest} мес."] if rest else [])
    return " ".join(parts) or "0 мес."


def admission_earliest(contract) -> datetime.date | None:
    """20 July of the year the contract was signed: the first day of that year's admission orders."""
    if not contract.signed_on:
        return None
    return datetime.date(contract.signed_on.year, *ADMISSION_CAMPAIGN_START)


def guard_admission(contract, on: datetime.date) -> None:
    earliest = admission_earliest(contract)
    if earliest and on < earliest:
        raise Implausible(
            f"Дата зачисления {on:%d.%m.%Y} раньше приёмной кампании {earliest.year} года: приказы о зачислении "
            f"издаются не ранее {earliest:%d.%m.%Y} (договор заключён {contract.signed_on:%d.%m.%Y}). Укажите дату "
            "приказа о зачислении.", field="on")


def study_start_earliest(contract) -> datetime.date | None:
    """1 September of the admission year when the admission came before it (the summer campaign)."""
    admitted = _last_event_on(contract, State.ADMITTED)
    if admitted is None:
        return None
    start = datetime.date(admitted.year, *STUDY_YEAR_START)
    return start if admitted < start else None


def guard_studying(contract, on: datetime.date) -> None:
    if contract.state != State.ADMITTED:
        return  # a student (п. 2.11) is already studying when the contract is signed
    earliest = study_start_earliest(contract)
    if earliest and on < earliest:
        raise Implausible(
            f"Учебный год начинается {earliest:%d.%m.%Y}: гражданин зачислен "
            f"{_last_event_on(contract, State.ADMITTED):%d.%m.%Y}, «Обучается» — не ранее {earliest:%d.%m.%Y}.",
            field="on")


def shortest_term(months: int) -> int:
    """The normative term less the allowed acceleration and the final attestation, never less than half of it."""
    return max(months - ACCELERATION_MONTHS - FINAL_MONTHS, (months + 1) // 2)


def graduation_earliest(contract) -> tuple[datetime.date, str] | None:
    """The first day graduation is plausible and how it was counted, or None when nothing is known to count from."""
    term = NORMATIVE_MONTHS.get(contract.level)
    if term is None:
        return None
    admitted = _last_event_on(contract, State.ADMITTED)
    if admitted is not None:
        months = shortest_term(term)
        return (add_months(admitted, months),
                f"нормативный срок «{L(contract.level).label}» {_term_text(term)}, зачислен {admitted:%d.%m.%Y}")
    if contract.kind == Kind.STUDENT and contract.signed_on and contract.course_at_signing:
        # Signed during course N: at least term − N years of study were left (signed at the very end of it).
        left = term - 12 * contract.course_at_signing
        months = max(left - ACCELERATION_MONTHS - FINAL_MONTHS, 0)
        return (add_months(contract.signed_on, months),
                f"нормативный срок «{L(contract.level).label}» {_term_text(term)}, договор заключён "
                f"{contract.signed_on:%d.%m.%Y} на {contract.course_at_signing}-м курсе")
    return None


def guard_graduation(contract, on: datetime.date) -> None:
    found = graduation_earliest(contract)
    if found and on < found[0]:
        earliest, counted = found
        raise Implausible(
            f"Дата завершения обучения {on:%d.%m.%Y} слишком ранняя: {counted}; с учётом ускоренного обучения "
            f"(не более {ACCELERATION_MONTHS // 12} г.) и итоговой аттестации обучение завершается не ранее "
            f"{earliest:%d.%m.%Y}.", field="on")


def employment_window(contract) -> tuple[datetime.date | None, datetime.date | None]:
    """The day after graduation and the contract's employment term (moved by the days the contract stood suspended)."""
    graduated = _last_event_on(contract, State.GRADUATED)
    earliest = graduated + datetime.timedelta(days=1) if graduated else None
    latest = None
    if contract.work_start_deadline:
        latest = contract.work_start_deadline + datetime.timedelta(days=contract.suspended_days)
    return earliest, latest


def guard_employment(contract, on: datetime.date) -> None:
    earliest, latest = employment_window(contract)
    if earliest and on < earliest:
        raise Implausible(
            f"Дата трудоустройства {on:%d.%m.%Y} не позднее даты завершения обучения "
            f"({earliest - datetime.timedelta(days=1):%d.%m.%Y}): по договору гражданин трудоустраивается после "
            f"получения образования — не ранее {earliest:%d.%m.%Y}.", field="on")
    if latest and on > latest:
        shift = f" с учётом приостановления ({contract.suspended_days} дн.)" if contract.suspended_days else ""
        raise Implausible(
            f"Дата трудоустройства {on:%d.%m.%Y} позже срока трудоустройства по договору — не позднее "
            f"{latest:%d.%m.%Y}{shift}. Срок меняется дополнительным соглашением; трудоустройство вне срока "
            "записывает специалист ОЮКО Комитета как исключение с причиной.", field="on")


def hint(contract, target: str) -> str:
    """The dates a move into `target` may have, for the lifecycle form; empty when no rule bounds it."""
    if contract.state == State.SUSPENDED:
        return ""
    if target == State.ADMITTED and (day := admission_earliest(contract)):
        return f"Не ранее {day:%d.%m.%Y}: приказы о зачислении издаются с 20 июля года заключения договора."
    if target == State.STUDYING and contract.state == State.ADMITTED and (day := study_start_earliest(contract)):
        return f"Не ранее {day:%d.%m.%Y}: учебный год начинается 1 сентября."
    if target == State.GRADUATED and (found := graduation_earliest(contract)):
        return f"Не ранее {found[0]:%d.%m.%Y}: {found[1]}, ускоренное обучение — не более чем на год."
    if target == State.EMPLOYED:
        earliest, latest = employment_window(contract)
        parts = ([f"не ранее {earliest:%d.%m.%Y} (после завершения обучения)"] if earliest else []) + \
                ([f"не позднее {latest:%d.%m.%Y} (срок трудоустройства по договору)"] if latest else [])
        return ("Дата трудоустройства: " + ", ".join(parts) + ".") if parts else ""
    return ""


GUARDS = {State.ADMITTED: [guard_admission], State.STUDYING: [guard_studying],
          State.GRADUATED: [guard_graduation], State.EMPLOYED: [guard_employment]}
OVERRIDABLE = set(GUARDS)


def refusal(contract, to_state: str, on: datetime.date) -> Implausible | None:
    """The first rule the move breaks, or None. Resuming after a suspension returns to a state already reached."""
    if contract.state == State.SUSPENDED:
        return None
    for guard in GUARDS.get(to_state, []):
        try:
            guard(contract, on)
        except Implausible as exc:
            return exc
    return None
