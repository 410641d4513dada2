"""Text someone typed never becomes a formula in a workbook the system gives out: found by looking, not by a list.

A position, an organisation, a pupil… named `=HYPERLINK("http://evil.example","x")` or `+1+1` would run as a
formula in the official's Excel if a writer put it into the file as one (CSV/formula injection). The matrix city
is filled with every object the permission-matrix rows make, every name and title in it is replaced with such a
text, and every URL of the matrix is opened by the first role that may open it. Each answer that is an XLSX is read
back with openpyxl: no cell of any sheet may be a formula, and the names must be there as strings. A new export
that writes text as a formula fails here, whoever wrote it.
"""

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from orientir.accounts.tests.conftest import world  # noqa: F401 - the matrix city, once per module
from orientir.accounts.tests.matrix_kit import OK, ROLES, as_role, objects
from orientir.accounts.tests.test_permission_matrix import MATRIX
from orientir.accounts.tests.test_read_log import CASES, filled  # noqa: F401 - every matrix row's object, made once

# A walk over every download of the matrix city, not a rule of dates: run once, not on every day of make test-dates.
pytestmark = pytest.mark.dateless

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
PLUS = "+1+1"
PAYLOADS = [HYPERLINK, PLUS, "-2+3", "@SUM(1+1)"]
STARTS = tuple(PAYLOADS)

# Free text people type: names, titles, notes. Codes, numbers, statuses and derived sort keys are left alone.
TEXT_FIELDS = {
    "name", "short_name", "full_name", "last_name", "first_name", "middle_name", "title", "topic", "place",
    "organiser", "partner", "institution", "desired_institution", "education_organisation", "position",
    "position_title", "head_position", "head_last_name", "description", "leader", "teacher", "coordinator",
    "consultant", "authors", "parent_name", "given_by_name", "recipient", "profile", "signatory_position",
    "signatory_name", "supervisor", "responsible", "note", "reason", "cancel_reason", "text", "address",
}
# Downloads that certainly show a typed name: the test also proves it finds them and reads the names back.
MUST_FIND = {"directory:organisation_export", "staffing:return_template", "pupils:import_template",
             "pupils:pupil_export"}

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _poison_every_name() -> None:
    """Every free-text field of every row of the project's models starts with one of the payloads."""
    for i, model in enumerate(m for m in apps.get_models() if m.__module__.startswith("orientir.")):
        for j, field in enumerate(f for f in model._meta.concrete_fields if isinstance(f, models.CharField)
                                  and f.name in TEXT_FIELDS and not f.choices):
            payload = PAYLOADS[(i + j) % len(PAYLOADS)]
            # the row's key after the payload keeps names that must differ (a position, a unit of one city) apart
            model.objects.update(**{field.name: Concat(Value(payload + " "), Cast("pk", CharField()),
                                                       output_field=CharField())})


def _exact_names(o, org_name=HYPERLINK, positions=(HYPERLINK, PLUS)) -> None:
    """Objects named exactly with a payload, where the files show the whole name at the start of a cell."""
    from orientir.directory.models import Organisation, Position
    from orientir.pupils.models import Pupil
    from orientir.staffing.models import ReturnLine

    Organisation.objects.filter(pk=o["school_a"].pk).update(full_name=org_name, short_name=PLUS)
    Pupil.objects.filter(pk=o["pupil_a"].pk).update(last_name=HYPERLINK, first_name=PLUS)
    ret = o["campaign"].returns.get(organisation=o["school_a"])
    for name in positions:
        position = Position.objects.create(name=name, sector="education")
        ReturnLine.objects.create(ret=ret, position=position, staff_units=Decimal("2.50"), age_lt25=3)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _is_xlsx(response, body: bytes) -> bool:
    return response.get("Content-Type", "").startswith(XLSX_TYPE) or (
        body[:2] == b"PK" and ".xlsx" in response.get("Content-Disposition", ""))


def _formula_parts(body: bytes) -> list[str]:
    """The sheet parts that hold a formula element (<f>), whatever a reader makes of them."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return [name for name in book.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")
                and FORMULA_TAG.search(book.read(name))]


def _cells(body: bytes):
    book = openpyxl.load_workbook(io.BytesIO(body))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def _url(name, case, o, made):
    kwargs_fn, _ = MATRIX[name][case]
    if (name, case) in made:
        return reverse(name, kwargs=made[(name, case)])
    try:
        with transaction.atomic():
            return reverse(name, kwargs=kwargs_fn(o) if kwargs_fn else None)
    except Exception:  # its object clashes with one the filled city has: open that one
        siblings = [k for (n, _), k in made.items() if n == name]
        return reverse(name, kwargs=siblings[0]) if siblings else None


def test_no_typed_text_becomes_a_formula_in_any_downloaded_workbook(world, filled, db, client):  # noqa: F811
    o = objects(world)
    _poison_every_name()
    _exact_names(o)
    files, formulas, shown = {}, [], {}
    for name, case in CASES:
        url = _url(name, case, o, filled)
        role = next(r for r in ROLES if r != "anon" and MATRIX[name][case][1][r] == OK)
        if url is None:
            continue
        response = as_role(client, world, role).get(url)
        body = _body(response)
        if response.status_code != OK or not _is_xlsx(response, body):
            continue
        files[name] = url
        formulas += [f"{url}: {part} holds a formula" for part in _formula_parts(body)]
        for sheet, cell in _cells(body):
            if cell.data_type == "f":
                formulas.append(f"{url}: {sheet}!{cell.coordinate} = {cell.value!r} is a formula")
            elif isinstance(cell.value, str) and any(p in cell.value for p in PAYLOADS):
                assert cell.data_type == "s", (url, sheet, cell.coordinate, cell.data_type)
                shown.setdefault(name, []).append(cell.value)

    assert not formulas, "\n".join(formulas)
    assert MUST_FIND <= set(files), f"XLSX downloads not found: {MUST_FIND - set(files)}"
    assert MUST_FIND <= set(shown), f"the typed names are missing from {MUST_FIND - set(shown)}"
    # most exports show some typed text: the names really went through the writers
    assert len(shown) >= len(files) // 2, (sorted(files), sorted(shown))
    assert HYPERLINK in shown["directory:organisation_export"]
    assert HYPERLINK in shown["pupils:pupil_export"] or any(v.startswith(HYPERLINK) for v in
                                                              shown["pupils:pupil_export"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_staffing_template_keeps_names_as_text_and_numbers_as_numbers(payload, world, db, client):  # noqa: F811
    o = objects(world)
    _exact_names(o, org_name=payload, positions=[payload])
    ret = o["campaign"].returns.get(organisation=o["school_a"])
    response = as_role(client, world, "coordinator_a").get(reverse("staffing:return_template", kwargs={"pk": ret.pk}))
    assert response.status_code == OK
    body = _body(response)
    assert not _formula_parts(body)
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book["Сведения"]
    assert sheet["A2"].value.startswith(payload + " (ИНН") and sheet["A2"].data_type == "s"  # the organisation
    row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 1).value == payload)
    assert sheet.cell(row, 1).data_type == "s"
    assert sheet.cell(row, 2).value == 2.5 and sheet.cell(row, 2).data_type == "n"  # numbers stay numbers
    catalogue = [c for c in book["Каталог должностей"]["A"] if c.value == payload]
    assert len(catalogue) == 1 and catalogue[0].data_type == "s"


def test_the_pupil_import_template_keeps_the_school_name_as_text(world, db, client):  # noqa: F811
    o = objects(world)
    _exact_names(o)
    response = as_role(client, world, "coordinator_a").get(reverse("pupils:import_template"))
    assert response.status_code == OK
    body = _body(response)
    assert not _formula_parts(body)
    title = openpyxl.load_workbook(io.BytesIO(body)).active["A1"]
    assert HYPERLINK in title.value and title.data_type == "s"
