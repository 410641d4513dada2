"""POST rows of the forecast (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

A forecast is frozen and its sending recorded by those who run the monitoring (forecast.manage: the administrator
and the committee); its other readers get 403; a frozen forecast of another municipality is not found (404). The
forecast page and the backtest read a municipality from a POST as from a GET and write nothing.
"""

from orientir.accounts.tests.matrix_kit import STAFFING_READ
from orientir.accounts.tests.post_matrix_kit import KEEP, MISSING, PASS, Post, _only, today, writes

MANAGE = {"admin", "committee"}


def _snapshot(o, city="city"):
    from orientir.forecast.models import ForecastSnapshot

    snapshot = ForecastSnapshot.objects.create(municipality=o[city], base_year=today().year, horizon=3)
    return {"pk": snapshot.pk}


def _levers(o, kwargs):
    """The levers of the forecast page; the matrix city's returns submitted first, so there is a forecast to make."""
    from orientir.staffing.models import StaffingReturn

    StaffingReturn.objects.filter(campaign=o["campaign"]).update(status=StaffingReturn.Status.SUBMITTED)
    return {"horizon": 3, "leaving": 100, "growth": 0}


def _submission(o, kwargs):
    return {"kind": "forecast", "recipient": "Департамент образования и науки Костромской области",
            "submitted_on": today().isoformat(), "outgoing_number": "01-15/123"}


ROWS: dict = {
    "forecast:snapshot_create": [
        Post(None, _levers, writes(MANAGE)),
        # the other municipality's forecast: not among the committee's municipalities (404); the administrator is
        # let through and told that municipality has no monitoring data to forecast from (nothing frozen)
        Post(None, lambda o, kw: {"municipality": o["other_city"].pk, "horizon": 3},
             _only(MANAGE, status_ok=PASS, committee=MISSING)),
    ],
    "forecast:snapshot_detail": [
        Post(_snapshot, _submission, writes(MANAGE)),
        Post(lambda o: _snapshot(o, "other_city"), _submission,
             writes({"admin"}, committee=MISSING, directorate=MISSING, methodologist=MISSING, observer=MISSING)),
    ],
    "forecast:index": [Post(None, {"horizon": 3}, _only(STAFFING_READ, status_ok=KEEP))],
    "forecast:backtest": [Post(None, {}, _only(STAFFING_READ, status_ok=KEEP))],
}
