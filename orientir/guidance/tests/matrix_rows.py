"""Permission-matrix rows of the guidance pages (profile classes, targeted database, route sheets).

Each module of the guidance app adds its rows to ROWS; kwargs builders get the matrix objects `o`
(personas, city, school_a, school_b, pupil_a — a pupil of school A, pupil_b — of school B, …) and may
create what their URL needs.
"""

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

ROWS: dict = {}
