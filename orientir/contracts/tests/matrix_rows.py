"""Permission-matrix rows of this app's pages (merged into accounts/tests/test_permission_matrix.py).

Kwargs builders get the matrix objects `o` (personas, city, school_a, school_b, library, far_school, pupil_a,
pupil_b, …) and may create what their URL needs.
"""

from orientir.accounts.tests.matrix_kit import MISSING, NOT_ALLOWED, POST_ONLY, _all, _only  # noqa: F401

ROWS: dict = {}
