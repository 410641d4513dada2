"""What a consent withdrawal leaves behind, written out entry by entry: the consent closed on the stated day with the
stated reason, the log entry that says what was erased (and how much of each kind), the pupil's earlier log entries
scrubbed of everything but the name, the school and the consent (152-ФЗ). Dates are fixed."""

import datetime

import pytest

from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.core.models import AuditEntry
from orientir.directory.models import Specialty
from orientir.pupils import services
from orientir.pupils.models import (Consent, EducationalRoute, MotivatedPupil, ProfessionalPlan, ProfileClass,
                                      ProfileClassMember, Pupil, Representative, TargetedEntry, TutorAssignment)

ON = datetime.date(2026, 11, 20)
GIVEN = datetime.date(2026, 9, 2)


def _pupil(school, actor, last_name="Ёлкина", **personal):
    return services.pupil_create(actor=actor, organisation=school,
                                 data={"last_name": last_name, "first_name": "Мария", **personal},
                                 consent={"given_by_name": f"{last_name} Ольга Петровна", "given_on": GIVEN})


@pytest.mark.today("2026-11-20")
def test_the_withdrawal_entry_names_what_was_erased(personas, school_a):
    coordinator = personas["coordinator_a"]
    pupil = _pupil(school_a, coordinator, grade=9, class_letter="А", birth_date=datetime.date(2011, 5, 4),
                   email="masha@example.ru")
    Representative.objects.create(pupil=pupil, full_name="Ёлкина Ольга Петровна")
    Representative.objects.create(pupil=pupil, full_name="Ёлкин Пётр Иванович", relation="father")
    specialty = Specialty.objects.get(code="44.02.02")
    TargetedEntry.objects.create(pupil=pupil, start_year=2026, specialty=specialty, level="spo")
    MotivatedPupil.objects.create(pupil=pupil, start_year=2026, sector="education")
    MotivatedPupil.objects.create(pupil=pupil, start_year=2025, sector="culture")
    profile_class = ProfileClass.objects.create(organisation=school_a, start_year=2026, name="9 «П»",
                                                orientation="pedagogical")
    ProfileClassMember.objects.create(profile_class=profile_class, pupil=pupil, joined_on=datetime.date(2026, 9, 3))
    EducationalRoute.objects.create(pupil=pupil, start_year=2026, goals="Поступить в колледж")
    ProfessionalPlan.objects.create(pupil=pupil, start_year=2026)
    TutorAssignment.objects.create(pupil=pupil, tutor=personas["tutor"], start_year=2026)

    services.consent_withdraw(actor=coordinator, pupil=pupil, on=ON, reason="заявление родителя")

    entry = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn")
    assert entry.actor == coordinator and entry.object_id == str(pupil.pk)
    assert entry.object_repr == "Ёлкина Мария"
    assert entry.changes == {
        "Удалены сведения": [None, "Дата рождения, Класс, Литера класса, Электронная почта"],
        "Согласие": ["действует", "отозвано 20.11.2026"],
        "Законные представители": [2, 0],
        "Записи базы для целевого обучения": [1, 0],
        "Отметки мотивированности": [2, 0],
        "Участие в профильных классах": [1, 0],
        "Образовательные маршруты": [1, 0],
        "Профессиональные планы": [1, 0],
        "Закрепления тьюторов": [1, 0],
    }
    consent = Consent.objects.get(pupil=pupil)
    assert (consent.withdrawn_on, consent.withdrawal_reason) == (ON, "заявление родителя")
    assert consent.given_on == GIVEN and consent.given_by_name == "Ёлкина Ольга Петровна"
    pupil = Pupil.objects.get(pk=pupil.pk)
    assert (pupil.birth_date, pupil.grade, pupil.class_letter, pupil.email) == (None, None, "", "")
    assert not Representative.objects.filter(pupil=pupil).exists()


@pytest.mark.today("2026-11-20")
def test_a_pupil_with_nothing_but_a_name_and_a_consent(school_a):
    pupil = _pupil(school_a, None)
    services.consent_withdraw(actor=None, pupil=pupil, on=ON)
    entry = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn")
    assert entry.actor is None and entry.actor_name == "Система"
    assert entry.changes == {"Удалены сведения": [None, "—"], "Согласие": ["действует", "отозвано 20.11.2026"],
                             "Законные представители": [0, 0]}
    assert Consent.objects.get(pupil=pupil).withdrawal_reason == ""


@pytest.mark.today("2026-11-20")
def test_a_long_reason_is_kept_to_300_characters_and_a_second_withdrawal_is_refused(school_a):
    pupil = _pupil(school_a, None)
    services.consent_withdraw(actor=None, pupil=pupil, on=ON, reason="а" * 299 + "бв")
    assert Consent.objects.get(pupil=pupil).withdrawal_reason == "а" * 299 + "б"
    with pytest.raises(DomainError) as refused:
        services.consent_withdraw(actor=None, pupil=pupil, on=ON)
    assert refused.value.message == "Действующего согласия нет."
    assert AuditEntry.objects.filter(action="guidance.pupil.consent_withdrawn").count() == 1


@pytest.mark.today("2026-11-20")
def test_every_active_consent_is_closed(school_a):
    pupil = _pupil(school_a, None)
    Consent.objects.create(pupil=pupil, given_by_name="Ёлкин Пётр Иванович", given_on=datetime.date(2026, 10, 1))
    Consent.objects.create(pupil=pupil, given_by_name="Старое", given_on=datetime.date(2025, 9, 1),
                           withdrawn_on=datetime.date(2025, 12, 1), withdrawal_reason="переезд")
    services.consent_withdraw(actor=None, pupil=pupil, on=ON, reason="заявление")
    closed = {c.given_by_name: (c.withdrawn_on, c.withdrawal_reason) for c in Consent.objects.filter(pupil=pupil)}
    assert closed == {"Ёлкина Ольга Петровна": (ON, "заявление"), "Ёлкин Пётр Иванович": (ON, "заявление"),
                      "Старое": (datetime.date(2025, 12, 1), "переезд")}


@pytest.mark.today("2026-11-20")
def test_earlier_log_entries_keep_only_the_name_the_school_and_the_consent(school_a, school_b):
    pupil = _pupil(school_a, None, grade=9)
    classmate = _pupil(school_b, None, "Сосновая", grade=9)
    audit.record(actor=None, action="guidance.pupil.updated", instance=pupil,
                 changes={"last_name": ["Елкина", "Ёлкина"], "phone": ["", "+7 (494) 231-12-34"],
                          "grade": ["удалено", "удалено"]})
    untouched = audit.record(actor=None, action="guidance.pupil.updated", instance=pupil,
                             changes={"middle_name": ["", "Ивановна"], "organisation": ["МБОУ СОШ № 2", "МБОУ СОШ № 1"]})
    services.consent_withdraw(actor=None, pupil=pupil, on=ON)

    created = AuditEntry.objects.get(action="guidance.pupil.created", object_id=str(pupil.pk))
    assert created.changes["last_name"] == [None, "Ёлкина"] and created.changes["first_name"] == [None, "Мария"]
    assert created.changes["organisation"] == [None, "МБОУ СОШ № 1"]
    assert created.changes["grade"] == ["удалено", "удалено"]
    assert created.changes["Согласие"] == [None, "Согласие от 02.09.2026 (Ёлкина Ольга Петровна)"]
    updated = AuditEntry.objects.filter(action="guidance.pupil.updated", object_id=str(pupil.pk)).order_by("pk")
    assert updated[0].changes == {"last_name": ["Елкина", "Ёлкина"], "phone": ["удалено", "удалено"],
                                  "grade": ["удалено", "удалено"]}
    assert updated[1].changes == untouched.changes
    # the classmate at another school keeps every value
    other = AuditEntry.objects.get(action="guidance.pupil.created", object_id=str(classmate.pk))
    assert other.changes["grade"] == [None, 9]


def test_an_eraser_is_registered_once(monkeypatch):
    monkeypatch.setattr(services, "CONSENT_ERASERS", ["уже есть"])

    def eraser(pupil):
        return {}

    assert services.consent_eraser(eraser) is eraser
    assert services.consent_eraser(eraser) is eraser
    assert services.CONSENT_ERASERS == ["уже есть", eraser]


@pytest.mark.today("2026-11-20")
def test_what_registered_erasers_report_is_logged_when_there_was_something(school_a, monkeypatch):
    calls = []

    def erase_notes(pupil):
        calls.append(pupil.pk)
        return {"Заметки": 3, "Пустое": 0}

    monkeypatch.setattr(services, "CONSENT_ERASERS", [erase_notes, lambda pupil: None])
    pupil = _pupil(school_a, None)
    services.consent_withdraw(actor=None, pupil=pupil, on=ON)
    assert calls == [pupil.pk]
    changes = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn").changes
    assert changes["Заметки"] == [3, 0] and "Пустое" not in changes
