"""A pupil list as a school really has it: not the template, but the export of its own system, retyped by hand.

The title sits two rows lower than in the template, the columns are in another order and go by other titles, there
are double and trailing spaces, «е» for «ё», dates typed as text and kept as Excel dates, a class typed as «9А» in
one cell, a notes column, rows of spaces and blank rows at the end. It imports with no error, as written below."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.pupils.models import Consent, Pupil
from orientir.pupils.tests.uploads import upload_pupils


def _messy_file(soloveva: str = "Соловьева") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Выгрузка"
    sheet.append(["Список обучающихся 9-х классов"])
    sheet.append([])
    sheet.append(["выгружено из АИС «Сетевой город»", None, None, "на 01.10.2026"])
    sheet.append(["Класс", "Фамилия обучающегося", "Имя обучающегося", "Отчество", "Дата рождения",
                  "Дата согласия", "Согласие дал", "Примечание"])
    sheet.append(["9А", "  Семёнов ", "Пётр", "Ильич", "04.05.2011", "01.09.2026", "Семёнова  Е. П.", "отличник"])
    sheet.append(["9 «б»", soloveva, "Алена", "", datetime.datetime(2011, 2, 3), datetime.datetime(2026, 9, 2),
                  "Соловьев А. А.", None])
    sheet.append([9, "Кузнецов", "Илья", "Олегович", "3 марта 2011 г.", "2026-09-03", "Кузнецова О. В.", ""])
    sheet.append(["", "Орлова", "Дарья", None, None, None, None, "без согласия — только ФИО"])
    sheet.append(["   ", " ", None, "\u00a0"])  # a row of spaces
    sheet.append([])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.mark.today("2026-10-15")
def test_a_messy_real_file_imports_as_the_school_meant_it(personas, client_for, school_a):
    client = client_for(personas["coordinator_a"])
    checked = client.post(reverse("pupils:pupil_import"), {"file": _file("Список 9 классов.xlsx")})
    assert checked.status_code == 200, checked.context.get("errors")
    assert (checked.context["preview"].add, checked.context["preview"].skip) == (4, 0)
    assert upload_pupils(client, _messy_file()).status_code == 302
    pupils = {p.last_name: p for p in Pupil.objects.filter(organisation=school_a)}
    assert set(pupils) == {"Семёнов", "Соловьева", "Кузнецов", "Орлова"}
    semenov, soloveva, kuznetsov, orlova = (pupils[n] for n in ("Семёнов", "Соловьева", "Кузнецов", "Орлова"))
    assert (semenov.grade, semenov.class_letter, semenov.birth_date) == (9, "А", datetime.date(2011, 5, 4))
    assert (soloveva.grade, soloveva.class_letter, soloveva.birth_date) == (9, "Б", datetime.date(2011, 2, 3))
    assert (kuznetsov.grade, kuznetsov.class_letter, kuznetsov.birth_date) == (9, "", datetime.date(2011, 3, 3))
    assert orlova.grade is None and orlova.birth_date is None
    consents = {c.pupil.last_name: (c.given_by_name, c.given_on) for c in Consent.objects.select_related("pupil")}
    assert consents == {"Семёнов": ("Семёнова Е. П.", datetime.date(2026, 9, 1)),
                        "Соловьева": ("Соловьев А. А.", datetime.date(2026, 9, 2)),
                        "Кузнецов": ("Кузнецова О. В.", datetime.date(2026, 9, 3))}
    # the same people again, spelt with «ё» where the first file had «е» and with other spaces: nothing is added
    again = _messy_file(soloveva="  Соловьёва")
    checked = client.post(reverse("pupils:pupil_import"), {"file": _file("again.xlsx", again)})
    assert (checked.context["preview"].add, checked.context["preview"].skip) == (0, 4)
    assert Pupil.objects.count() == 4


@pytest.mark.today("2026-10-15")
def test_a_file_without_the_needed_titles_names_them(personas, client_for):
    book = openpyxl.Workbook()
    book.active.append(["ФИО", "Класс"])
    book.active.append(["Семёнов Пётр Ильич", "9А"])
    buf = io.BytesIO()
    book.save(buf)
    response = upload_pupils(client_for(personas["coordinator_a"]), buf.getvalue())
    assert response.status_code == 422
    [(row, column, message)] = response.context["errors"]
    assert row == 0 and "«Фамилия»" in message and "«Имя»" in message and "первых 10 строках" in message
    assert not response.context.get("token")  # nothing to mark in a file that was not read as a table


def _file(name: str, data: bytes | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data if data is not None else _messy_file())


@pytest.mark.today("2026-10-15")
def test_every_error_of_a_row_is_listed_in_one_round(personas, client_for):
    """A date that is not a date does not hide the same row's other mistakes: the user fixes all of them at once."""
    book = openpyxl.Workbook()
    book.active.append(["Фамилия", "Имя", "Дата рождения", "Класс", "Эл. почта", "Согласие: ФИО давшего",
                        "Согласие: дата"])
    book.active.append(["Семёнов", "Пётр", "31.02.2011", "14", "не-почта", "Семёнова Е. П.", "01.09.2026"])
    book.active.append(["Орлова", None, None, None, None, "Орлов А. А.", "01.12.2026"])
    buf = io.BytesIO()
    book.save(buf)
    response = upload_pupils(client_for(personas["coordinator_a"]), buf.getvalue())
    assert response.status_code == 422
    found = {(row, column.split(" ")[0]) for row, column, _ in response.context["errors"]}
    assert found == {(2, "C"), (2, "D"), (2, "E"), (3, "B"), (3, "G")}
    assert not Pupil.objects.exists()
