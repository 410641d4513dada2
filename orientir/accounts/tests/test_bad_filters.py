"""Every page a role may open, asked with nonsense in every filter a list reads: 200 or 400, never a 500.

The filter names are read from the code (`request.GET.get("…")`, `GET["…"]`, filter forms' fields), so a new filter
is probed as soon as it exists; the pages are the GET matrix's rows that answer 200 to some role.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role, objects
from orientir.accounts.tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.dateless

_GET_NAME = re.compile(r"""GET(?:\.get|\.getlist)?[\[(]\s*["']([a-z_]+)["']""")
_ROOT = Path(__file__).resolve().parents[2]


def filter_names() -> list[str]:
    names = set()
    for path in _ROOT.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            names |= set(_GET_NAME.findall(path.read_text(encoding="utf-8")))
    # filters read through forms bound to request.GET
    names |= {"customer", "specialty", "programme", "school", "organisation", "municipality", "cohort", "sector",
              "state", "kind", "level", "unit", "position", "tutor", "grade", "from", "to"}
    names -= {"next", "format"}  # not filters: a return address (checked elsewhere) and the export switch
    return sorted(names)


BAD_VALUES = {"letters": "abc", "huge": "99999999999999999999", "zero": "0", "empty": ""}
PAGES = [(name, i, role) for name, rows in MATRIX.items() for i, (_, expected) in enumerate(rows)
         for role in [next((r for r in ROLES if expected[r] == OK and r != "anon"), None)] if role]


def test_filter_names_are_found():
    names = filter_names()
    assert {"year", "q", "school", "specialty", "page"} <= set(names)


@pytest.mark.parametrize("name,case,role", PAGES, ids=[f"{n}#{i}" for n, i, _ in PAGES])
def test_nonsense_in_every_filter_is_no_server_error(name, case, role, world, db, client):
    kwargs_fn, _ = MATRIX[name][case]
    url = reverse(name, kwargs=kwargs_fn(objects(world)) if kwargs_fn else None)
    client = as_role(client, world, role)
    failures = []
    for label, value in BAD_VALUES.items():
        query = dict.fromkeys(filter_names(), value)
        try:
            status = client.get(url, query).status_code
        except Exception as exc:  # noqa: BLE001 - the test client re-raises what would be a 500
            status = f"{type(exc).__name__}: {str(exc)[:120]}"
        if status not in (200, 302, 400, 404):
            failures.append(f"{label}: {status}")
    assert not failures, f"GET {url} as {role}: " + "; ".join(failures)
