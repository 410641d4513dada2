"""Every upload endpoint that reads a workbook, fed every crafted file through HTTP: a 4xx with the cause in
Russian, nothing written, the process alive for the next request. And a file with hundreds of bad rows lists
the first 200 with the total."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.core.tests import hostile_workbooks as hostile
from orientir.pupils.models import Pupil
from orientir.staffing import services as staffing
from orientir.staffing.models import ReturnLine, StaffingReturn

pytestmark = pytest.mark.dateless


@pytest.fixture
def staffing_return(personas, city, school_a):
    staffing.campaign_open(actor=personas["committee"], municipality=city, year=2027,
                           deadline=datetime.date(2027, 7, 14))
    return StaffingReturn.objects.get(campaign__year=2027, organisation=school_a)


def _state():
    return (Pupil.objects.count(), AuditEntry.objects.count(),
            sorted(ReturnLine.objects.values_list("id", "staff_units")),
            sorted(StaffingReturn.objects.values_list("id", "version")))


ENDPOINTS = {
    "pupils": lambda ret: reverse("pupils:pupil_import"),
    "staffing": lambda ret: reverse("staffing:return_import", args=[ret.pk]),
}


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_a_crafted_workbook_gets_a_4xx_with_its_cause_and_nothing_is_written(
        name, endpoint, personas, client_for, staffing_return):
    client = client_for(personas["coordinator_a"])
    before = _state()
    upload = SimpleUploadedFile("svedeniya.xlsx", hostile.made(name))
    response = client.post(ENDPOINTS[endpoint](staffing_return), {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    fragment = hostile.HOSTILE[name][1]
    assert 'data-testid="import-errors"' in page
    if fragment:
        assert fragment in page
    assert "Traceback" not in page
    assert _state() == before
    assert client.get(reverse("pupils:pupil_list")).status_code == 200  # the same process serves on


def test_an_upload_over_the_size_limit_is_refused_by_its_size(personas, client_for, staffing_return):
    client = client_for(personas["coordinator_a"])
    big = SimpleUploadedFile("pupils.xlsx", b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024))
    response = client.post(reverse("pupils:pupil_import"), {"file": big})
    assert response.status_code == 422
    assert "Файл больше 10 МБ" in response.content.decode()
    big = SimpleUploadedFile("s.xlsx", b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    response = client.post(reverse("staffing:return_import", args=[staffing_return.pk]), {"file": big})
    assert response.status_code == 422
    assert "Файл больше 5 МБ" in response.content.decode()


def test_a_file_of_450_bad_rows_lists_the_first_200_and_says_how_many_in_all(personas, client_for):
    client = client_for(personas["coordinator_a"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("pupils:import_template")).content))
    page = book.active
    for i in range(450):
        page.append([f"Безымянный{i}", None])  # the first name is required: one error per row
    buf = io.BytesIO()
    book.save(buf)
    response = client.post(reverse("pupils:pupil_import"), {"file": SimpleUploadedFile("p.xlsx", buf.getvalue())})
    assert response.status_code == 422
    errors = response.context["errors"]
    assert len(errors) == 200 and errors[-1][0] == 203
    assert errors[0] == (4, "B «Имя»", "обязательное поле не заполнено")
    page_text = response.content.decode()
    assert "ошибок — 450" in page_text
    assert "Показаны первые 200 ошибок из 450" in page_text
    assert page_text.count("обязательное поле") == 200
    # every one of the 450 is marked in the user's own file, on its own row
    marked = client.get(reverse("core:import_marked", args=["pupils", response.context["token"]]))
    assert marked.status_code == 200 and "no-store" in marked["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(marked.content)).active
    notes = {row: sheet.cell(row, 13).value for row in range(4, 454)}
    assert sheet.cell(3, 13).value == "Ошибки" and sheet.cell(3, 1).value == "Фамилия*"
    assert all(note == "B «Имя»: обязательное поле не заполнено" for note in notes.values()), notes
    assert sheet.cell(453, 1).value == "Безымянный449" and sheet.cell(454, 13).value is None
    assert sheet.cell(4, 2).fill.fgColor.rgb.endswith("F8D7DA") and not sheet.cell(4, 1).fill.fgColor.rgb.endswith(
        "F8D7DA")
    # the file is its owner's: another coordinator gets 404
    other = client_for(personas["coordinator_b"]).get(
        reverse("core:import_marked", args=["pupils", response.context["token"]]))
    assert other.status_code == 404
