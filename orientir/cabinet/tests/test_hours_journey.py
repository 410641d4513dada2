"""The pupil's hours journey in the cabinet (issue 18, «Done when»): career-guidance hours by school year with the
level reached (careers/levels.py: 40, 60, 80 hours a school year), and the level changing once the school marks the
pupil present at an event. The expected figures are counted by hand from the events below."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from orientir.cabinet.selectors import hours_journey
from orientir.cabinet.tests.helpers import join, pupil
from orientir.careers import services_activities as careers

pytestmark = pytest.mark.today("2027-03-15")  # school year 2026/2027


def _event(actor, school, held_on, hours, title):
    return careers.event_create(actor=actor, organisation=school, data={
        "held_on": held_on, "title": title, "kind": "trial", "place": "МБДОУ № 5", "organiser": "Колледж",
        "hours": Decimal(hours)})


@pytest.fixture
def journey(personas, school_a):
    coordinator = personas["coordinator_a"]
    p = pupil(school_a, "Часов", born=datetime.date(2011, 1, 10))  # 16 on the test's date
    # 2025/2026: 24 + 20 = 44 hours, the basic level
    for held_on, hours in ((datetime.date(2025, 10, 1), 24), (datetime.date(2026, 4, 1), 20)):
        careers.event_participant_add(actor=coordinator, event=_event(coordinator, school_a, held_on, hours, "Проба"),
                                      pupil=p)
    # 2026/2027 so far: one event of 20 hours attended
    careers.event_participant_add(actor=coordinator, event=_event(coordinator, school_a, datetime.date(2026, 11, 5),
                                                                  20, "Мастер-класс"), pupil=p)
    client = Client()
    client.force_login(join(coordinator, "pupil", "chasov16", pupil=p))
    return {"pupil": p, "client": client, "coordinator": coordinator, "school": school_a}


def test_the_hours_by_school_year_with_the_level_reached(journey):
    rows = hours_journey(journey["pupil"], 2026)
    assert [(r["year_label"], r["total"], r["level_label"]) for r in rows] == [
        ("2026/2027", Decimal(20), "Ниже базового"), ("2025/2026", Decimal(44), "Базовый")]
    assert (rows[0]["next_label"], rows[0]["next_needs"]) == ("Базовый", Decimal(20))
    html = journey["client"].get(reverse("cabinet:pupil", args=[journey["pupil"].pk])).content.decode()
    assert "До уровня «Базовый» — ещё 20 ч." in html and "2025/2026" in html


def test_the_pupil_sees_the_level_change_after_attending_an_event(journey):
    url = reverse("cabinet:pupil", args=[journey["pupil"].pk])
    assert '<strong data-testid="level">Ниже базового</strong>' in journey["client"].get(url).content.decode()
    coordinator = journey["coordinator"]
    event = _event(coordinator, journey["school"], datetime.date(2027, 3, 12), 24, "Экскурсия в детский сад")
    careers.event_participant_add(actor=coordinator, event=event, pupil=journey["pupil"], attended=False)
    # enrolled, not yet marked present: no hours
    assert '<strong data-testid="level">Ниже базового</strong>' in journey["client"].get(url).content.decode()
    careers.event_attendance_save(actor=coordinator, event=event,
                                  present_ids=list(event.participants.values_list("id", flat=True)))
    html = journey["client"].get(url).content.decode()
    # 20 + 24 = 44 hours: basic; the main level needs 60, 16 more
    assert '<strong data-testid="level">Базовый</strong>' in html and "До уровня «Основной» — ещё 16 ч." in html


def test_the_highest_level_says_so(journey):
    coordinator = journey["coordinator"]
    for day in (1, 2, 3):  # 20 + 3 × 24 = 92 hours
        careers.event_participant_add(actor=coordinator, pupil=journey["pupil"], event=_event(
            coordinator, journey["school"], datetime.date(2027, 2, day), 24, f"Проба {day}"))
    [current, _] = hours_journey(journey["pupil"], 2026)
    assert (current["total"], current["level_label"], current["next_label"], current["percent"]) == (
        Decimal(92), "Продвинутый", "", 100)
