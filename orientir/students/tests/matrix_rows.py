"""Permission-matrix rows of this app's pages (merged into accounts/tests/test_permission_matrix.py).

Kwargs builders get the matrix objects `o` (personas, city, school_a, school_b, library, far_school, pupil_a,
pupil_b, …) and may create what their URL needs.

Roles: students.view — admin, committee, directorate, coordinator_a (scope: contracts naming their organisation);
students.support — admin, committee, coordinator_a; students.payments — admin, committee; students.report —
admin, committee, directorate, observer (numbers only). Methodologists and tutors hold none of them. Exports with
citizens' names also need contracts.export: admin and committee.
"""

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

VIEW = {"admin", "committee", "directorate", "coordinator_a"}
SUPPORT = {"admin", "committee", "coordinator_a"}
PAYMENTS = {"admin", "committee"}
REPORT = {"admin", "committee", "directorate", "observer"}
EXPORT = {"admin", "committee"}


def _contract(o, customer="school_a"):
    """A studying contract whose customer (and place of work) is the given organisation."""
    from orientir.students.tests.conftest import make_contract

    contract = make_contract(o["city"], customer=o[customer], state="studying", last_name=f"Матрица{customer}")
    return {"pk": contract.pk}


ROWS: dict = {
    "students:student_list": [(None, _only(VIEW))],
    "students:student_export": [(None, _only(EXPORT))],
    "students:study_import": [(None, _only(SUPPORT))],
    "students:employment_import": [(None, _only(SUPPORT))],
    "students:employment_import_template": [(None, _only(SUPPORT))],
    "students:study_import_template": [(None, _only(SUPPORT))],
    "students:student_detail": [
        (_contract, _only(VIEW)),
        # another school's student: 404 for school A's coordinator, exactly like a missing one
        (lambda o: _contract(o, "school_b"), _only(VIEW, coordinator_a=MISSING)),
        (lambda o: {"pk": 987654}, _only(VIEW, status_ok=MISSING)),
    ],
    "students:study_add": [(_contract, POST_ONLY)],
    "students:activity_add": [(_contract, POST_ONLY)],
    "students:activity_done": [(lambda o: {**_contract(o), "activity_pk": 987654}, POST_ONLY)],
    "students:placement_add": [(_contract, POST_ONLY)],
    "students:placement_move": [(lambda o: {**_contract(o), "placement_pk": 987654, "action": "agree"}, POST_ONLY)],
    "students:payment_plan": [(_contract, POST_ONLY)],
    "students:payment_plan_from_measures": [(_contract, POST_ONLY)],
    "students:payment_add": [(_contract, POST_ONLY)],
    "students:employment_add": [(_contract, POST_ONLY)],
    "students:employment_dismiss": [(lambda o: {**_contract(o), "employment_pk": 987654}, POST_ONLY)],
    "students:fulfil": [(_contract, POST_ONLY)],
    "students:admission": [(None, _only(VIEW))],
    "students:admission_edit": [(None, _only(SUPPORT))],
    "students:admission_import": [(None, _only(SUPPORT))],
    "students:admission_import_template": [(None, _only(SUPPORT))],
    "students:admission_report": [(lambda o: {"fmt": "xlsx"}, _only(EXPORT)),
                                  (lambda o: {"fmt": "pdf"}, _only(EXPORT))],
    "students:admission_summary": [(lambda o: {"fmt": "xlsx"}, _only(REPORT)),
                                   (lambda o: {"fmt": "pdf"}, _only(REPORT))],
    "students:plans": [(None, _only(VIEW))],
    "students:plans_export": [(None, _only(EXPORT))],
    "students:support_log": [(None, _only(VIEW))],
    "students:support_log_export": [(None, _only(EXPORT))],
    "students:placement_list": [(None, _only(VIEW))],
    "students:placement_export": [(None, _only(EXPORT))],
    "students:payments": [(None, _only(PAYMENTS))],
    "students:payment_export": [(None, _only(PAYMENTS))],
    "students:employment": [(None, _only(REPORT))],
    "students:employment_report": [(lambda o: {"fmt": "xlsx"}, _only(REPORT)),
                                   (lambda o: {"fmt": "pdf"}, _only(REPORT))],
    "students:alerts": [(None, _only(VIEW))],
}
