"""Every page and file that shows a child's personal data logs the read: found by looking, not by a list.

The matrix city is filled first with every object the matrix rows make (classes with members, motivated pupils,
the targeted database, route sheets, contracts, pairs…), so that lists are not empty. Then each URL of the
permission matrix is opened by every role that may open it, after the names of every pupil, contract citizen and
representative in the database were replaced with a word found nowhere else. Wherever that word is on
the page (or inside the XLSX or DOCX file), the request must have written a read or export entry for that user.
A new page that shows pupils without logging fails here, whoever forgot it."""

import io
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role, objects
from orientir.accounts.tests.test_permission_matrix import MATRIX
from orientir.core.audit import READ_ACTIONS
from orientir.core.models import AuditEntry

pytestmark = pytest.mark.dateless

MARK = "Шиповникова"


def _mark_every_person() -> None:
    from orientir.careers.models import ParentConsultation
    from orientir.contracts.models import Contract, RepresentativeConsent
    from orientir.pupils.models import Pupil, Representative

    Pupil.objects.update(last_name=MARK)
    Contract.objects.update(last_name=MARK)
    Representative.objects.update(full_name=f"{MARK} Ольга Петровна")
    RepresentativeConsent.objects.update(last_name=MARK)
    ParentConsultation.objects.exclude(parent_name="").update(parent_name=f"{MARK} О. П.")


def _shown(response) -> bool:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("text/") or "json" in kind:
        return MARK in body.decode("utf-8", "replace")
    if body[:2] == b"PK":  # XLSX, DOCX: the text is in the XML parts
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return any(MARK in book.read(name).decode("utf-8", "replace") for name in book.namelist()
                       if name.endswith(".xml"))
    return False  # PDF: compressed streams; the PDF views log their export explicitly (checked in their tests)


CASES = [(name, i) for name, rows in MATRIX.items() for i in range(len(rows))
         if any(status == OK for role, status in rows[i][1].items() if role != "anon")]


@pytest.fixture(scope="module")
def filled(world, django_db_blocker):
    """Every matrix row's object made once, on top of the world (rolled back with it): {(name, case): kwargs}."""
    made = {}
    with django_db_blocker.unblock():
        for name, case in CASES:
            kwargs_fn = MATRIX[name][case][0]
            try:
                with transaction.atomic():
                    made[(name, case)] = kwargs_fn(objects(world)) if kwargs_fn else None
            except Exception:  # a row that refuses a second object of its kind: its own case makes it again
                pass
        _mark_every_person()
    return made


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_a_page_showing_a_persons_data_logs_the_read(name, case, world, filled, db, client):
    kwargs_fn, expected = MATRIX[name][case]
    o = objects(world)
    if (name, case) in filled:
        kwargs = filled[(name, case)]
    else:
        try:
            with transaction.atomic():
                kwargs = kwargs_fn(o) if kwargs_fn else None
        except Exception:
            # its object clashes with one another row made in the filled city (the same pair, say): open the
            # page of this URL that the filled city has
            siblings = [k for (n, _), k in filled.items() if n == name]
            assert siblings, f"{name}#{case}: no object to open"
            kwargs = siblings[0]
    url = reverse(name, kwargs=kwargs)
    _mark_every_person()
    unlogged = []
    for role in ROLES:
        if role == "anon" or expected[role] != OK:
            continue
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = as_role(client, world, role).get(url)
        if response.status_code != OK or not _shown(response):
            continue
        logged = [a for a in AuditEntry.objects.filter(pk__gt=last, actor=o["personas"][role])
                  .values_list("action", flat=True) if a.rsplit(".", 1)[-1] in READ_ACTIONS]
        if not logged:
            unlogged.append(role)
    assert not unlogged, f"GET {url} shows a person's data to {unlogged} without a read entry in the log"
