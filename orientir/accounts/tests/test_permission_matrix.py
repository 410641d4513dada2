"""The permission matrix: every URL pattern of the project × every role → expected status of a GET.

A new URL without a row here fails `test_every_url_pattern_has_a_matrix_row`, so no page can be added
without deciding who may open it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from orientir.accounts.tests.matrix_kit import (  # noqa: F401 - the vocabulary of the rows below
    ADMIN, FORBIDDEN, FOUND, MAY_CREATE_ORG, MAY_EDIT_ORG_CARD, MAY_EXPORT_ORGS, MISSING, NOT_ALLOWED, OK,
    PLAN_DASHBOARD, PLAN_VIEW, POST_ONLY, PUPILS_READ, ROLES, SEES_CUSTOMERS, STAFFING_READ, _all, _only, _ret,
    _task, as_role, objects, roles_asked)

def _upload_of(o, role: str) -> dict:
    """A pupil file (the template with one pupil) uploaded by `role` and refused, kept for its marked copy."""
    import io

    import openpyxl

    from orientir.core.imports import staging
    from orientir.pupils import importer

    book = openpyxl.load_workbook(io.BytesIO(importer.build_template(o["school_a"])))
    book.active.append(["Петров", None])  # the first name missing: one error to mark
    buf = io.BytesIO()
    book.save(buf)
    upload = staging.keep(owner=o["personas"][role], kind="pupils", filename="p.xlsx", data=buf.getvalue())
    return {"kind": "pupils", "token": str(upload.pk)}


def _act_of(city):
    """An act of destruction of the city (as the administrator's confirmation writes it)."""
    import datetime

    from orientir.core.models import DestructionAct

    return DestructionAct.objects.create(municipality=city, number="1-2026", made_on=datetime.date(2026, 3, 1),
                                         subject="pupil", group="Обучающиеся без договора: 1", period="3 года",
                                         reason="—", people=1, tables=[["Обучающиеся", 1]], actor_name="Админ")


MATRIX = {
    "core:home": [(None, _all(OK))],
    "core:audit_log": [(None, _only({"admin", "committee"}))],
    "core:health": [(None, _all(OK, anon=OK))],
    # records past their period: the committee reads the list, the administrator destroys (POST only) — decision 59
    "core:retention": [(None, _only({"admin", "committee"}))],
    "core:retention_export": [(None, _only({"admin", "committee"}))],
    "core:retention_destroy": [(None, _all(NOT_ALLOWED, anon=FOUND))],
    "core:destruction_act": [(lambda o: {"pk": _act_of(o["city"]).pk}, _only({"admin", "committee"})),
                             # another municipality's act answers as one that does not exist (the administrator
                             # of the matrix serves every municipality)
                             (lambda o: {"pk": _act_of(o["other_city"]).pk},
                              _only({"admin", "committee"}, status_ok=MISSING, admin=OK))],
    # an upload is its owner's alone: any other user's request answers as for a token that does not exist
    "core:import_marked": [(lambda o: _upload_of(o, "coordinator_a"), _all(MISSING, coordinator_a=OK))],
    "accounts:login": [(None, _all(FOUND, anon=OK))],
    "accounts:logout": [(None, _all(NOT_ALLOWED, anon=NOT_ALLOWED))],  # logout is POST only
    "accounts:password_change": [(None, _all(OK))],
    "accounts:password_change_done": [(None, _all(OK))],
    "accounts:password_reset": [(None, _all(OK, anon=OK))],
    "accounts:password_reset_done": [(None, _all(OK, anon=OK))],
    "accounts:password_reset_confirm": [(lambda o: {"uidb64": "MQ", "token": "bad-token"}, _all(OK, anon=OK))],
    "accounts:password_reset_complete": [(None, _all(OK, anon=OK))],
    "accounts:user_list": [(None, _only(ADMIN))],
    "accounts:user_create": [(None, _only(ADMIN))],
    "accounts:user_edit": [(lambda o: {"pk": o["personas"]["coordinator_b"].pk}, _only(ADMIN))],
    "directory:organisation_list": [(None, _all(OK))],
    "directory:organisation_export": [(None, _only(MAY_EXPORT_ORGS))],
    "directory:organisation_create": [(None, _only(MAY_CREATE_ORG))],
    "directory:organisation_import": [(None, _only(MAY_CREATE_ORG))],
    "directory:organisation_import_template": [(None, _only(MAY_CREATE_ORG))],
    "directory:organisation_detail": [
        (lambda o: {"pk": o["school_a"].pk}, _all(OK)),
        # Another organisation, another sector, another municipality: 404 exactly like a missing record.
        (lambda o: {"pk": o["school_b"].pk}, _all(OK, coordinator_a=MISSING, tutor=MISSING)),
        (lambda o: {"pk": o["library"].pk},
         _all(OK, directorate=MISSING, methodologist=MISSING, coordinator_a=MISSING, tutor=MISSING)),
        (lambda o: {"pk": o["far_school"].pk}, _all(MISSING, admin=OK)),
        (lambda o: {"pk": 987654}, _all(MISSING)),
    ],
    "directory:organisation_edit": [
        (lambda o: {"pk": o["school_a"].pk}, _only(MAY_EDIT_ORG_CARD)),
        (lambda o: {"pk": o["school_b"].pk}, _only(MAY_EDIT_ORG_CARD - {"coordinator_a"}, coordinator_a=MISSING,
                                                    tutor=MISSING)),
        (lambda o: {"pk": o["far_school"].pk}, _all(MISSING, admin=OK)),
    ],
    "directory:customer_registry": [(None, _only(SEES_CUSTOMERS))],
    "directory:customer_registry_export": [(None, _only(SEES_CUSTOMERS))],
    "directory:reference_index": [(None, _all(OK))],
    "directory:reference_list": [
        # `kind=kind` binds each list now: a bare closure would read the loop's last value in every row.
        (lambda o, kind=kind: {"kind": kind}, _all(OK))
        for kind in ("units", "positions", "specialties", "years", "municipalities")
    ] + [(lambda o: {"kind": "nonexistent"}, _all(MISSING))],
    "directory:reference_export": [(lambda o: {"kind": "specialties"}, _all(OK))],
    "directory:reference_create": [(lambda o: {"kind": "positions"}, _only(ADMIN))],
    "directory:reference_edit": [
        (lambda o: {"kind": "units", "pk": o["city"].units.first().pk}, _only(ADMIN)),
        (lambda o: {"kind": "units", "pk": 987654}, _only(ADMIN, admin=MISSING)),
    ],
    "plan:my_tasks": [(None, _only(PLAN_VIEW))],
    "plan:task_list": [(None, _only(PLAN_VIEW))],
    "plan:task_export": [(None, _only(PLAN_VIEW))],
    "plan:task_detail": [
        (_task, _only(PLAN_VIEW, committee=MISSING, tutor=MISSING)),
        (lambda o: {"pk": o["version"].tasks.filter(organisation=o["school_b"]).first().pk},
         _only(PLAN_VIEW, committee=MISSING, coordinator_a=MISSING, tutor=MISSING)),
    ],
    "plan:task_start": [(_task, POST_ONLY)],
    "plan:task_close": [(_task, POST_ONLY)],
    "plan:task_reopen": [(_task, POST_ONLY)],
    "plan:task_evidence": [(_task, _all(MISSING))],  # no file attached yet
    "plan:year_grid": [(None, _only(PLAN_VIEW))],
    "plan:calendar": [(None, _only(PLAN_VIEW))],
    "plan:dashboard": [(None, _only(PLAN_DASHBOARD))],
    "plan:export": [(lambda o: {"kind": "plan", "fmt": "xlsx"}, _only(PLAN_VIEW)),
                    (lambda o: {"kind": "plan", "fmt": "pdf"}, _only(PLAN_VIEW)),
                    (lambda o: {"kind": "execution", "fmt": "xlsx"}, _only(PLAN_DASHBOARD)),
                    (lambda o: {"kind": "execution", "fmt": "pdf"}, _only(PLAN_DASHBOARD)),
                    (lambda o: {"kind": "other", "fmt": "doc"}, _all(MISSING))],
    "plan:calendar_feed": [(None, _only(PLAN_VIEW))],
    "plan:ical_feed": [(lambda o: {"token": "not-a-token"}, _all(MISSING, anon=MISSING))],
    "plan:plan_items": [(None, _only(PLAN_VIEW))],
    "plan:item_edit": [(lambda o: {"pk": o["version"].items.get(number="1.1").pk}, _only(ADMIN))],
    "plan:item_retire": [(lambda o: {"pk": o["version"].items.get(number="1.1").pk}, POST_ONLY)],
    "plan:versions": [(None, _only(ADMIN))],
    "plan:item_create": [(lambda o: {"version_pk": o["version"].pk}, _only(ADMIN))],
    "plan:version_generate": [(lambda o: {"pk": o["version"].pk}, POST_ONLY)],
    "plan:plan_check": [(None, _only(ADMIN))],
    "staffing:campaigns": [(None, _only(STAFFING_READ, coordinator_a=FOUND))],
    "staffing:campaign_detail": [(lambda o: {"pk": o["campaign"].pk}, _only(STAFFING_READ))],
    "staffing:campaign_export": [(lambda o: {"pk": o["campaign"].pk}, _only(STAFFING_READ))],
    "staffing:my_return": [(None, _only({"admin"}, coordinator_a=FOUND))],
    "staffing:return_detail": [
        (lambda o: _ret(o, "school_a"), _only(STAFFING_READ | {"coordinator_a"})),
        (lambda o: _ret(o, "school_b"), _only(STAFFING_READ, coordinator_a=MISSING, tutor=MISSING)),
        (lambda o: _ret(o, "library"), _only(STAFFING_READ, directorate=MISSING, methodologist=MISSING,
                                             coordinator_a=MISSING, tutor=MISSING)),
    ],
    "staffing:return_template": [(lambda o: _ret(o, "school_a"), _only(STAFFING_READ | {"coordinator_a"}))],
    "staffing:return_add_position": [(lambda o: _ret(o, "school_a"), POST_ONLY)],
    "staffing:return_remove_line": [
        (lambda o: {**_ret(o, "school_a"), "line_id": o["campaign"].returns.get(organisation=o["school_a"])
                    .lines.first().pk}, POST_ONLY)],
    "staffing:return_import": [(lambda o: _ret(o, "school_a"), POST_ONLY)],
    "staffing:return_send_back": [(lambda o: _ret(o, "school_a"), POST_ONLY)],
    "staffing:consolidation": [(None, _only(STAFFING_READ))],
    "staffing:campaign_close": [(lambda o: {"pk": o["campaign"].pk}, POST_ONLY)],
    "forecast:index": [(None, _only(STAFFING_READ))],
    "forecast:snapshots": [(None, _only(STAFFING_READ))],
    "forecast:snapshot_create": [(None, POST_ONLY)],
    # no forecast is frozen in the matrix data: readers get 404, others 403 before the lookup
    "forecast:snapshot_detail": [(lambda o: {"pk": 987654}, _only(STAFFING_READ, status_ok=MISSING))],
    "forecast:snapshot_report": [(lambda o: {"pk": 987654, "kind": "forecast", "fmt": "xlsx"},
                                  _only(STAFFING_READ, status_ok=MISSING))],
    "forecast:submission_file": [(lambda o: {"pk": 987654}, _only(STAFFING_READ, status_ok=MISSING))],
    "forecast:backtest": [(None, _only(STAFFING_READ))],
    "forecast:backtest_export": [(None, _only(STAFFING_READ))],
    "pupils:pupil_list": [(None, _only(PUPILS_READ))],
    "pupils:pupil_export": [(None, _only({"admin", "methodologist", "coordinator_a"}))],
    "pupils:pupil_create": [(None, _only({"admin", "coordinator_a"}))],
    "pupils:pupil_import": [(None, _only({"coordinator_a"}))],
    "pupils:import_template": [(None, _only({"coordinator_a"}))],
    "pupils:rollover": [(None, _only({"coordinator_a"}))],
    "pupils:pupil_detail": [
        # the tutor has no pupils assigned in the matrix data: every pupil is out of their scope
        (lambda o: {"pk": o["pupil_a"].pk}, _only(PUPILS_READ, tutor=MISSING, observer=MISSING)),
        (lambda o: {"pk": o["pupil_b"].pk}, _only(PUPILS_READ, coordinator_a=MISSING, tutor=MISSING,
                                                  observer=MISSING)),
    ],
    "pupils:pupil_edit": [(lambda o: {"pk": o["pupil_a"].pk},
                             _only({"admin", "coordinator_a"}, tutor=MISSING, observer=MISSING))],
    "pupils:consent_withdraw": [(lambda o: {"pk": o["pupil_a"].pk}, POST_ONLY)],
    "pupils:representative_add": [(lambda o: {"pk": o["pupil_a"].pk}, POST_ONLY)],
    "pupils:tutor_assign": [(lambda o: {"pk": o["pupil_a"].pk}, POST_ONLY)],
    "pupils:tutor_unassign": [(lambda o: {"pk": o["pupil_a"].pk, "assignment_id": 987654}, POST_ONLY)],
    "pupils:representative_remove": [(lambda o: {"pk": o["pupil_a"].pk, "rep_id": 987654}, POST_ONLY)],
}


# Apps whose pages came later keep their rows beside their tests; they are part of the same matrix.
from orientir.pupils.tests.matrix_rows import ROWS as _PUPILS_ROWS  # noqa: E402

MATRIX.update(_PUPILS_ROWS)

# The personal cabinet: officials are refused its people's pages; the people's own rows are in cabinet/tests.
from orientir.cabinet.tests.matrix_rows import ROWS as _CABINET_ROWS  # noqa: E402

MATRIX.update(_CABINET_ROWS)

from orientir.careers.tests.matrix_rows import ROWS as _CAREERS_ROWS  # noqa: E402

MATRIX.update(_CAREERS_ROWS)

from orientir.mentoring.tests.matrix_rows import ROWS as _MENTORING_ROWS  # noqa: E402

MATRIX.update(_MENTORING_ROWS)

from orientir.contracts.tests.matrix_rows import ROWS as _CONTRACTS_ROWS  # noqa: E402

MATRIX.update(_CONTRACTS_ROWS)

from orientir.students.tests.matrix_rows import ROWS as _STUDENTS_ROWS  # noqa: E402

MATRIX.update(_STUDENTS_ROWS)

from orientir.reports.tests.matrix_rows import ROWS as _REPORTS_ROWS  # noqa: E402

MATRIX.update(_REPORTS_ROWS)

from orientir.api.tests.matrix_rows import ROWS as _API_ROWS  # noqa: E402
from orientir.offers.tests.matrix_rows import ROWS as _OFFERS_ROWS  # noqa: E402

MATRIX.update(_OFFERS_ROWS)


MATRIX.update(_API_ROWS)

from orientir.jobs.tests.matrix_rows import ROWS as _JOBS_ROWS  # noqa: E402

MATRIX.update(_JOBS_ROWS)


def _pattern_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _pattern_names(entry, ns)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>")
    return names


def test_every_url_pattern_has_a_matrix_row():
    names = _pattern_names(get_resolver())
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


CASES = [(name, i) for name, rows in MATRIX.items() for i in range(len(rows))]


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_permission_matrix(name, case, world, db, client):
    """Every role (and an anonymous visitor) against one URL: all mismatches are reported together."""
    kwargs_fn, expected = MATRIX[name][case]
    url = reverse(name, kwargs=kwargs_fn(objects(world)) if kwargs_fn else None)
    mismatches = []
    for role in roles_asked(expected, (OK, FOUND) if name != "accounts:login" else (OK,)):
        response = as_role(client, world, role).get(url)
        if response.status_code != expected[role]:
            mismatches.append(f"{role}: {response.status_code} (expected {expected[role]})")
        elif expected[role] == FOUND and role == "anon" and name != "accounts:login":
            # the cabinet's pages send a visitor to the cabinet's own entrance, never to the officials'
            entrance = "cabinet:login" if name.startswith("cabinet:") else "accounts:login"
            assert response["Location"].startswith(reverse(entrance))
    assert not mismatches, f"GET {url}: " + "; ".join(mismatches)
