"""The careers scope functions of accounts.access check the permission; timeline links only where they open."""

from django.urls import reverse

from orientir.accounts import access
from orientir.careers import services, services_activities
from orientir.core.timeline import Subject, build
from orientir.pupils.models import Pupil

from .helpers import TODAY, YEAR, make_event, make_programme, make_pupil, make_run


def _fill(school):
    pupil = make_pupil(school, "Берёзкина", grade=11)
    run = make_run(school)
    services.run_participant_add(actor=None, run=run, pupil=pupil, on=TODAY)
    event = make_event(school)
    services_activities.event_participant_add(actor=None, event=event, pupil=pupil)
    course = services_activities.course_create(actor=None, organisation=school, data={
        "start_year": YEAR, "subject": "math", "teacher": "Сидоров С. С."})
    services_activities.course_enrol(actor=None, course=course, pupil=pupil, on=TODAY)
    services_activities.exam_result_save(actor=None, pupil=pupil, subject="math", start_year=YEAR, kind="final",
                                         score=80)
    services_activities.consultation_create(actor=None, organisation=school, data={
        "held_on": TODAY, "consultant": "Петрова А. А.", "topic": "targeted", "form": "group", "participants": 5})
    return pupil, run, event, course


SCOPES = (access.programmes_for, access.career_runs_for, access.career_events_for, access.parent_consultations_for,
          access.prep_courses_for, access.exam_results_for)


def test_scope_functions_are_empty_without_the_permission(personas, school_a):
    _fill(school_a)
    make_programme(school_a)
    for scope in SCOPES:
        # Roles holding careers.view see their organisations' records.
        assert scope(personas["coordinator_a"]).exists(), scope.__name__
        assert scope(personas["committee"]).exists(), scope.__name__
        # The tutor (no careers permission) and the observer (careers.report only) see no records at all, although
        # the school is in their organisation scope.
        assert not scope(personas["tutor"]).exists(), scope.__name__
        assert not scope(personas["observer"]).exists(), scope.__name__
    # The aggregated reports name careers.report and count the observer's scope.
    assert access.exam_results_for(personas["observer"], perm="careers.report").exists()
    assert access.programmes_for(personas["observer"], perm="careers.report").exists()
    assert not access.exam_results_for(personas["tutor"], perm="careers.report").exists()


def test_in_scope_object_still_answers_403_and_foreign_404(personas, client_for, school_a):
    _, run, event, course = _fill(school_a)
    for name, pk in (("careers:run_detail", run.pk), ("careers:event_detail", event.pk),
                     ("careers:course_detail", course.pk)):
        assert client_for(personas["tutor"]).get(reverse(name, args=[pk])).status_code == 403, name
        assert client_for(personas["observer"]).get(reverse(name, args=[pk])).status_code == 403, name
        assert client_for(personas["coordinator_b"]).get(reverse(name, args=[pk])).status_code == 404, name
        assert client_for(personas["coordinator_a"]).get(reverse(name, args=[pk])).status_code == 200, name


def test_timeline_links_only_what_the_user_may_open(personas, client_for, school_a, school_b):
    pupil, run, event, course = _fill(school_a)
    # The pupil moves to school B: school B's coordinator sees the pupil, not school A's run, event or course.
    Pupil.objects.filter(pk=pupil.pk).update(organisation=school_b)
    pupil.refresh_from_db()
    careers = ("Профориентация", "Подготовительные курсы")
    theirs = [e for e in build(personas["coordinator_b"], Subject(pupil=pupil)) if e.kind in careers]
    assert {e.icon for e in theirs} >= {"compass", "stars", "journal-check"}
    assert all(e.url == "" for e in theirs)
    client = client_for(personas["coordinator_b"])
    page = client.get(reverse("pupils:pupil_detail", args=[pupil.pk])).content.decode()
    for name, pk in (("careers:run_detail", run.pk), ("careers:event_detail", event.pk),
                     ("careers:course_detail", course.pk)):
        assert reverse(name, args=[pk]) not in page, name
    # The methodologist sees both schools: every link is there and opens.
    urls = {e.url for e in build(personas["methodologist"], Subject(pupil=pupil)) if e.kind in careers and e.url}
    assert urls == {reverse("careers:run_detail", args=[run.pk]), reverse("careers:event_detail", args=[event.pk]),
                    reverse("careers:course_detail", args=[course.pk])}
    methodologist = client_for(personas["methodologist"])
    assert all(methodologist.get(url).status_code == 200 for url in urls)
