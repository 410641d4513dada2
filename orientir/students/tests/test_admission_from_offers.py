"""Admission monitoring (2.10) reads the status of a contract drafted from an offer's application from the
application itself (ПП № 555): nothing to enter by hand, never «не обновлено» while the application exists."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from orientir.offers import services as offer_services
from orientir.offers.tests.kit import make_application, make_campaign, make_offer
from orientir.students import selectors
from orientir.students.models import AdmissionRecord

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-07-29")]

WEEK = "2027-W30"  # 26 July – 1 August 2027
UNIVERSITY = "ФГБОУ ВО «Костромской государственный университет»"


@pytest.fixture
def linked(contract_factory, city, school_a):
    """Белова admitted within the quota and Титова on the competition list of an offer outside it, each with a
    contract drafted from the application; Павлова's contract has no application."""
    school_a.is_customer = True
    school_a.save()
    campaign = make_campaign(city)
    quota = make_offer(campaign, school_a, status="placed")
    outside = make_offer(campaign, school_a, status="approved", is_quota=False)
    belova = make_application(quota, "Белова", "Мария", "Петровна", datetime.date(2009, 1, 5), status="enrolled")
    titova = make_application(outside, "Титова", "Мария", "Петровна", datetime.date(2009, 2, 6), status="allowed",
                              applied_on=datetime.date(2027, 7, 1))
    out = {"offers": (quota, outside), "applications": (belova, titova)}
    for name, application in (("Белова", belova), ("Титова", titova), ("Павлова", None)):
        out[name] = contract_factory(customer=school_a, last_name=name, signed_on=datetime.date(2027, 7, 10),
                                     application=application)
    return out


def test_the_week_shows_the_applications_statuses(personas, client_for, linked):
    client = client_for(personas["committee"])
    response = client.get(reverse("students:admission"), {"week": WEEK})
    rows = {r.contract.last_name: r for r in response.context["page"].object_list}
    assert (rows["Белова"].record.status, rows["Белова"].record.education_organisation,
            rows["Белова"].from_application) == ("admitted_quota", UNIVERSITY, True)
    assert rows["Титова"].record.status == "ranked"  # «допущен»: on the competition list
    assert rows["Павлова"].stale and not rows["Павлова"].from_application
    assert (response.context["counts"]["total"], response.context["counts"]["stale"]) == (3, 1)
    quota, outside = linked["offers"]
    assert f"Заявка на предложение № {quota.number}: зачислен" in response.content.decode()
    # the weekly import of the applications moves the monitoring: Титова admitted, outside the quota
    titova = linked["applications"][1]
    offer_services.application_save(actor=None, offer=outside, application=titova, data={"status": "enrolled"})
    again = client.get(reverse("students:admission"), {"week": WEEK})
    rows = {r.contract.last_name: r for r in again.context["page"].object_list}
    assert rows["Титова"].record.status == "admitted_general"
    # and the contract moves as a status entered in the monitoring would move it, once
    contract = linked["Титова"]
    contract.refresh_from_db()
    event = contract.events.get(to_state="admitted")
    assert (contract.state, event.on, event.from_state) == ("admitted", datetime.date(2027, 7, 29), "signed")
    offer_services.application_save(actor=None, offer=outside, application=titova, data={"status": "enrolled"})
    assert contract.events.filter(to_state="admitted").count() == 1
    report = client.get(reverse("students:admission_report", args=["xlsx"]), {"week": WEEK})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    statuses = {row[2]: row[6] for row in sheet.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)}
    assert statuses == {"Белова Мария Петровна": "Зачислен в пределах квоты",
                        "Титова Мария Петровна": "Зачислен вне квоты",
                        "Павлова Мария Петровна": "нет сведений"}


def test_not_admitted_by_the_application_closes_the_contracts_admission(personas, client_for, linked):
    belova = linked["applications"][0]
    offer_services.application_save(actor=None, offer=belova.offer, application=belova,
                                    data={"status": "not_enrolled"})
    contract = linked["Белова"]
    contract.refresh_from_db()
    assert contract.state == "not_admitted"
    assert contract.events.get(to_state="not_admitted").reason == "По заявке на предложение: не зачислен"


@pytest.mark.today("2027-07-15")
def test_a_move_the_contracts_history_refuses_leaves_the_application_loaded(linked):
    from orientir.core.models import AuditEntry

    titova = linked["applications"][1]
    offer_services.application_save(actor=None, offer=titova.offer, application=titova, data={"status": "enrolled"})
    titova.refresh_from_db()
    contract = linked["Титова"]
    contract.refresh_from_db()
    # admission orders are not issued before 20 July: the contract stays signed, the refusal is on record
    assert (titova.status, contract.state) == ("enrolled", "signed")
    note = AuditEntry.objects.get(action="offers.application.contract_not_moved")
    assert note.changes["Договор"][1] == contract.number and "20.07.2027" in note.changes["Причина"][1]


def test_a_week_before_the_application_is_not_read_from_it(personas, client_for, linked):
    # Титова applied on 1 July: the week of 21–27 June knows nothing of it; Белова applied on 20 June
    response = client_for(personas["committee"]).get(reverse("students:admission"), {"week": "2027-W25"})
    rows = {r.contract.last_name: r for r in response.context["page"].object_list}
    assert rows["Белова"].from_application and not rows["Титова"].from_application
    assert rows["Титова"].stale


def test_nothing_to_enter_for_a_contract_with_an_application(personas, client_for, linked):
    client = client_for(personas["committee"])
    form = client.get(reverse("students:admission_edit"), {"week": WEEK}).context["form"]
    assert set(form.fields) == {f"{name}_{linked['Павлова'].pk}" for name in ("status", "org", "on")}
    belova = linked["Белова"].pk
    response = client.post(reverse("students:admission_edit"), {
        "week": WEEK, f"status_{belova}": "not_admitted", f"org_{belova}": "Другой вуз", f"on_{belova}": "2027-07-14"})
    assert response.status_code == 302 and not AdmissionRecord.objects.exists()
    alerts = selectors.deadlines(personas["committee"], datetime.date(2027, 7, 15),
                                 kinds=(selectors.ALERT_ADMISSION,))
    assert [a.contract.last_name for a in alerts] == ["Павлова"]


def test_the_week_is_read_in_a_fixed_number_of_queries(personas, client_for, linked, contract_factory, school_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas["committee"])
    url = reverse("students:admission") + f"?week={WEEK}"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    few = count()
    quota = linked["offers"][0]
    for n in range(4):
        application = make_application(quota, f"Заявитель{n}", "Иван", "", datetime.date(2009, 3, n + 1),
                                       status="enrolled")
        contract_factory(customer=school_a, last_name=f"Заявитель{n}", signed_on=datetime.date(2027, 7, 10),
                         application=application)
    assert count() == few
