"""POST rows of the careers pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Delivery — runs, events, the parents' log, prep courses, exam results — is written with careers.deliver (an
administrator, the directorates, the quality centre, a school's coordinator); programmes are proposed with
careers.bank.propose and approved with careers.bank.approve (the quality centre). A record of an organisation in a
role's scope answers 403 to a role without the permission (the committee, the observer, the tutor), a record
outside it 404 (another school's for school A's coordinator and tutor, the library's for the education directorate
and the quality centre). A pupil posted in the data must be one of the record's organisation: another school's pupil
is refused by the form or the service, whoever asks.
"""

from orientir.accounts.tests.post_matrix_kit import (FORBIDDEN, KEEP, MISSING, Post, crossed, form_values, from_get,
                                                     today, upload, writes)
from orientir.careers.tests.matrix_rows import OTHER_SCHOOL, _consultation, _course, _event, _programme, _run, _session
from orientir.careers.tests.matrix_rows import ROWS as GET_ROWS

DELIVER = {"admin", "methodologist", "coordinator_a"}
PROPOSE = {"admin", "methodologist", "coordinator_a"}
APPROVE = {"admin", "methodologist"}
# The library (culture): outside the education directorate's and the quality centre's scope.
LIBRARY = {"directorate": MISSING, "methodologist": MISSING, **OTHER_SCHOOL}


def _year() -> int:
    from orientir.careers.selectors import current_year

    return current_year()


def _pupil(o, school="school_a", grade=9):
    from orientir.careers.tests.helpers import make_pupil
    from orientir.pupils.models import Pupil

    return (Pupil.objects.filter(organisation=o[school], last_name="Профорова", grade=grade).first()
            or make_pupil(o[school], "Профорова", grade=grade))


def _own_pupil(model_name: str, grade: int = 9):
    """Data builder: a consenting pupil of the URL's record's own school."""
    def data(o, kwargs):
        from django.apps import apps

        record = apps.get_model("careers", model_name).objects.get(pk=kwargs["pk"])
        school = "school_b" if record.organisation_id == o["school_b"].pk else "school_a"
        return {"pupil": _pupil(o, school, grade).pk}
    return data


def _rows(builder, data, allowed=DELIVER, foreign_pupil=None, **school_b):
    """School A's record, school B's, and optionally school A's record with school B's pupil in the data."""
    rows = [Post(lambda o: builder(o), data, writes(allowed)),
            Post(lambda o: builder(o, "school_b"), data,
                 writes(allowed - {"coordinator_a"}, **{**OTHER_SCHOOL, **school_b}))]
    if foreign_pupil is not None:
        rows.append(Post(lambda o: builder(o), foreign_pupil, crossed(allowed)))
    return rows


# --- The programme bank (2.4.1) -----------------------------------------------------------------------------

PROGRAMME = {"start_year": None, "title": "Сетевая программа «Педагогический класс»", "kind": "trials",
             "sector": "education", "authors": "Иванова И. И., Петрова П. П.", "grade_from": "8", "grade_to": "11",
             "hours": "36", "partners_text": "КГУ", "description": "Пробы в начальной школе"}


def _new_programme(o, kwargs):
    return {**PROGRAMME, "start_year": _year(), "organisation": o["school_a"].pk}


def _programme_form(o, kwargs):
    from orientir.careers.forms import ProgrammeForm
    from orientir.careers.models import Programme

    form = ProgrammeForm(instance=Programme.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"])
    return form_values(form, hours="40", description="Пробы в начальной школе и в детском саду")


def _submitted(o, school="school_a"):
    return _programme(o, school, "submitted")


def _draft(o, school="school_a"):
    """A draft ready to be submitted (it has a description)."""
    from orientir.careers.models import Programme

    kwargs = _programme(o, school, "draft")
    Programme.objects.filter(pk=kwargs["pk"]).update(description="Пробы в начальной школе")
    return kwargs


def _programme_file(o, kwargs):
    return {"title": "Текст программы", "file": upload("programme.pdf", b"%PDF-1.4 test", "application/pdf")}


# --- Delivery (2.4.2) ----------------------------------------------------------------------------------------

def _participant(o, school="school_a"):
    from orientir.careers import services
    from orientir.careers.models import ProgrammeRun

    kwargs = _run(o, school)
    run = ProgrammeRun.objects.get(pk=kwargs["pk"])
    link = services.run_participant_add(actor=None, run=run, pupil=_pupil(o, school), on=today())
    return {**kwargs, "participant_pk": link.pk}


def _attendance(o, kwargs):
    from orientir.careers import services
    from orientir.careers.models import ProgrammeRun

    run = ProgrammeRun.objects.select_related("organisation").get(pk=kwargs["pk"])
    school = next(k for k in ("school_a", "school_b") if o[k] == run.organisation)
    link = run.participants.first() or services.run_participant_add(actor=None, run=run, pupil=_pupil(o, school),
                                                                    on=today())
    return {"present": [str(link.pk)]}


def _new_run(o, kwargs):
    from orientir.careers.models import Programme

    return {"programme": Programme.objects.get(pk=_programme(o)["pk"]).pk, "start_year": _year(),
            "organisation": o["school_a"].pk, "leader": "Иванова И. И.", "notes": ""}


SESSION = {"held_on": None, "topic": "Проба: урок в начальной школе", "hours": "2"}


def _session_data(o, kwargs):
    return {**SESSION, "held_on": today().isoformat()}


# --- Events (2.4, 2.5), parents (2.7) ------------------------------------------------------------------------

def _event_data(org):
    def data(o, kwargs):
        return {"organisation": o[org].pk, "held_on": today().isoformat(), "title": "Профессиональная суббота",
                "kind": "saturday", "place": "Колледж", "organiser": "Костромской педагогический колледж",
                "hours": "3", "description": ""}
    return data


def _event_form(o, kwargs):
    from orientir.careers.forms import EventForm
    from orientir.careers.models import CareerEvent

    form = EventForm(instance=CareerEvent.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"])
    return form_values(form, place="Костромской педагогический колледж, корпус 2")


def _event_participant(o, school="school_a"):
    from orientir.careers import services_activities
    from orientir.careers.models import CareerEvent

    kwargs = _event(o, school)
    services_activities.event_participant_add(actor=None, event=CareerEvent.objects.get(pk=kwargs["pk"]),
                                              pupil=_pupil(o, school), attended=True)
    return kwargs


def _parent_data(o, kwargs):
    return {"organisation": o["school_a"].pk, "held_on": today().isoformat(),
            "consultant": "Петрова А. А., заместитель директора", "topic": "targeted", "form": "individual",
            "participants": "2", "parent_name": "Берёзкина Ольга Петровна", "pupil": "",
            "outcome": "Подано заявление в целевую базу"}


def _parent_form(o, kwargs):
    from orientir.careers.forms import ConsultationForm
    from orientir.careers.models import ParentConsultation

    form = ConsultationForm(instance=ParentConsultation.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"])
    return form_values(form, outcome="Договорились о встрече с заказчиком")


# --- Prep courses and exam results (2.8.4) -------------------------------------------------------------------

def _enrolment(o, school="school_a"):
    from orientir.careers import services_activities
    from orientir.careers.models import PrepCourse

    kwargs = _course(o, school)
    course = PrepCourse.objects.get(pk=kwargs["pk"])
    link = course.enrolments.first() or services_activities.course_enrol(actor=None, course=course,
                                                                         pupil=_pupil(o, school, 11), on=today())
    return kwargs, link


def _course_session(o, school="school_a"):
    from orientir.careers import services_activities
    from orientir.careers.models import PrepCourse

    kwargs, _ = _enrolment(o, school)
    session = services_activities.course_session_add(actor=None, course=PrepCourse.objects.get(pk=kwargs["pk"]),
                                                     held_on=today(), topic="Задачи с параметром", hours=2)
    return {**kwargs, "session_pk": session.pk}


def _present(o, kwargs):
    from orientir.careers.models import PrepCourse

    return {"present": [str(PrepCourse.objects.get(pk=kwargs["pk"]).enrolments.first().pk)]}


def _scores(o, kwargs):
    from orientir.careers.models import PrepCourse

    link = PrepCourse.objects.get(pk=kwargs["pk"]).enrolments.first()
    return {f"mock_{link.pk}": "62", f"final_{link.pk}": "78"}


def _new_course(school):
    def data(o, kwargs):
        return {"organisation": o[school].pk, "start_year": _year(), "subject": "math", "title": "",
                "teacher": "Сидоров С. С.", "schedule": "Вторник, 15:00"}
    return data


def _far_programme(o) -> int:
    """An approved programme of the other municipality's bank."""
    from orientir.careers.models import Programme

    far = o["far_school"]
    programme, _ = Programme.objects.get_or_create(
        organisation=far, title="Программа МО № 2", defaults={
            "municipality": far.municipality, "start_year": _year(), "kind": "trials", "sector": "education",
            "authors": "Сидорова С. С.", "grade_from": 8, "grade_to": 11, "hours": 36, "status": "approved"})
    return programme.pk


def _result_data(school):
    def data(o, kwargs):
        return {"start_year": _year(), "pupil": _pupil(o, school, 11).pk, "subject": "math", "kind": "final",
                "score": "74"}
    return data


def _result(o, school="school_a"):
    from orientir.careers import services_activities

    result = services_activities.exam_result_save(actor=None, pupil=_pupil(o, school, 11), subject="math",
                                                  start_year=_year(), kind="final", score=70)
    return {"pk": result.pk}


ROWS: dict = {
    "careers:programme_create": [Post(None, _new_programme, writes(PROPOSE))],
    "careers:programme_edit": from_get(GET_ROWS["careers:programme_edit"], _programme_form),
    "careers:programme_submit": _rows(_draft, {}, allowed=PROPOSE),
    "careers:programme_file_add": _rows(lambda o, school="school_a": _programme(o, school, "draft"),
                                        _programme_file, allowed=PROPOSE),
    # under review: the quality centre decides; the developing school's coordinator sees it but may not decide
    "careers:programme_review": [
        Post(_submitted, {"decision": "approve", "comment": ""}, writes(APPROVE)),
        Post(lambda o: _submitted(o, "school_b"), {"decision": "return", "comment": "Добавьте план занятий"},
             writes(APPROVE, **OTHER_SCHOOL)),
    ],
    "careers:run_create": [
        Post(None, _new_run, writes(DELIVER)),
        # an approved programme of the other municipality's bank, run at the far school: not offered to this city's
        # roles (the form refuses it); an administrator sees both municipalities
        Post(None, lambda o, kw: {**_new_run(o, kw), "programme": _far_programme(o),
                                  "organisation": o["far_school"].pk}, writes(
            {"admin"}, directorate=KEEP, methodologist=KEEP, coordinator_a=KEEP)),
    ],
    "careers:run_session_add": _rows(_run, _session_data),
    "careers:run_session_delete": _rows(_session, {}),
    "careers:run_attendance": from_get(GET_ROWS["careers:run_attendance"], _attendance),
    "careers:run_participant_add": _rows(
        _run, _own_pupil("ProgrammeRun"),
        foreign_pupil=lambda o, kw: {"pupil": _pupil(o, "school_b").pk}),
    "careers:run_participant_remove": _rows(_participant, {}),
    "careers:event_create": [
        Post(None, _event_data("school_a"), writes(DELIVER)),
        # an event of the far school: outside the directorate's and the quality centre's choice of schools; a
        # coordinator has no choice at all (the posted organisation is ignored: the event is their school's)
        Post(None, _event_data("far_school"), writes({"admin", "coordinator_a"}, directorate=KEEP,
                                                     methodologist=KEEP)),
    ],
    "careers:event_edit": from_get(GET_ROWS["careers:event_edit"], _event_form) + [
        Post(lambda o: _event(o, "library"), _event_form, writes({"admin"}, **LIBRARY))],
    "careers:event_participant_add": _rows(
        _event, _own_pupil("CareerEvent"),
        foreign_pupil=lambda o, kw: {"pupil": _pupil(o, "school_b").pk}),
    "careers:event_attendance": _rows(_event_participant, {"present": []}),
    "careers:parent_create": [Post(None, _parent_data, writes(DELIVER))],
    "careers:parent_edit": from_get(GET_ROWS["careers:parent_edit"], _parent_form),
    "careers:parent_delete": _rows(_consultation, {}),
    "careers:course_create": [
        Post(None, _new_course("school_a"), writes(DELIVER)),
        # a course of the far school: outside the directorate's and the quality centre's choice; a coordinator
        # has no choice (the posted organisation is ignored: the course is their school's)
        Post(None, _new_course("far_school"), writes({"admin", "coordinator_a"}, directorate=KEEP,
                                                     methodologist=KEEP)),
    ],
    "careers:course_enrol": _rows(
        _course, _own_pupil("PrepCourse", 11),
        foreign_pupil=lambda o, kw: {"pupil": _pupil(o, "school_b", 11).pk}),
    "careers:course_session_add": _rows(_course, _session_data),
    "careers:course_attendance": _rows(_course_session, _present),
    "careers:course_results": _rows(lambda o, school="school_a": _enrolment(o, school)[0], _scores),
    "careers:result_add": [
        Post(None, _result_data("school_a"), writes(DELIVER)),
        # school B's pupil: not among school A's coordinator's pupils (the form refuses it; the list shown again
        # with the error is a logged read, not a change)
        Post(None, _result_data("school_b"), writes(DELIVER - {"coordinator_a"}, coordinator_a=KEEP)),
    ],
    # careers.deliver is asked before the lookup: the tutor gets 403 for any result
    "careers:result_delete": _rows(_result, {}, tutor=FORBIDDEN),
}



# --- Crossed: school A's record in the URL, school B's sub-record in the URL or the data ---------------------
# Each must be refused to everybody who may write to school A's record, with nothing written.

def _b_participant(o) -> int:
    return _participant(o, "school_b")["participant_pk"]


def _b_enrolment(o) -> int:
    return _enrolment(o, "school_b")[1].pk


ROWS.update({
    "careers:run_session_delete": ROWS["careers:run_session_delete"] + [
        Post(lambda o: {**_run(o), "session_pk": _session(o, "school_b")["session_pk"]}, {}, crossed(DELIVER))],
    "careers:run_participant_remove": ROWS["careers:run_participant_remove"] + [
        Post(lambda o: {**_run(o), "participant_pk": _b_participant(o)}, {}, crossed(DELIVER))],
    "careers:run_attendance": ROWS["careers:run_attendance"] + [
        Post(_session, lambda o, kw: {"present": [str(_b_participant(o))]}, crossed(DELIVER))],
    "careers:event_attendance": ROWS["careers:event_attendance"] + [
        Post(_event_participant, lambda o, kw: {"present": [str(_event_participant_id(o, "school_b"))]},
             crossed(DELIVER))],
    "careers:course_attendance": ROWS["careers:course_attendance"] + [
        Post(lambda o: {**_enrolment(o)[0], "session_pk": _course_session(o, "school_b")["session_pk"]}, _present,
             crossed(DELIVER)),
        Post(_course_session, lambda o, kw: {"present": [str(_b_enrolment(o))]}, crossed(DELIVER))],
    "careers:course_results": ROWS["careers:course_results"] + [
        Post(lambda o: _enrolment(o)[0], lambda o, kw: {f"final_{_b_enrolment(o)}": "90"}, crossed(DELIVER))],
    # a consultation of school A about school B's pupil: outside the coordinator's pupils (the form refuses it),
    # and not a pupil of the school for the others (the service refuses it)
    "careers:parent_create": ROWS["careers:parent_create"] + [
        Post(None, lambda o, kw: {**_parent_data(o, kw), "pupil": _pupil(o, "school_b").pk}, crossed(DELIVER))],
})


def _event_participant_id(o, school) -> int:
    from orientir.careers.models import CareerEvent

    return CareerEvent.objects.get(pk=_event_participant(o, school)["pk"]).participants.first().pk
