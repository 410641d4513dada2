"""A link to a page the viewer may not open is not shown: every page of the permission matrix, as every role
that may open it in a filled city, links only to pages that role may open (no 403, no 404)."""

import re
from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role
from orientir.accounts.tests.test_permission_matrix import MATRIX
from orientir.accounts.tests.test_read_log import CASES, filled  # noqa: F401  (the filled city fixture)

pytestmark = pytest.mark.dateless

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"', re.I)
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout", "/logout")
PER_URL_NAME = 3  # a list links to many cards of one kind: a few of each kind tell as much


def _links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        href = urldefrag(raw.replace("&amp;", "&"))[0]
        if not href or href.startswith(("mailto:", "tel:", "javascript:", "?")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(href)
    return found


def _kind(href: str) -> str:
    try:
        return resolve(urlsplit(href).path).view_name
    except Resolver404:
        return urlsplit(href).path


def _link_contracts_to_a_pupil_out_of_their_scope(world) -> None:
    """The known case: a contract card that names a pupil of another school (a viewer sees the contract, not the
    pupil). Every contract points to the pupil of school B, whom the coordinator of school A may not open."""
    from orientir.contracts.models import Contract

    Contract.objects.update(pupil_id=world["pupil_b"])


# One test a role, so that the parallel workers share the walk (each role's walk is on its own anyway).
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anon"])
def test_no_page_links_a_viewer_to_a_page_they_may_not_open(role, world, filled, db, client):  # noqa: F811
    _link_contracts_to_a_pupil_out_of_their_scope(world)
    pages = []
    for name, case in CASES:
        if (name, case) in filled and MATRIX[name][case][1][role] == OK:
            pages.append(reverse(name, kwargs=filled[(name, case)]))
    seen: dict[str, int] = {}
    offenders = []
    per_kind: dict[str, int] = defaultdict(int)
    for page in sorted(set(pages)):
        response = as_role(client, world, role).get(page)
        if response.status_code != OK or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in _links(response.content.decode("utf-8", "replace")):
            if href not in seen:
                kind = _kind(href)
                if per_kind[kind] >= PER_URL_NAME:
                    continue
                per_kind[kind] += 1
                seen[href] = as_role(client, world, role).get(href).status_code
            if seen[href] in (403, 404):
                offenders.append(f"{role}: {page} → {href} → {seen[href]}")
    assert not offenders, "links to pages the viewer may not open:\n" + "\n".join(sorted(set(offenders)))
