"""Permission-matrix rows of the careers pages (merged into accounts/tests/test_permission_matrix.py).

Kwargs builders get the matrix objects `o` (personas, city, school_a, school_b, library, far_school, pupil_a,
pupil_b, …) and may create what their URL needs.
"""

import datetime
from decimal import Decimal

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

VIEW = {"admin", "committee", "directorate", "methodologist", "coordinator_a"}
DELIVER = {"admin", "methodologist", "coordinator_a"}
PROPOSE = {"admin", "methodologist", "coordinator_a"}
REPORT = {"admin", "committee", "directorate", "methodologist", "observer"}
PERSONAL_EXPORT = {"admin", "methodologist", "coordinator_a"}
# Another school's object: school A's coordinator and tutor do not see it at all (404, like a missing one).
OTHER_SCHOOL = {"coordinator_a": MISSING, "tutor": MISSING}


def _year():
    from orientir.directory.services import academic_year_for

    return academic_year_for(datetime.date.today())


def _programme(o, school="school_a", status="approved"):
    from orientir.careers.models import Programme

    p, _ = Programme.objects.get_or_create(
        organisation=o[school], title=f"Программа {school} {status}",
        defaults={"municipality": o[school].municipality, "start_year": _year(), "kind": "trials",
                  "sector": "education", "authors": "Иванова И. И.", "grade_from": 8, "grade_to": 11,
                  "hours": Decimal(36), "status": status})
    return {"pk": p.pk}


def _run(o, school="school_a"):
    from orientir.careers.models import Programme, ProgrammeRun

    programme = Programme.objects.get(pk=_programme(o, "school_a")["pk"])
    run, _ = ProgrammeRun.objects.get_or_create(programme=programme, organisation=o[school], start_year=_year())
    return {"pk": run.pk}


def _session(o, school="school_a"):
    from orientir.careers.models import RunSession

    pk = _run(o, school)["pk"]
    session, _ = RunSession.objects.get_or_create(run_id=pk, topic="Вводное занятие",
                                                  defaults={"held_on": datetime.date.today(), "hours": 2})
    return {"pk": pk, "session_pk": session.pk}


def _event(o, school="school_a"):
    from orientir.careers.models import CareerEvent

    event, _ = CareerEvent.objects.get_or_create(
        organisation=o[school], title="Профессиональная суббота",
        defaults={"held_on": datetime.date.today(), "start_year": _year(), "kind": "saturday", "pro_days": True,
                  "place": "Колледж", "organiser": "Колледж", "hours": 3})
    return {"pk": event.pk}


def _consultation(o, school="school_a"):
    from orientir.careers.models import ParentConsultation

    item, _ = ParentConsultation.objects.get_or_create(
        organisation=o[school], consultant="Петрова А. А.",
        defaults={"held_on": datetime.date.today(), "start_year": _year(), "topic": "targeted", "form": "group",
                  "participants": 12})
    return {"pk": item.pk}


def _course(o, school="school_a"):
    from orientir.careers.models import PrepCourse

    course, _ = PrepCourse.objects.get_or_create(organisation=o[school], subject="math",
                                                 defaults={"start_year": _year(), "teacher": "Сидоров С. С."})
    return {"pk": course.pk}


ROWS: dict = {
    # The bank (2.4.1): approved programmes are seen by every reader; a draft only within its organisation's scope.
    "careers:programme_list": [(None, _only(VIEW))],
    "careers:programme_export": [(None, _only(VIEW))],
    "careers:programme_create": [(None, _only(PROPOSE))],
    "careers:programme_detail": [
        (_programme, _only(VIEW)),
        (lambda o: _programme(o, "school_b", "draft"), _only(VIEW, **OTHER_SCHOOL)),
        (lambda o: {"pk": 987654}, _only(VIEW, status_ok=MISSING, other=MISSING)),
    ],
    "careers:programme_edit": [
        (lambda o: _programme(o, "school_a", "draft"), _only(PROPOSE)),
        (lambda o: _programme(o, "school_b", "draft"), _only(PROPOSE - {"coordinator_a"}, **OTHER_SCHOOL)),
        # an approved programme is not edited by anybody
        (_programme, _only(set())),
    ],
    "careers:programme_submit": [(_programme, POST_ONLY)],
    "careers:programme_review": [(_programme, POST_ONLY)],
    "careers:programme_file_add": [(_programme, POST_ONLY)],
    "careers:programme_file": [(lambda o: {**_programme(o), "file_pk": 987654}, _only(VIEW, status_ok=MISSING))],
    # Delivery (2.4.2): runs of the organisations in scope.
    "careers:run_list": [(None, _only(VIEW))],
    "careers:run_export": [(None, _only(VIEW))],
    "careers:run_create": [(None, _only(DELIVER))],
    "careers:run_detail": [
        (_run, _only(VIEW)),
        (lambda o: _run(o, "school_b"), _only(VIEW, **OTHER_SCHOOL)),
    ],
    "careers:run_attendance": [
        (_session, _only(DELIVER)),
        (lambda o: _session(o, "school_b"), _only(DELIVER, **OTHER_SCHOOL)),
    ],
    "careers:run_session_add": [(_run, POST_ONLY)],
    "careers:run_session_delete": [(_session, POST_ONLY)],
    "careers:run_participant_add": [(_run, POST_ONLY)],
    "careers:run_participant_remove": [(lambda o: {**_run(o), "participant_pk": 987654}, POST_ONLY)],
    # Monitoring (2.4.3): aggregated, observers included.
    "careers:monitoring": [(None, _only(REPORT))],
    "careers:monitoring_report": [(lambda o: {"fmt": "xlsx"}, _only(REPORT)),
                                  (lambda o: {"fmt": "pdf"}, _only(REPORT))],
    # Events (2.4, 2.5)
    "careers:event_list": [(None, _only(VIEW))],
    "careers:event_export": [(None, _only(VIEW))],
    "careers:event_create": [(None, _only(DELIVER))],
    "careers:event_detail": [
        (_event, _only(VIEW)),
        (lambda o: _event(o, "school_b"), _only(VIEW, **OTHER_SCHOOL)),
    ],
    "careers:event_edit": [
        (_event, _only(DELIVER)),
        (lambda o: _event(o, "school_b"), _only(DELIVER, **OTHER_SCHOOL)),
    ],
    "careers:event_participant_add": [(_event, POST_ONLY)],
    "careers:event_attendance": [(_event, POST_ONLY)],
    # Parents (2.7)
    "careers:parent_list": [(None, _only(VIEW))],
    "careers:parent_export": [(None, _only(VIEW))],
    "careers:parent_summary": [(None, _only(VIEW))],
    "careers:parent_create": [(None, _only(DELIVER))],
    "careers:parent_edit": [
        (_consultation, _only(DELIVER)),
        (lambda o: _consultation(o, "school_b"), _only(DELIVER, **OTHER_SCHOOL)),
    ],
    "careers:parent_delete": [(_consultation, POST_ONLY)],
    # Prep courses and exam results (2.8.4)
    "careers:course_list": [(None, _only(VIEW))],
    "careers:course_export": [(None, _only(VIEW))],
    "careers:course_create": [(None, _only(DELIVER))],
    "careers:course_detail": [
        (_course, _only(VIEW)),
        (lambda o: _course(o, "school_b"), _only(VIEW, **OTHER_SCHOOL)),
    ],
    "careers:course_enrol": [(_course, POST_ONLY)],
    "careers:course_session_add": [(_course, POST_ONLY)],
    "careers:course_attendance": [(lambda o: {**_course(o), "session_pk": 987654}, POST_ONLY)],
    "careers:course_results": [(_course, POST_ONLY)],
    "careers:prep_report": [(None, _only(REPORT))],
    "careers:prep_report_file": [(lambda o: {"fmt": "xlsx"}, _only(REPORT)), (lambda o: {"fmt": "pdf"}, _only(REPORT))],
    "careers:result_list": [(None, _only(VIEW))],
    "careers:result_export": [(None, _only(PERSONAL_EXPORT))],
    "careers:result_add": [(None, POST_ONLY)],
    "careers:result_delete": [(lambda o: {"pk": 987654}, POST_ONLY)],
}
