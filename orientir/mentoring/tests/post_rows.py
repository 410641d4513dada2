"""POST rows of the mentoring pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Programmes, mentors and pairs are kept with mentoring.manage (an administrator, the committee, the directorates,
the quality centre, a school's coordinator) within their organisations. The observer (mentoring.report only) finds
no record (404), the tutor only the pairs they lead as a mentor (403 on changing them) and nothing else (404);
another school's record is 404 for school A's coordinator. A mentor posted with a pair must be one of the role's.
"""

from orientir.accounts.tests.post_matrix_kit import KEEP, MISSING, Post, crossed, form_values, from_get, today, writes
from orientir.mentoring.tests.matrix_rows import ROWS as GET_ROWS

MANAGE = {"admin", "committee", "methodologist", "coordinator_a"}
NO_RECORD = {"tutor": MISSING, "observer": MISSING}
OTHER_SCHOOL = {"coordinator_a": MISSING, **NO_RECORD}


def _year() -> int:
    from orientir.mentoring.selectors import current_year

    return current_year()


def _programme(o, school="school_a"):
    from orientir.mentoring import services
    from orientir.mentoring.models import Programme

    org = o[school]
    return (Programme.objects.filter(organisation=org, title="Учитель будущего").first()
            or services.programme_create(actor=None, organisation=org, data={
                "model": "student_pupil", "title": "Учитель будущего", "start_year": _year(),
                "coordinator": "Петрова А. А."}))


def _mentor(o, school="school_a", user=None):
    from orientir.directory.models import Specialty
    from orientir.mentoring import services
    from orientir.mentoring.models import Mentor

    last_name = "Тьюторова" if user else "Наставникова"
    return (Mentor.objects.filter(organisation=o[school], last_name=last_name).first()
            or services.mentor_create(actor=None, organisation=o[school], data={
                "kind": "student", "last_name": last_name, "first_name": "Мария", "sector": "education",
                "education_organisation": "Костромской педагогический колледж", "course": 3,
                "specialty": Specialty.objects.get(code="44.02.02"), "capacity": 3, "user": user}))


def _pupil(o, school="school_a"):
    from orientir.careers.tests.helpers import make_pupil
    from orientir.pupils.models import Pupil

    return (Pupil.objects.filter(organisation=o[school], last_name="Наставляемая").first()
            or make_pupil(o[school], "Наставляемая", grade=8))


def _pair(o, school="school_a", tutor=False, active=False):
    """A pair proposed today (started when `active`); led by the tutor persona as the mentor when `tutor`."""
    from orientir.mentoring import services

    mentor = _mentor(o, school, user=o["personas"]["tutor"] if tutor else None)
    pair = services.pair_propose(actor=None, programme=_programme(o, school), mentor=mentor, pupil=_pupil(o, school),
                                 on=today())
    if active:
        pair = services.pair_transition(actor=None, pair=pair, action="activate", on=today())
    return pair


def _pair_rows(builder, data):
    """School A's pair, school B's, and school A's pair led by the tutor (who sees it but may not change it)."""
    return [Post(lambda o: builder(o), data, writes(MANAGE, **NO_RECORD)),
            Post(lambda o: builder(o, "school_b"), data, writes(MANAGE - {"coordinator_a"}, **OTHER_SCHOOL)),
            Post(lambda o: builder(o, tutor=True), data, writes(MANAGE, observer=MISSING))]


def _programme_form(o, kwargs):
    from orientir.mentoring.forms import ProgrammeForm
    from orientir.mentoring.models import Programme

    form = ProgrammeForm(instance=Programme.objects.get(pk=kwargs["pk"]), user=o["personas"]["admin"])
    return form_values(form, goals="Каждый участник пробует себя в роли вожатого")


def _mentor_form(o, kwargs):
    from orientir.mentoring.forms import MentorForm
    from orientir.mentoring.models import Mentor

    mentor = Mentor.objects.get(pk=kwargs["pk"])
    form = MentorForm(instance=mentor, user=o["personas"]["admin"])
    data = {"education_organisation": "Костромской педагогический колледж", "course": "3", "capacity": "2"}
    if not mentor.specialty_id:
        from orientir.directory.models import Specialty

        data["specialty"] = str(Specialty.objects.get(code="44.02.02").pk)
    return form_values(form, **data)


def _new_programme(o, kwargs, school="school_a"):
    return {"model": "student_pupil", "title": "Студент – школьник: первые шаги", "organisation": o[school].pk,
            "start_year": _year(), "starts_on": "", "ends_on": "", "coordinator": "Петрова А. А.",
            "goals": "", "description": ""}


def _new_mentor(o, kwargs, school="school_a"):
    from orientir.directory.models import Specialty

    return {"kind": "student", "last_name": "Студентова", "first_name": "Елена", "middle_name": "",
            "organisation": o[school].pk, "position": "", "education_organisation": "КГУ", "course": "2",
            "specialty": Specialty.objects.get(code="44.02.02").pk, "sector": "education", "capacity": "2",
            "phone": "", "email": "", "user": "", "contract": "", "is_active": "on"}


def _propose(mentor_school):
    def data(o, kwargs):
        from orientir.mentoring.models import Programme

        programme = Programme.objects.select_related("organisation").get(pk=kwargs["pk"])
        school = "school_b" if programme.organisation_id == o["school_b"].pk else "school_a"
        return {"mentor": _mentor(o, mentor_school or school).pk, "pupil": _pupil(o, school).pk}
    return data


def _pair_pk(o, school="school_a", tutor=False):
    return {"pk": _pair(o, school, tutor).pk}


def _goal(o, school="school_a", tutor=False):
    from orientir.mentoring import services

    pair = _pair(o, school, tutor)
    goal = services.goal_add(actor=None, pair=pair, text="Провести урок в начальной школе")
    return {"pk": pair.pk, "goal_pk": goal.pk}


def _meeting(o, school="school_a", tutor=False):
    from orientir.mentoring import services

    pair = _pair(o, school, tutor, active=True)
    meeting = services.meeting_add(actor=None, pair=pair, data={"held_on": today(), "format": "in_person",
                                                                "hours": 1, "topic": "Знакомство", "notes": ""})
    return {"pk": pair.pk, "meeting_pk": meeting.pk}


ROWS: dict = {
    "mentoring:programme_create": [
        Post(None, _new_programme, writes(MANAGE)),
        # the far school (another municipality): outside the choice of every role of this city; a coordinator has
        # no choice (the posted organisation is ignored: the programme is their school's)
        Post(None, lambda o, kw: _new_programme(o, kw, "far_school"), writes(
            {"admin", "coordinator_a"}, committee=KEEP, directorate=KEEP, methodologist=KEEP)),
    ],
    "mentoring:programme_edit": from_get(GET_ROWS["mentoring:programme_edit"], _programme_form),
    "mentoring:mentor_create": [
        Post(None, _new_mentor, writes(MANAGE)),
        Post(None, lambda o, kw: _new_mentor(o, kw, "far_school"), writes(
            {"admin", "coordinator_a"}, committee=KEEP, directorate=KEEP, methodologist=KEEP)),
    ],
    "mentoring:mentor_edit": from_get(GET_ROWS["mentoring:mentor_edit"], _mentor_form),
    "mentoring:pair_propose": [
        Post(lambda o: {"pk": _programme(o).pk}, _propose(None), writes(MANAGE, **NO_RECORD)),
        Post(lambda o: {"pk": _programme(o, "school_b").pk}, _propose(None),
             writes(MANAGE - {"coordinator_a"}, **OTHER_SCHOOL)),
        # school B's mentor for school A's programme: not one of school A's coordinator's mentors (404); a role that
        # sees both schools may pair them (one municipality)
        Post(lambda o: {"pk": _programme(o).pk}, _propose("school_b"),
             writes(MANAGE - {"coordinator_a"}, coordinator_a=MISSING, **NO_RECORD)),
        # school B's pupil for school A's programme ("студент – школьник": the programme's own pupils only)
        Post(lambda o: {"pk": _programme(o).pk},
             lambda o, kw: {"mentor": _mentor(o).pk, "pupil": _pupil(o, "school_b").pk},
             crossed(MANAGE, **NO_RECORD)),
    ],
    "mentoring:pair_transition": _pair_rows(_pair_pk, lambda o, kw: {"action": "activate", "on": today().isoformat()}),
    "mentoring:goal_add": _pair_rows(_pair_pk,
                                     {"text": "Подготовить выступление на классном часе", "due_on": ""}),
    "mentoring:goal_mark": _pair_rows(_goal, {"achieved": "1"}),
    "mentoring:meeting_add": _pair_rows(
        lambda o, school="school_a", tutor=False: {"pk": _pair(o, school, tutor, active=True).pk},
        lambda o, kw: {"held_on": today().isoformat(), "format": "online", "hours": "1.5",
                       "topic": "Разбор урока", "notes": ""}),
    "mentoring:meeting_delete": _pair_rows(_meeting, {}),
}


# --- Crossed: school A's pair in the URL, school B's goal or meeting in it -----------------------------------

ROWS["mentoring:goal_mark"].append(Post(lambda o: {"pk": _pair(o).pk, "goal_pk": _goal(o, "school_b")["goal_pk"]},
                                        {"achieved": "1"}, crossed(MANAGE, **NO_RECORD)))
ROWS["mentoring:meeting_delete"].append(Post(
    lambda o: {"pk": _pair(o, active=True).pk, "meeting_pk": _meeting(o, "school_b")["meeting_pk"]}, {},
    crossed(MANAGE, **NO_RECORD)))
