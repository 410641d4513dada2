"""Fixtures of the mentoring tests: programmes of schools A and B, mentors, a consenting pupil, contracts."""

import datetime

import pytest
from django.utils import timezone

from orientir.directory.models import Specialty
from orientir.directory.services import academic_year_for
from orientir.pupils import services as pupil_services
from orientir.mentoring import services

TODAY = datetime.date.today()
YEAR = academic_year_for(TODAY)


def spec(code: str) -> Specialty:
    return Specialty.objects.filter(code=code).order_by("-valid_from").first()


def make_pupil(school, last_name="Смирнова", *, consent=True, interest=None, sector="education"):
    data = {"last_name": last_name, "first_name": "Дарья"}
    if consent:
        data.update(grade=9, class_letter="А", interest_sector=sector)
    pupil = pupil_services.pupil_create(actor=None, organisation=school, data=data,
                                  consent={"given_by_name": "Смирнова Ольга Петровна", "given_on": timezone.localdate()}
                                  if consent else None)
    if interest:
        pupil.interest_specialties.add(*[spec(c) for c in interest])
    return pupil


def make_programme(school, model="student_pupil", title="Наставник рядом", year=None):
    # The school year of the day the test lives on (a `today` marker included), not of the day tests were collected.
    year = year if year is not None else academic_year_for(timezone.localdate())
    return services.programme_create(actor=None, organisation=school, data={
        "model": model, "title": title, "start_year": year, "goals": "Профориентация на педагогические профессии",
        "coordinator": "Иванова И. И., заместитель директора"})


def make_mentor(org, last_name="Петрова", *, kind="student", code="44.02.02", sector="education", user=None,
                capacity=3):
    data = {"kind": kind, "last_name": last_name, "first_name": "Мария", "sector": sector, "capacity": capacity,
            "specialty": spec(code) if code else None, "user": user, "is_active": True}
    if kind == "student":
        data.update(education_organisation="Костромской педагогический колледж", course=3)
    else:
        data.update(position="Учитель начальных классов")
    return services.mentor_create(actor=None, organisation=org, data=data)


def make_contract(city, customer, number="ЦО-1", state="studying", code="44.02.02", last_name="Орлова"):
    from orientir.contracts.models import Contract

    c = Contract.objects.create(municipality=city, number=number, customer=customer, last_name=last_name,
                                first_name="Вера", birth_date=datetime.date(2005, 3, 1), specialty=spec(code),
                                level="spo", signed_on=TODAY - datetime.timedelta(days=400))
    Contract.objects.filter(pk=c.pk).update(state=state)
    c.refresh_from_db()
    return c


def make_pair(programme, mentor, pupil=None, contract=None, *, state="proposed", on=None):
    # A month ago, but not before the programme began (a pair is not proposed before its programme starts).
    on = on or max(TODAY - datetime.timedelta(days=30), services.programme_start(programme))
    pair = services.pair_propose(actor=None, programme=programme, mentor=mentor, pupil=pupil, contract=contract, on=on)
    if state in ("active", "completed") or state == "cancelled_active":
        pair = services.pair_transition(actor=None, pair=pair, action="activate", on=on)
    if state == "completed":
        pair = services.pair_transition(actor=None, pair=pair, action="complete", on=TODAY, outcome="Выбрал профессию")
    if state in ("cancelled", "cancelled_active"):
        pair = services.pair_transition(actor=None, pair=pair, action="cancel", on=TODAY, reason="Переезд")
    return pair


@pytest.fixture
def programme_a(school_a):
    return make_programme(school_a)


@pytest.fixture
def programme_b(school_b):
    return make_programme(school_b, title="Школа Б: студент – школьник")


@pytest.fixture
def pupil_a(school_a):
    return make_pupil(school_a, interest=["44.02.02"])


@pytest.fixture
def mentor_a(school_a, personas):
    return make_mentor(school_a, user=personas["tutor"])


@pytest.fixture
def pair_a(programme_a, mentor_a, pupil_a):
    return make_pair(programme_a, mentor_a, pupil_a, state="active")


@pytest.fixture
def pair_b(programme_b, school_b):
    return make_pair(programme_b, make_mentor(school_b, "Сидорова"), make_pupil(school_b, "Козлова"), state="active")
