"""Writes to contracts. `transition` is the only code that changes a contract's state."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError

from . import lifecycle, plausibility
from . import liability as liability_calc
from .models import (Contract, ContractEvent, Kind, Liability, LiabilityRule, Regime, RepresentativeConsent, State,
                     SupplementaryAgreement, SupportMeasure)

# Other checks a move must pass, by target state: guard(contract, on, details) raises DomainError to refuse.
GUARDS: dict[str, list] = {}
# What other apps record when a move is made: hook(contract, event) after the move, in the same transaction
# (the students app opens the employment record when the contract page records «Трудоустроен»).
AFTER_MOVE: dict[str, list] = {}


@transaction.atomic
def transition(*, actor, contract: Contract, to_state: str, on: datetime.date, reason: str = "",
               details: dict | None = None, expected_version: int | None = None, exception: bool = False,
               exception_reason: str = "") -> Contract:
    """Move the contract to `to_state` on date `on`, with a history entry and an audit record.

    A date the history makes implausible (plausibility.py) is refused, unless a committee specialist records a
    justified exception (`exception` with `exception_reason`): the move is made and the reason kept in the event
    and the audit entry."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    why_not = lifecycle.refusal(current, to_state)
    if why_not:
        raise DomainError(why_not, field="state")
    reason = (reason or "").strip()
    if to_state in lifecycle.NEEDS_REASON and not reason:
        raise DomainError(f"Для перехода в состояние «{State(to_state).label}» укажите основание.", field="reason")
    if on is None:
        raise DomainError("Укажите дату.", field="on")
    # The history is read in date order (suspensions, years worked, the funnel): no future, no going back.
    if on > timezone.localdate():
        raise DomainError("Дата не может быть позже сегодняшней: состояние записывают, когда событие произошло.",
                          field="on")
    last = current.events.order_by("-on", "-id").values_list("on", flat=True).first()
    if last and on < last:
        raise DomainError(f"Дата раньше предыдущего события договора ({last:%d.%m.%Y}).", field="on")
    for guard in GUARDS.get(to_state, []):
        guard(current, on, details or {})
    overridden = _plausibility_exception(actor, current, to_state, on, exception, exception_reason)
    if overridden:
        details = {**(details or {}), "exception": overridden[0], "exception_rule": overridden[1]}
    from_state = current.state
    fields = {"state": to_state, "version": F("version") + 1}
    if to_state == State.SUSPENDED:
        fields["state_before_suspension"] = from_state
    elif from_state == State.SUSPENDED:
        fields["state_before_suspension"] = ""
        # The clock stood still from the start of the suspension to the day it ended.
        started = current.events.filter(to_state=State.SUSPENDED).order_by("-on", "-id").first()
        if started is not None and on > started.on:
            fields["suspended_days"] = F("suspended_days") + (on - started.on).days
    if to_state == State.SIGNED and not current.signed_on:
        fields["signed_on"] = on
    if to_state == State.EMPLOYED and not current.work_started_on:
        fields["work_started_on"] = on
    Contract.objects.filter(pk=current.pk).update(**fields)
    event = ContractEvent.objects.create(contract=current, from_state=from_state, to_state=to_state, on=on,
                                         reason=reason[:500], details=_plain_details(details), actor=actor)
    owed = None
    if to_state == State.BREACHED or (to_state == State.TERMINATED and (details or {}).get("liability")):
        owed = _record_liability(current, event, on)
    moved = Contract.objects.get(pk=current.pk)
    for hook in AFTER_MOVE.get(to_state, []):
        hook(moved, event)
    audit.record(actor=actor, action="contracts.contract.transition", instance=current,
                 changes={"Состояние": [State(from_state).label, State(to_state).label],
                          "Дата": [None, on.strftime("%d.%m.%Y")], **({"Основание": [None, reason]} if reason else {}),
                          **({"Ответственность": [None, str(owed)]} if owed else {}),
                          **({"Исключение": [None, overridden[0]], "Не выполнено условие": [None, overridden[1]]}
                             if overridden else {})})
    current.refresh_from_db()
    return current


def _plausibility_exception(actor, contract: Contract, to_state: str, on: datetime.date, exception: bool,
                            exception_reason: str) -> tuple[str, str] | None:
    """Refuse an implausible move, or return (reason, broken rule) of the committee specialist's exception."""
    from orientir.accounts import access

    broken = plausibility.refusal(contract, to_state, on)
    if not exception:
        if broken:
            raise broken
        return None
    if not access.has_perm(actor, plausibility.EXCEPTION_PERMISSION):
        raise DomainError("Исключение из проверки дат записывает только специалист ОЮКО Комитета.", field="exception")
    why = (exception_reason or "").strip()
    if not why:
        raise DomainError("Укажите причину исключения: какой документ подтверждает эту дату.",
                          field="exception_reason")
    if broken is None:
        return None  # the dates are plausible: nothing is excepted
    return why[:500], broken.message


def _plain_details(details: dict | None) -> dict:
    """Dates as dd.mm.yyyy strings: the history is JSON and is read by people."""
    out = {}
    for key, value in (details or {}).items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif not isinstance(value, (str, int, float, bool, type(None), list, dict)):
            value = str(value)
        out[key] = value
    return out


def _record_liability(contract: Contract, event: ContractEvent, on: datetime.date) -> Liability:
    rule = LiabilityRule.objects.filter(regime=contract.regime).first()
    repay, fine = liability_calc.compute(contract, rule)
    return Liability.objects.create(contract=contract, event=event, support_to_repay=repay, fine=fine,
                                    rule_text=rule.rule_text if rule else "Правило для правового режима не задано: "
                                                                          "штраф не начислен.",
                                    act_reference=rule.act_reference if rule else "", computed_on=on)


# --- Rules of law the guards enforce ---------------------------------------------------------------------------

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


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


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
    start = contract.work_started_on
    try:
        end = start.replace(year=start.year + contract.work_years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + contract.work_years, day=28)
    return end + datetime.timedelta(days=contract.suspended_days)


# --- Writes of the contract's parties and terms -----------------------------------------------------------------

# Terms fixed once the contract is signed: later they change only by a supplementary agreement.
TERM_FIELDS = ["kind", "regime", "customer", "employer", "specialty", "level", "study_form", "education_organisation",
               "profile", "is_quota", "budget_source", "course_at_signing", "academic_requirements",
               "practice_obligations", "work_organisation", "work_position", "work_start_deadline", "work_years",
               "education_is_party", "employer_is_party", "signed_on", "number"]
# Terms a supplementary agreement may change.
AGREEMENT_FIELDS = ["education_organisation", "profile", "study_form", "specialty", "level", "work_organisation",
                    "work_position", "work_start_deadline", "work_years", "academic_requirements",
                    "practice_obligations"]


def _check_contract(contract: Contract) -> None:
    if contract.work_years is None or not 3 <= contract.work_years <= 5:
        raise DomainError("Срок отработки — от 3 до 5 лет.", field="work_years")
    why = regime_refusal(contract.regime, contract.signed_on)
    if why:
        raise DomainError(why, field="regime")
    if contract.kind == Kind.STUDENT:
        if not contract.course_at_signing or not 2 <= contract.course_at_signing <= 6:
            raise DomainError("Договор со студентом заключается со 2-го курса: укажите курс (2–6).",
                              field="course_at_signing")
    elif contract.course_at_signing:
        raise DomainError("Курс указывается только в договоре со студентом.", field="course_at_signing")
    if contract.customer_id and not contract.customer.is_customer:
        raise DomainError("Организация не внесена в реестр заказчиков целевого обучения.", field="customer")
    if contract.signed_on and contract.signed_on > datetime.date.today():
        raise DomainError("Дата заключения не может быть в будущем.", field="signed_on")
    if contract.specialty_id and contract.level and contract.specialty.level != contract.level:
        raise DomainError("Уровень образования не совпадает с уровнем специальности по классификатору.",
                          field="level")
    if Contract.objects.filter(municipality_id=contract.municipality_id, number=contract.number).exclude(
            pk=contract.pk).exists():
        raise DomainError(f"Договор № {contract.number} уже есть в реестре.", field="number")


@transaction.atomic
def contract_create(*, actor, municipality, data: dict) -> Contract:
    """A new contract in the «Проект» state; it is concluded by the lifecycle action «Заключён»."""
    contract = Contract(municipality=municipality)
    for name, value in data.items():
        setattr(contract, name, value)
    _check_contract(contract)
    contract.full_clean(exclude=["pupil"])
    contract.save()
    audit.record(actor=actor, action="contracts.contract.created", instance=contract,
                 changes={k: v for k, v in audit.diff({}, audit.snapshot(contract)).items() if v[1] not in (None, "")})
    return contract


@transaction.atomic
def contract_update(*, actor, contract: Contract, data: dict, expected_version: int) -> Contract:
    """Change parties' details; terms only while the contract is a draft (afterwards — by an agreement)."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    locked = [f for f in TERM_FIELDS if f in data] if current.state != State.DRAFT else []
    for name in locked:
        if data[name] != getattr(current, name):
            raise DomainError("Условия заключённого договора меняются дополнительным соглашением.", field=name)
    before = audit.snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    _check_contract(current)
    current.full_clean(exclude=["pupil"])
    current.version += 1
    current.save()
    audit.record(actor=actor, action="contracts.contract.updated", instance=current,
                 changes=audit.diff(before, audit.snapshot(current)))
    return current


@transaction.atomic
def consent_record(*, actor, contract: Contract, data: dict) -> RepresentativeConsent:
    """Record the legal representative's written consent to conclude the contract."""
    if data.get("given_on") and data["given_on"] > datetime.date.today():
        raise DomainError("Дата согласия не может быть в будущем.", field="given_on")
    if contract.state in lifecycle.FINAL:
        raise DomainError("Договор завершён: согласие вносить не нужно.")
    consent = RepresentativeConsent(contract=contract, recorded_by=actor, **data)
    consent.full_clean(exclude=["contract", "recorded_by"])
    consent.save()
    audit.record(actor=actor, action="contracts.contract.consent_recorded", instance=contract,
                 changes={"Согласие законного представителя": [None, str(consent)]})
    return consent


def position_misfit(contract: Contract) -> str:
    """A warning when the contract's specialty does not lead to its workplace position (a preschool teacher's
    specialty for a foreign-language teacher's post): the position's catalogue names the specialty groups it is
    filled from. Empty when they fit, or when either is not given or the position names no groups."""
    if not contract.work_position_id or not contract.specialty_id:
        return ""
    from orientir.directory.reference import SPECIALTY_POSTS

    posts = SPECIALTY_POSTS.get(contract.specialty.code)
    if posts and contract.work_position.name not in posts:
        return (f"Специальность {contract.specialty.code} «{contract.specialty.name}» готовит к должностям "
                f"{', '.join(f'«{p}»' for p in posts)}, а не к должности «{contract.work_position.name}». "
                "Проверьте специальность или должность.")
    groups = set(contract.work_position.specialty_groups.values_list("pk", flat=True))
    if not groups or contract.specialty.group_id in groups:
        return ""
    names = ", ".join(contract.work_position.specialty_groups.order_by("code").values_list("code", flat=True))
    return (f"Специальность {contract.specialty.code} «{contract.specialty.name}» не ведёт к должности "
            f"«{contract.work_position.name}»: по каталогу должностей на неё принимают выпускников групп {names}. "
            "Проверьте специальность или должность.")


def consent_in_force(contract: Contract, on: datetime.date | None) -> RepresentativeConsent | None:
    """The representative's consent a document cites and a signing relies on: given on or before `on` and not
    annulled, the latest such. Without a date (a draft), the latest consent not annulled."""
    consents = contract.representative_consents.filter(annulled_on__isnull=True)
    if on is not None:
        consents = consents.filter(given_on__lte=on)
    return consents.order_by("-given_on", "-id").first()


@transaction.atomic
def consent_annul(*, actor, consent: RepresentativeConsent, reason: str) -> RepresentativeConsent:
    """Annul a consent entered by mistake, with the reason: it stays on the card, struck out, and counts no more.
    The consent a concluded contract was signed on cannot be annulled unless another one stood that day."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Укажите причину аннулирования: например, «ошибка в дате» или «внесено не тому договору».",
                          field="reason")
    current = RepresentativeConsent.objects.select_for_update().get(pk=consent.pk)
    if current.annulled_on is not None:
        raise DomainError(f"Согласие уже аннулировано {current.annulled_on:%d.%m.%Y}.")
    contract = current.contract
    if contract.signed_on is not None and consent_in_force(contract, contract.signed_on) == current \
            and is_minor_on(contract, contract.signed_on):
        others = contract.representative_consents.filter(annulled_on__isnull=True, given_on__lte=contract.signed_on) \
            .exclude(pk=current.pk)
        if not others.exists():
            raise DomainError(f"Договор заключён {contract.signed_on:%d.%m.%Y} на основании этого согласия: "
                              "аннулировать его нельзя. Если согласие внесено с ошибкой, внесите верное (датой не позже "
                              "заключения договора) и затем аннулируйте ошибочное.")
    current.annulled_on = timezone.localdate()
    current.annulment_reason = reason[:300]
    current.annulled_by = actor if getattr(actor, "is_authenticated", False) else None
    current.save(update_fields=["annulled_on", "annulment_reason", "annulled_by"])
    audit.record(actor=actor, action="contracts.contract.consent_annulled", instance=contract,
                 changes={"Согласие законного представителя": [str(current), f"аннулировано: {current.annulment_reason}"]})
    return current


@transaction.atomic
def support_add(*, actor, contract: Contract, data: dict) -> SupportMeasure:
    if contract.state != State.DRAFT:
        raise DomainError("Меры поддержки заключённого договора меняются дополнительным соглашением.", field="kind")
    measure = SupportMeasure(contract=contract, **data)
    measure.full_clean(exclude=["contract"])
    measure.save()
    audit.record(actor=actor, action="contracts.contract.support_added", instance=contract,
                 changes={"Мера поддержки": [None, str(measure)]})
    return measure


@transaction.atomic
def support_remove(*, actor, measure: SupportMeasure) -> None:
    contract = measure.contract
    if contract.state != State.DRAFT:
        raise DomainError("Меры поддержки заключённого договора меняются дополнительным соглашением.")
    text = str(measure)
    measure.delete()
    audit.record(actor=actor, action="contracts.contract.support_removed", instance=contract,
                 changes={"Мера поддержки": [text, None]})


@transaction.atomic
def agreement_add(*, actor, contract: Contract, number: str, signed_on: datetime.date, summary: str,
                  changes: dict | None = None, support: dict | None = None) -> SupplementaryAgreement:
    """A supplementary agreement; `changes` (field → new value) are applied to the terms, with a diff kept."""
    current = Contract.objects.select_for_update().get(pk=contract.pk)
    if current.state == State.DRAFT:
        raise DomainError("Проект договора изменяется без дополнительного соглашения: откройте «Изменить».")
    if current.state in lifecycle.FINAL:
        raise DomainError("Договор завершён: дополнительное соглашение к нему не заключается.")
    if current.signed_on and signed_on < current.signed_on:
        raise DomainError("Соглашение не может быть раньше заключения договора.", field="signed_on")
    if signed_on > datetime.date.today():
        raise DomainError("Дата соглашения не может быть в будущем.", field="signed_on")
    if current.agreements.filter(number=number).exists():
        raise DomainError(f"Соглашение № {number} к этому договору уже внесено.", field="number")
    before = audit.snapshot(current)
    for name, value in (changes or {}).items():
        if name not in AGREEMENT_FIELDS:
            raise DomainError("Это условие дополнительным соглашением не меняется.", field=name)
        setattr(current, name, value)
    diff = audit.diff(before, audit.snapshot(current))
    if diff:
        _check_contract(current)
        current.full_clean(exclude=["pupil"])
        current.version += 1
        current.save()
    labelled = {audit.field_label(Contract, k): v for k, v in diff.items()}
    if support:
        measure = SupportMeasure(contract=current, **support)
        measure.full_clean(exclude=["contract"])
        measure.save()
        labelled["Мера поддержки"] = [None, str(measure)]
    agreement = SupplementaryAgreement.objects.create(contract=current, number=number, signed_on=signed_on,
                                                      summary=summary.strip(), applied_changes=labelled, actor=actor)
    ContractEvent.objects.create(contract=current, on=signed_on, reason=f"{agreement}: {summary.strip()}"[:500],
                                 details={"agreement": agreement.pk, "changes": labelled}, actor=actor)
    audit.record(actor=actor, action="contracts.contract.agreement_added", instance=current,
                 changes={"Дополнительное соглашение": [None, str(agreement)], **labelled})
    return agreement


@transaction.atomic
def liability_rule_update(*, actor, rule: LiabilityRule, data: dict) -> LiabilityRule:
    before = audit.snapshot(rule)
    for name, value in data.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    audit.record(actor=actor, action="contracts.liability_rule.updated", instance=rule,
                 changes=audit.diff(before, audit.snapshot(rule)))
    return rule


@transaction.atomic
def requisites_save(*, actor, instance, data: dict):
    """Save the details a contract document prints for a party (OrganisationRequisites, EducationRequisites,
    MunicipalContractSettings); they are shared by every contract of that party, so each change is audited."""
    before = audit.snapshot(instance) if instance.pk else {}
    for name, value in data.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    instance.full_clean()
    instance.save()
    audit.record(actor=actor, action="contracts.requisites.updated", instance=instance,
                 changes=audit.diff(before, audit.snapshot(instance)) if before else {str(instance): [None, "внесены"]})
    return instance


# --- Contract templates (decision 58) ---------------------------------------------------------------------------

def _next_template_version(municipality) -> int:
    from .models import DocumentTemplate

    last = DocumentTemplate.objects.filter(municipality=municipality).order_by("-version").first()
    return (last.version if last else 0) + 1


@transaction.atomic
def template_upload(*, actor, municipality, data: bytes, filename: str, note: str = ""):
    """Accept a new contract template for the municipality and put it in force, or raise TemplateRefused (nothing
    written). The previous versions stay in the history."""
    from . import templating
    from .models import DocumentTemplate, Municipality

    checked = templating.check_template(data)
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()  # one version number at a time
    DocumentTemplate.objects.filter(municipality=municipality, is_active=True).update(is_active=False)
    version = DocumentTemplate.objects.create(
        municipality=municipality, version=_next_template_version(municipality), content=checked,
        filename=(filename or "template.docx")[:200], size=len(checked), note=note.strip()[:500],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None, uploaded_at=timezone.now(),
        is_active=True)
    audit.record(actor=actor, action="contracts.template.template_uploaded", instance=version,
                 changes={"Шаблон договора": [None, f"версия {version.version} ({version.filename})"],
                          **({"Что изменено": [None, version.note]} if version.note else {})})
    return version


@transaction.atomic
def template_restore(*, actor, source):
    """Put an earlier version back in force as a new version (the history only grows). Checked again: the list of
    variables may have changed since it was uploaded."""
    from . import templating
    from .models import DocumentTemplate, Municipality

    checked = templating.check_template(bytes(source.content))
    Municipality.objects.select_for_update().filter(pk=source.municipality_id).first()
    DocumentTemplate.objects.filter(municipality_id=source.municipality_id, is_active=True).update(is_active=False)
    version = DocumentTemplate.objects.create(
        municipality_id=source.municipality_id, version=_next_template_version(source.municipality), content=checked,
        filename=source.filename, size=len(checked), note=f"Восстановлена версия {source.version}",
        restored_from=source, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=timezone.now(), is_active=True)
    audit.record(actor=actor, action="contracts.template.template_restored", instance=version,
                 changes={"Шаблон договора": [f"версия {source.version}", f"версия {version.version}"]})
    return version


@transaction.atomic
def template_reset(*, actor, municipality):
    """Go back to the repository's template: no municipal version is in force; the history stays."""
    from .models import DocumentTemplate

    current = DocumentTemplate.objects.filter(municipality=municipality, is_active=True).first()
    if current is None:
        raise DomainError("Уже действует шаблон из поставки системы.")
    current.is_active = False
    current.save(update_fields=["is_active"])
    audit.record(actor=actor, action="contracts.template.template_reset", instance=current,
                 changes={"Шаблон договора": [f"версия {current.version}", "шаблон из поставки системы"]})
