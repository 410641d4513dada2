"""The two scopes never mix: a person's cabinet account opens no page of the officials — every URL of the permission
matrix with every set of its arguments, by GET and by POST — and is answered 403 (or, for the home page, sent to the
cabinet). The other direction, every official refused every person's page, is in the matrix's own cabinet rows."""

import pytest
from django.conf import settings
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import objects
from orientir.accounts.tests.test_permission_matrix import MATRIX

STAFF = sorted(name for name in MATRIX if not name.startswith("cabinet:"))
CASES = [(name, i) for name in STAFF for i in range(len(MATRIX[name]))]


@pytest.fixture
def person(world, db):
    """A parent's cabinet account linked to school A's matrix pupil, with a session of its own."""
    from django.test import Client

    from orientir.cabinet import services

    o = objects(world)
    _, code = services.invitation_issue(actor=o["personas"]["coordinator_a"], kind="parent", pupil=o["pupil_a"])
    services.join(code=code, username="matrix_parent", password="Кабинет-пароль-2026", last_name="Ученикова",
                  first_name="Мария")
    client = Client()
    assert client.login(username="matrix_parent", password="Кабинет-пароль-2026")
    return client, o


def test_the_staff_list_is_the_whole_matrix_less_the_cabinet():
    assert len(STAFF) > 300 and "core:home" in STAFF and "pupils:pupil_detail" in STAFF


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_a_cabinet_account_opens_no_staff_page(name, case, person):
    client, o = person
    refused = []
    kwargs_fn, _expected = MATRIX[name][case]
    url = reverse(name, kwargs=kwargs_fn(o) if kwargs_fn else None)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if url == "/" and method == "get":
            ok = response.status_code == 302 and response["Location"] == reverse("cabinet:home")
        else:
            ok = response.status_code == 403
        if not ok:
            refused.append(f"{method.upper()} {url}: {response.status_code}")
    assert not refused, "a cabinet account reached a staff page: " + "; ".join(refused)
    assert settings.SESSION_COOKIE_NAME in client.cookies  # still the person's session: nothing signed them out
