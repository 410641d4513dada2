"""Builders shared by the careers tests and the permission-matrix rows."""

import datetime
import io
from decimal import Decimal

import openpyxl

from orientir.directory.services import academic_year_for
from orientir.pupils import services as pupils

from .. import services, services_activities
from ..models import Programme

TODAY = datetime.date.today()
YEAR = academic_year_for(TODAY)
SEPT = datetime.date(YEAR, 9, 1)


def make_pupil(school, last_name, *, grade=9, consent=True):
    data = {"last_name": last_name, "first_name": "Анна"}
    if consent:
        data.update(grade=grade, class_letter="А")
    return pupils.pupil_create(actor=None, organisation=school, data=data,
                               consent={"given_by_name": f"{last_name} Ольга Петровна", "given_on": TODAY}
                               if consent else None)


def make_programme(school, *, status=Programme.Status.APPROVED, title="Профессиональные пробы «Учитель»"):
    p = services.programme_create(actor=None, organisation=school, data={
        "start_year": YEAR, "title": title, "kind": "trials", "sector": "education", "authors": "Иванова И. И.",
        "grade_from": 8, "grade_to": 11, "hours": Decimal(36), "description": "Пробы в школе"})
    if status != Programme.Status.DRAFT:
        Programme.objects.filter(pk=p.pk).update(status=status)
        p.refresh_from_db()
    return p


def make_run(school, programme=None):
    programme = programme or make_programme(school)
    return services.run_create(actor=None, programme=programme, organisation=school, start_year=YEAR)


def make_event(school, *, kind="saturday", hours=4, held_on=None):
    return services_activities.event_create(actor=None, organisation=school, data={
        "held_on": held_on or TODAY,
        "title": "Профессиональная суббота в педагогическом колледже", "kind": kind, "place": "Колледж",
        "organiser": "Костромской педагогический колледж", "hours": Decimal(hours)})


def xlsx_rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    assert body[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]
