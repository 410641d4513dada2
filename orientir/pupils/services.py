"""Writes about pupils: the consent rule, withdrawal with erasure, year rollover, tutors. All audited."""

import datetime

from django.db import transaction
from django.db.models import F

from orientir.core import audit, personal_data
from orientir.core.dates import age_on
from orientir.core.errors import DomainError, StaleObjectError

from .models import PERSONAL_FIELDS, Consent, Pupil, Representative, TutorAssignment

# Other apps that keep data about a pupil under the consent (attendance, mentoring, courses…) register an
# eraser here: eraser(pupil) -> {label: count erased}. Withdrawal runs them all in the same transaction.
CONSENT_ERASERS: list = []


def consent_eraser(func):
    """Register `func(pupil) -> dict[str, int]` to run when a pupil's consent is withdrawn."""
    if func not in CONSENT_ERASERS:
        CONSENT_ERASERS.append(func)
    return func

FIELD_LABELS = {f: str(Pupil._meta.get_field(f).verbose_name) for f in PERSONAL_FIELDS}


def has_active_consent(pupil: Pupil) -> bool:
    return pupil.pk is not None and pupil.consents.filter(withdrawn_on__isnull=True).exists()


def _check_consent(pupil: Pupil, data: dict, representatives: list | None, consent_given: bool) -> None:
    """Without an active consent only the name and the school may be stored (152-ФЗ)."""
    if consent_given or has_active_consent(pupil):
        return
    filled = [FIELD_LABELS[f] for f in PERSONAL_FIELDS if data.get(f) not in (None, "", [])]
    if representatives:
        filled.append("законные представители")
    if filled:
        raise DomainError(
            "Нет согласия на обработку персональных данных: без него хранятся только ФИО и школа. "
            f"Внесите согласие или очистите поля: {', '.join(filled)}.", field="consent_given_by_name")


def _consent_from(data: dict, actor, birth_date: datetime.date | None) -> Consent | None:
    if not data or not data.get("given_by_name"):
        return None
    if not data.get("given_on"):
        raise DomainError("Укажите дату согласия.", field="consent_given_on")
    if data["given_on"] > datetime.date.today():
        raise DomainError("Дата согласия не может быть в будущем.", field="consent_given_on")
    given_by = data.get("given_by") or Consent.GivenBy.REPRESENTATIVE
    # 152-ФЗ, ст. 9: for a minor the legal representative consents; the pupil only from 18, which needs a birth date.
    if given_by == Consent.GivenBy.PUPIL:
        if birth_date is None:
            raise DomainError("Согласие самого обучающегося принимается только с 18 лет: укажите дату рождения.",
                              field="consent_given_by")
        age = age_on(birth_date, data["given_on"])
        if age < 18:
            raise DomainError(f"На {data['given_on']:%d.%m.%Y} обучающемуся {age} лет: до 18 лет согласие даёт "
                              "законный представитель.", field="consent_given_by")
    return Consent(given_by=given_by,
                   given_by_name=data["given_by_name"].strip(), given_on=data["given_on"],
                   document_ref=data.get("document_ref", ""), recorded_by=actor)


@transaction.atomic
def pupil_create(*, actor, organisation, data: dict, consent: dict | None = None,
                 representatives: list[dict] | None = None) -> Pupil:
    """Add a pupil; personal data beyond the name only together with (or after) a consent."""
    new_consent = _consent_from(consent or {}, actor, data.get("birth_date"))
    pupil = Pupil(organisation=organisation)
    _check_consent(pupil, data, representatives, new_consent is not None)
    for name, value in data.items():
        setattr(pupil, name, value)
    pupil.full_clean(exclude=["interest_specialties"])
    pupil.save()
    if new_consent:
        new_consent.pupil = pupil
        new_consent.save()
    for rep in representatives or []:
        Representative.objects.create(pupil=pupil, **rep)
    audit.record(actor=actor, action="guidance.pupil.created", instance=pupil,
                 changes={**{k: v for k, v in audit.diff({}, audit.snapshot(pupil)).items() if v[1] not in (None, "")},
                          **({"Согласие": [None, str(new_consent)]} if new_consent else {})})
    return pupil


@transaction.atomic
def pupil_update(*, actor, pupil: Pupil, data: dict, expected_version: int,
                 consent: dict | None = None) -> Pupil:
    current = Pupil.objects.select_for_update().get(pk=pupil.pk)
    if current.version != expected_version:
        raise StaleObjectError()
    new_consent = _consent_from(consent or {}, actor, data.get("birth_date", current.birth_date))
    _check_consent(current, data, None, new_consent is not None)
    before = audit.snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean(exclude=["interest_specialties"])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    if new_consent:
        new_consent.pupil = current
        new_consent.save()
    changes = audit.diff(before, audit.snapshot(current))
    if new_consent:
        changes["Согласие"] = [None, str(new_consent)]
    audit.record(actor=actor, action="guidance.pupil.updated", instance=current, changes=changes)
    return current


@transaction.atomic
def consent_withdraw(*, actor, pupil: Pupil, on: datetime.date, reason: str = "") -> Pupil:
    """Withdrawal: the consent is closed and everything beyond the name and school is erased at once."""
    active = list(pupil.consents.filter(withdrawn_on__isnull=True))
    if not active:
        raise DomainError("Действующего согласия нет.")
    for consent in active:
        consent.withdrawn_on = on
        consent.withdrawal_reason = reason[:300]
        consent.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    held = personal_data.collect("pupil", pupil)  # before anything goes: afterwards its log cannot be found
    erased_fields = [FIELD_LABELS[n] for n in PERSONAL_FIELDS if getattr(pupil, n) not in (None, "")]
    for name in PERSONAL_FIELDS:
        setattr(pupil, name, None if name in ("birth_date", "grade") else "")
    pupil.save()
    pupil.interest_specialties.clear()
    erased_reps = pupil.representatives.count()
    pupil.representatives.all().delete()
    # Everything processed under the consent goes with it: the targeted database entry (and its route
    # sheet), motivation marks, class memberships, the route and the professional plan.
    erased = {}
    for label, related in (("Записи базы для целевого обучения", pupil.targeted_entries),
                           ("Отметки мотивированности", pupil.motivations),
                           ("Участие в профильных классах", pupil.class_memberships),
                           ("Образовательные маршруты", pupil.routes),
                           ("Профессиональные планы", pupil.professional_plans),
                           ("Закрепления тьюторов", pupil.tutor_assignments)):
        count = related.count()
        if count:
            related.all().delete()
            erased[label] = [count, 0]
    for eraser in CONSENT_ERASERS:
        for label, count in (eraser(pupil) or {}).items():
            if count:
                erased[label] = [count, 0]
    # The inventory finishes the work: what no eraser took goes now, and the log of every row held about the pupil
    # keeps who did what and when, without the values.
    for label, count in personal_data.complete_erasure("pupil", pupil, held).items():
        erased[label] = [count, 0]
    # The log must not keep what was erased: earlier entries lose the values, this one names only the fields.
    _scrub_history(pupil)
    changes = {"Удалены сведения": [None, ", ".join(erased_fields) or "—"]}
    changes["Согласие"] = ["действует", f"отозвано {on:%d.%m.%Y}"]
    changes["Законные представители"] = [erased_reps, 0]
    changes.update(erased)
    audit.record(actor=actor, action="guidance.pupil.consent_withdrawn", instance=pupil, changes=changes)
    return pupil


# What the pupil's log may keep after a withdrawal: the name and school (kept without consent) and the consent itself
# (the proof that processing was lawful). Everything else — personal fields, route goals, plan texts, steps —
# was processed under the consent and goes.
KEPT_AFTER_WITHDRAWAL = {"last_name", "first_name", "middle_name", "organisation", "Согласие"}


def _scrub_history(pupil: Pupil) -> None:
    """Replace the values in the pupil's earlier log entries with «удалено» (152-ФЗ, consent withdrawn)."""
    from orientir.core.models import AuditEntry

    for entry in audit.history_for(pupil):
        changed = False
        for key in list(entry.changes):
            if key not in KEPT_AFTER_WITHDRAWAL and entry.changes[key] != ["удалено", "удалено"]:
                entry.changes[key] = ["удалено", "удалено"]
                changed = True
        if changed:
            AuditEntry.objects.filter(pk=entry.pk).update(changes=entry.changes)


@transaction.atomic
def representative_add(*, actor, pupil: Pupil, data: dict) -> Representative:
    if not has_active_consent(pupil):
        raise DomainError("Нет действующего согласия: сведения о представителях не сохраняются.")
    rep = Representative.objects.create(pupil=pupil, **data)
    audit.record(actor=actor, action="guidance.pupil.representative_added", instance=pupil,
                 changes={"Законный представитель": [None, str(rep)]})
    return rep


@transaction.atomic
def representative_remove(*, actor, pupil: Pupil, representative_id: int) -> None:
    """Remove a representative recorded by mistake or no longer the pupil's representative."""
    rep = pupil.representatives.filter(pk=representative_id).first()
    if rep is None:
        raise DomainError("Такого представителя у обучающегося нет.")
    rep.delete()
    audit.record(actor=actor, action="guidance.pupil.representative_removed", instance=pupil,
                 changes={"Законный представитель": [str(rep), None]})


@transaction.atomic
def tutor_unassign(*, actor, pupil: Pupil, assignment_id: int) -> None:
    """End a tutor's assignment: the tutor no longer sees the pupil."""
    link = pupil.tutor_assignments.select_related("tutor").filter(pk=assignment_id).first()
    if link is None:
        raise DomainError("Такого закрепления тьютора нет.")
    link.delete()
    audit.record(actor=actor, action="guidance.pupil.tutor_unassigned", instance=pupil,
                 changes={"Тьютор": [link.tutor.get_full_name(), None]})


@transaction.atomic
def year_rollover(*, actor, organisations, on: datetime.date) -> dict:
    """Move pupils to the next grade on an explicit date; 11th-graders leave as graduates."""
    from orientir.core.models import AuditEntry

    # Once a school year: a second run would move everyone again.
    since = on - datetime.timedelta(days=300)
    for org in organisations:
        if AuditEntry.objects.filter(action="guidance.pupils.rolled_over", object_repr__endswith=f"({org.pk})",
                                     at__date__gte=since).exists():
            raise DomainError(f"Перевод в следующий класс в {org} уже выполнялся в этом учебном году.")
    qs = Pupil.objects.filter(organisation__in=organisations, status=Pupil.Status.STUDYING)
    graduated = qs.filter(grade=11).update(status=Pupil.Status.GRADUATED, left_on=on)
    moved = qs.filter(grade__gte=1, grade__lte=10).update(grade=F("grade") + 1)
    audit.record(actor=actor, action="guidance.pupils.rolled_over",
                 object_repr=f"Перевод в следующий класс на {on:%d.%m.%Y}: "
                             f"{', '.join(f'{o} ({o.pk})' for o in organisations)}",
                 changes={"moved": [None, moved], "graduated": [None, graduated]})
    return {"moved": moved, "graduated": graduated}


@transaction.atomic
def tutor_assign(*, actor, pupil: Pupil, tutor, start_year: int) -> TutorAssignment:
    if tutor.role != "tutor" or tutor.organisation_id != pupil.organisation_id:
        raise DomainError("Тьютором может быть только тьютор этой же школы.", field="tutor")
    link, created = TutorAssignment.objects.get_or_create(pupil=pupil, tutor=tutor, start_year=start_year)
    if created:
        audit.record(actor=actor, action="guidance.pupil.tutor_assigned", instance=pupil,
                     changes={"Тьютор": [None, tutor.get_full_name()]})
    return link
