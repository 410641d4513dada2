"""Every download of the system is saved under a real name (RFC 6266): an ASCII `filename` every browser reads and,
for a Russian name, `filename*` in UTF-8 — found by opening every URL of the permission matrix, not from a list."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role, objects
from orientir.accounts.tests.test_permission_matrix import MATRIX
from orientir.core.downloads import ascii_name, attachment

pytestmark = pytest.mark.dateless

PLAIN = re.compile(r'^attachment; filename="([A-Za-z0-9._-]+)"(?:; filename\*=UTF-8\'\'([^;]+))?$')
DJANGO = re.compile(r"^attachment; filename\*=utf-8''([^;]+)$")  # FileResponse with a Russian file name

CASES = [(name, i) for name, rows in MATRIX.items() for i in range(len(rows))
         if any(status == OK for role, status in rows[i][1].items() if role != "anon")]


def test_a_russian_name_gets_an_ascii_fallback_and_the_utf8_name():
    assert attachment("contract-ЦО-777/2026.docx") == (
        "attachment; filename=\"contract-TSO-777-2026.docx\"; "
        "filename*=UTF-8''contract-%D0%A6%D0%9E-777-2026.docx")
    assert attachment("plan-2027.xlsx") == 'attachment; filename="plan-2027.xlsx"'
    assert ascii_name("Отчёт «Воронка» №1.pdf") == "Otchet-Voronka-1.pdf"


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_every_download_has_a_name_a_browser_keeps(name, case, world, db, client):
    kwargs_fn, expected = MATRIX[name][case]
    url = reverse(name, kwargs=kwargs_fn(objects(world)) if kwargs_fn else None)
    role = next(r for r in ROLES if r != "anon" and expected[r] == OK)
    response = as_role(client, world, role).get(url)
    header = response.get("Content-Disposition")
    if response.status_code != OK or header is None:
        return
    plain, django = PLAIN.match(header), DJANGO.match(header)
    assert plain or django, f"{url}: Content-Disposition {header!r}"
    if plain and plain.group(2):
        assert unquote(plain.group(2)) != plain.group(1)
