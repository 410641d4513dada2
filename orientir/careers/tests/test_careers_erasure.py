"""A consent withdrawal and the careers log, record by record: the withdrawn pupil's name and scores go from the
entries of the runs, events, courses and results that named them — and nothing of anybody else goes, not a
classmate's entry in the same list, not a namesake's at another school. The clock is fixed: 20 November 2026."""

import datetime
from decimal import Decimal

import pytest

from orientir.careers import services, services_activities
from orientir.careers.models import Programme
from orientir.core.models import AuditEntry
from orientir.pupils import services as pupil_services
from orientir.pupils.models import Pupil

DAY = datetime.date(2026, 11, 2)
ERASED = ["удалено", "удалено"]
ERASED_RESULT = "Результат экзамена (удалён: отзыв согласия)"


def _pupil(school, last_name):
    return pupil_services.pupil_create(actor=None, organisation=school,
                                 data={"last_name": last_name, "first_name": "Анна", "grade": 11, "class_letter": "А"},
                                 consent={"given_by_name": f"{last_name} Ольга Петровна",
                                          "given_on": datetime.date(2026, 9, 1)})


def _run(school, title):
    p = services.programme_create(actor=None, organisation=school, data={
        "start_year": 2026, "title": title, "kind": "trials", "sector": "education", "authors": "Иванова И. И.",
        "grade_from": 8, "grade_to": 11, "hours": Decimal(36), "description": "Пробы"})
    Programme.objects.filter(pk=p.pk).update(status=Programme.Status.APPROVED)
    p.refresh_from_db()
    return services.run_create(actor=None, programme=p, organisation=school, start_year=2026)


def _event(school):
    return services_activities.event_create(actor=None, organisation=school, data={
        "held_on": DAY, "title": "Профессиональная суббота", "kind": "saturday", "place": "Колледж",
        "organiser": "Педагогический колледж", "hours": Decimal(4)})


def _course(school):
    return services_activities.course_create(actor=None, organisation=school, data={
        "start_year": 2026, "subject": "math", "teacher": "Сидоров С. С."})


def _entries(action, record):
    return list(AuditEntry.objects.filter(action=action, object_id=str(record.pk)).order_by("pk"))


@pytest.mark.today("2026-11-20")
def test_only_the_withdrawn_pupils_entries_lose_the_name(school_a, school_b):
    pupil = _pupil(school_a, "Берёзкина")
    classmate = _pupil(school_a, "Дубова")
    namesake = _pupil(school_b, "Берёзкина")  # the same name at another school: not the same person
    run = _run(school_a, "Пробы «Учитель»")
    left = _run(school_a, "Пробы «Воспитатель»")  # the pupil was enrolled and removed earlier
    far = _run(school_b, "Пробы школы № 2")
    for who in (pupil, classmate):
        services.run_participant_add(actor=None, run=run, pupil=who, on=DAY)
    services.run_participant_remove(actor=None, participant=services.run_participant_add(
        actor=None, run=left, pupil=pupil, on=DAY))
    services.run_participant_add(actor=None, run=far, pupil=namesake, on=DAY)
    # the pupil is listed last, so that a list's row and the list itself never share an id
    far_event, event = _event(school_b), _event(school_a)
    services_activities.event_participant_add(actor=None, event=far_event, pupil=namesake)
    for who in (classmate, pupil):
        services_activities.event_participant_add(actor=None, event=event, pupil=who)
    far_course, course = _course(school_b), _course(school_a)
    services_activities.course_enrol(actor=None, course=far_course, pupil=namesake, on=DAY)
    for who in (classmate, pupil):
        services_activities.course_enrol(actor=None, course=course, pupil=who, on=DAY)

    pupil_services.consent_withdraw(actor=None, pupil=pupil, on=datetime.date(2026, 11, 20))

    added = _entries("careers.run.participant_added", run)
    assert [e.changes for e in added] == [{"Участник": ERASED}, {"Участник": [None, "Дубова Анна"]}]
    for e in AuditEntry.objects.filter(object_id=str(left.pk), action__startswith="careers.run.participant_"):
        assert e.changes == {"Участник": ERASED}, e.action
    assert [e.changes for e in _entries("careers.run.participant_added", far)] == [
        {"Участник": [None, "Берёзкина Анна"]}]
    assert [e.changes for e in _entries("careers.event.participant_added", event)] == [
        {"Участник": [None, "Дубова Анна"]}, {"Участник": ERASED}]
    assert [e.changes for e in _entries("careers.event.participant_added", far_event)] == [
        {"Участник": [None, "Берёзкина Анна"]}]
    assert [e.changes for e in _entries("careers.prep_course.enrolled", course)] == [
        {"Слушатель": [None, "Дубова Анна"]}, {"Слушатель": ERASED}]
    assert [e.changes for e in _entries("careers.prep_course.enrolled", far_course)] == [
        {"Слушатель": [None, "Берёзкина Анна"]}]


@pytest.mark.today("2026-11-20")
def test_runs_of_a_former_school_are_found_through_the_enrolment(school_a, school_b):
    pupil = _pupil(school_b, "Берёзкина")
    _run(school_b, "Пробы школы № 2")
    run = _run(school_b, "Ещё одни пробы")  # not the first run: its id differs from the enrolment's
    services.run_participant_add(actor=None, run=run, pupil=pupil, on=DAY)
    Pupil.objects.filter(pk=pupil.pk).update(organisation=school_a)  # moved to school A since
    pupil.refresh_from_db()
    pupil_services.consent_withdraw(actor=None, pupil=pupil, on=datetime.date(2026, 11, 20))
    assert [e.changes for e in _entries("careers.run.participant_added", run)] == [{"Участник": ERASED}]


@pytest.mark.today("2026-11-20")
def test_scores_go_for_the_pupil_only(school_a, school_b):
    pupil = _pupil(school_a, "Берёзкина")
    classmate = _pupil(school_a, "Дубова")
    namesake = _pupil(school_b, "Берёзкина")
    kept = services_activities.exam_result_save(actor=None, pupil=pupil, subject="math", start_year=2026,
                                                kind="final", score=77)
    deleted = services_activities.exam_result_save(actor=None, pupil=pupil, subject="russian", start_year=2026,
                                                   kind="mock", score=64)
    deleted_id = str(deleted.pk)
    services_activities.exam_result_delete(actor=None, result=deleted)
    classmates = services_activities.exam_result_save(actor=None, pupil=classmate, subject="math", start_year=2026,
                                                      kind="mock", score=55)
    classmates_id = str(classmates.pk)
    services_activities.exam_result_delete(actor=None, result=classmates)
    namesakes = services_activities.exam_result_save(actor=None, pupil=namesake, subject="math", start_year=2026,
                                                     kind="final", score=91)

    pupil_services.consent_withdraw(actor=None, pupil=pupil, on=datetime.date(2026, 11, 20))

    for result_id, count in ((str(kept.pk), 1), (deleted_id, 2)):  # saved; saved and deleted
        entries = AuditEntry.objects.filter(action__startswith="careers.exam_result.", object_id=result_id)
        assert entries.count() == count
        for e in entries:
            assert (e.changes, e.object_repr) == ({"Баллы": ERASED}, ERASED_RESULT), e.action
    # a classmate's deleted result and a namesake's live one keep their scores and names
    mine = AuditEntry.objects.filter(action__startswith="careers.exam_result.", object_id=classmates_id)
    assert sorted((str(e.changes["Баллы"]) for e in mine)) == ["[55, None]", "[None, 55]"]
    assert all(e.object_repr.startswith("Дубова Анна: ") for e in mine)
    theirs = AuditEntry.objects.get(action="careers.exam_result.saved", object_id=str(namesakes.pk))
    assert theirs.changes == {"Баллы": [None, 91]} and theirs.object_repr.startswith("Берёзкина Анна: ")


@pytest.mark.today("2026-11-20")
def test_the_withdrawal_entry_counts_the_careers_records(personas, school_a):
    pupil = _pupil(school_a, "Берёзкина")
    run = _run(school_a, "Пробы «Учитель»")
    link = services.run_participant_add(actor=None, run=run, pupil=pupil, on=DAY)
    for held_on in (DAY, DAY + datetime.timedelta(days=7)):
        session = services.run_session_add(actor=None, run=run, held_on=held_on, topic="Занятие", hours=2)
        services.attendance_save(actor=None, session=session, present_ids=[link.pk])
    event = _event(school_a)
    services_activities.event_participant_add(actor=None, event=event, pupil=pupil)
    course = _course(school_a)
    enrolment = services_activities.course_enrol(actor=None, course=course, pupil=pupil, on=DAY)
    for held_on in (DAY, DAY + datetime.timedelta(days=1), DAY + datetime.timedelta(days=2)):
        session = services_activities.course_session_add(actor=None, course=course, held_on=held_on, topic="Т",
                                                         hours=2)
        services_activities.course_attendance_save(actor=None, session=session, present_ids=[enrolment.pk])
    for subject in ("math", "russian"):
        services_activities.exam_result_save(actor=None, pupil=pupil, subject=subject, start_year=2026, kind="final",
                                             score=70)
    services_activities.consultation_create(actor=None, organisation=school_a, data={
        "held_on": DAY, "consultant": "Петрова А. А.", "topic": "targeted", "form": "individual",
        "participants": 1, "parent_name": "Берёзкина Ольга Петровна", "pupil": pupil})

    pupil_services.consent_withdraw(actor=personas["coordinator_a"], pupil=pupil, on=datetime.date(2026, 11, 20))

    changes = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn").changes
    assert {k: v for k, v in changes.items() if k not in ("Удалены сведения", "Согласие",
                                                           "Законные представители")} == {
        "Посещения занятий программ": [2, 0],
        "Участие в программах профориентации": [1, 0],
        "Участие в профориентационных мероприятиях": [1, 0],
        "Посещения подготовительных курсов": [3, 0],
        "Зачисления на подготовительные курсы": [1, 0],
        "Результаты экзаменов": [2, 0],
        "Связи консультаций родителей с обучающимся (и ФИО родителя)": [1, 0],
    }
