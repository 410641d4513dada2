"""After a withdrawal, nothing typed about the pupil is left anywhere: every text and JSON column of every table,
every log entry, the pupil's card and the log page are searched for the words typed about the pupil.
Only the name and the school (which may be kept without consent) and the consent itself stay."""

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.directory.models import Specialty
from orientir.pupils import services, services_classes, services_routes, services_tutoring
from orientir.pupils.models import Pupil
from orientir.mentoring import services as mentoring
from orientir.mentoring.tests.conftest import make_mentor, make_pair, make_programme

# Every text typed about the pupil carries a word found nowhere else in the database.
TYPED = {
    "goals": "Цель-Шиповник поступить в КГУ",
    "step": "Шаг-Черёмуха олимпиада",
    "plan": "План-Рябина подготовка к ЕГЭ",
    "institution": "Вуз-Калина",
    "motivation": "Мотив-Брусника хочет в школу",
    "desired": "Желаемый-Можжевельник колледж",
    "entry_note": "Заметка-Облепиха о семье",
    "item": "Мероприятие-Боярышник",
    "item_note": "Отметка-Жимолость был болен",
    "goal": "Цель-Крыжовник наставничества",
    "meeting": "Встреча-Смородина о выборе",
    "phone": "+7 (900) 555-12-34",
    "email": "shipovnik.family@example.ru",
    "representative": "Кизилова Ольга Петровна",
}


def _make_pupil(school, personas, last_name):
    coordinator = personas["coordinator_a"]
    pupil = services.pupil_create(actor=coordinator, organisation=school,
                                  data={"last_name": last_name, "first_name": "Мария", "grade": 9,
                                        "class_letter": "А", "birth_date": datetime.date(2011, 5, 4),
                                        "phone": TYPED["phone"], "email": TYPED["email"]},
                                  consent={"given_by_name": "Законный представитель",
                                           "given_on": datetime.date(2026, 9, 2)},
                                  representatives=[{"full_name": TYPED["representative"], "relation": "mother",
                                                    "phone": "", "email": ""}])
    pupil.interest_specialties.set(Specialty.objects.filter(code__in=["44.03.01"]))
    route = services_tutoring.route_save(actor=coordinator, pupil=pupil, start_year=2026, goals=TYPED["goals"])
    services_tutoring.route_step_add(actor=coordinator, route=route, title=TYPED["step"],
                                     due_on=datetime.date(2026, 12, 1))
    services_tutoring.plan_save(actor=coordinator, pupil=pupil, start_year=2026,
                                data={"institution": TYPED["institution"], "steps": TYPED["plan"]})
    services_classes.motivated_mark(actor=coordinator, pupil=pupil, start_year=2026, sector="education",
                                    note=TYPED["motivation"])
    entry = services_routes.targeted_entry_create(actor=coordinator, pupil=pupil, start_year=2026, data={
        "specialty": Specialty.objects.get(code="44.03.01"), "desired_institution": TYPED["desired"],
        "note": TYPED["entry_note"]})
    sheet = services_routes.route_sheet_create(actor=coordinator, entry=entry, template=None)
    item = services_routes.route_item_add(actor=coordinator, sheet=sheet, data={
        "kind": "consultation", "title": TYPED["item"], "planned_on": datetime.date(2026, 11, 10)})
    services_routes.route_item_mark(actor=coordinator, item=item, done_on=datetime.date(2026, 11, 12),
                                    note=TYPED["item_note"], today=datetime.date(2026, 11, 20))
    services.tutor_assign(actor=coordinator, pupil=pupil, tutor=personas["tutor"], start_year=2026)
    pair = make_pair(make_programme(school), make_mentor(school, "Наставникова"), pupil, state="active",
                     on=datetime.date(2026, 10, 1))
    mentoring.goal_add(actor=coordinator, pair=pair, text=TYPED["goal"])
    mentoring.meeting_add(actor=coordinator, pair=pair, data={
        "held_on": datetime.date(2026, 10, 20), "format": "in_person", "topic": TYPED["meeting"], "hours": 1})
    return pupil


def _text_everywhere() -> str:
    """Every value of every text and JSON column of every table, as one string."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        if fields:
            chunks.extend(str(row) for row in model._default_manager.values_list(*fields))
    return "\n".join(chunks)


@pytest.mark.today("2026-11-20")
def test_after_withdrawal_no_word_typed_about_the_pupil_is_left_anywhere(personas, client_for, school_a):
    pupil = _make_pupil(school_a, personas, "Кизилова")
    before = _text_everywhere()
    missing = [key for key, text in TYPED.items() if text not in before]
    assert not missing, f"the test's data did not reach the database: {missing}"

    coordinator = client_for(personas["coordinator_a"])
    response = coordinator.post(reverse("pupils:consent_withdraw", args=[pupil.pk]), {"reason": "заявление"})
    assert response.status_code == 302

    after = _text_everywhere()
    left = {key: text for key, text in TYPED.items() if text in after}
    assert not left, f"still in the database after the withdrawal: {left}"
    kept = Pupil.objects.get(pk=pupil.pk)
    assert (kept.last_name, kept.first_name, kept.organisation_id) == ("Кизилова", "Мария", school_a.pk)
    # the log keeps who did what and when: every entry about the pupil's erased rows is still there
    assert AuditEntry.objects.filter(action="guidance.targeted_entry.created").exists()
    assert AuditEntry.objects.filter(action="guidance.pupil.consent_withdrawn", object_id=str(pupil.pk)).exists()
    pages = [coordinator.get(reverse("pupils:pupil_detail", args=[pupil.pk])).content.decode(),
             client_for(personas["committee"]).get(reverse("core:audit_log")).content.decode()]
    for page in pages:
        assert not [key for key, text in TYPED.items() if text in page]
