"""POST rows of the report book (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

The book's archive is asked for by a POST: whoever reads the book gets it (a job when it holds more than
JOBS_BOOK_THRESHOLD files, the ZIP at once otherwise; either is written down), the others get 403.
"""

from orientir.accounts.tests.post_matrix_kit import Post, writes
from orientir.reports.tests.matrix_rows import REPORTS

ROWS: dict = {
    "reports:book_archive": [Post(None, lambda o, kw: {"year": o["version"].year}, writes(REPORTS))],
}
