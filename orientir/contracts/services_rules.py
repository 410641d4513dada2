"""Rules of law a contract's moves must pass (the regime in force, a minor's consent, the notice of a suspension,
the obligation served) and the registries other apps add their checks and after-move hooks to."""

import datetime

from orientir.core.dates import add_years, age_on
from orientir.core.errors import DomainError

from .models import Contract, Kind, Regime, RepresentativeConsent, State

# Other checks a move must pass, by target state: guard(contract, on, details) raises DomainError to refuse.
GUARDS: dict[str, list] = {}
# What other apps record when a move is made: hook(contract, event) after the move, in the same transaction
# (the students app opens the employment record when the contract page records «Трудоустроен»).
AFTER_MOVE: dict[str, list] = {}


PP555_FROM = datetime.date(2024, 5, 1)
# The act in force on a day: (first day, regime), newest first.
REGIME_PERIODS = [(PP555_FROM, Regime.PP555), (datetime.date(2021, 1, 1), Regime.PP1681),
                  (datetime.date(2019, 4, 2), Regime.PP302), (datetime.date(2014, 1, 1), Regime.PP1076)]


def regime_on(day: datetime.date) -> str | None:
    for start, regime in REGIME_PERIODS:
        if day >= start:
            return regime
    return None


def regime_refusal(regime: str, signed_on: datetime.date | None) -> str | None:
    """Why the regime does not fit the signing date; new contracts (no date yet) follow № 555."""
    due = regime_on(signed_on) if signed_on else Regime.PP555
    if due is None:
        return "Договоры, заключённые до 01.01.2014, в системе не ведутся."
    if regime != due:
        when = f"заключённый {signed_on:%d.%m.%Y}" if signed_on else "новый договор"
        return (f"Правовой режим не соответствует дате заключения: {when} заключается по акту "
                f"«{Regime(due).label}». Прежние акты применяются только к договорам, заключённым до их отмены "
                f"(№ 555 — с 01.05.2024).")
    return None


def is_minor_on(contract: Contract, day: datetime.date) -> bool:
    return bool(contract.birth_date) and age_on(contract.birth_date, day) < 18


def guard_representative_consent(contract: Contract, on: datetime.date, details: dict) -> None:
    """A citizen under 18 on the signing date signs only with a legal representative's written consent."""
    if not is_minor_on(contract, on):
        return
    if consent_in_force(contract, on) is None:
        raise DomainError(
            f"Гражданину на {on:%d.%m.%Y} не исполнилось 18 лет: договор заключается только с письменного согласия "
            "законного представителя. Внесите согласие (ФИО представителя, кем приходится, документ, дата) "
            "не позднее даты заключения и повторите.", field="on")


def guard_regime(contract: Contract, on: datetime.date, details: dict) -> None:
    why = regime_refusal(contract.regime, contract.signed_on or on)
    if why:
        raise DomainError(why, field="on")


def guard_student_course(contract: Contract, on: datetime.date, details: dict) -> None:
    if contract.kind == Kind.STUDENT and not (contract.course_at_signing and contract.course_at_signing >= 2):
        raise DomainError("Договор со студентом заключается со 2-го курса: укажите курс на дату заключения.",
                          field="on")


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (production calendar)."""
    from orientir.plan.calendar import is_working_day

    while n > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


SUSPENSION_NOTICE_DAYS = 10


def guard_suspension(contract: Contract, on: datetime.date, details: dict) -> None:
    """Suspension needs the ground's start and the notice, given within 10 working days of it."""
    start, notice = details.get("ground_started_on"), details.get("notice_on")
    if not start or not notice:
        raise DomainError("Укажите дату возникновения основания и дату уведомления заказчика.", field="notice_on")
    if notice < start:
        raise DomainError("Уведомление не может быть раньше возникновения основания.", field="notice_on")
    last = add_working_days(start, SUSPENSION_NOTICE_DAYS)
    if notice > last:
        raise DomainError(f"Уведомление о приостановлении направляется в течение {SUSPENSION_NOTICE_DAYS} рабочих "
                          f"дней со дня возникновения основания — не позднее {last:%d.%m.%Y}.", field="notice_on")
    if on < notice:
        raise DomainError("Исполнение обязательств приостанавливается со дня получения уведомления заказчиком: "
                          "дата приостановления не раньше даты уведомления.", field="on")


def _require_documents(details: dict, what: str) -> None:
    if not str(details.get("documents") or "").strip():
        raise DomainError(f"Укажите документ-основание {what}: вид, номер и дату.", field="documents")


def guard_suspension_documents(contract: Contract, on: datetime.date, details: dict) -> None:
    """A suspension rests on a document (a summons, a certificate of the military commissariat): its reference."""
    _require_documents(details, "приостановления (повестка, справка военного комиссариата и т. п.)")


def guard_release_documents(contract: Contract, on: datetime.date, details: dict) -> None:
    """A release from the obligations rests on the documents of its ground: their reference."""
    _require_documents(details, "освобождения от обязательств (заключение, справка, решение и т. п.)")


def register_guard(to_state: str, guard) -> None:
    """Add a check to the moves into `to_state` (once, however often the module is imported)."""
    guards = GUARDS.setdefault(to_state, [])
    if guard not in guards:
        guards.append(guard)


def guard_obligation_served(contract: Contract, on: datetime.date, details: dict) -> None:
    """The obligation is fulfilled only when the work period (plus the days it stood suspended) has run out."""
    end = obligation_end(contract)
    if end is None:
        raise DomainError("Не внесена дата начала работы по договору: исполнение обязательства отметить нельзя.",
                          field="on")
    if on < end:
        raise DomainError(f"Срок отработки истекает {end:%d.%m.%Y} (начало работы {contract.work_started_on:%d.%m.%Y}, "
                          f"{contract.work_years} г., приостановление {contract.suspended_days} дн.): обязательство "
                          "ещё не исполнено.", field="on")


def after_move(to_state: str, hook) -> None:
    """Run `hook(contract, event)` after every move into `to_state` (once per hook)."""
    hooks = AFTER_MOVE.setdefault(to_state, [])
    if hook not in hooks:
        hooks.append(hook)


for _guard in (guard_representative_consent, guard_regime, guard_student_course):
    register_guard(State.SIGNED, _guard)
register_guard(State.SUSPENDED, guard_suspension)
register_guard(State.SUSPENDED, guard_suspension_documents)
register_guard(State.RELEASED, guard_release_documents)
register_guard(State.FULFILLED, guard_obligation_served)


def obligation_end(contract: Contract) -> datetime.date | None:
    """The last day of the work obligation: start + work years + the days it stood suspended."""
    if not contract.work_started_on:
        return None
    end = add_years(contract.work_started_on, contract.work_years)
    return end + datetime.timedelta(days=contract.suspended_days)


def consent_in_force(contract: Contract, on: datetime.date | None) -> RepresentativeConsent | None:
    """The representative's consent a document cites and a signing relies on: given on or before `on` and not
    annulled, the latest such. Without a date (a draft), the latest consent not annulled."""
    consents = contract.representative_consents.filter(annulled_on__isnull=True)
    if on is not None:
        consents = consents.filter(given_on__lte=on)
    return consents.order_by("-given_on", "-id").first()
