"""The status history of applications: every change of status is kept with its day, who entered it and the status
before; the weekly admission monitoring (2.10) shows a past week with the status in force at its end, and the
application's card shows the history."""

import datetime
import importlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orientir.core.errors import DomainError
from orientir.offers import services
from orientir.offers.models import Application, ApplicationStatusChange
from orientir.offers.tests.kit import make_application, make_campaign, make_offer
from orientir.offers.tests.test_offers import _import_file
from orientir.students.tests.conftest import make_contract

pytestmark = [pytest.mark.django_db]


def _on(day: str):
    """The clock on that day of the scenario, 10:00 in Moscow."""
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00:00+03:00"), tick=False)


def _history(application) -> list[tuple]:
    return list(ApplicationStatusChange.objects.filter(application=application).order_by("on", "id")
                .values_list("on", "previous_status", "status", "changed_by__username"))


@pytest.fixture
def weeks(personas, city, school_a):
    """Белова applies in week 1 (14 July 2027, week 12–18 July), is on the competition list in week 2 (21 July),
    nothing in week 3 (26 July – 1 August), enrolled in week 4 (4 August, week 2–8 August); her contract was
    drafted from the application."""
    committee = personas["committee"]
    with _on("2027-07-14"):
        offer = make_offer(make_campaign(city), school_a, status="placed")
        belova = make_application(offer, "Белова", "Мария", "Петровна", datetime.date(2009, 1, 5),
                                  applied_on=datetime.date(2027, 7, 14))
        contract = make_contract(city, customer=school_a, last_name="Белова", signed_on=datetime.date(2027, 7, 14),
                                 application=belova)
    with _on("2027-07-21"):
        services.application_save(actor=committee, offer=offer, application=belova, data={"status": "allowed"})
    with _on("2027-08-04"):
        services.application_save(actor=committee, offer=offer, application=belova, data={"status": "enrolled"})
    return {"offer": offer, "application": belova, "contract": contract}


def _week_status(client, week: str):
    response = client.get(reverse("students:admission"), {"week": week})
    rows = {r.contract.last_name: r for r in response.context["page"].object_list}
    return rows["Белова"].record.status if rows["Белова"].record else None


@pytest.mark.today("2027-08-05")
def test_the_monitoring_shows_each_week_its_own_status(client_for, personas, weeks):
    client = client_for(personas["committee"])
    assert [_week_status(client, w) for w in ("2027-W28", "2027-W29", "2027-W30", "2027-W31")] == [
        "applied", "ranked", "ranked", "admitted_quota"]
    assert _week_status(client, "2027-W27") is None  # the week before she applied
    page = client.get(reverse("students:admission"), {"week": "2027-W29"}).content.decode()
    assert f"Заявка на предложение № {weeks['offer'].number}: допущен" in page
    assert _history(weeks["application"]) == [
        (datetime.date(2027, 7, 14), "", "submitted", None),
        (datetime.date(2027, 7, 21), "submitted", "allowed", "committee"),
        (datetime.date(2027, 8, 4), "allowed", "enrolled", "committee")]


@pytest.mark.today("2027-08-20")
def test_a_finished_week_keeps_the_status_it_ended_with(client_for, personas, weeks):
    client = client_for(personas["committee"])
    # week 4 is now past: «зачислен» from the history, dated the day of the change; week 3 still «допущен»
    assert [_week_status(client, w) for w in ("2027-W30", "2027-W31", "2027-W33")] == [
        "ranked", "admitted_quota", "admitted_quota"]
    response = client.get(reverse("students:admission"), {"week": "2027-W31"})
    row = next(r for r in response.context["page"].object_list if r.contract.last_name == "Белова")
    assert row.record.on == datetime.date(2027, 8, 4)


@pytest.mark.today("2027-08-06")
def test_the_current_week_dates_the_status_by_its_change_not_by_the_last_edit(client_for, personas, weeks):
    # enrolled on 4 August; on 6 August the platform number is typed in — that is no change of the status
    belova = weeks["application"]
    with _on("2027-08-06"):
        services.application_save(actor=personas["committee"], offer=weeks["offer"], application=belova,
                                  data={"platform_number": "З-12"})
    response = client_for(personas["committee"]).get(reverse("students:admission"), {"week": "2027-W31"})
    row = next(r for r in response.context["page"].object_list if r.contract.last_name == "Белова")
    assert (row.record.status, row.record.on) == ("admitted_quota", datetime.date(2027, 8, 4))


@pytest.mark.today("2027-07-10")
def test_every_path_that_changes_the_status_writes_one_row(client_for, personas, city, school_a):
    offer = make_offer(make_campaign(city), school_a, status="placed")
    committee = client_for(personas["committee"])
    # the form: entered «подана» on 20 June (its submission day), then «допущен» on the card
    response = committee.post(reverse("offers:application_create", args=[offer.campaign_id]), {
        "offer": offer.pk, "last_name": "Соколова", "first_name": "Анна", "middle_name": "Игоревна",
        "birth_date": "2009-03-14", "applied_on": "2027-06-20", "status": "submitted", "platform_number": ""})
    assert response.status_code == 302
    sokolova = Application.objects.get(last_name="Соколова")
    edit = reverse("offers:application_edit", args=[sokolova.pk])
    fields = {"offer": offer.pk, "last_name": "Соколова", "first_name": "Анна", "middle_name": "Игоревна",
              "birth_date": "2009-03-14", "applied_on": "2027-06-20", "platform_number": ""}
    assert committee.post(edit, {**fields, "status": "allowed"}).status_code == 302
    # a change of another field is no change of status
    assert committee.post(edit, {**fields, "status": "allowed", "platform_number": "З-7"}).status_code == 302
    assert _history(sokolova) == [(datetime.date(2027, 6, 20), "", "submitted", "committee"),
                                  (datetime.date(2027, 7, 10), "submitted", "allowed", "committee")]
    # the weekly import: a new applicant already «допущен», Соколова «отозвана»
    url = reverse("offers:application_import", args=[offer.campaign_id])
    book = _import_file([["Соколова", "Анна", "Игоревна", "14.03.2009", offer.number, "20.06.2027", "отозвана", "З-7"],
                         ["Орлов", "Иван", "", "05.05.2009", offer.number, "01.07.2027", "допущен", ""]])
    preview = committee.post(url, {"file": SimpleUploadedFile("a.xlsx", book)})
    assert preview.status_code == 200
    assert ApplicationStatusChange.objects.count() == 2  # the preview wrote nothing
    assert committee.post(url, {"token": preview.context["token"]}).status_code == 302
    assert _history(sokolova)[2:] == [(datetime.date(2027, 7, 10), "allowed", "withdrawn", "committee")]
    orlov = Application.objects.get(last_name="Орлов")
    assert _history(orlov) == [(datetime.date(2027, 7, 10), "", "allowed", "committee")]
    # the service called directly (the demo, another app) writes its row too
    services.application_save(actor=None, offer=offer, application=orlov, data={"status": "enrolled"})
    assert _history(orlov)[1:] == [(datetime.date(2027, 7, 10), "allowed", "enrolled", None)]
    assert ApplicationStatusChange.objects.count() == 5


@pytest.mark.today("2027-07-10")
def test_a_refused_change_writes_nothing(client_for, personas, city, school_a):
    offer = make_offer(make_campaign(city), school_a, status="placed")
    sokolova = make_application(offer)
    orlov = make_application(offer, "Орлов", "Иван", "", datetime.date(2009, 5, 5))
    with pytest.raises(DomainError):  # the same applicant twice on one offer
        services.application_save(actor=None, offer=offer, application=orlov, data={
            "last_name": "Соколова", "first_name": "Анна", "middle_name": "Игоревна",
            "birth_date": datetime.date(2009, 3, 14), "status": "enrolled"})
    with pytest.raises(DomainError):  # submitted before birth
        services.application_save(actor=None, offer=offer, application=sokolova, data={
            "applied_on": datetime.date(2008, 1, 1), "status": "allowed"})
    response = client_for(personas["committee"]).post(reverse("offers:application_edit", args=[sokolova.pk]), {
        "offer": offer.pk, "last_name": "Орлов", "first_name": "Иван", "middle_name": "", "birth_date": "2009-05-05",
        "applied_on": "2027-06-20", "status": "not_enrolled", "platform_number": ""})
    assert response.status_code == 422
    assert list(ApplicationStatusChange.objects.order_by("id").values_list("application__last_name", "status")) == [
        ("Соколова", "submitted"), ("Орлов", "submitted")]
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


@pytest.mark.today("2027-07-10")
def test_the_backfill_gives_each_application_its_status_on_its_submission_day(city, school_a):
    from django.apps import apps

    offer = make_offer(make_campaign(city), school_a, status="placed")
    make_application(offer, applied_on=datetime.date(2027, 6, 18))
    make_application(offer, "Орлов", "Иван", "", datetime.date(2009, 5, 5), status="enrolled",
                     applied_on=datetime.date(2027, 6, 25))
    ApplicationStatusChange.objects.all().delete()  # as before the history existed
    migration = importlib.import_module("orientir.offers.migrations.0003_application_status_history")
    migration.backfill(apps, None)
    assert list(ApplicationStatusChange.objects.order_by("application__last_name").values_list(
        "application__last_name", "on", "previous_status", "status", "changed_by")) == [
        ("Орлов", datetime.date(2027, 6, 25), "", "enrolled", None),
        ("Соколова", datetime.date(2027, 6, 18), "", "submitted", None)]


@pytest.mark.today("2027-08-05")
def test_the_card_shows_the_history(client_for, personas, weeks):
    html = client_for(personas["committee"]).get(
        reverse("offers:application_edit", args=[weeks["application"].pk])).content.decode()
    table = html[html.index("История статусов"):]
    assert table.index("14.07.2027") < table.index("21.07.2027") < table.index("04.08.2027")
    assert "<td>21.07.2027</td><td>Допущен <span class=\"text-muted small\">(было: подана)</span></td>" \
           "<td>Тестова Анна</td>" in table


@pytest.mark.today("2027-07-10")
def test_another_municipalitys_application_and_its_history_answer_404(client_for, personas, far_school):
    far_school.is_customer = True
    far_school.save()
    far = make_application(make_offer(make_campaign(far_school.municipality), far_school, status="approved"))
    response = client_for(personas["committee"]).get(reverse("offers:application_edit", args=[far.pk]))
    assert response.status_code == 404 and "История статусов" not in response.content.decode()
    assert client_for(personas["coordinator_a"]).get(
        reverse("offers:application_edit", args=[far.pk])).status_code == 403
