"""Writes about profile classes (2.1–2.1.3) and motivated pupils (2.2). Every write is audited.

Rules kept here: only pupils with an active consent to personal-data processing join a class or are marked
as motivated (152-ФЗ); only pupils of the class's own school join it; only 9th- and 11th-graders are marked.
"""

import datetime

from django.db import transaction

from orientir.accounts.roles import Sector
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.text import normalize_search
from orientir.directory.models import Organisation

from .models import ClassActivity, MotivatedPupil, ProfileClass, ProfileClassMember, Pupil
from .services import has_active_consent

CLASS_FIELDS = ("start_year", "name", "kind", "orientation", "grade", "planned_headcount", "partners",
                "description")
ACTIVITY_FIELDS = ("held_on", "kind", "title", "partner", "participants", "notes")
MOTIVATED_GRADES = (9, 11)


def school_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """1 September – 31 August of the school year that starts in `start_year`."""
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def _require_consent(pupil: Pupil, purpose: str) -> None:
    if not has_active_consent(pupil):
        raise DomainError(
            f"{pupil.full_name}: нет действующего согласия на обработку персональных данных. {purpose} можно "
            "только обучающегося с согласием — внесите его в карточке обучающегося.", field="pupil")


def _require_studying(pupil: Pupil) -> None:
    if pupil.status != Pupil.Status.STUDYING:
        raise DomainError(f"{pupil.full_name} уже не обучается в школе ({pupil.get_status_display().lower()}).",
                          field="pupil")


# --- Profile classes ------------------------------------------------------------------------------

def _check_class(pc: ProfileClass) -> None:
    if pc.organisation.kind != Organisation.Kind.SCHOOL:
        raise DomainError("Профильные классы и группы ведут школы.", field="organisation")
    pc.name = " ".join((pc.name or "").split())
    # Compared in Python: SQLite folds the case of Latin letters only, and «10 «п»» is «10 «П»».
    names = (ProfileClass.objects.filter(organisation_id=pc.organisation_id, start_year=pc.start_year)
             .exclude(pk=pc.pk).values_list("name", flat=True))
    if pc.name and normalize_search(pc.name) in {normalize_search(n) for n in names}:
        raise DomainError(f"В {pc.start_year}/{pc.start_year + 1} учебном году у школы уже есть класс (группа) "
                          f"«{pc.name}». Укажите другое наименование.", field="name")
    pc.full_clean()


@transaction.atomic
def profile_class_create(*, actor, organisation: Organisation, data: dict) -> ProfileClass:
    """Add a class or group to the school's list of the year (2.1.1)."""
    pc = ProfileClass(organisation=organisation, **{k: v for k, v in data.items() if k in CLASS_FIELDS})
    _check_class(pc)
    pc.save()
    filled = {k: v for k, v in audit.snapshot(pc).items() if v not in (None, "")}
    audit.record(actor=actor, action="guidance.profile_class.created", instance=pc, changes=audit.diff({}, filled))
    return pc


@transaction.atomic
def profile_class_update(*, actor, profile_class: ProfileClass, data: dict) -> ProfileClass:
    current = ProfileClass.objects.select_for_update().select_related("organisation").get(pk=profile_class.pk)
    before = audit.snapshot(current)
    for name, value in data.items():
        if name in CLASS_FIELDS:
            setattr(current, name, value)
    _check_class(current)
    current.save()
    changes = audit.diff(before, audit.snapshot(current))
    if changes:
        audit.record(actor=actor, action="guidance.profile_class.updated", instance=current, changes=changes)
    return current


@transaction.atomic
def profile_class_delete(*, actor, profile_class: ProfileClass) -> None:
    """Delete a class entered by mistake; one with pupils or activities is kept (its history matters)."""
    members = profile_class.memberships.filter(left_on__isnull=True).count()
    held = profile_class.activities.count()
    if members or held:
        raise DomainError(f"Класс не удалён: в составе обучающихся — {members}, проведено мероприятий — {held}. "
                          "Удаляется только класс, внесённый по ошибке: без состава и мероприятий.")
    audit.record(actor=actor, action="guidance.profile_class.deleted", instance=profile_class,
                 changes=audit.diff(audit.snapshot(profile_class), {}))
    profile_class.delete()


@transaction.atomic
def member_add(*, actor, profile_class: ProfileClass, pupil: Pupil, joined_on: datetime.date) -> ProfileClassMember:
    """Enrol a pupil of the same school with an active consent (2.1.2); a pupil who left may come back."""
    if pupil.organisation_id != profile_class.organisation_id:
        raise DomainError("В класс зачисляются только обучающиеся этой же школы.", field="pupil")
    _require_studying(pupil)
    _require_consent(pupil, "Зачислить в профильный класс")
    link = ProfileClassMember.objects.select_for_update().filter(profile_class=profile_class, pupil=pupil).first()
    if link and link.left_on is None:
        raise DomainError(f"{pupil.full_name} уже в составе класса.", field="pupil")
    if link:
        link.joined_on, link.left_on = joined_on, None
        link.save(update_fields=["joined_on", "left_on"])
    else:
        link = ProfileClassMember.objects.create(profile_class=profile_class, pupil=pupil, joined_on=joined_on)
    audit.record(actor=actor, action="guidance.profile_class.member_added", instance=profile_class,
                 changes={"member": [None, f"{pupil.full_name} (с {joined_on:%d.%m.%Y})"]})
    return link


@transaction.atomic
def member_remove(*, actor, membership: ProfileClassMember, on: datetime.date) -> ProfileClassMember:
    """Mark a pupil as having left the class; the membership stays in the class's history."""
    link = ProfileClassMember.objects.select_for_update().select_related("pupil").get(pk=membership.pk)
    if link.left_on is not None:
        raise DomainError(f"{link.pupil.full_name} уже выбыл(а) из класса.")
    if on < link.joined_on:
        raise DomainError(f"Дата выбытия раньше даты зачисления ({link.joined_on:%d.%m.%Y}).")
    link.left_on = on
    link.save(update_fields=["left_on"])
    audit.record(actor=actor, action="guidance.profile_class.member_removed", instance=link.profile_class,
                 changes={"member": [link.pupil.full_name, f"выбыл(а) {on:%d.%m.%Y}"]})
    return link


@transaction.atomic
def activity_add(*, actor, profile_class: ProfileClass, data: dict, today: datetime.date | None = None
                 ) -> ClassActivity:
    """Log a joint activity held with a college, university or social-sphere organisation (2.1.3)."""
    today = today or datetime.date.today()
    activity = ClassActivity(profile_class=profile_class, **{k: v for k, v in data.items() if k in ACTIVITY_FIELDS})
    start, end = school_year_bounds(profile_class.start_year)
    if activity.held_on and not start <= activity.held_on <= end:
        raise DomainError(f"Дата вне учебного года класса: {start:%d.%m.%Y} – {end:%d.%m.%Y}.", field="held_on")
    if activity.held_on and activity.held_on > today:
        raise DomainError("В журнал вносятся проведённые мероприятия: дата не может быть позже сегодняшней.",
                          field="held_on")
    activity.full_clean()
    activity.save()
    audit.record(actor=actor, action="guidance.profile_class.activity_added", instance=profile_class,
                 changes={"activity": [None, _activity_repr(activity)]})
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: ClassActivity) -> None:
    audit.record(actor=actor, action="guidance.profile_class.activity_deleted", instance=activity.profile_class,
                 changes={"activity": [_activity_repr(activity), None]})
    activity.delete()


def _activity_repr(activity: ClassActivity) -> str:
    partner = f" ({activity.partner})" if activity.partner else ""
    return f"{activity.held_on:%d.%m.%Y}, {activity.get_kind_display().lower()}: {activity.title}{partner}"


# --- Motivated pupils (2.2) -----------------------------------------------------------------------

def _check_motivation(sector: str) -> None:
    if sector not in Sector.values:
        raise DomainError("Выберите отрасль социальной сферы.", field="sector")


@transaction.atomic
def motivated_mark(*, actor, pupil: Pupil, start_year: int, sector: str, specialty=None,
                   note: str = "") -> MotivatedPupil:
    """Mark a 9th- or 11th-grader with a consent as a potential participant of targeted training."""
    _require_studying(pupil)
    _require_consent(pupil, "Отметить как мотивированного")
    if pupil.grade not in MOTIVATED_GRADES:
        grade = f"{pupil.grade} класс" if pupil.grade else "класс не указан"
        raise DomainError(f"Выявляются обучающиеся только 9-х и 11-х классов, а у обучающегося {pupil.full_name} — "
                          f"{grade}.", field="pupil")
    _check_motivation(sector)
    if MotivatedPupil.objects.filter(pupil=pupil, start_year=start_year).exists():
        raise DomainError(f"{pupil.full_name} уже отмечен(а) в {start_year}/{start_year + 1} учебном году: "
                          "измените существующую отметку.", field="pupil")
    mp = MotivatedPupil.objects.create(pupil=pupil, start_year=start_year, sector=sector, specialty=specialty,
                                       note=note.strip()[:300], marked_by=actor if getattr(actor, "pk", None) else None)
    # Logged on the mark itself, so the log shows its fields by their Russian names.
    audit.record(actor=actor, action="guidance.motivated_pupil.created", instance=mp, object_repr=_mark_repr(mp),
                 changes=audit.diff({}, {"start_year": start_year, "sector": mp.sector,
                                         "specialty": str(specialty) if specialty else None, "note": mp.note}))
    return mp


@transaction.atomic
def motivated_update(*, actor, motivation: MotivatedPupil, sector: str, specialty=None,
                     note: str = "") -> MotivatedPupil:
    _check_motivation(sector)
    current = (MotivatedPupil.objects.select_for_update().select_related("pupil__organisation")
               .get(pk=motivation.pk))
    before = {"sector": current.sector, "specialty": str(current.specialty or "") or None, "note": current.note}
    current.sector, current.specialty, current.note = sector, specialty, note.strip()[:300]
    current.save(update_fields=["sector", "specialty", "note"])
    after = {"sector": current.sector, "specialty": str(specialty or "") or None, "note": current.note}
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action="guidance.motivated_pupil.updated", instance=current,
                     object_repr=_mark_repr(current), changes=changes)
    return current


@transaction.atomic
def motivated_unmark(*, actor, motivation: MotivatedPupil) -> None:
    audit.record(actor=actor, action="guidance.motivated_pupil.deleted", instance=motivation,
                 object_repr=_mark_repr(motivation),
                 changes=audit.diff({"start_year": motivation.start_year, "sector": motivation.sector}, {}))
    motivation.delete()


def _mark_repr(mp: MotivatedPupil) -> str:
    return f"{mp.pupil.full_name} ({mp.pupil.organisation.short_name}): мотивирован(а), {mp.start_year}/{mp.start_year + 1}"
