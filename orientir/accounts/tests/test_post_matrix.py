"""The POST permission matrix: every URL that takes a write × every role (and an anonymous visitor).

The GET matrix (test_permission_matrix.py) opens every page; for a URL that only takes a POST it can check no more
than the 405. Here every such URL, and every form page that saves what is posted to it, gets the POST a legitimate
user would send (real form data, not an empty form that any validation would refuse), from every role:

- the roles that may not write are refused exactly — 403 for a role that sees the record but may not change it,
  404 for a record outside the role's organisations (another school, the library of another sector, the far school
  of another municipality), the login page for an anonymous visitor — and **the database is unchanged afterwards**:
  every table is compared row by row with its state before the request (post_matrix_kit.snapshot says which tables
  and columns are left out and why);
- the roles that may write are not refused (no 403/404/405, no error), and where the row says WRITE the database did
  change — so a row cannot pass because its data were refused for everybody.

Besides the record of school A, school B (and, where the scope differs, the library and the far school), "crossed"
rows post to one's own record what belongs to another organisation — school B's pupil into school A's run, school
B's line into school A's staffing return, another municipality's customer into a new contract — and every role
must be refused with nothing written. The rows live beside each app's tests in orientir/<app>/tests/post_rows.py
(vocabulary and helpers in post_matrix_kit.py).

The refused roles go first, in a savepoint rolled back after the comparison (when the database differs, each of
them runs again alone to name the one that wrote); then each allowed role runs in its own savepoint, rolled back
after its check, so every role meets the same data and one role's write does not hide or cause another's result.
The matrix data, and a logged-in session per role, are built once per module (post_matrix_kit.build_world) and every
case starts from them; a case sends a role's session cookie instead of logging in.

Completeness: a URL without a POST row fails `test_every_write_url_has_a_post_row`. A URL needs a row when
- all its GET-matrix rows expect 405 (a POST-only URL), or
- its view does something with a POST, found from the code: a class-based view with a `post` method, or a view
  function whose source — or that of the project's functions it calls, two calls deep — reads request.POST /
  request.FILES / request.body, compares the method with "POST", or is wrapped in require_POST /
  require_http_methods([..., "POST"]) (post_matrix_kit.accepts_post).
The code, rather than the page: rendering every page of the project to look for `<form method="post">` would cost
the GET matrix's two minutes again, would miss a form shown only to some roles or in some states (a task's «Закрыть»
form, a return that is still open), and a page's form may post to another URL. A Django view can act on a POST only
by reading it (or by letting the method through a decorator), so reading the code finds every view that can write
from a POST — including a new GET+POST form page — and costs milliseconds. (A view that writes on GET is the GET
matrix's business.) Views that read POST only to show something, like the forecast page, get a row too: POSTing to
them writes nothing.
"""

import importlib

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import FORBIDDEN, FOUND, MISSING, POST_ONLY, ROLES, objects, roles_asked
from orientir.accounts.tests.post_matrix_kit import (ALLOWED, KEEP, REFUSED, WRITE, accepts_post, changes, explain,
                                                     snapshot, url_callbacks)
from orientir.accounts.tests.test_permission_matrix import MATRIX

POST_ROWS: dict = {}
for _app in ("core", "accounts", "directory", "plan", "staffing", "forecast", "pupils", "careers", "mentoring",
             "contracts", "students", "api"):
    _rows = importlib.import_module(f"orientir.{_app}.tests.post_rows").ROWS
    assert not set(_rows) & set(POST_ROWS), f"POST rows given twice: {set(_rows) & set(POST_ROWS)}"
    POST_ROWS.update(_rows)
# The offers (ПП № 555), kept apart from the loop above so that the list of apps there stays one line to read.
_rows = importlib.import_module("orientir.offers.tests.post_rows").ROWS
assert not set(_rows) & set(POST_ROWS), f"POST rows given twice: {set(_rows) & set(POST_ROWS)}"
POST_ROWS.update(_rows)


def _post_only_names() -> set[str]:
    return {name for name, rows in MATRIX.items() if rows and all(expected == POST_ONLY for _, expected in rows)}


# The personal cabinet's rows: the invitations (officials) and the people's own writes, which refuse every official.
_rows = importlib.import_module("orientir.cabinet.tests.post_rows").ROWS
assert not set(_rows) & set(POST_ROWS), f"POST rows given twice: {set(_rows) & set(POST_ROWS)}"
POST_ROWS.update(_rows)
# The report book's archive (a background job when it is big, decision 66).
_rows = importlib.import_module("orientir.reports.tests.post_rows").ROWS
assert not set(_rows) & set(POST_ROWS), f"POST rows given twice: {set(_rows) & set(POST_ROWS)}"
POST_ROWS.update(_rows)


def test_every_write_url_has_a_post_row():
    callbacks = url_callbacks()
    need = _post_only_names() | {name for name, callback in callbacks.items() if accepts_post(callback)}
    missing = sorted(need - set(POST_ROWS))
    assert not missing, f"URLs that take a POST without a row in the POST matrix: {missing}"
    stale = sorted(set(POST_ROWS) - set(callbacks))
    assert not stale, f"POST rows for URLs that no longer exist: {stale}"
    quiet = sorted(name for name in POST_ROWS if name not in need)
    assert not quiet, f"POST rows for URLs whose view takes no POST (move them to the GET matrix): {quiet}"
    for name, rows in POST_ROWS.items():
        for i, row in enumerate(rows):
            assert set(row.expected) == set(ROLES), f"{name}#{i}: a row names every role and the anonymous visitor"
            assert set(row.expected.values()) <= set(REFUSED) | set(ALLOWED), f"{name}#{i}: unknown outcome"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _payload(data: dict) -> dict:
    return {key: value() if callable(value) else value for key, value in data.items()}


def _post(client, session: str | None, url: str, data: dict):
    """POST as the session's user (None: anonymous) in its own savepoint; the response, or the exception raised."""
    client.cookies.clear()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    try:
        with transaction.atomic():
            return client.post(url, _payload(data))
    except Exception as exc:  # noqa: BLE001 - a 500 is a finding like any other mismatch
        return exc


def _status_mismatch(role: str, expected, response, login: str) -> str | None:
    if isinstance(response, Exception):
        return f"{role}: {type(response).__name__}: {response} (expected {expected})"
    status = response.status_code
    if expected in (FORBIDDEN, MISSING, FOUND) and status != expected:
        return f"{role}: {status} (expected {expected})"
    if expected == FOUND and role == "anon" and not response["Location"].startswith(login):
        return f"anon: sent to {response['Location']} (expected the login page)"
    if expected in ALLOWED and (status in (FORBIDDEN, MISSING, 405) or status >= 500):
        return f"{role}: {status} (expected to be let through)"
    if expected == KEEP and status >= 500:
        return f"{role}: {status}"
    return None


CASES = [(name, i) for name, rows in POST_ROWS.items() for i in range(len(rows))]


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_post_matrix(name, case, world, db, client, settings):
    """Every role (and an anonymous visitor) POSTs to one URL: all mismatches are reported together.

    The refused roles go first, one after another in one savepoint, and the database is compared once after all of
    them; only when it differs is each of them run again alone to tell which one wrote. Then each allowed role
    runs in its own savepoint, rolled back after its check, so each meets the same data.
    """
    settings.SESSION_SAVE_EVERY_REQUEST = False  # the session table is not compared; no need to write it each time
    o = objects(world)
    row = POST_ROWS[name][case]
    kwargs = row.url(o) if row.url else None
    url = reverse(name, kwargs=kwargs)
    data = row.data(o, kwargs) if callable(row.data) else dict(row.data)
    sessions = {"anon": None, **world["sessions"]}
    # the cabinet's pages send a visitor to the cabinet's own entrance, never to the officials'
    login = reverse("cabinet:login" if name.startswith("cabinet:") else "accounts:login")
    refused = [r for r in roles_asked(row.expected, ()) if row.expected[r] in REFUSED]
    allowed = [r for r in roles_asked(row.expected, ALLOWED) if row.expected[r] in ALLOWED]
    mismatches = []
    before = snapshot()
    with transaction.atomic():
        responses = {role: _post(client, sessions[role], url, data) for role in refused}
        after = snapshot()
        transaction.set_rollback(True)
    for role in refused:
        mismatches.append(_status_mismatch(role, row.expected[role], responses[role], login))
    if after != before:
        for role in refused:
            with transaction.atomic():
                response = _post(client, sessions[role], url, data)
                alone = snapshot()
                transaction.set_rollback(True)
            if alone != before:
                status = getattr(response, "status_code", response)
                mismatches.append(f"{role}: answered {status} but wrote: {changes(before, alone)}")
    for role in allowed:
        with transaction.atomic():
            response = _post(client, sessions[role], url, data)
            after = snapshot() if row.expected[role] == WRITE else before
            transaction.set_rollback(True)
        mismatches.append(_status_mismatch(role, row.expected[role], response, login))
        if row.expected[role] == WRITE and after == before and not isinstance(response, Exception):
            mismatches.append(f"{role}: {response.status_code} and nothing written (expected a write: check the "
                              f"row's data) {explain(response)}")
    mismatches = [m for m in mismatches if m]
    assert not mismatches, f"POST {url}: " + "; ".join(mismatches)
