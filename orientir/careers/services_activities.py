"""Writes of career events (2.4, 2.5), the parents' log (2.7), exam-prep courses and exam results (2.8.4),
and the consent eraser of everything the careers app keeps about a pupil. Every write is audited."""

import datetime

from django.db import transaction
from django.utils import timezone

from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.directory.services import academic_year_for
from orientir.pupils.models import Pupil
from orientir.pupils.services import consent_eraser

from .models import (CareerEvent, EventParticipant, ExamResult, ParentConsultation, PrepAttendance, PrepCourse,
                     PrepEnrolment, PrepSession, ProgrammeRun, RunParticipant, SessionAttendance)
from .services import require_consent, require_studying_at, school_year_bounds

EVENT_FIELDS = ("held_on", "title", "kind", "pro_days", "place", "organiser", "hours", "description")
PARENT_FIELDS = ("held_on", "consultant", "parent_name", "pupil", "topic", "form", "participants", "outcome")
COURSE_FIELDS = ("start_year", "subject", "teacher", "title", "schedule")
PREP_GRADE = 11


# --- Career events --------------------------------------------------------------------------------

def _check_event(event: CareerEvent) -> None:
    if event.kind in CareerEvent.PRO_DAYS_KINDS:
        # «Профессиональные субботы», seasonal schools and championship meetings are the Days themselves.
        event.pro_days = True
    if event.held_on:
        event.start_year = academic_year_for(event.held_on)
    event.full_clean()


def _create(actor, obj, check, action: str):
    """Check, save and log a new record (the log lists the filled fields)."""
    check(obj)
    obj.save()
    audit.record(actor=actor, action=action, instance=obj,
                 changes=audit.diff({}, {k: v for k, v in audit.snapshot(obj).items() if v not in (None, "")}))
    return obj


def _update(actor, instance, data: dict, fields, check, action: str):
    """Lock, change the allowed fields, check, save and log what changed."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    before = audit.snapshot(current)
    for name, value in data.items():
        if name in fields:
            setattr(current, name, value)
    check(current)
    current.save()
    changes = audit.diff(before, audit.snapshot(current))
    if changes:
        audit.record(actor=actor, action=action, instance=current, changes=changes)
    return current


@transaction.atomic
def event_create(*, actor, organisation, data: dict) -> CareerEvent:
    event = CareerEvent(organisation=organisation, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    return _create(actor, event, _check_event, "careers.event.created")


@transaction.atomic
def event_update(*, actor, event: CareerEvent, data: dict) -> CareerEvent:
    return _update(actor, event, data, EVENT_FIELDS, _check_event, "careers.event.updated")


@transaction.atomic
def event_participant_add(*, actor, event: CareerEvent, pupil: Pupil, attended: bool = True) -> EventParticipant:
    require_studying_at(pupil, event.organisation_id, "В мероприятии участвуют")
    require_consent(pupil, "Внести участника")
    if EventParticipant.objects.filter(event=event, pupil=pupil).exists():
        raise DomainError(f"{pupil.full_name} уже в списке участников.", field="pupil")
    link = EventParticipant.objects.create(event=event, pupil=pupil, attended=attended)
    audit.record(actor=actor, action="careers.event.participant_added", instance=event,
                 changes={"Участник": [None, pupil.full_name]})
    return link


@transaction.atomic
def event_attendance_save(*, actor, event: CareerEvent, present_ids, today: datetime.date | None = None) -> int:
    """Mark who of the listed participants attended the event (the others are marked absent)."""
    today = today or timezone.localdate()
    if event.held_on > today:
        raise DomainError("Присутствие отмечается после мероприятия: его дата ещё не наступила.")
    present = {int(i) for i in present_ids}
    listed = set(event.participants.values_list("id", flat=True))
    if present - listed:
        raise DomainError("Отмечать присутствие можно только обучающихся из списка участников.")
    event.participants.filter(id__in=present).update(attended=True)
    event.participants.exclude(id__in=present).update(attended=False)
    audit.record(actor=actor, action="careers.event.attendance_saved", instance=event,
                 changes={"Присутствовали": [None, len(present)]})
    return len(present)


# --- Parents (2.7) --------------------------------------------------------------------------------

def _check_consultation(item: ParentConsultation) -> None:
    if item.pupil_id:
        pupil = item.pupil
        if pupil.organisation_id != item.organisation_id:
            raise DomainError("Обучающийся должен быть из этой же школы.", field="pupil")
        require_consent(pupil, "Связать консультацию с обучающимся")
    if item.form == ParentConsultation.Form.INDIVIDUAL and item.participants and item.participants > 3:
        raise DomainError("Индивидуальная консультация — не больше 3 участников; для большего числа выберите "
                          "групповую форму или родительское собрание.", field="participants")
    if item.held_on:
        if item.held_on > timezone.localdate():
            raise DomainError("В журнал вносятся проведённые консультации: дата не может быть позже сегодняшней.",
                              field="held_on")
        item.start_year = academic_year_for(item.held_on)
    item.full_clean()


@transaction.atomic
def consultation_create(*, actor, organisation, data: dict) -> ParentConsultation:
    item = ParentConsultation(organisation=organisation, **{k: v for k, v in data.items() if k in PARENT_FIELDS})
    return _create(actor, item, _check_consultation, "careers.parent_consultation.created")


@transaction.atomic
def consultation_update(*, actor, consultation: ParentConsultation, data: dict) -> ParentConsultation:
    return _update(actor, consultation, data, PARENT_FIELDS, _check_consultation,
                   "careers.parent_consultation.updated")


@transaction.atomic
def consultation_delete(*, actor, consultation: ParentConsultation) -> None:
    audit.record(actor=actor, action="careers.parent_consultation.deleted", instance=consultation,
                 changes={"Консультация": [str(consultation), None]})
    consultation.delete()


# --- Exam-prep courses (2.8.4) --------------------------------------------------------------------

@transaction.atomic
def course_create(*, actor, organisation, data: dict) -> PrepCourse:
    course = PrepCourse(organisation=organisation, **{k: v for k, v in data.items() if k in COURSE_FIELDS})
    return _create(actor, course, PrepCourse.full_clean, "careers.prep_course.created")


@transaction.atomic
def course_enrol(*, actor, course: PrepCourse, pupil: Pupil, on: datetime.date) -> PrepEnrolment:
    require_studying_at(pupil, course.organisation_id, "На курс зачисляются")
    require_consent(pupil, "Зачислить на курс")
    if pupil.grade != PREP_GRADE:
        raise DomainError(f"Подготовительные курсы — для выпускников 11-х классов, а {pupil.full_name} — "
                          f"{f'{pupil.grade} класс' if pupil.grade else 'класс не указан'}.", field="pupil")
    if PrepEnrolment.objects.filter(course=course, pupil=pupil).exists():
        raise DomainError(f"{pupil.full_name} уже зачислен(а) на курс.", field="pupil")
    link = PrepEnrolment.objects.create(course=course, pupil=pupil, enrolled_on=on)
    audit.record(actor=actor, action="careers.prep_course.enrolled", instance=course,
                 changes={"Слушатель": [None, pupil.full_name]})
    return link


@transaction.atomic
def course_session_add(*, actor, course: PrepCourse, held_on: datetime.date, topic: str, hours) -> PrepSession:
    start, end = school_year_bounds(course.start_year)
    if not start <= held_on <= end:
        raise DomainError(f"Дата вне учебного года курса: {start:%d.%m.%Y} – {end:%d.%m.%Y}.", field="held_on")
    session = PrepSession(course=course, held_on=held_on, topic=" ".join(topic.split()), hours=hours)
    session.full_clean()
    session.save()
    audit.record(actor=actor, action="careers.prep_course.session_added", instance=course,
                 changes={"Занятие": [None, f"{held_on:%d.%m.%Y}, {session.topic}"]})
    return session


@transaction.atomic
def course_attendance_save(*, actor, session: PrepSession, present_ids,
                           today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    if session.held_on > today:
        raise DomainError("Посещаемость отмечается за проведённое занятие: его дата ещё не наступила.")
    present = {int(i) for i in present_ids}
    enrolled = set(session.course.enrolments.values_list("id", flat=True))
    if present - enrolled:
        raise DomainError("Отмечать посещение можно только слушателей, зачисленных на курс.")
    PrepAttendance.objects.filter(session=session).exclude(enrolment_id__in=present).delete()
    have = set(session.attendance.values_list("enrolment_id", flat=True))
    PrepAttendance.objects.bulk_create([PrepAttendance(session=session, enrolment_id=i) for i in present - have])
    audit.record(actor=actor, action="careers.prep_course.attendance_saved", instance=session.course,
                 changes={f"Посещаемость {session.held_on:%d.%m.%Y}": [None, len(present)]})
    return len(present)


def _check_score(score) -> int:
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise DomainError("Баллы — целое число от 0 до 100.", field="score") from None
    if not 0 <= score <= 100:
        raise DomainError("Баллы — целое число от 0 до 100.", field="score")
    return score


@transaction.atomic
def exam_result_save(*, actor, pupil: Pupil, subject: str, start_year: int, kind: str, score) -> ExamResult:
    """Store (or correct) a pupil's mock or final score in a subject for a school year."""
    require_consent(pupil, "Внести результат экзамена")
    score = _check_score(score)
    if kind not in ExamResult.Kind.values:
        raise DomainError("Выберите вид экзамена.", field="kind")
    result = ExamResult.objects.select_for_update().filter(pupil=pupil, subject=subject, start_year=start_year,
                                                           kind=kind).first()
    before = result.score if result else None
    if result is None:
        result = ExamResult(pupil=pupil, subject=subject, start_year=start_year, kind=kind, score=score)
    result.score = score
    result.recorded_by = actor if getattr(actor, "pk", None) else None
    result.full_clean()
    result.save()
    if before != score:
        audit.record(actor=actor, action="careers.exam_result.saved", instance=result,
                     object_repr=f"{pupil.full_name}: {result.get_kind_display()}, {result.get_subject_display()}, "
                                 f"{start_year}/{start_year + 1}",
                     changes={"Баллы": [before, score]})
    return result


@transaction.atomic
def course_results_save(*, actor, course: PrepCourse, scores: dict) -> int:
    """Save mock and final scores of the enrolled pupils: {(enrolment_id, kind): score or None}; all or nothing."""
    enrolments = {e.pk: e for e in course.enrolments.select_related("pupil")}
    saved = 0
    for (enrolment_id, kind), score in scores.items():
        if enrolment_id not in enrolments:
            raise DomainError("Результаты вносятся только для слушателей курса.")
        if score in (None, ""):
            continue
        exam_result_save(actor=actor, pupil=enrolments[enrolment_id].pupil, subject=course.subject,
                         start_year=course.start_year, kind=kind, score=score)
        saved += 1
    return saved


@transaction.atomic
def exam_result_delete(*, actor, result: ExamResult) -> None:
    audit.record(actor=actor, action="careers.exam_result.deleted", instance=result,
                 object_repr=f"{result.pupil.full_name}: {result.get_kind_display()}, {result.get_subject_display()}",
                 changes={"Баллы": [result.score, None]})
    result.delete()


# --- Consent withdrawal (152-ФЗ) ------------------------------------------------------------------

ERASED = "удалено"
# Keys of logged changes that carry the pupil's or the parent's personal values.
ERASED_KEYS = {"Баллы", "Участник", "Слушатель", "parent_name", "pupil"}
ERASED_RESULT = "Результат экзамена (удалён: отзыв согласия)"


def _scrub(entries, *, keys=ERASED_KEYS, object_repr: str | None = None, only_value: str | None = None) -> int:
    """Keep the entries (who did what, when) but replace the personal values in them with «удалено».

    `only_value`: scrub a key only where it holds this value (a list's log names many pupils, one goes)."""
    from orientir.core.models import AuditEntry

    n = 0
    for entry in entries:
        changes = {}
        for key, value in (entry.changes or {}).items():
            hit = key in keys and (only_value is None or (isinstance(value, list) and only_value in value))
            changes[key] = [ERASED, ERASED] if hit else value
        fields = {"changes": changes}
        if object_repr is not None:
            fields["object_repr"] = object_repr
        if changes != entry.changes or "object_repr" in fields:
            AuditEntry.objects.filter(pk=entry.pk).update(**fields)
            n += 1
    return n


def _scrub_careers_log(pupil: Pupil) -> None:
    """The log of the pupil's scores, of the parent's consultations and of the lists that named the pupil."""
    from django.contrib.contenttypes.models import ContentType

    from orientir.core.models import AuditEntry

    def entries(model, ids, **extra):
        return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                         object_id__in=[str(i) for i in ids], **extra)

    # Scores: every entry of the pupil's results; results deleted earlier are found by the name they logged.
    result_ids = list(ExamResult.objects.filter(pupil=pupil).values_list("pk", flat=True))
    _scrub(entries(ExamResult, result_ids), object_repr=ERASED_RESULT)
    named = list(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(ExamResult),
                                           object_repr__startswith=f"{pupil.full_name}: ")
                 .exclude(object_id__in=[str(i) for i in result_ids]))
    live = {str(i) for i in ExamResult.objects.filter(
        pk__in=[int(e.object_id) for e in named if e.object_id.isdigit()]).values_list("pk", flat=True)}
    _scrub([e for e in named if e.object_id not in live], object_repr=ERASED_RESULT)
    # Consultations linked to the pupil: the parent's name and the link to the pupil.
    consultation_ids = list(ParentConsultation.objects.filter(pupil=pupil).values_list("pk", flat=True))
    _scrub(entries(ParentConsultation, consultation_ids), keys={"parent_name", "pupil"})
    # Runs, events and courses the pupil was listed in: their log names the pupil among others.
    name = pupil.full_name
    # Runs of the pupil's school too: a pupil removed from a run earlier is still named in its log.
    run_ids = set(RunParticipant.objects.filter(pupil=pupil).values_list("run_id", flat=True))
    run_ids |= set(ProgrammeRun.objects.filter(organisation_id=pupil.organisation_id).values_list("pk", flat=True))
    event_ids = set(EventParticipant.objects.filter(pupil=pupil).values_list("event_id", flat=True))
    course_ids = set(PrepEnrolment.objects.filter(pupil=pupil).values_list("course_id", flat=True))
    _scrub(entries(ProgrammeRun, run_ids, action__startswith="careers.run.participant_"),
           keys={"Участник"}, only_value=name)
    _scrub(entries(CareerEvent, event_ids, action="careers.event.participant_added"), keys={"Участник"},
           only_value=name)
    _scrub(entries(PrepCourse, course_ids, action="careers.prep_course.enrolled"), keys={"Слушатель"},
           only_value=name)


@consent_eraser
def erase_careers_data(pupil: Pupil) -> dict[str, int]:
    """Everything stored about the pupil under the consent goes with it; a consultation stays, unlinked. The log
    entries stay too (who did what, when) but lose the pupil's scores and name and the parent's name."""
    erased = {
        "Посещения занятий программ": SessionAttendance.objects.filter(participant__pupil=pupil).count(),
        "Участие в программах профориентации": RunParticipant.objects.filter(pupil=pupil).count(),
        "Участие в профориентационных мероприятиях": EventParticipant.objects.filter(pupil=pupil).count(),
        "Посещения подготовительных курсов": PrepAttendance.objects.filter(enrolment__pupil=pupil).count(),
        "Зачисления на подготовительные курсы": PrepEnrolment.objects.filter(pupil=pupil).count(),
        "Результаты экзаменов": ExamResult.objects.filter(pupil=pupil).count(),
        "Связи консультаций родителей с обучающимся (и ФИО родителя)": ParentConsultation.objects.filter(pupil=pupil).count(),
    }
    _scrub_careers_log(pupil)
    SessionAttendance.objects.filter(participant__pupil=pupil).delete()
    RunParticipant.objects.filter(pupil=pupil).delete()
    EventParticipant.objects.filter(pupil=pupil).delete()
    PrepAttendance.objects.filter(enrolment__pupil=pupil).delete()
    PrepEnrolment.objects.filter(pupil=pupil).delete()
    ExamResult.objects.filter(pupil=pupil).delete()
    # The parent named in such a consultation is the pupil's representative: the name goes too.
    ParentConsultation.objects.filter(pupil=pupil).update(pupil=None, parent_name="")
    return erased
