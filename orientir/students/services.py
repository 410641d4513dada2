"""Writes of the students app. Keyword-only, atomic, audited; a contract's state moves only through
contracts.services.transition."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from orientir.contracts import services as contract_services
from orientir.contracts.lifecycle import effective_state
from orientir.contracts.models import Contract, State, SupportMeasure
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.text import rubles

from . import selectors
from .models import (ADMITTED_STATUSES, AdmissionRecord, AdmissionStatus, ActivityKind, Employment, Payment,
                     PaymentPlan, Placement, PlacementState, StudyRecord, SupportActivity, week_monday)

audit.register_labels({
    "admission_recorded": "Статус поступления",
    "study_recorded": "Сведения об обучении",
    "activity_added": "Мероприятие сопровождения",
    "activity_done": "Выполнение мероприятия",
    "placement_requested": "Заявка на практику",
    "placement_agreed": "Практика согласована",
    "placement_done": "Практика пройдена",
    "placement_cancelled": "Практика отменена",
    "plan_set": "План выплат",
    "plan_from_measures": "План выплат по мерам поддержки договора",
    "payment_recorded": "Выплата меры поддержки",
    "employment_recorded": "Трудоустройство",
    "dismissal_recorded": "Увольнение",
    "fulfilled": "Исполнение обязательства",
})


def _money(value) -> str:
    return rubles(value)


def _require_student(contract: Contract, refusal: str) -> None:
    """Study records, support and placements are kept for students only; a suspended contract counts where the
    suspension caught it (suspended while employed: not a student's)."""
    if selectors.is_student(contract):
        return
    if contract.state == State.SUSPENDED:
        before = State(effective_state(contract)).label
        raise DomainError(f"Договор приостановлен в состоянии «{before}», а не в период обучения: {refusal[0].lower()}"
                          f"{refusal[1:]}")
    raise DomainError(refusal)


# --- Admission monitoring (2.10) -------------------------------------------------------------------

@transaction.atomic
def admission_record(*, actor, contract: Contract, status: str, on: datetime.date,
                     education_organisation: str = "", specialty=None, note: str = "") -> AdmissionRecord:
    """Record a contracted graduate's status as of its date; «admitted» or «not admitted» moves the contract once.

    The snapshot goes to the week of its date (`on`), not to the week being filled in: a status dated 25.08 entered
    in September belongs to the week of 25.08, and the current week stays «not updated» until a status of its own."""
    if on is None:
        raise DomainError("Укажите дату статуса.", field="on")
    week = week_monday(on)
    if status not in AdmissionStatus.values:
        raise DomainError("Выберите статус поступления.", field="status")
    if contract.kind != "graduate" or contract.state not in selectors.ADMISSION_STATES:
        raise DomainError("Мониторинг поступления ведётся по договорам с выпускниками до зачисления.")
    education_organisation = (education_organisation or "").strip()
    if status != AdmissionStatus.NOT_ADMITTED and not education_organisation:
        raise DomainError("Укажите образовательную организацию, куда подано заявление.",
                          field="education_organisation")
    if on > timezone.localdate() + datetime.timedelta(days=1):
        raise DomainError("Дата статуса не может быть в будущем.", field="on")
    target = (State.ADMITTED if status in ADMITTED_STATUSES else
              State.NOT_ADMITTED if status == AdmissionStatus.NOT_ADMITTED else None)
    contract = Contract.objects.get(pk=contract.pk)
    if contract.state in (State.ADMITTED, State.NOT_ADMITTED) and target != contract.state:
        raise DomainError(f"Договор уже в состоянии «{State(contract.state).label}»: этот статус внести нельзя.",
                          field="status")
    record, created = AdmissionRecord.objects.update_or_create(
        contract=contract, week=week,
        defaults={"status": status, "on": on, "education_organisation": education_organisation,
                  "specialty": specialty, "note": (note or "").strip()[:500], "recorded_by": actor})
    audit.record(actor=actor, action="students.admission.admission_recorded", instance=contract,
                 changes={"Неделя": [None, f"{week:%d.%m.%Y}"],
                          "Статус": [None, AdmissionStatus(status).label],
                          "Образовательная организация": [None, education_organisation]})
    if target and contract.state == State.SIGNED:
        reason = "" if target == State.ADMITTED else "По данным мониторинга поступления: не зачислен"
        contract_services.transition(actor=actor, contract=contract, to_state=target, on=on, reason=reason,
                                     details={"admission_record": record.pk, "status": status,
                                              "education_organisation": education_organisation})
    return record


@transaction.atomic
def admission_bulk(*, actor, rows: list[dict]) -> list[AdmissionRecord]:
    """Record many statuses at once, each in the week of its date; any refusal cancels the whole batch."""
    records = []
    for row in rows:
        try:
            records.append(admission_record(actor=actor, **row))
        except DomainError as exc:
            raise DomainError(f"{row['contract'].citizen_name}: {exc.message}", field=exc.field) from exc
    return records


# --- Study records (3.1) ---------------------------------------------------------------------------

@transaction.atomic
def study_record_save(*, actor, contract: Contract, data: dict) -> StudyRecord:
    """Add or replace the record of a semester."""
    _require_student(contract, "Сведения об обучении вносятся по договорам студентов (зачислен, обучается).")
    record, created = StudyRecord.objects.update_or_create(
        contract=contract, academic_year=data["academic_year"], semester=data["semester"],
        defaults={k: data.get(k) for k in ("course", "status", "average_mark", "note") if k in data})
    audit.record(actor=actor, action="students.study.study_recorded", instance=contract,
                 changes={"Семестр": [None, str(record)], "Статус": [None, record.get_status_display()]})
    return record


# --- Support plan and log (3.1.1, 3.1.2) -----------------------------------------------------------

@transaction.atomic
def activity_add(*, actor, contract: Contract, data: dict) -> SupportActivity:
    """Add a plan activity (with a planned date) or a log entry of work done (ad hoc, with its date)."""
    _require_student(contract, "Сопровождение ведётся по договорам студентов.")
    in_plan = data.get("in_plan", True)
    if in_plan and not data.get("planned_on"):
        raise DomainError("Укажите планируемую дату мероприятия.", field="planned_on")
    if not in_plan and not data.get("done_on"):
        raise DomainError("Для записи о проведённой работе укажите дату выполнения.", field="done_on")
    if data.get("kind") == ActivityKind.CONTROL and data.get("done_on") and (
            data.get("citizen_fulfils") is None or data.get("customer_fulfils") is None):
        raise DomainError("Для контроля исполнения обязательств укажите итог для обеих сторон договора.",
                          field="citizen_fulfils")
    activity = SupportActivity.objects.create(contract=contract, created_by=actor, **data)
    audit.record(actor=actor, action="students.support.activity_added", instance=contract,
                 changes={"Мероприятие": [None, str(activity)]})
    return activity


@transaction.atomic
def activity_done(*, actor, activity: SupportActivity, done_on: datetime.date, result: str,
                  citizen_fulfils=None, customer_fulfils=None) -> SupportActivity:
    if activity.done_on:
        raise DomainError("Мероприятие уже отмечено выполненным.")
    if not (result or "").strip():
        raise DomainError("Опишите результат мероприятия.", field="result")
    if activity.kind == ActivityKind.CONTROL and (citizen_fulfils is None or customer_fulfils is None):
        raise DomainError("Укажите итог контроля для обеих сторон договора.", field="citizen_fulfils")
    activity.done_on, activity.result = done_on, result.strip()
    activity.citizen_fulfils, activity.customer_fulfils = citizen_fulfils, customer_fulfils
    activity.save(update_fields=["done_on", "result", "citizen_fulfils", "customer_fulfils"])
    audit.record(actor=actor, action="students.support.activity_done", instance=activity.contract,
                 changes={"Мероприятие": [None, str(activity)], "Дата выполнения": [None, f"{done_on:%d.%m.%Y}"]})
    return activity


# --- Placements (3.1.3) ----------------------------------------------------------------------------

@transaction.atomic
def placement_request(*, actor, contract: Contract, data: dict) -> Placement:
    _require_student(contract, "Практика организуется для студентов по действующим договорам.")
    if data["ends_on"] < data["starts_on"]:
        raise DomainError("Окончание практики раньше её начала.", field="ends_on")
    placement = Placement.objects.create(contract=contract, **data)
    audit.record(actor=actor, action="students.placement.placement_requested", instance=contract,
                 changes={"Практика": [None, str(placement)]})
    return placement


PLACEMENT_MOVES = {"agree": (PlacementState.REQUESTED, PlacementState.AGREED),
                   "done": (PlacementState.AGREED, PlacementState.DONE),
                   "cancel": (None, PlacementState.CANCELLED)}
PLACEMENT_ACTIONS = {"agree": "placement_agreed", "done": "placement_done", "cancel": "placement_cancelled"}


@transaction.atomic
def placement_move(*, actor, placement: Placement, action: str, grade: str = "", result: str = "",
                   reason: str = "", supervisor: str = "") -> Placement:
    if action not in PLACEMENT_MOVES:
        raise DomainError("Неизвестное действие.")
    source, target = PLACEMENT_MOVES[action]
    if source and placement.state != source:
        raise DomainError(f"Практика в состоянии «{placement.get_state_display()}»: это действие недоступно.")
    if action == "cancel":
        if placement.state in (PlacementState.DONE, PlacementState.CANCELLED):
            raise DomainError("Пройденную или отменённую практику отменить нельзя.")
        if not reason.strip():
            raise DomainError("Укажите причину отмены.", field="reason")
        placement.cancel_reason = reason.strip()[:300]
    if action == "done":
        if not grade.strip():
            raise DomainError("Укажите оценку за практику.", field="grade")
        placement.grade, placement.result = grade.strip()[:40], result.strip()
    if action == "agree" and supervisor.strip():
        placement.supervisor = supervisor.strip()[:200]
    before = placement.get_state_display()
    placement.state = target
    placement.save()
    audit.record(actor=actor, action=f"students.placement.{PLACEMENT_ACTIONS[action]}", instance=placement.contract,
                 changes={"Практика": [before, f"{placement} — {placement.get_state_display()}"]})
    return placement


# --- Payments (3.1.4) ------------------------------------------------------------------------------

def _months(first: datetime.date, last: datetime.date):
    m = first.replace(day=1)
    while m <= last:
        yield m
        m = (m.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _plan_months(month_from: datetime.date, month_to: datetime.date) -> list[datetime.date]:
    if month_to < month_from:
        raise DomainError("Последний месяц раньше первого.", field="month_to")
    months = list(_months(month_from, month_to))
    if len(months) > 72:
        raise DomainError("План выплат вносится не более чем на 6 лет.", field="month_to")
    return months


CENT = Decimal("0.01")
# How many months a measure's amount is spread over; «once» goes whole to the first month of the plan.
MEASURE_MONTHS = {SupportMeasure.Period.MONTHLY: 1, SupportMeasure.Period.SEMESTER: 6,
                  SupportMeasure.Period.YEARLY: 12}


def monthly_amount_from_measures(measures) -> tuple[Decimal, Decimal]:
    """(each month, once in the first month): monthly measures + semester ones / 6 + yearly ones / 12, to kopecks."""
    monthly, once = Decimal("0"), Decimal("0")
    for m in measures:
        if m.period == SupportMeasure.Period.ONCE:
            once += m.amount
        else:
            monthly += Decimal(m.amount) / MEASURE_MONTHS[m.period]
    return monthly.quantize(CENT, rounding=ROUND_HALF_UP), once.quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def payment_plan_from_measures(*, actor, contract: Contract, month_from: datetime.date,
                               month_to: datetime.date) -> int:
    """Fill the planned monthly amounts for a run of months from the contract's support measures: monthly measures
    in full, a semester's measure by sixths, a year's by twelfths; a one-time measure goes to the first month.
    Months of the run planned before are replaced. Returns how many months were planned."""
    measures = list(SupportMeasure.objects.filter(contract=contract))
    if not measures:
        raise DomainError("В договоре нет мер поддержки: внесите план выплат вручную.")
    months = _plan_months(month_from, month_to)
    monthly, once = monthly_amount_from_measures(measures)
    for i, m in enumerate(months):
        amount = monthly + (once if i == 0 else Decimal("0"))
        PaymentPlan.objects.update_or_create(contract=contract, month=m, defaults={"amount": amount})
    audit.record(actor=actor, action="students.payments.plan_from_measures", instance=contract,
                 changes={"Месяцы": [None, f"{months[0]:%m.%Y} – {months[-1]:%m.%Y}"],
                          "Сумма в месяц": [None, _money(monthly)],
                          "Единовременно в первый месяц": [None, _money(once)],
                          "Меры поддержки": [None, "; ".join(str(m) for m in measures)]})
    return len(months)


@transaction.atomic
def payment_plan_set(*, actor, contract: Contract, month_from: datetime.date, month_to: datetime.date,
                     amount: Decimal) -> int:
    """Set the planned monthly amount for a run of months by hand (payment_plan_from_measures fills the plan from
    the support measures of the contract)."""
    if amount is None or amount < 0:
        raise DomainError("Сумма не может быть отрицательной.", field="amount")
    months = _plan_months(month_from, month_to)
    for m in months:
        PaymentPlan.objects.update_or_create(contract=contract, month=m, defaults={"amount": amount})
    audit.record(actor=actor, action="students.payments.plan_set", instance=contract,
                 changes={"Месяцы": [None, f"{months[0]:%m.%Y} – {months[-1]:%m.%Y}"],
                          "Сумма в месяц": [None, _money(amount)]})
    return len(months)


@transaction.atomic
def payment_record(*, actor, contract: Contract, month: datetime.date, paid_on: datetime.date, amount: Decimal,
                   document: str) -> Payment:
    if amount is None or amount <= 0:
        raise DomainError("Сумма выплаты должна быть больше нуля.", field="amount")
    if not (document or "").strip():
        raise DomainError("Укажите номер платёжного документа.", field="document")
    if contract.state in (State.DRAFT,):
        raise DomainError("По проекту договора выплаты не производятся.")
    month = month.replace(day=1)
    if Payment.objects.filter(contract=contract, document=document.strip(), month=month).exists():
        raise DomainError("Выплата с этим документом за этот месяц уже внесена.", field="document")
    payment = Payment.objects.create(contract=contract, month=month, paid_on=paid_on, amount=amount,
                                     document=document.strip(), created_by=actor)
    audit.record(actor=actor, action="students.payments.payment_recorded", instance=contract,
                 changes={"За месяц": [None, f"{month:%m.%Y}"], "Сумма": [None, _money(amount)],
                          "Документ": [None, payment.document]})
    return payment


# --- Employment (3.3) ------------------------------------------------------------------------------

@transaction.atomic
def employment_record(*, actor, contract: Contract, organisation, position, started_on: datetime.date,
                      order_number: str = "", exception: bool = False, exception_reason: str = "") -> Employment:
    """Record the graduate's employment; the first one moves the contract to «employed» (a date outside the
    contract's employment term only as a committee specialist's exception, see contracts.plausibility)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.state not in (State.GRADUATED, State.EMPLOYED):
        raise DomainError("Трудоустройство вносится по договору выпускника (завершил обучение или трудоустроен).")
    if contract.employments.filter(dismissed_on__isnull=True).exists():
        raise DomainError("Выпускник уже работает: сначала внесите увольнение с прежнего места.")
    last = contract.employments.order_by("-dismissed_on").first()
    if last and last.dismissed_on and started_on < last.dismissed_on:
        raise DomainError("Дата трудоустройства раньше увольнения с прежнего места.", field="started_on")
    try:
        with transaction.atomic():
            emp = Employment.objects.create(contract=contract, organisation=organisation, position=position,
                                            started_on=started_on, order_number=(order_number or "").strip()[:60])
    except IntegrityError as exc:
        raise DomainError("Проверьте даты трудоустройства.") from exc
    deadline = contract.work_start_deadline
    on_time = deadline is None or started_on <= deadline
    audit.record(actor=actor, action="students.employment.employment_recorded", instance=contract,
                 changes={"Организация": [None, organisation.short_name],
                          "Дата трудоустройства": [None, f"{started_on:%d.%m.%Y}"],
                          "В срок": [None, "да" if on_time else "нет"]})
    if contract.state == State.GRADUATED:
        contract_services.transition(actor=actor, contract=contract, to_state=State.EMPLOYED, on=started_on,
                                     details={"employment": emp.pk, "on_time": on_time,
                                              "organisation": organisation.short_name},
                                     exception=exception, exception_reason=exception_reason)
    return emp


@transaction.atomic
def dismissal_record(*, actor, employment: Employment, dismissed_on: datetime.date, reason: str) -> Employment:
    if employment.dismissed_on:
        raise DomainError("Увольнение уже внесено.")
    if dismissed_on < employment.started_on:
        raise DomainError("Дата увольнения раньше даты трудоустройства.", field="dismissed_on")
    if not (reason or "").strip():
        raise DomainError("Укажите основание увольнения.", field="reason")
    employment.dismissed_on, employment.dismissal_reason = dismissed_on, reason.strip()[:300]
    employment.save(update_fields=["dismissed_on", "dismissal_reason"])
    audit.record(actor=actor, action="students.employment.dismissal_recorded", instance=employment.contract,
                 changes={"Организация": [None, employment.organisation.short_name],
                          "Дата увольнения": [None, f"{dismissed_on:%d.%m.%Y}"], "Основание": [None, reason]})
    return employment


@transaction.atomic
def obligation_fulfil(*, actor, contract: Contract, on: datetime.date) -> Contract:
    """Move the contract to «fulfilled» once the years worked (less suspensions) reach the agreed term."""
    facts = selectors.contract_facts(contract, on)
    if contract.state != State.EMPLOYED:
        raise DomainError("Исполнение обязательства отмечается по договору трудоустроенного выпускника.")
    if not facts.fulfilled_now:
        raise DomainError(f"Отработано {facts.years} из {contract.work_years} лет: обязательство ещё не исполнено.")
    audit.record(actor=actor, action="students.employment.fulfilled", instance=contract,
                 changes={"Отработано лет": [None, str(facts.years)]})
    return contract_services.transition(actor=actor, contract=contract, to_state=State.FULFILLED, on=on,
                                        details={"years_worked": str(facts.years)})
