"""Permission-matrix rows of this app's pages (merged into accounts/tests/test_permission_matrix.py).

Kwargs builders get the matrix objects `o` (personas, city, school_a, school_b, library, far_school, pupil_a,
pupil_b, …) and may create what their URL needs.

Readers: mentoring.view (the tutor only on the pairs they lead: the matrix tutor leads none, so records are
404 for them); writers: mentoring.manage; the aggregated report: mentoring.report (observers, no names). A role
without mentoring.view finds no record at all (404, like a missing one), as on the pupils' cards.
"""

import datetime

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

READ = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor"}
MANAGE = {"admin", "committee", "methodologist", "coordinator_a"}
REPORT = {"admin", "committee", "directorate", "methodologist", "observer"}
NO_RECORD = {"tutor": MISSING, "observer": MISSING}


def _programme(o, school="school_a"):
    from orientir.mentoring.models import Programme

    org = o[school]
    programme, _ = Programme.objects.get_or_create(
        organisation=org, title=f"Студент – школьник: {org.short_name}",
        defaults={"model": "student_pupil", "start_year": 2026, "municipality": org.municipality})
    return programme


def _mentor(o, school="school_a", user=None, last_name="Петрова"):
    from orientir.mentoring.models import Mentor

    org = o[school]
    mentor, _ = Mentor.objects.get_or_create(
        organisation=org, last_name=last_name,
        defaults={"kind": "student", "first_name": "Мария", "sector": "education", "municipality": org.municipality,
                  "education_organisation": "Педагогический колледж", "course": 3, "user": user})
    return mentor


def _pair(o, school="school_a", tutor=False):
    """A pair made directly: the matrix pupils have no consent, and the matrix checks access, not the rules."""
    from orientir.mentoring.models import Pair

    pupil = o["pupil_a" if school == "school_a" else "pupil_b"]
    mentor = (_mentor(o, school, user=o["personas"]["tutor"], last_name="Тьюторова") if tutor
              else _mentor(o, school))
    pair, _ = Pair.objects.get_or_create(programme=_programme(o, school), mentor=mentor, pupil=pupil,
                                         defaults={"proposed_on": datetime.date(2026, 1, 15)})
    return pair


def _pk(obj):
    return {"pk": obj.pk}


ROWS: dict = {
    "mentoring:programme_list": [(None, _only(READ))],
    "mentoring:programme_export": [(None, _only(READ))],
    "mentoring:programme_create": [(None, _only(MANAGE))],
    "mentoring:programme_detail": [
        (lambda o: _pk(_programme(o)), _only(READ, **NO_RECORD)),
        # another school's programme: 404 for school A's coordinator, exactly like a missing one
        (lambda o: _pk(_programme(o, "school_b")), _only(READ, coordinator_a=MISSING, **NO_RECORD)),
        (lambda o: _pk(_pair(o, tutor=True).programme), _only(READ, observer=MISSING)),
        (lambda o: {"pk": 987654}, _only(READ, status_ok=MISSING, observer=MISSING)),
    ],
    "mentoring:programme_edit": [
        (lambda o: _pk(_programme(o)), _only(MANAGE, **NO_RECORD)),
        (lambda o: _pk(_programme(o, "school_b")), _only(MANAGE, coordinator_a=MISSING, **NO_RECORD)),
    ],
    "mentoring:programme_report": [
        (lambda o: {**_pk(_programme(o)), "fmt": "xlsx"}, _only(READ, **NO_RECORD)),
        (lambda o: {**_pk(_programme(o)), "fmt": "pdf"}, _only(READ, **NO_RECORD)),
        (lambda o: {**_pk(_programme(o, "school_b")), "fmt": "xlsx"},
         _only(READ, coordinator_a=MISSING, **NO_RECORD)),
    ],
    "mentoring:pair_propose": [(lambda o: _pk(_programme(o)), POST_ONLY)],
    "mentoring:match": [(None, _only(MANAGE))],
    "mentoring:mentor_list": [(None, _only(READ))],
    "mentoring:mentor_export": [(None, _only(READ))],
    "mentoring:mentor_create": [(None, _only(MANAGE))],
    "mentoring:mentor_detail": [
        (lambda o: _pk(_mentor(o)), _only(READ, **NO_RECORD)),
        (lambda o: _pk(_mentor(o, "school_b")), _only(READ, coordinator_a=MISSING, **NO_RECORD)),
        (lambda o: _pk(_mentor(o, user=o["personas"]["tutor"], last_name="Тьюторова")),
         _only(READ, observer=MISSING)),
    ],
    "mentoring:mentor_edit": [
        (lambda o: _pk(_mentor(o)), _only(MANAGE, **NO_RECORD)),
        (lambda o: _pk(_mentor(o, "school_b")), _only(MANAGE, coordinator_a=MISSING, **NO_RECORD)),
    ],
    "mentoring:pair_list": [(None, _only(READ))],
    "mentoring:pair_export": [(None, _only(READ))],
    "mentoring:pair_detail": [
        (lambda o: _pk(_pair(o)), _only(READ, **NO_RECORD)),
        # school B's pair seen by school A's coordinator: 404, exactly like a missing one
        (lambda o: _pk(_pair(o, "school_b")), _only(READ, coordinator_a=MISSING, **NO_RECORD)),
        # the pair the tutor leads as the mentor's linked user: they see it
        (lambda o: _pk(_pair(o, tutor=True)), _only(READ, observer=MISSING)),
        (lambda o: {"pk": 987654}, _only(READ, status_ok=MISSING, observer=MISSING)),
    ],
    "mentoring:pair_transition": [(lambda o: _pk(_pair(o)), POST_ONLY)],
    "mentoring:goal_add": [(lambda o: _pk(_pair(o)), POST_ONLY)],
    "mentoring:goal_mark": [(lambda o: {**_pk(_pair(o)), "goal_pk": 987654}, POST_ONLY)],
    "mentoring:meeting_add": [(lambda o: _pk(_pair(o)), POST_ONLY)],
    "mentoring:meeting_delete": [(lambda o: {**_pk(_pair(o)), "meeting_pk": 987654}, POST_ONLY)],
    "mentoring:summary": [(None, _only(REPORT))],
    "mentoring:summary_report": [(lambda o: {"fmt": "xlsx"}, _only(REPORT)),
                                 (lambda o: {"fmt": "pdf"}, _only(REPORT))],
}
