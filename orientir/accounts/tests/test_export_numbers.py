"""Numbers are numbers in every XLSX the system gives out: no cell holds a number written as Russian text («73,3»,
«1 234», «12,5 %»), which Excel neither sums nor sorts. Found by opening every URL of the permission matrix."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role, objects
from orientir.accounts.tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.dateless

# a number as a Russian would type it: decimal comma, spaces between thousands, a percent sign (a bare string of
# digits is left alone: it is an identifier as often as not — an item «1», an ИНН, a code)
FORMATTED_NUMBER = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?:\s?%)?$|^-?\d+,\d+(?:\s?%)?$"
                              r"|^-?\d+\s?%$")

CASES = [(name, i) for name, rows in MATRIX.items() for i in range(len(rows))
         if any(status == OK for role, status in rows[i][1].items() if role != "anon")]


@pytest.mark.parametrize("text,formatted", [("73,3", True), ("1 234", True), ("12,5 %", True), ("100 %", True), ("1", False),
                                            ("7707083893", False), ("44.02.02", False), ("ЦО-1", False),
                                            ("2026/2027", False), ("—", False), ("9 «А»", False)])
def test_what_counts_as_a_number_written_as_text(text, formatted):
    assert bool(FORMATTED_NUMBER.match(text)) is formatted


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_every_xlsx_keeps_numbers_as_numbers(name, case, world, db, client):
    kwargs_fn, expected = MATRIX[name][case]
    url = reverse(name, kwargs=kwargs_fn(objects(world)) if kwargs_fn else None)
    role = next(r for r in ROLES if r != "anon" and expected[r] == OK)
    response = as_role(client, world, role).get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != OK or "spreadsheetml" not in response.get("Content-Type", ""):
        return
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    texts = [f"{sheet.title}!{cell.coordinate}={cell.value!r}" for sheet in book.worksheets
             for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and FORMATTED_NUMBER.match(cell.value.strip())]
    assert not texts, f"{url}: numbers stored as text: {texts[:10]}"
