"""Writes of the programme bank (2.4.1) and of delivery (2.4.2). Every write is audited.

Rules kept here: a programme moves draft → submitted → approved, or back to «returned» with a comment; only
the quality centre (careers.bank.approve) approves or returns; the developing organisation edits only a draft
or a returned programme. Only an approved programme is run. Only studying pupils of the run's organisation
with an active consent are enrolled (152-ФЗ); attendance is marked for enrolled pupils only.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from orientir.accounts import access
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.pupils.models import Pupil
from orientir.pupils.services import has_active_consent

from .models import Programme, ProgrammeFile, ProgrammeRun, RunParticipant, RunSession, SessionAttendance

PROGRAMME_FIELDS = ("start_year", "title", "kind", "sector", "authors", "partners_text", "grade_from", "grade_to",
                    "hours", "description")
ALLOWED_FILES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pptx", ".png", ".jpg", ".jpeg", ".zip")
MAX_FILE = 20 * 1024 * 1024


def school_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """1 September – 31 August of the school year that starts in `start_year`."""
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def require_consent(pupil: Pupil, purpose: str) -> None:
    if not has_active_consent(pupil):
        raise DomainError(f"{pupil.full_name}: нет действующего согласия на обработку персональных данных. "
                          f"{purpose} можно только обучающегося с согласием — внесите его в карточке обучающегося.",
                          field="pupil")


def require_studying_at(pupil: Pupil, organisation_id: int, what: str) -> None:
    if pupil.organisation_id != organisation_id:
        raise DomainError(f"{what} только обучающиеся этой же организации.", field="pupil")
    if pupil.status != Pupil.Status.STUDYING:
        raise DomainError(f"{pupil.full_name} уже не обучается ({pupil.get_status_display().lower()}).",
                          field="pupil")


# --- The bank -------------------------------------------------------------------------------------

def _check_programme(p: Programme) -> None:
    p.title = " ".join((p.title or "").split())
    if p.grade_from and p.grade_to and p.grade_from > p.grade_to:
        raise DomainError("Класс «с» не может быть больше класса «по».", field="grade_to")
    p.full_clean(exclude=["partners"])


@transaction.atomic
def programme_create(*, actor, organisation, data: dict, partners=()) -> Programme:
    """Add a programme to the bank as a draft of the developing organisation."""
    p = Programme(organisation=organisation, municipality_id=organisation.municipality_id,
                  created_by=actor if getattr(actor, "pk", None) else None,
                  **{k: v for k, v in data.items() if k in PROGRAMME_FIELDS})
    _check_programme(p)
    p.save()
    p.partners.set(partners)
    audit.record(actor=actor, action="careers.programme.created", instance=p,
                 changes=audit.diff({}, {k: v for k, v in audit.snapshot(p).items() if v not in (None, "")}))
    return p


@transaction.atomic
def programme_update(*, actor, programme: Programme, data: dict, partners=None) -> Programme:
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if not current.is_editable:
        raise DomainError(f"Программа в состоянии «{current.get_status_display()}» не изменяется: изменить можно "
                          "черновик или возвращённую на доработку программу.")
    before = audit.snapshot(current)
    for name, value in data.items():
        if name in PROGRAMME_FIELDS:
            setattr(current, name, value)
    _check_programme(current)
    current.save()
    if partners is not None:
        current.partners.set(partners)
    changes = audit.diff(before, audit.snapshot(current))
    if changes:
        audit.record(actor=actor, action="careers.programme.updated", instance=current, changes=changes)
    return current


@transaction.atomic
def programme_submit(*, actor, programme: Programme) -> Programme:
    """Send a draft (or a corrected returned programme) to the quality centre for approval."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if not current.is_editable:
        raise DomainError("Представить на рассмотрение можно черновик или возвращённую на доработку программу.")
    if not current.files.exists() and not current.description.strip():
        raise DomainError("Перед представлением приложите текст программы (файл) или заполните описание.")
    before = current.get_status_display()
    current.status, current.submitted_at = Programme.Status.SUBMITTED, timezone.now()
    current.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor=actor, action="careers.programme.submitted", instance=current,
                 changes={"Состояние": [before, current.get_status_display()]})
    return current


@transaction.atomic
def programme_review(*, actor, programme: Programme, approve: bool, comment: str = "") -> Programme:
    """The quality centre approves a submitted programme into the bank or returns it with a comment."""
    if not access.has_perm(actor, "careers.bank.approve"):
        raise DomainError("Одобряет программы банка только ГЦОКО.")
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if current.status != Programme.Status.SUBMITTED:
        raise DomainError("Рассматривается только программа, представленная на рассмотрение.")
    comment = comment.strip()
    if not approve and not comment:
        raise DomainError("Укажите, что доработать: без замечаний программа не возвращается.", field="comment")
    before = current.get_status_display()
    current.status = Programme.Status.APPROVED if approve else Programme.Status.RETURNED
    current.review_comment = comment
    current.reviewed_by, current.reviewed_at = actor, timezone.now()
    current.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    changes = {"Состояние": [before, current.get_status_display()]}
    if comment:
        changes["Замечания ГЦОКО"] = [None, comment]
    audit.record(actor=actor, action="careers.programme.approved" if approve else "careers.programme.returned",
                 instance=current, changes=changes)
    return current


@transaction.atomic
def programme_file_add(*, actor, programme: Programme, title: str, file) -> ProgrammeFile:
    if not programme.is_editable:
        raise DomainError("Файлы прикладываются к черновику или возвращённой на доработку программе.", field="file")
    if not file.name.lower().endswith(ALLOWED_FILES):
        raise DomainError("Этот тип файла не принимается: приложите PDF, документ, таблицу, презентацию или "
                          "изображение.", field="file")
    if file.size > MAX_FILE:
        raise DomainError("Файл больше 20 МБ.", field="file")
    item = ProgrammeFile.objects.create(programme=programme, title=title.strip()[:200] or file.name[:200], file=file,
                                        uploaded_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="careers.programme.file_added", instance=programme,
                 changes={"Файл": [None, f"{item.title} ({item.filename})"]})
    return item


# --- Delivery -------------------------------------------------------------------------------------

@transaction.atomic
def run_create(*, actor, programme: Programme, organisation, start_year: int, leader: str = "",
               notes: str = "") -> ProgrammeRun:
    """Start running an approved programme of the bank at an organisation in a school year."""
    if programme.status != Programme.Status.APPROVED:
        raise DomainError("Реализуется только программа, одобренная ГЦОКО и включённая в банк.", field="programme")
    if programme.municipality_id != organisation.municipality_id:
        raise DomainError("Программа из банка другого муниципального образования.", field="programme")
    if ProgrammeRun.objects.filter(programme=programme, organisation=organisation, start_year=start_year).exists():
        raise DomainError(f"Эта программа уже реализуется в {organisation.short_name} в {start_year}/{start_year + 1} "
                          "учебном году.", field="programme")
    run = ProgrammeRun.objects.create(programme=programme, organisation=organisation, start_year=start_year,
                                      leader=leader.strip()[:300], notes=notes.strip())
    audit.record(actor=actor, action="careers.run.created", instance=run,
                 changes={"Программа": [None, programme.title], "Организация": [None, organisation.short_name],
                          "Учебный год": [None, f"{start_year}/{start_year + 1}"]})
    return run


@transaction.atomic
def run_session_add(*, actor, run: ProgrammeRun, held_on: datetime.date, topic: str, hours) -> RunSession:
    start, end = school_year_bounds(run.start_year)
    if not start <= held_on <= end:
        raise DomainError(f"Дата вне учебного года реализации: {start:%d.%m.%Y} – {end:%d.%m.%Y}.", field="held_on")
    session = RunSession(run=run, held_on=held_on, topic=" ".join(topic.split()), hours=hours)
    session.full_clean()
    session.save()
    audit.record(actor=actor, action="careers.run.session_added", instance=run,
                 changes={"Занятие": [None, f"{held_on:%d.%m.%Y}, {session.topic} ({hours} ч)"]})
    return session


@transaction.atomic
def run_session_delete(*, actor, session: RunSession) -> None:
    audit.record(actor=actor, action="careers.run.session_deleted", instance=session.run,
                 changes={"Занятие": [f"{session.held_on:%d.%m.%Y}, {session.topic} ({session.hours} ч)", None]})
    session.delete()


@transaction.atomic
def run_participant_add(*, actor, run: ProgrammeRun, pupil: Pupil, on: datetime.date) -> RunParticipant:
    require_studying_at(pupil, run.organisation_id, "В программу зачисляются")
    require_consent(pupil, "Зачислить в программу")
    if RunParticipant.objects.filter(run=run, pupil=pupil).exists():
        raise DomainError(f"{pupil.full_name} уже участвует в этой программе.", field="pupil")
    link = RunParticipant.objects.create(run=run, pupil=pupil, enrolled_on=on)
    audit.record(actor=actor, action="careers.run.participant_added", instance=run,
                 changes={"Участник": [None, pupil.full_name]})
    return link


@transaction.atomic
def run_participant_remove(*, actor, participant: RunParticipant) -> None:
    """Remove a pupil enrolled by mistake together with their attendance marks."""
    audit.record(actor=actor, action="careers.run.participant_removed", instance=participant.run,
                 changes={"Участник": [participant.pupil.full_name, None]})
    participant.delete()


@transaction.atomic
def attendance_save(*, actor, session: RunSession, present_ids, today: datetime.date | None = None) -> dict:
    """Set who attended a session: exactly the enrolled participants listed in `present_ids`."""
    today = today or timezone.localdate()
    if session.held_on > today:
        raise DomainError("Посещаемость отмечается за проведённое занятие: его дата ещё не наступила.")
    present = {int(i) for i in present_ids}
    enrolled = set(session.run.participants.values_list("id", flat=True))
    strangers = present - enrolled
    if strangers:
        raise DomainError("Отмечать посещение можно только обучающихся, зачисленных в программу.")
    marked = set(session.attendance.values_list("participant_id", flat=True))
    added, removed = present - marked, marked - present
    SessionAttendance.objects.filter(session=session, participant_id__in=removed).delete()
    SessionAttendance.objects.bulk_create([SessionAttendance(session=session, participant_id=i) for i in added])
    if added or removed:
        audit.record(actor=actor, action="careers.run.attendance_saved", instance=session.run,
                     changes={f"Посещаемость {session.held_on:%d.%m.%Y}": [len(marked), len(present)]})
    return {"added": len(added), "removed": len(removed), "present": len(present)}
