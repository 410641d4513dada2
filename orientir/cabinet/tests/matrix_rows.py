"""Permission-matrix rows of the cabinet (merged into accounts/tests/test_permission_matrix.py).

The matrix's personas are all officials: every person's page of the cabinet refuses them (403, the scope middleware),
an anonymous visitor goes to the cabinet's own entrance (302 to /cabinet/login/). The entrance pages are open to
everyone. The invitations are POST only. What the people themselves may open — their own records 200, another
family's 404 — is in test_cabinet_http.py, and every staff URL of this matrix refused to a person in
test_scope_separation.py.
"""

from orientir.accounts.tests.matrix_kit import FORBIDDEN, FOUND, OK, POST_ONLY, _all

PERSON_PAGE = _all(FORBIDDEN, anon=FOUND)
ENTRANCE = _all(OK, anon=OK)


def _pupil(o):
    return {"pk": o["pupil_a"].pk}


def _contract(o):
    from orientir.contracts.tests.matrix_rows import _contract as contract

    return contract(o)


ROWS = {
    "cabinet:login": [(None, ENTRANCE)],
    "cabinet:join": [(None, ENTRANCE)],
    "cabinet:logout": [(None, _all(405, anon=405))],  # logout is POST only
    "cabinet:home": [(None, PERSON_PAGE)],
    "cabinet:password_change": [(None, PERSON_PAGE)],
    "cabinet:link": [(None, PERSON_PAGE)],
    "cabinet:pupil": [(_pupil, PERSON_PAGE)],
    "cabinet:consent": [(_pupil, PERSON_PAGE)],
    "cabinet:consent_withdraw": [(_pupil, PERSON_PAGE)],
    "cabinet:contract": [(_contract, PERSON_PAGE)],
    "invitations:pupil": [(_pupil, POST_ONLY)],
    "invitations:contract": [(_contract, POST_ONLY)],
}
