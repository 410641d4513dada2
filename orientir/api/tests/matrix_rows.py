"""Permission-matrix rows of the region's API and of the administrator's key page.

The API takes a key, never a session: every role of the pages, logged in or not, gets 401 from its operations
(what a key opens is tested in test_api.py, by the same access gate as the pages). The schema and its
documentation page are public, as published interfaces are."""

from orientir.accounts.tests.matrix_kit import ADMIN, MISSING, NOT_ALLOWED, OK, _all, _only

UNAUTHORISED = 401
KEY_ONLY = _all(UNAUTHORISED, anon=UNAUTHORISED)

ROWS: dict = {
    "api:api-root": [(None, _all(MISSING, anon=MISSING))],
    "api:openapi-json": [(None, _all(OK, anon=OK))],
    "api:openapi-view": [(None, _all(OK, anon=OK))],
    "api:customers": [(None, KEY_ONLY)],
    "api:funnel": [(None, KEY_ONLY)],
    "api:forecast_needs": [(None, KEY_ONLY)],
    "api:monitoring_programmes": [(None, KEY_ONLY)],
    "api:monitoring_routes": [(None, KEY_ONLY)],
    "api:monitoring_employment": [(None, KEY_ONLY)],
    "api_keys:token_list": [(None, _only(ADMIN))],
    "api_keys:token_revoke": [(lambda o: {"pk": 987654}, _all(NOT_ALLOWED))],
}
