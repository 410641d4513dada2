"""A staffing return as an organisation really fills it: positions typed with a double or trailing space, in lower case and «е»
for «ё», numbers typed as text with a comma and spaces, a row of spaces, a cell Excel turned into a date."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def _book(client, ret):
    return openpyxl.load_workbook(io.BytesIO(client.get(reverse("staffing:return_template", args=[ret.pk])).content))


def _upload(client, ret, book):
    buf = io.BytesIO()
    book.save(buf)
    return client.post(reverse("staffing:return_import", args=[ret.pk]),
                       {"file": SimpleUploadedFile("Сведения.xlsx", buf.getvalue())})


def _add(sheet, row: int, name: str, staff_units, filled_main) -> None:
    codes = [c.value for c in sheet[5]]
    sheet.cell(row=row, column=1, value=name)
    for code in codes[1:]:
        sheet.cell(row=row, column=codes.index(code) + 1, value=0)
    sheet.cell(row=row, column=codes.index("staff_units") + 1, value=staff_units)
    sheet.cell(row=row, column=codes.index("filled_main") + 1, value=filled_main)


def test_a_messy_return_imports_as_the_organisation_meant_it(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_a"])
    book = _book(client, ret_a)
    sheet = book["Сведения"]
    first = 6 + ret_a.lines.count()
    _add(sheet, first, "Учитель  химии ", " 1 234,5 ", "2")
    sheet.cell(row=first + 1, column=1, value="   ")  # a row of spaces
    _add(sheet, first + 2, "специалист по работе с молодежью", "1,25", 1.0)
    response = _upload(client, ret_a, book)
    assert response.status_code == 302, response.context and response.context.get("import_errors")
    social = ret_a.lines.get(position__name="Учитель химии")
    youth = ret_a.lines.get(position__name="Специалист по работе с молодёжью")
    assert (social.staff_units, social.filled_main) == (Decimal("1234.50"), 2)
    assert (youth.staff_units, youth.filled_main) == (Decimal("1.25"), 1)


def test_a_cell_excel_made_a_date_is_quoted_as_the_user_sees_it(campaign, ret_a, personas, client_for):
    client = client_for(personas["coordinator_a"])
    book = _book(client, ret_a)
    sheet = book["Сведения"]
    _add(sheet, 6 + ret_a.lines.count(), "Учитель биологии", datetime.datetime(2026, 5, 1), 0)
    response = _upload(client, ret_a, book)
    assert response.status_code == 422
    messages = [message for _, _, message in response.context["import_errors"]]
    assert any("«01.05.2026» — не число" in m for m in messages), messages
    assert not any("2026-05-01" in m for m in messages)


def test_a_return_saved_as_csv_by_excel_imports_by_its_titles(campaign, ret_a, personas, client_for):
    """No codes row, a title above the table, columns found by their titles; Windows-1251 and «;»."""
    from orientir.staffing.models import LINE_NUMBER_FIELDS
    from orientir.staffing.validation import LABELS

    numbers = {code: "0" for code in LINE_NUMBER_FIELDS} | {"staff_units": "2,5", "filled_main": "2"}
    lines = ["Сведения о кадрах;;", ";;",
             ";".join(["Должность"] + [LABELS[c] for c in LINE_NUMBER_FIELDS]),
             ";".join(["учитель  химии "] + [numbers[c] for c in LINE_NUMBER_FIELDS])]
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("staffing:return_import", args=[ret_a.pk]),
                           {"file": SimpleUploadedFile("сведения.csv", "\r\n".join(lines).encode("cp1251"))})
    assert response.status_code == 302, response.context and response.context.get("import_errors")
    [line] = ret_a.lines.all()  # the file replaces the return's lines
    assert (line.position.name, line.staff_units, line.filled_main) == ("Учитель химии", Decimal("2.50"), 2)
