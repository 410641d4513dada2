"""Permission-matrix rows of the funnel and the report book."""

from orientir.accounts.tests.matrix_kit import MISSING, POST_ONLY, _all, _only

REPORTS = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "observer"}

ROWS: dict = {
    "reports:funnel": [(None, _only(REPORTS))],
    "reports:funnel_export": [(lambda o: {"fmt": "xlsx"}, _only(REPORTS)),
                              (lambda o: {"fmt": "pdf"}, _only(REPORTS))],
    # names in the drill-down: pupils' stages need pupils.view, contracts' stages contracts.view
    "reports:funnel_people": [
        (lambda o: {"stage": "identified"}, _only({"admin", "committee", "directorate", "methodologist",
                                                   "coordinator_a"})),
        (lambda o: {"stage": "signed"}, _only({"admin", "committee", "directorate", "coordinator_a"})),
        (lambda o: {"stage": "nonexistent"}, _all(MISSING)),
    ],
    "reports:book": [(None, _only(REPORTS))],
    "reports:book_archive": [(None, POST_ONLY)],
}
