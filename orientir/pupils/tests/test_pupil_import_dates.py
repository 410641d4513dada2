"""The pupil import judges dates against the day of the upload: no consent from the future, ages 5–20 by year."""

import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.pupils.tests.uploads import upload_pupils

from orientir.pupils.models import Pupil


def _upload(client, rows):
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("pupils:import_template")).content))
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return upload_pupils(client, buf.getvalue())


def _row(last_name, birth="04.05.2011", consent_on="15.10.2026"):
    return [last_name, "Пётр", "Ильич", birth, 9, "а", "", "", "Иванова Е. П.", consent_on, "", ""]


@pytest.mark.today("2026-10-15")
def test_a_consent_dated_tomorrow_is_refused_and_today_accepted(personas, client_for):
    client = client_for(personas["coordinator_a"])
    response = _upload(client, [_row("Сегодняшний"), _row("Завтрашний", consent_on="16.10.2026")])
    assert response.status_code == 422
    assert response.context["errors"] == [(5, "J «Согласие: дата»", "дата согласия в будущем")]
    assert not Pupil.objects.exists()
    assert _upload(client, [_row("Сегодняшний")]).status_code == 302
    assert Pupil.objects.get().last_name == "Сегодняшний"


@pytest.mark.today("2026-10-15")
def test_birth_years_outside_5_to_20_years_are_refused(personas, client_for):
    client = client_for(personas["coordinator_a"])
    rows = [_row("Старший", birth="31.12.2005"), _row("Двадцатилетний", birth="01.01.2006"),
            _row("Пятилетний", birth="31.12.2021"), _row("Младший", birth="01.01.2022")]
    response = _upload(client, rows)
    assert response.status_code == 422
    assert response.context["errors"] == [(4, "D «Дата рождения»", "возраст обучающегося вне 5–20 лет"),
                                          (7, "D «Дата рождения»", "возраст обучающегося вне 5–20 лет")]
    assert not Pupil.objects.exists()
