"""A pupil list saved as CSV, the way the programs a school has save it: Excel in Windows-1251 with «;», others in
UTF-8 with «,» or a tab. It imports like the workbook; a CSV that breaks the limits or is binary is refused."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.pupils.models import Consent, Pupil, Representative
from orientir.pupils.tests.uploads import upload_pupils

pytestmark = pytest.mark.today("2026-10-15")

EXCEL_CP1251 = ("Список 9 классов;;;;\r\n"
                ";;;;\r\n"
                "Фамилия обучающегося;Имя;Отчество;Дата рождения;Класс;Согласие дал;Дата согласия;ФИО представителя\r\n"
                "  Семёнов ;Пётр;Ильич;04.05.2011;9А;Семёнова  Е. П.;01.09.2026;Семёнова Елена Петровна\r\n"
                "Ежикова;Алена;;;;;;\r\n"
                ";;;;\r\n")


def test_an_excel_csv_in_windows_1251_with_semicolons(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    response = upload_pupils(client, EXCEL_CP1251.encode("cp1251"), "Список.csv")
    assert response.status_code == 302, response.context and response.context.get("errors")
    pupils = {p.last_name: p for p in Pupil.objects.filter(organisation=school_a)}
    assert set(pupils) == {"Семёнов", "Ежикова"}
    semenov = pupils["Семёнов"]
    assert (semenov.first_name, semenov.grade, semenov.class_letter, semenov.birth_date) == (
        "Пётр", 9, "А", datetime.date(2011, 5, 4))
    assert Consent.objects.get(pupil=semenov).given_by_name == "Семёнова Е. П."
    assert Representative.objects.get(pupil=semenov).full_name == "Семёнова Елена Петровна"
    assert pupils["Ежикова"].first_name == "Алена"  # no consent: only the name


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_utf8_with_a_byte_order_mark_commas_or_tabs_and_a_comma_inside_quotes(personas, client_for, school_a,
                                                                           delimiter):
    rows = [["Фамилия", "Имя", "Отчество", "Представитель: ФИО", "Согласие: ФИО давшего", "Согласие: дата"],
            ["Кузнецов", "Илья", "Олегович", "Кузнецова, Ольга Викторовна", "Кузнецова О. В.", "2026-09-03"]]
    text = "\n".join(delimiter.join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n"
    response = upload_pupils(client_for(personas["coordinator_a"]), b"\xef\xbb\xbf" + text.encode(), "list.CSV")
    assert response.status_code == 302, response.context and response.context.get("errors")
    pupil = Pupil.objects.get(last_name="Кузнецов")
    assert Representative.objects.get(pupil=pupil).full_name == "Кузнецова, Ольга Викторовна"
    assert Consent.objects.get(pupil=pupil).given_on == datetime.date(2026, 9, 3)


def test_errors_of_a_csv_come_back_in_the_users_rows_as_a_marked_workbook(personas, client_for):
    client = client_for(personas["coordinator_a"])
    text = "Фамилия;Имя;Дата рождения;Согласие: ФИО давшего;Согласие: дата\nСеменов;;01.05.2011;Мать;01.09.2026\n"
    response = upload_pupils(client, text.encode("cp1251"), "список.csv")
    assert response.status_code == 422
    assert [(r, c) for r, c, _ in response.context["errors"]] == [(2, "B «Имя»")]
    marked = client.get(reverse("core:import_marked", args=["pupils", response.context["token"]]))
    assert marked["Content-Disposition"].endswith(".xlsx") or ".xlsx" in marked["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(marked.content)).active
    assert sheet.cell(2, 1).value == "Семенов" and "обязательное поле" in sheet.cell(2, 6).value


@pytest.mark.parametrize(("data", "fragment"), [
    ("Фамилия;Имя\nИванов;Иван" + ";" * 30 + "лишнее\n", "В файле заполнена ячейка AF2"),
    ("Фамилия;Имя\n" + "Иванов;Иван\n" * 100_010, "больше строк, чем допускает шаблон"),
    ("Фамилия;Имя\nИванов\x00;Иван\n", "двоичные данные"),
])
def test_a_csv_beyond_the_limits_or_binary_is_refused_and_nothing_is_written(personas, client_for, data, fragment):
    client = client_for(personas["coordinator_a"])
    response = client.post(reverse("pupils:pupil_import"),
                           {"file": SimpleUploadedFile("p.csv", data.encode("utf-8"))})
    assert response.status_code == 422
    assert fragment in response.content.decode()
    assert not Pupil.objects.exists()


def test_a_text_file_named_xlsx_is_still_not_a_workbook(personas, client_for):
    response = upload_pupils(client_for(personas["coordinator_a"]), EXCEL_CP1251.encode("cp1251"), "p.xlsx")
    assert response.status_code == 422 and "не является книгой Excel" in response.content.decode()


def test_a_sheet_cut_off_half_way_is_refused_and_its_marked_copy_still_opens(personas, client_for, school_a):
    # the sheet's XML stops in the middle of its third row: the first rows were read before the break was found
    from orientir.core.tests import hostile_workbooks as hostile

    def cell(ref: str, text: str) -> bytes:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()

    rows = (b'<row r="1">' + cell("A1", "Фамилия") + cell("B1", "Имя") + b"</row>"
            + b'<row r="2">' + cell("A2", "Семенов") + cell("B2", "Пётр") + b"</row>"
            + b'<row r="3">' + cell("A3", "Орлова"))
    data = hostile.xlsx(hostile.SHEET_HEAD + b"<sheetData>" + rows)
    client = client_for(personas["coordinator_a"])
    response = upload_pupils(client, data)
    assert response.status_code == 422
    assert [row for row, _, _ in response.context["errors"]] == [0]  # the file's error, not a row's
    assert "не читается" in response.context["errors"][0][2]
    assert not Pupil.objects.filter(organisation=school_a).exists()
    marked = client.get(reverse("core:import_marked", args=["pupils", response.context["token"]]))
    assert marked.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(marked.content)).active
    assert (sheet.cell(2, 1).value, sheet.cell(2, 2).value) == ("Семенов", "Пётр")
    assert "не читается" in sheet.cell(1, 3).value
