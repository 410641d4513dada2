"""Pairs through HTTP and services: the lifecycle (every state × action), goals, meetings, the match page, scope,
the consent eraser and the timeline."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from orientir.core.errors import DomainError
from orientir.core.models import AuditEntry
from orientir.pupils import services as pupil_services
from orientir.mentoring import services
from orientir.mentoring.models import Goal, Meeting, Pair, PairEvent, PairState

from .conftest import TODAY, make_contract, make_mentor, make_pair, make_programme, make_pupil

STATES = ["proposed", "active", "completed", "cancelled"]
ALLOWED = {("proposed", "activate"): "active", ("proposed", "cancel"): "cancelled",
           ("active", "complete"): "completed", ("active", "cancel"): "cancelled"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ["activate", "complete", "cancel"])
def test_every_state_and_action(state, action, programme_a, mentor_a, pupil_a):
    pair = make_pair(programme_a, mentor_a, pupil_a, state=state)
    events = PairEvent.objects.filter(pair=pair).count()
    kwargs = {"reason": "Смена школы", "outcome": "Определился с профессией"}
    if (state, action) in ALLOWED:
        pair = services.pair_transition(actor=None, pair=pair, action=action, on=TODAY, **kwargs)
        assert pair.state == ALLOWED[(state, action)]
        event = PairEvent.objects.filter(pair=pair).last()
        assert event.from_state == state and event.to_state == pair.state and event.on == TODAY
        assert AuditEntry.objects.filter(action__startswith="mentoring.pair.", object_id=str(pair.pk)).exists()
    else:
        with pytest.raises(DomainError) as err:
            services.pair_transition(actor=None, pair=pair, action=action, on=TODAY, **kwargs)
        assert "можно только" in err.value.message
        pair.refresh_from_db()
        assert pair.state == state and PairEvent.objects.filter(pair=pair).count() == events


def test_cancel_needs_a_reason_and_complete_needs_an_outcome(pair_a):
    with pytest.raises(DomainError, match="причину отмены"):
        services.pair_transition(actor=None, pair=pair_a, action="cancel", on=TODAY)
    with pytest.raises(DomainError, match="результат"):
        services.pair_transition(actor=None, pair=pair_a, action="complete", on=TODAY)
    with pytest.raises(DomainError, match="будущем"):
        services.pair_transition(actor=None, pair=pair_a, action="complete", on=TODAY + datetime.timedelta(days=1),
                                 outcome="x")
    assert Pair.objects.get(pk=pair_a.pk).state == PairState.ACTIVE


def test_complete_through_http_refused_then_done(personas, client_for, programme_a, mentor_a, pupil_a):
    client = client_for(personas["coordinator_a"])
    pair = make_pair(programme_a, mentor_a, pupil_a)
    url = reverse("mentoring:pair_transition", args=[pair.pk])
    day = TODAY.isoformat()
    response = client.post(url, {"action": "complete", "on": day, "outcome": "Итог"})
    assert response.status_code == 422
    assert "Завершить можно только действующую пару" in response.content.decode()
    assert client.post(url, {"action": "activate", "on": day}).status_code == 302
    response = client.post(url, {"action": "complete", "on": day})
    assert response.status_code == 422 and "Опишите результат" in response.content.decode()
    assert client.post(url, {"action": "complete", "on": day, "outcome": "Поступает в колледж"}).status_code == 302
    pair.refresh_from_db()
    assert pair.state == "completed" and pair.completed_on == TODAY and pair.outcome == "Поступает в колледж"
    assert AuditEntry.objects.filter(action="mentoring.pair.completed", object_id=str(pair.pk)).exists()


def test_goals_and_meetings(personas, client_for, programme_a, mentor_a, pupil_a):
    client = client_for(personas["coordinator_a"])
    pair = make_pair(programme_a, mentor_a, pupil_a)
    meeting = {"held_on": TODAY.isoformat(), "format": "in_person", "hours": "1.5", "topic": "Знакомство"}
    response = client.post(reverse("mentoring:meeting_add", args=[pair.pk]), meeting)
    assert response.status_code == 422 and "сначала начните работу пары" in response.content.decode()
    services.pair_transition(actor=None, pair=pair, action="activate", on=TODAY - datetime.timedelta(days=3))
    response = client.post(reverse("mentoring:meeting_add", args=[pair.pk]),
                           {**meeting, "held_on": (TODAY + datetime.timedelta(days=2)).isoformat()})
    assert response.status_code == 422 and not Meeting.objects.exists()
    assert client.post(reverse("mentoring:meeting_add", args=[pair.pk]), meeting).status_code == 302
    assert Meeting.objects.get().hours == 1.5
    assert client.post(reverse("mentoring:goal_add", args=[pair.pk]), {"text": ""}).status_code == 422
    assert client.post(reverse("mentoring:goal_add", args=[pair.pk]),
                       {"text": "Пройти профпробу", "due_on": TODAY.isoformat()}).status_code == 302
    goal = Goal.objects.get()
    assert client.post(reverse("mentoring:goal_mark", args=[pair.pk, goal.pk]), {"achieved": "1"}).status_code == 302
    goal.refresh_from_db()
    assert goal.achieved and goal.achieved_on == TODAY
    page = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "Знакомство" in page and "Пройти профпробу" in page
    assert AuditEntry.objects.filter(action="mentoring.pair.viewed", object_id=str(pair.pk)).exists()
    m = Meeting.objects.get()
    assert client.post(reverse("mentoring:meeting_delete", args=[pair.pk, m.pk])).status_code == 302
    assert not Meeting.objects.exists()


def test_read_only_roles_cannot_write(personas, client_for, pair_a):
    client = client_for(personas["tutor"])
    assert client.get(reverse("mentoring:pair_detail", args=[pair_a.pk])).status_code == 200
    response = client.post(reverse("mentoring:pair_transition", args=[pair_a.pk]),
                           {"action": "cancel", "on": TODAY.isoformat(), "reason": "x"})
    assert response.status_code == 403
    client = client_for(personas["coordinator_b"])
    assert client.post(reverse("mentoring:pair_transition", args=[pair_a.pk]),
                       {"action": "cancel", "on": TODAY.isoformat(), "reason": "x"}).status_code == 404
    assert Pair.objects.get(pk=pair_a.pk).state == "active"


def test_match_ranks_mentors_and_proposes_in_one_click(personas, client_for, school_a, programme_a, pupil_a):
    best = make_mentor(school_a, "Лучшая", code="44.02.02")
    group = make_mentor(school_a, "Групповая", code="44.03.05")
    other = make_mentor(school_a, "Спортивная", code="49.02.01", sector="sport")
    make_mentor(school_a, "Работница", kind="staff")  # staff: not a mentor of the student–pupil model
    no_consent = make_pupil(school_a, "Безсогласия", consent=False)
    client = client_for(personas["coordinator_a"])
    url = reverse("mentoring:match")
    page = client.get(url, {"programme": programme_a.pk}).content.decode()
    assert pupil_a.full_name in page and no_consent.full_name not in page
    response = client.get(url, {"programme": programme_a.pk, "pupil": pupil_a.pk})
    rows = response.context["suggestions"]
    assert [m.pk for m, _ in rows] == [best.pk, group.pk, other.pk]
    assert rows[0][1].score == 5 + 3 + 2 and "та же специальность" in response.content.decode()
    assert client.get(url, {"programme": programme_a.pk, "pupil": no_consent.pk}).status_code == 404
    propose = reverse("mentoring:pair_propose", args=[programme_a.pk])
    assert client.post(propose, {"mentor": best.pk, "pupil": no_consent.pk}).status_code == 404
    response = client.post(propose, {"mentor": best.pk, "pupil": pupil_a.pk})
    pair = Pair.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mentoring:pair_detail", args=[pair.pk])
    assert pair.state == "proposed" and pair.match_score == 10 and pair.match_reasons
    assert AuditEntry.objects.filter(action="mentoring.pair.proposed").exists()
    # A second open pair for the same pupil in the programme is refused with a message.
    response = client.post(propose, {"mentor": group.pk, "pupil": pupil_a.pk}, follow=True)
    assert "уже есть предложенная или действующая пара" in response.content.decode()
    assert Pair.objects.count() == 1


def test_pair_has_exactly_one_mentee(city, school_a, programme_a, mentor_a, pupil_a):
    contract = make_contract(city, school_a)
    with pytest.raises(IntegrityError):
        Pair.objects.create(programme=programme_a, mentor=mentor_a, pupil=pupil_a, contract=contract,
                            proposed_on=TODAY)


def test_mentee_must_match_the_programme_model(city, school_a, programme_a, mentor_a, pupil_a):
    contract = make_contract(city, school_a)
    with pytest.raises(DomainError, match="обучающийся школы"):
        services.pair_propose(actor=None, programme=programme_a, mentor=mentor_a, contract=contract, on=TODAY)
    employer = make_programme(school_a, "employer_student", "Наставник на практике")
    staff = make_mentor(school_a, "Учительница", kind="staff")
    with pytest.raises(DomainError, match="гражданин по договору"):
        services.pair_propose(actor=None, programme=employer, mentor=staff, pupil=pupil_a, on=TODAY)
    with pytest.raises(DomainError, match="работник"):
        services.pair_propose(actor=None, programme=employer, mentor=mentor_a, contract=contract, on=TODAY)
    pair = services.pair_propose(actor=None, programme=employer, mentor=staff, contract=contract, on=TODAY)
    assert pair.contract == contract and pair.pupil is None
    young = make_programme(school_a, "employer_young_specialist", "Молодой учитель")
    with pytest.raises(DomainError, match="трудоустроен"):
        services.pair_propose(actor=None, programme=young, mentor=staff, contract=contract, on=TODAY)


def test_contract_match_uses_the_contract_specialty(personas, client_for, city, school_a):
    employer = make_programme(school_a, "employer_student", "Наставник на практике")
    contract = make_contract(city, school_a)
    same = make_mentor(school_a, "Учительница", kind="staff", code="44.02.02")
    make_mentor(school_a, "Физрук", kind="staff", code="49.02.01", sector="sport")
    response = client_for(personas["coordinator_a"]).get(reverse("mentoring:match"),
                                                         {"programme": employer.pk, "contract": contract.pk})
    assert response.status_code == 200
    assert response.context["suggestions"][0][0] == same


def test_full_mentor_cannot_start_another_pair(school_a, programme_a):
    mentor = make_mentor(school_a, "Занятая", capacity=1)
    make_pair(programme_a, mentor, make_pupil(school_a, "Первая"), state="active")
    with pytest.raises(DomainError, match="предел"):
        services.pair_propose(actor=None, programme=programme_a, mentor=mentor, pupil=make_pupil(school_a, "Вторая"),
                              on=TODAY)


def test_scope_of_pairs(personas, client_for, pair_a, pair_b, programme_b):
    url = reverse("mentoring:pair_list")
    seen = lambda role: {p.pk for p in client_for(personas[role]).get(url).context["page"].object_list}  # noqa: E731
    assert seen("coordinator_a") == {pair_a.pk}
    assert seen("committee") == {pair_a.pk, pair_b.pk}
    assert seen("methodologist") == {pair_a.pk, pair_b.pk}
    assert seen("tutor") == {pair_a.pk}  # the tutor is the linked user of pair A's mentor
    assert client_for(personas["coordinator_a"]).get(
        reverse("mentoring:pair_detail", args=[pair_b.pk])).status_code == 404
    assert client_for(personas["coordinator_a"]).get(
        reverse("mentoring:programme_detail", args=[programme_b.pk])).status_code == 404
    assert client_for(personas["tutor"]).get(
        reverse("mentoring:pair_detail", args=[pair_b.pk])).status_code == 404
    assert client_for(personas["culture_directorate"]).get(url).context["page"].paginator.count == 0
    assert client_for(personas["observer"]).get(url).status_code == 403


def test_consent_withdrawal_erases_the_pupils_pairs(pair_a, pupil_a, programme_a, school_a):
    services.goal_add(actor=None, pair=pair_a, text="Цель")
    services.meeting_add(actor=None, pair=pair_a, data={"held_on": TODAY, "hours": 1, "topic": "Встреча"})
    other = make_pair(programme_a, make_mentor(school_a, "Другая"), make_pupil(school_a, "Другой"))
    pupil_services.consent_withdraw(actor=None, pupil=pupil_a, on=TODAY, reason="Заявление")
    assert not Pair.objects.filter(pupil=pupil_a).exists()
    assert not Goal.objects.exists() and not Meeting.objects.exists()
    assert Pair.objects.filter(pk=other.pk).exists()
    entry = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn")
    assert entry.changes["Пары наставничества"] == [1, 0] and entry.changes["Встречи наставничества"] == [1, 0]
    for e in AuditEntry.objects.filter(object_id=str(pair_a.pk), action__startswith="mentoring.pair."):
        assert pupil_a.last_name not in e.object_repr and pupil_a.last_name not in str(e.changes)


def test_pair_shows_on_the_pupils_timeline(personas, client_for, pair_a, pupil_a):
    services.meeting_add(actor=None, pair=pair_a, data={"held_on": TODAY, "hours": 1, "topic": "Экскурсия в колледж"})
    page = client_for(personas["coordinator_a"]).get(reverse("pupils:pupil_detail", args=[pupil_a.pk]))
    text = page.content.decode()
    assert "Начата работа с наставником Петрова Мария" in text and "Экскурсия в колледж" in text
