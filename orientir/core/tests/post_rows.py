"""POST rows of the core pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Destruction of personal data whose period has run out is the administrator's alone (core.retention.destroy); the
committee reads the list and is refused like every other role, with nothing destroyed. The matrix city has no
record past its period, so the administrator's confirmation is answered, not refused, and destroys nothing.
"""

from orientir.accounts.tests.post_matrix_kit import PASS, Post, _only

ROWS: dict = {
    "core:retention_destroy": [Post(None, {"subject": "pupil", "scope": "all", "confirm": "on"},
                                    _only({"admin"}, status_ok=PASS))],
}
