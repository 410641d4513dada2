"""Permission-matrix rows of the guidance pages (profile classes, targeted database, route sheets).

Each module of the guidance app adds its rows to ROWS; kwargs builders get the matrix objects `o`
(personas, city, school_a, school_b, pupil_a — a pupil of school A, pupil_b — of school B, …) and may
create what their URL needs.
"""

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

ROWS: dict = {
    # tutoring (2.3): readers see the page; the matrix tutor has no assigned pupils, observers no pupils at all
    "guidance:tutoring": [(lambda o: {"pk": o["pupil_a"].pk},
                           _only({"admin", "committee", "directorate", "methodologist", "coordinator_a"},
                                 tutor=MISSING, observer=MISSING))],
    "guidance:route_step_add": [(lambda o: {"pk": o["pupil_a"].pk}, POST_ONLY)],
    "guidance:route_step_mark": [(lambda o: {"pk": o["pupil_a"].pk, "step_id": 987654}, POST_ONLY)],
}
