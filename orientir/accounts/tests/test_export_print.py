"""Every XLSX the system gives out prints readably: landscape, all columns on the page's width, the header rows
repeated on every page (the customer registry printed on 12 pages with its columns split). Found by opening every
URL of the permission matrix, as the numbers check does."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role, objects
from orientir.accounts.tests.test_export_numbers import CASES
from orientir.accounts.tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.dateless


@pytest.mark.parametrize("name,case", CASES, ids=[f"{n}#{i}" for n, i in CASES])
def test_every_xlsx_prints_landscape_on_the_page_width_with_its_header_repeated(name, case, world, db, client):
    kwargs_fn, expected = MATRIX[name][case]
    url = reverse(name, kwargs=kwargs_fn(objects(world)) if kwargs_fn else None)
    role = next(r for r in ROLES if r != "anon" and expected[r] == OK)
    response = as_role(client, world, role).get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != OK or "spreadsheetml" not in response.get("Content-Type", ""):
        return
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]  # the table itself; later sheets are lists a template's cells choose from
    where = f"{url} «{sheet.title}»"
    assert sheet.page_setup.orientation == "landscape", where
    assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage, where
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0, where
    assert sheet.print_title_rows, f"{where}: the header is not repeated on every page"
