"""Writes of mentoring: programmes, mentors, pairs and their lifecycle, goals, meetings. All audited.

`pair_transition` is the only code that changes a pair's state: proposed → active → completed, or cancelled
(with a reason) from proposed or active. Every move leaves a PairEvent with its date and an audit entry.
"""

import datetime
import decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError, StaleObjectError
from orientir.pupils.services import consent_eraser, has_active_consent

from .models import OPEN_STATES, Goal, Meeting, Mentor, MentoringModel, Pair, PairEvent, PairState, Programme

S = PairState

# Actions a person takes on a pair and the state each leads to, from which states it is allowed.
ACTIONS: dict[str, tuple[str, set[str]]] = {
    "activate": (S.ACTIVE, {S.PROPOSED}),
    "complete": (S.COMPLETED, {S.ACTIVE}),
    "cancel": (S.CANCELLED, {S.PROPOSED, S.ACTIVE}),
}
ACTION_VERBS = {"activate": "activated", "complete": "completed", "cancel": "cancelled"}
CONTRACT_STATES = {
    # Which contracts a 3.2 programme takes: students while they study, young specialists once employed.
    MentoringModel.EMPLOYER_STUDENT: {"signed", "admitted", "studying", "suspended"},
    MentoringModel.EMPLOYER_YOUNG_SPECIALIST: {"graduated", "employed"},
}


def refusal(pair: Pair, action: str) -> str | None:
    """Why the action is not allowed now, in words a coordinator understands; None when it is."""
    if action not in ACTIONS:
        return "Неизвестное действие с парой."
    _, sources = ACTIONS[action]
    if pair.state in sources:
        return None
    state = PairState(pair.state).label.lower()
    if action == "complete":
        return f"Завершить можно только действующую пару, а эта пара — {state}."
    if action == "activate":
        return f"Начать работу можно только в предложенной паре, а эта пара — {state}."
    return f"Отменить можно только предложенную или действующую пару, а эта пара — {state}."


def allowed_actions(pair: Pair) -> list[str]:
    return [a for a in ACTIONS if refusal(pair, a) is None]


# --- Programmes --------------------------------------------------------------------------------------

PROGRAMME_FIELDS = ["model", "title", "start_year", "starts_on", "ends_on", "goals", "description", "coordinator"]


def _check_programme(programme: Programme) -> None:
    if programme.starts_on and programme.ends_on and programme.ends_on < programme.starts_on:
        raise DomainError("Окончание реализации не может быть раньше начала.", field="ends_on")
    org = programme.organisation
    if programme.model == MentoringModel.STUDENT_PUPIL and org.kind != org.Kind.SCHOOL:
        raise DomainError("Программу модели «студент – школьник» организует школа.", field="organisation")
    if programme.model != MentoringModel.STUDENT_PUPIL and not org.is_customer:
        raise DomainError("Программу модели «работодатель – студент (молодой специалист)» организует "
                          "организация — заказчик целевого обучения.", field="organisation")


@transaction.atomic
def programme_create(*, actor, organisation, data: dict) -> Programme:
    programme = Programme(organisation=organisation, municipality_id=organisation.municipality_id, created_by=actor)
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(programme, name, data[name])
    _check_programme(programme)
    programme.save()
    audit.record(actor=actor, action="mentoring.programme.created", instance=programme,
                 changes={k: v for k, v in audit.diff({}, audit.snapshot(programme)).items() if v[1] not in (None, "")})
    return programme


@transaction.atomic
def programme_update(*, actor, programme: Programme, data: dict, expected_version: int | None = None) -> Programme:
    current = Programme.objects.select_for_update().select_related("organisation").get(pk=programme.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    if "model" in data and data["model"] != current.model and current.pairs.exists():
        raise DomainError("В программе уже есть пары: модель наставничества изменить нельзя.", field="model")
    before = audit.snapshot(current)
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    _check_programme(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit.record(actor=actor, action="mentoring.programme.updated", instance=current,
                 changes=audit.diff(before, audit.snapshot(current)))
    return current


# --- Mentors -----------------------------------------------------------------------------------------

MENTOR_FIELDS = ["kind", "last_name", "first_name", "middle_name", "position", "education_organisation", "course",
                 "specialty", "sector", "user", "contract", "phone", "email", "capacity", "is_active"]


def _check_mentor(mentor: Mentor) -> None:
    if mentor.kind == Mentor.Kind.STUDENT:
        if not mentor.education_organisation:
            raise DomainError("Укажите колледж (вуз), в котором учится наставник-студент.",
                              field="education_organisation")
        if not mentor.course:
            raise DomainError("Укажите курс наставника-студента.", field="course")
        if not mentor.specialty_id:
            raise DomainError("Укажите специальность наставника-студента.", field="specialty")
    elif not mentor.position:
        raise DomainError("Укажите должность наставника-работника.", field="position")
    if mentor.user_id:
        if mentor.user.role != "tutor":
            raise DomainError("Привязать можно только учётную запись с ролью «Тьютор / наставник».", field="user")
        taken = Mentor.objects.filter(user_id=mentor.user_id).exclude(pk=mentor.pk).first()
        if taken:
            raise DomainError(f"Эта учётная запись уже привязана к наставнику {taken.full_name}.", field="user")
    if mentor.contract_id and mentor.contract.municipality_id != mentor.organisation.municipality_id:
        raise DomainError("Договор наставника должен быть заключён в том же муниципальном образовании.",
                          field="contract")


@transaction.atomic
def mentor_create(*, actor, organisation, data: dict) -> Mentor:
    mentor = Mentor(organisation=organisation, municipality_id=organisation.municipality_id)
    for name in MENTOR_FIELDS:
        if name in data:
            setattr(mentor, name, data[name])
    _check_mentor(mentor)
    mentor.save()
    audit.record(actor=actor, action="mentoring.mentor.created", instance=mentor,
                 changes={k: v for k, v in audit.diff({}, audit.snapshot(mentor)).items() if v[1] not in (None, "")})
    return mentor


@transaction.atomic
def mentor_update(*, actor, mentor: Mentor, data: dict, expected_version: int | None = None) -> Mentor:
    current = Mentor.objects.select_for_update().select_related("organisation").get(pk=mentor.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    before = audit.snapshot(current)
    for name in MENTOR_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if current.kind != before["kind"] and current.pairs.filter(state__in=OPEN_STATES).exists():
        raise DomainError("У наставника есть действующие пары: категорию изменить нельзя.", field="kind")
    _check_mentor(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    audit.record(actor=actor, action="mentoring.mentor.updated", instance=current,
                 changes=audit.diff(before, audit.snapshot(current)))
    return current


# --- Pairs -------------------------------------------------------------------------------------------

def _check_mentee(programme: Programme, pupil, contract) -> None:
    if (pupil is None) == (contract is None):
        raise DomainError("Укажите наставляемого: обучающегося или договор о целевом обучении.", field="mentee")
    if programme.takes_pupils:
        if pupil is None:
            raise DomainError("В модели «студент – школьник» наставляемый — обучающийся школы.", field="mentee")
        if pupil.organisation_id != programme.organisation_id:
            raise DomainError("Обучающийся учится в другой школе, не в организаторе программы.", field="mentee")
        if not has_active_consent(pupil):
            raise DomainError(f"Нет действующего согласия на обработку персональных данных: {pupil.full_name} не "
                              "может участвовать в наставничестве.", field="mentee")
        return
    if contract is None:
        raise DomainError("В модели «работодатель – студент (молодой специалист)» наставляемый — гражданин по "
                          "договору о целевом обучении.", field="mentee")
    parties = {contract.customer_id, contract.employer_id, contract.work_organisation_id}
    if programme.organisation_id not in parties:
        raise DomainError("Организация программы не является стороной договора (заказчиком, работодателем или "
                          "местом работы).", field="mentee")
    if contract.state not in CONTRACT_STATES[programme.model]:
        need = "обучается" if programme.model == MentoringModel.EMPLOYER_STUDENT else "трудоустроен"
        raise DomainError(f"Договор № {contract.number} в состоянии «{contract.get_state_display()}»: в этой модели "
                          f"наставляемый {need}.", field="mentee")


def programme_start(programme: Programme) -> datetime.date:
    """The programme's first day: its start date, else the start of its period (1 January of the year for workplace
    mentoring, which runs by calendar years; 1 September of the school year for the other models)."""
    if programme.starts_on:
        return programme.starts_on
    if programme.model == MentoringModel.EMPLOYER_YOUNG_SPECIALIST:
        return datetime.date(programme.start_year, 1, 1)
    return datetime.date(programme.start_year, 9, 1)


# How far back a pair's proposal may be dated: a pair formed earlier and entered late, not last year's history.
PROPOSAL_LOOKBACK_DAYS = 365


def _check_proposal_date(programme: Programme, on: datetime.date | None) -> None:
    if on is None:
        raise DomainError("Укажите дату предложения пары.", field="on")
    today = timezone.localdate()
    if on > today:
        raise DomainError("Дата предложения пары не может быть в будущем.", field="on")
    start = programme_start(programme)
    if on < start:
        raise DomainError(f"Дата предложения пары раньше начала программы ({start:%d.%m.%Y}).", field="on")
    earliest = today - datetime.timedelta(days=PROPOSAL_LOOKBACK_DAYS)
    if on < earliest:
        raise DomainError(f"Дату предложения пары можно указать не более чем за год до сегодняшнего дня — не раньше "
                          f"{earliest:%d.%m.%Y}.", field="on")


def mentee_workplace(programme: Programme, contract):
    """Where the mentee of workplace mentoring (3.2.2) works: the contract's place of work, else its employer, else
    the programme's organisation; None for the other models (the mentee has no workplace there)."""
    if programme.model != MentoringModel.EMPLOYER_YOUNG_SPECIALIST or contract is None:
        return None
    return contract.work_organisation or contract.employer or programme.organisation


def mentor_elsewhere(programme: Programme, mentor: Mentor, contract) -> str:
    """The warning when a workplace mentor (3.2.2) works in another organisation than the mentee; "" otherwise."""
    workplace = mentee_workplace(programme, contract)
    if workplace is None or mentor.organisation_id == workplace.pk:
        return ""
    return (f"Наставник {mentor.full_name} работает в «{mentor.organisation.short_name}», а не по месту работы "
            f"наставляемого («{workplace.short_name}»): наставничество на рабочем месте (п. 3.2.2) обычно ведёт "
            f"работник той же организации.")


def _check_mentor_fits(programme: Programme, mentor: Mentor) -> None:
    if not mentor.is_active:
        raise DomainError(f"Наставник {mentor.full_name} не готов вести пары.", field="mentor")
    if mentor.municipality_id != programme.municipality_id:
        raise DomainError("Наставник из другого муниципального образования.", field="mentor")
    want = Mentor.Kind.STUDENT if programme.takes_pupils else Mentor.Kind.STAFF
    if mentor.kind != want:
        raise DomainError(f"В этой модели наставник — {Mentor.Kind(want).label.lower()}.", field="mentor")
    load = mentor.pairs.filter(state=PairState.ACTIVE).count()
    if load >= mentor.capacity:
        raise DomainError(f"Наставник {mentor.full_name} уже ведёт {load} пар(ы) — это его предел.", field="mentor")


@transaction.atomic
def pair_propose(*, actor, programme: Programme, mentor: Mentor, pupil=None, contract=None,
                 on: datetime.date, match_score: int | None = None, match_reasons: list | None = None) -> Pair:
    """Propose a pair on `on`: the mentee fits the programme's model, the mentor is free, no other open pair. The date
    may be earlier than today (a pair formed before it was entered), within the programme and a year back.

    A workplace mentor from another organisation is allowed (a small organisation may have nobody to lead), but the
    proposal's audit entry says so; the pages warn about it (`mentor_elsewhere`)."""
    _check_mentee(programme, pupil, contract)
    _check_mentor_fits(programme, mentor)
    _check_proposal_date(programme, on)
    open_pairs = programme.pairs.filter(state__in=OPEN_STATES)
    if open_pairs.filter(pupil=pupil, contract=contract).exists():
        raise DomainError("У наставляемого уже есть предложенная или действующая пара в этой программе.",
                          field="mentee")
    pair = Pair(programme=programme, mentor=mentor, pupil=pupil, contract=contract, proposed_on=on,
                match_score=match_score, match_reasons=list(match_reasons or []), created_by=actor)
    try:
        with transaction.atomic():
            pair.save()
    except IntegrityError:
        raise DomainError("У наставляемого уже есть предложенная или действующая пара в этой программе.",
                          field="mentee") from None
    PairEvent.objects.create(pair=pair, from_state="", to_state=PairState.PROPOSED, on=on, actor=actor)
    elsewhere = mentor_elsewhere(programme, mentor, contract)
    audit.record(actor=actor, action="mentoring.pair.proposed", instance=pair,
                 changes={"Программа": [None, programme.title], "Наставник": [None, mentor.full_name],
                          "Наставляемый": [None, pair.mentee_name], "Дата": [None, on.strftime("%d.%m.%Y")],
                          **({"Баллы подбора": [None, match_score]} if match_score is not None else {}),
                          **({"Место работы наставника": [None, f"другая организация: {mentor.organisation.short_name}"]}
                             if elsewhere else {})})
    return pair


@transaction.atomic
def pair_transition(*, actor, pair: Pair, action: str, on: datetime.date, reason: str = "", outcome: str = "",
                    expected_version: int | None = None) -> Pair:
    """Move the pair by `action` (activate, complete, cancel) on `on`, with a history entry and an audit record."""
    current = Pair.objects.select_for_update().select_related("mentor", "programme").get(pk=pair.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleObjectError()
    why_not = refusal(current, action)
    if why_not:
        raise DomainError(why_not, field="action")
    if on is None:
        raise DomainError("Укажите дату.", field="on")
    if on > timezone.localdate():
        raise DomainError("Дата не может быть в будущем.", field="on")
    if on < current.proposed_on:
        raise DomainError(f"Дата раньше предложения пары ({current.proposed_on:%d.%m.%Y}).", field="on")
    reason, outcome = (reason or "").strip(), (outcome or "").strip()
    to_state, _ = ACTIONS[action]
    fields = {"state": to_state, "version": F("version") + 1}
    if action == "activate":
        _check_mentor_fits(current.programme, current.mentor)
        fields["started_on"] = on
    elif action == "complete":
        if not outcome:
            raise DomainError("Опишите результат наставничества: без него пару не завершить.", field="outcome")
        if current.started_on and on < current.started_on:
            raise DomainError(f"Дата завершения раньше начала ({current.started_on:%d.%m.%Y}).", field="on")
        fields.update(completed_on=on, outcome=outcome)
    elif action == "cancel":
        if not reason:
            raise DomainError("Укажите причину отмены пары.", field="reason")
        fields.update(cancelled_on=on, cancel_reason=reason[:500])
    from_state = current.state
    Pair.objects.filter(pk=current.pk).update(**fields)
    PairEvent.objects.create(pair=current, from_state=from_state, to_state=to_state, on=on, reason=reason[:500],
                             actor=actor)
    changes = {"Состояние": [PairState(from_state).label, PairState(to_state).label],
               "Дата": [None, on.strftime("%d.%m.%Y")]}
    if reason:
        changes["Причина"] = [None, reason]
    if outcome and action == "complete":
        changes["Результат"] = [None, outcome]
    audit.record(actor=actor, action=f"mentoring.pair.{ACTION_VERBS[action]}", instance=current, changes=changes)
    current.refresh_from_db()
    return current


def _require_open(pair: Pair, what: str) -> None:
    if pair.state not in OPEN_STATES:
        raise DomainError(f"Пара {PairState(pair.state).label.lower()}: {what} нельзя.")


@transaction.atomic
def goal_add(*, actor, pair: Pair, text: str, due_on: datetime.date | None = None) -> Goal:
    _require_open(pair, "добавлять цели")
    text = (text or "").strip()
    if not text:
        raise DomainError("Сформулируйте цель.", field="text")
    goal = Goal.objects.create(pair=pair, text=text[:500], due_on=due_on)
    audit.record(actor=actor, action="mentoring.pair.goal_added", instance=pair,
                 changes={"Цель": [None, goal.text], **({"Срок": [None, due_on.strftime("%d.%m.%Y")]} if due_on else {})})
    return goal


@transaction.atomic
def goal_mark(*, actor, goal: Goal, achieved: bool, on: datetime.date) -> Goal:
    if goal.achieved == achieved:
        return goal
    goal.achieved = achieved
    goal.achieved_on = on if achieved else None
    goal.save(update_fields=["achieved", "achieved_on"])
    audit.record(actor=actor, action="mentoring.pair.goal_marked", instance=goal.pair,
                 changes={"Цель": [goal.text, goal.text],
                          "Достигнута": ["нет" if achieved else "да", "да" if achieved else "нет"]})
    return goal


@transaction.atomic
def meeting_add(*, actor, pair: Pair, data: dict) -> Meeting:
    """Log a meeting: only in an active pair, on a day not in the future and not before the pair started."""
    if pair.state != PairState.ACTIVE:
        raise DomainError("Встречи вносятся в действующую пару: сначала начните работу пары.", field="held_on")
    held_on = data.get("held_on")
    if held_on is None:
        raise DomainError("Укажите дату встречи.", field="held_on")
    if held_on > timezone.localdate():
        raise DomainError("Дата встречи не может быть в будущем.", field="held_on")
    if pair.started_on and held_on < pair.started_on:
        raise DomainError(f"Встреча раньше начала работы пары ({pair.started_on:%d.%m.%Y}).", field="held_on")
    hours = data.get("hours")
    if hours is None or hours <= 0 or hours > 24:
        raise DomainError("Продолжительность — от 0,1 до 24 часов.", field="hours")
    meeting = Meeting.objects.create(pair=pair, held_on=held_on, format=data.get("format") or Meeting.Format.IN_PERSON,
                                     hours=decimal.Decimal(hours), topic=data["topic"].strip()[:300],
                                     notes=data.get("notes", ""), created_by=actor)
    audit.record(actor=actor, action="mentoring.pair.meeting_added", instance=pair,
                 changes={"Встреча": [None, f"{held_on:%d.%m.%Y}, {meeting.get_format_display().lower()}, "
                                            f"{meeting.hours} ч: {meeting.topic}"]})
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    pair = meeting.pair
    _require_open(pair, "изменять журнал встреч")
    text = f"{meeting.held_on:%d.%m.%Y}: {meeting.topic}"
    meeting.delete()
    audit.record(actor=actor, action="mentoring.pair.meeting_deleted", instance=pair, changes={"Встреча": [text, None]})


# --- Consent withdrawal (152-ФЗ) ---------------------------------------------------------------------

ERASED_KEYS = {"Наставляемый", "Цель", "Встреча", "Результат", "Причина"}


@consent_eraser
def erase_pupil_pairs(pupil) -> dict[str, int]:
    """A pupil's withdrawal takes their «студент – школьник» pairs with goals, meetings and history."""
    pairs = Pair.objects.filter(pupil=pupil)
    ids = list(pairs.values_list("pk", flat=True))
    if not ids:
        return {}
    meetings = Meeting.objects.filter(pair_id__in=ids).count()
    goals = Goal.objects.filter(pair_id__in=ids).count()
    from django.contrib.contenttypes.models import ContentType

    from orientir.core.models import AuditEntry

    # The log of these pairs names the pupil: the entries stay (who did what, when) but lose the name.
    for entry in AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Pair),
                                           object_id__in=[str(i) for i in ids]):
        changes = {k: (["удалено", "удалено"] if k in ERASED_KEYS else v) for k, v in entry.changes.items()}
        AuditEntry.objects.filter(pk=entry.pk).update(changes=changes,
                                                      object_repr="Пара наставничества (удалена: отзыв согласия)")
    pairs.delete()
    return {"Пары наставничества": len(ids), "Встречи наставничества": meetings, "Цели наставничества": goals}
