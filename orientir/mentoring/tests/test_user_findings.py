"""What users stumbled on in mentoring (3.2): workplace mentoring (3.2.2) offered only mentors of other organisations
and paired one without a word; a pair proposed today could not be started on the earlier day it really began."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_org
from orientir.core.errors import DomainError
from orientir.core.models import AuditEntry
from orientir.mentoring import services
from orientir.mentoring.models import Pair

from .conftest import make_contract, make_mentor, make_programme, make_pupil


@pytest.fixture
def kindergartens(city):
    return [make_org(city, short_name=f"МБДОУ Детский сад № {n}", kind="kindergarten") for n in (5, 7)]


def _young_specialist(city, school, number="ЦО-7", last_name="Орлова"):
    """A graduate employed at the school under the contract (its place of work)."""
    from orientir.contracts.models import Contract

    contract = make_contract(city, school, number=number, state="employed", last_name=last_name)
    Contract.objects.filter(pk=contract.pk).update(work_organisation=school)
    contract.refresh_from_db()
    return contract


# --- 3.2.2: the workplace's own staff first, a warning for anyone else --------------------------------------

def test_workplace_staff_come_first_and_others_are_marked(personas, client_for, city, school_a, kindergartens):
    programme = make_programme(school_a, "employer_young_specialist", "Молодой учитель")
    contract = _young_specialist(city, school_a)
    # Kindergarten teachers of the very specialty score higher (5 + 3) than the school's own PE teacher (3 + 2)…
    kg5 = make_mentor(kindergartens[0], "Садова", kind="staff", code="44.02.02")
    kg7 = make_mentor(kindergartens[1], "Ясельная", kind="staff", code="44.02.02")
    own = make_mentor(school_a, "Школьная", kind="staff", code="49.02.01")
    client = client_for(personas["committee"])
    response = client.get(reverse("mentoring:match"), {"programme": programme.pk, "contract": contract.pk})
    rows = response.context["suggestions"]
    # …but workplace mentoring is led by a colleague: the school's own mentor comes first.
    assert [m.pk for m, _ in rows] == [own.pk, kg5.pk, kg7.pk]
    assert [s.score for _, s in rows] == [5, 8, 8]
    assert [s.at_workplace for _, s in rows] == [True, False, False]
    text = response.content.decode()
    assert "Работники места работы наставляемого — МБОУ СОШ № 1" in text
    assert text.count('data-testid="elsewhere"') == 2
    assert "работает в другой организации, не по месту работы наставляемого" in text


def test_no_free_colleague_is_said_on_the_match_page(personas, client_for, city, school_a, kindergartens):
    programme = make_programme(school_a, "employer_young_specialist", "Молодой учитель")
    contract = _young_specialist(city, school_a)
    make_mentor(kindergartens[0], "Садова", kind="staff")
    response = client_for(personas["committee"]).get(reverse("mentoring:match"),
                                                     {"programme": programme.pk, "contract": contract.pk})
    text = response.content.decode()
    assert "Среди работников этой организации нет свободных наставников" in text
    assert "«МБОУ СОШ № 1»" in text


def test_proposing_a_mentor_from_elsewhere_warns(personas, client_for, city, school_a, kindergartens):
    programme = make_programme(school_a, "employer_young_specialist", "Молодой учитель")
    contract = _young_specialist(city, school_a)
    outsider = make_mentor(kindergartens[0], "Садова", kind="staff")
    client = client_for(personas["committee"])
    response = client.post(reverse("mentoring:pair_propose", args=[programme.pk]),
                           {"mentor": outsider.pk, "contract": contract.pk}, follow=True)
    assert response.status_code == 200
    pair = Pair.objects.get()
    warning = response.content.decode().split('data-testid="mentor-elsewhere"')[1].split("</div>")[0]
    assert ("Наставник Садова Мария работает в «МБДОУ Детский сад № 5», а не по месту работы наставляемого "
            "(«МБОУ СОШ № 1»)") in warning
    entry = AuditEntry.objects.get(action="mentoring.pair.proposed", object_id=str(pair.pk))
    assert entry.changes["Место работы наставника"] == [None, "другая организация: МБДОУ Детский сад № 5"]
    assert any("другой организации" in r for r in pair.match_reasons)

    # A colleague of the same school: no warning.
    colleague = make_mentor(school_a, "Школьная", kind="staff")
    other = _young_specialist(city, school_a, number="ЦО-8", last_name="Белова")
    response = client.post(reverse("mentoring:pair_propose", args=[programme.pk]),
                           {"mentor": colleague.pk, "contract": other.pk}, follow=True)
    assert response.status_code == 200 and 'data-testid="mentor-elsewhere"' not in response.content.decode()


def test_other_models_name_no_workplace(personas, client_for, city, school_a, kindergartens):
    """«Работодатель – студент» (3.2.1) is not workplace mentoring: no grouping, no warning."""
    programme = make_programme(school_a, "employer_student", "Наставник на практике")
    contract = make_contract(city, school_a)
    make_mentor(kindergartens[0], "Садова", kind="staff")
    response = client_for(personas["committee"]).get(reverse("mentoring:match"),
                                                     {"programme": programme.pk, "contract": contract.pk})
    assert [s.at_workplace for _, s in response.context["suggestions"]] == [None]
    assert 'data-testid="elsewhere"' not in response.content.decode()


# --- A pair may be proposed on an earlier day, within reason --------------------------------------------------

@pytest.mark.today("2026-10-15")
def test_proposal_dated_earlier_lets_the_pair_start_on_that_day(personas, client_for, school_a):
    programme = make_programme(school_a)  # the 2026/2027 school year: from 01.09.2026
    mentor = make_mentor(school_a, "Петрова")
    pupil = make_pupil(school_a, interest=["44.02.02"])
    client = client_for(personas["coordinator_a"])
    match = client.get(reverse("mentoring:match"), {"programme": programme.pk, "pupil": pupil.pk}).content.decode()
    assert 'name="on" value="2026-10-15" min="2026-09-01" max="2026-10-15"' in match
    response = client.post(reverse("mentoring:pair_propose", args=[programme.pk]),
                           {"mentor": mentor.pk, "pupil": pupil.pk, "on": "2026-09-20"})
    pair = Pair.objects.get()
    assert response.status_code == 302 and pair.proposed_on == datetime.date(2026, 9, 20)
    assert pair.events.get().on == datetime.date(2026, 9, 20)
    # The pair really began on 22.09, before the day it was entered.
    response = client.post(reverse("mentoring:pair_transition", args=[pair.pk]), {"action": "activate",
                                                                                   "on": "2026-09-22"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.state == "active" and pair.started_on == datetime.date(2026, 9, 22)


@pytest.mark.today("2026-10-15")
@pytest.mark.parametrize("on,message", [
    ("2026-10-16", "Дата предложения пары не может быть в будущем."),
    ("2026-08-31", "Дата предложения пары раньше начала программы (01.09.2026)."),
])
def test_proposal_date_refused_outside_the_programme(personas, client_for, school_a, on, message):
    programme = make_programme(school_a)
    mentor = make_mentor(school_a, "Петрова")
    pupil = make_pupil(school_a)
    response = client_for(personas["coordinator_a"]).post(reverse("mentoring:pair_propose", args=[programme.pk]),
                                                          {"mentor": mentor.pk, "pupil": pupil.pk, "on": on},
                                                          follow=True)
    assert f"Пара не предложена: {message}" in response.content.decode()
    assert not Pair.objects.exists()


@pytest.mark.today("2026-10-15")
def test_proposal_date_at_most_a_year_back(city, school_a):
    # A workplace programme of 2024 (from 01.01.2024) still running: a year back from today is the limit.
    programme = make_programme(school_a, "employer_young_specialist", "Молодой учитель", year=2024)
    mentor = make_mentor(school_a, "Школьная", kind="staff")
    contract = make_contract(city, school_a, state="employed")
    with pytest.raises(DomainError) as refused:
        services.pair_propose(actor=None, programme=programme, mentor=mentor, contract=contract,
                              on=datetime.date(2025, 10, 14))
    assert refused.value.message == ("Дату предложения пары можно указать не более чем за год до сегодняшнего дня — "
                                     "не раньше 15.10.2025.")
    pair = services.pair_propose(actor=None, programme=programme, mentor=mentor, contract=contract,
                                 on=datetime.date(2025, 10, 15))
    assert pair.proposed_on == datetime.date(2025, 10, 15)


def test_proposal_without_a_date_is_dated_today(personas, client_for, school_a):
    from django.utils import timezone

    programme = make_programme(school_a)
    client = client_for(personas["coordinator_a"])
    client.post(reverse("mentoring:pair_propose", args=[programme.pk]),
                {"mentor": make_mentor(school_a, "Петрова").pk, "pupil": make_pupil(school_a).pk})
    assert Pair.objects.get().proposed_on == timezone.localdate()
