"""Offers under ПП № 555 through HTTP: campaign from the frozen forecast, offers drafted by a school, approved by the
committee, exported for «Работа в России», applications entered and imported, matched to the targeted database,
the contract draft from an admitted applicant, and the coverage table against the registry counts."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.core.models import AuditEntry
from orientir.offers.models import Application, CampaignTarget, Offer, OfferCampaign
from orientir.offers.tests.kit import make_application, make_campaign, make_offer, specialty

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-05-20")]


def _pupil(school, last_name, first_name, middle_name, birth_date, start_year=2026):
    from orientir.pupils.models import Pupil, TargetedEntry

    pupil = Pupil.objects.create(organisation=school, last_name=last_name, first_name=first_name,
                                 middle_name=middle_name, birth_date=birth_date, grade=11)
    TargetedEntry.objects.create(pupil=pupil, start_year=start_year, specialty=specialty(), level="bachelor")
    return pupil


def _snapshot(city):
    from orientir.forecast.models import ForecastSnapshot

    rows = [  # two study lengths of one cell are one target; a cell with no need gives none
        {"sector": "education", "position": "Учитель", "level": "higher", "study_length": 4, "contracts_needed": 3},
        {"sector": "education", "position": "Учитель", "level": "higher", "study_length": 5, "contracts_needed": 1},
        {"sector": "education", "position": "Воспитатель", "level": "vocational", "study_length": 3,
         "contracts_needed": 2},
        {"sector": "culture", "position": "Библиотекарь", "level": "higher", "study_length": 4,
         "contracts_needed": 0},
    ]
    return ForecastSnapshot.objects.create(municipality=city, base_year=2026, horizon=5, contract_rows=rows)


def test_campaign_takes_the_frozen_need_as_targets(client_for, personas, city):
    snapshot = _snapshot(city)
    response = client_for(personas["committee"]).post(reverse("offers:campaign_create"), {
        "municipality": city.pk, "year": "2027", "snapshot": snapshot.pk, "placement_deadline": "2027-06-10",
        "note": ""})
    campaign = OfferCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("offers:campaign_detail",
                                                                            args=[campaign.pk])
    targets = {(t.sector, t.position, t.level): t.contracts_needed for t in CampaignTarget.objects.all()}
    assert targets == {("education", "Учитель", "higher"): 4, ("education", "Воспитатель", "vocational"): 2}
    # the catalogue's «Воспитатель» is of group 44; a position the catalogue lacks has none
    assert [(t.position, t.specialty_group.code if t.specialty_group else None)
            for t in CampaignTarget.objects.order_by("position")] == [("Воспитатель", "44.00.00"), ("Учитель", None)]
    assert AuditEntry.objects.filter(action="offers.campaign.created").count() == 1
    # a second campaign for the same year is refused next to the year
    again = client_for(personas["committee"]).post(reverse("offers:campaign_create"), {
        "municipality": city.pk, "year": "2027", "snapshot": "", "placement_deadline": "2027-06-10"})
    assert again.status_code == 422 and again.context["form"].errors["year"] == ["Кампания на 2027 год уже открыта."]


def _offer_post(school, **extra):
    spec = specialty()
    return {"customer": school.pk, "education_organisation": "ФГБОУ ВО «КГУ»", "specialty": spec.pk,
            "level": "", "study_form": "full_time", "is_quota": "on", "contracts_count": "2", "target": "",
            "support_measures": "Выплата 3 000 ₽", "work_place": "МБОУ СОШ № 1", "work_position": "Учитель",
            "work_years": "3", "requirements": "Средний балл не ниже 4,0", "contact": "Иванова И. И.", **extra}


def test_school_drafts_committee_approves_and_exports(client_for, personas, city, school_a, library):
    campaign = make_campaign(city, need=3)
    coordinator = client_for(personas["coordinator_a"])
    response = coordinator.post(reverse("offers:offer_create", args=[campaign.pk]), _offer_post(school_a))
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert (offer.number, offer.status, offer.customer, offer.contracts_count, offer.level) == \
        ("2027-001", "draft", school_a, 2, "bachelor")  # the level left empty: the classifier's
    assert offer.target == campaign.targets.get()  # the only teachers' need of group 44 at the higher level
    # the coordinator may not approve its own offer, nor draft for another customer
    assert coordinator.post(reverse("offers:offer_approve", args=[offer.pk])).status_code == 403
    refused = coordinator.post(reverse("offers:offer_create", args=[campaign.pk]), _offer_post(library))
    assert refused.status_code == 422 and Offer.objects.count() == 1
    coordinator.post(reverse("offers:offer_submit", args=[offer.pk]))
    assert Offer.objects.get().status == "submitted"

    committee = client_for(personas["committee"])
    committee.post(reverse("offers:offer_return", args=[offer.pk]), {"reason": "Уточните меры поддержки"})
    offer.refresh_from_db()
    assert (offer.status, offer.return_reason) == ("returned", "Уточните меры поддержки")
    coordinator.post(reverse("offers:offer_submit", args=[offer.pk]))
    committee.post(reverse("offers:offer_approve", args=[offer.pk]))
    assert Offer.objects.get().status == "approved"
    # an approved offer is no longer edited by the customer
    edit = coordinator.post(reverse("offers:offer_edit", args=[offer.pk]), _offer_post(school_a, version="4"))
    assert edit.status_code == 422

    export = committee.get(reverse("offers:platform_export", args=[campaign.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "Номер предложения")
    data = [row for row in values[header + 1:] if row[0]]
    assert data[0][:12] == ["2027-001", school_a.full_name, school_a.inn, school_a.ogrn, school_a.address or None,
                            "ФГБОУ ВО «КГУ»", "44.03.01", specialty().name, "Бакалавриат", "Очная", "Да", 2]
    assert len([r for r in data if str(r[0]).startswith("2027-")]) == 1

    committee.post(reverse("offers:offer_place", args=[offer.pk]), {"platform_number": "ЦО-5512",
                                                                    "placed_on": "2027-06-03"})
    offer.refresh_from_db()
    assert (offer.status, offer.platform_number, offer.placed_on) == ("placed", "ЦО-5512", datetime.date(2027, 6, 3))
    assert list(AuditEntry.objects.filter(object_id=str(offer.pk), action__startswith="offers.offer.")
                .order_by("id").values_list("action", flat=True)) == [
        "offers.offer.created", "offers.offer.submitted", "offers.offer.returned", "offers.offer.submitted",
        "offers.offer.approved", "offers.offer.placed"]


def test_another_schools_offer_answers_404(client_for, personas, city, school_a, school_b):
    school_b.is_customer = True
    school_b.save()
    offer = make_offer(make_campaign(city), school_b)
    assert client_for(personas["coordinator_a"]).get(reverse("offers:offer_detail", args=[offer.pk])).status_code == 404
    assert client_for(personas["committee"]).get(reverse("offers:offer_detail", args=[offer.pk])).status_code == 200


def test_applications_match_the_targeted_database(client_for, personas, city, school_a):
    offer = make_offer(make_campaign(city), school_a, status="approved")
    exact = _pupil(school_a, "Соколова", "Анна", "Игоревна", datetime.date(2009, 3, 14))
    twin = _pupil(school_a, "Ёлкин", "Пётр", "", datetime.date(2009, 7, 1))
    committee = client_for(personas["committee"])
    response = committee.post(reverse("offers:application_create", args=[offer.campaign_id]), {
        "offer": offer.pk, "last_name": "соколова ", "first_name": "Анна", "middle_name": "Игоревна",
        "birth_date": "2009-03-14", "applied_on": "2027-06-20", "status": "submitted", "platform_number": ""})
    assert response.status_code == 302
    found = Application.objects.get(last_name="соколова")
    assert (found.pupil, found.match) == (exact, "found")
    # same surname and birth date, another first name: a candidate the committee confirms
    uncertain = make_application(offer, last_name="Елкин", first_name="Петя", middle_name="",
                                 birth_date=datetime.date(2009, 7, 1))
    assert (uncertain.pupil, uncertain.match) == (twin, "uncertain")
    committee.post(reverse("offers:application_match", args=[uncertain.pk]), {"confirm": "1"})
    uncertain.refresh_from_db()
    assert (uncertain.pupil, uncertain.match) == (twin, "confirmed")
    nobody = make_application(offer, last_name="Смирнов", first_name="Олег", birth_date=datetime.date(2009, 1, 1))
    assert (nobody.pupil, nobody.match) == (None, "none")
    # the pupil's timeline shows where they applied
    card = committee.get(reverse("pupils:pupil_detail", args=[exact.pk])).content.decode()
    assert f"Заявка на предложение № {offer.number}: подана" in card


def _import_file(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Заявки"
    sheet.append(["Фамилия*", "Имя*", "Отчество", "Дата рождения*", "Номер предложения*", "Дата подачи*",
                  "Статус*", "Номер заявки"])
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_import_applications_through_the_engine(client_for, personas, city, school_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = make_campaign(city)
    first = make_offer(campaign, school_a, status="placed")
    second = make_offer(campaign, school_a, status="approved", code="44.03.05")
    pupil = _pupil(school_a, "Павлова", "Мария", "Сергеевна", datetime.date(2009, 2, 2))
    committee = client_for(personas["committee"])
    url = reverse("offers:application_import", args=[campaign.pk])
    bad = _import_file([["Павлова", "Мария", "Сергеевна", "02.02.2009", "2027-999", "20.06.2027", "подана", ""]])
    response = committee.post(url, {"file": SimpleUploadedFile("a.xlsx", bad)})
    assert response.status_code == 422 and "2027-999" in response.content.decode()
    assert not Application.objects.exists()
    # one pupil applies to two offers: by the platform's number and by ours
    good = _import_file([
        ["Павлова", "Мария", "Сергеевна", "02.02.2009", "ЦО-100500", "20.06.2027", "подана", "З-1"],
        ["Павлова", "Мария", "Сергеевна", "02.02.2009", second.number, "21.06.2027", "допущен", "З-2"],
    ])
    preview = committee.post(url, {"file": SimpleUploadedFile("a.xlsx", good)})
    assert preview.status_code == 200 and preview.context["preview"].add == 2
    done = committee.post(url, {"token": preview.context["token"]})
    assert done.status_code == 302
    got = {(a.offer_id, a.status, a.pupil_id, a.match) for a in Application.objects.all()}
    assert got == {(first.pk, "submitted", pupil.pk, "found"), (second.pk, "allowed", pupil.pk, "found")}
    assert AuditEntry.objects.filter(action="offers.applications.imported").count() == 1


def test_contract_draft_from_an_admitted_applicant(client_for, personas, city, school_a):
    from orientir.contracts.models import Contract

    offer = make_offer(make_campaign(city), school_a, status="placed", monthly_payment=3000)
    pupil = _pupil(school_a, "Соколова", "Анна", "Игоревна", datetime.date(2009, 3, 14))
    application = make_application(offer, status="enrolled")
    response = client_for(personas["committee"]).post(reverse("offers:application_contract", args=[application.pk]))
    contract = Contract.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("contracts:contract_detail",
                                                                            args=[contract.pk])
    assert (contract.number, contract.state, contract.offer, contract.application, contract.pupil) == \
        ("2027-001/1", "draft", offer, application, pupil)
    assert (contract.last_name, contract.first_name, contract.birth_date, contract.customer,
            contract.work_organisation, contract.specialty.code, contract.level, contract.is_quota,
            contract.education_organisation, contract.trudvsem_offer) == \
        ("Соколова", "Анна", datetime.date(2009, 3, 14), school_a, school_a, "44.03.01", "bachelor", True,
         "ФГБОУ ВО «Костромской государственный университет»", "ЦО-100500")
    assert list(contract.support_measures.values_list("kind", "amount", "period", "description")) == [
        ("stipend", 3000, "monthly", "Ежемесячная выплата 3 000 ₽")]
    card = client_for(personas["committee"]).get(reverse("contracts:contract_detail", args=[contract.pk]))
    assert reverse("offers:offer_detail", args=[offer.pk]) in card.content.decode()
    again = client_for(personas["committee"]).post(reverse("offers:application_contract", args=[application.pk]))
    assert again.status_code == 302 and Contract.objects.count() == 1


def test_coverage_figures_equal_the_registry_counts(client_for, personas, city, school_a, library):
    from orientir.students.tests.conftest import make_contract

    campaign = make_campaign(city, need=5)
    covered = make_offer(campaign, school_a, status="approved", count=2)
    also = make_offer(campaign, school_a, status="placed", count=1)
    make_offer(campaign, school_a, status="draft", count=4)  # not approved: not offered
    culture = make_offer(campaign, library, status="approved", count=1, code="51.03.03")  # outside the need
    make_application(covered)
    make_application(covered, last_name="Орлов", first_name="Иван")
    make_application(covered, last_name="Ушедший", first_name="Иван", status="withdrawn")
    make_application(culture, last_name="Белова", first_name="Ольга")
    signed = make_contract(city, customer=school_a, state="signed")
    signed.offer = covered
    signed.save()
    draft = make_contract(city, customer=school_a, state="draft", last_name="Проектова")
    draft.offer = also
    draft.save()

    response = client_for(personas["committee"]).get(reverse("offers:coverage"))
    data = response.context["coverage"]
    rows = {r.label.split(":")[0]: (r.need, r.offered, r.uncovered, r.offers, r.applications, r.contracts)
            for r in data["targets"]}
    assert rows == {"Образование": (5, 3, 2, 2, 2, 1), "Вне потребности прогноза": (None, 1, None, 1, 1, 0)}
    total = data["total"]
    assert (total.need, total.offered, total.offers, total.applications, total.contracts) == (5, 4, 3, 3, 1)
    customers = {r.label: (r.offered, r.offers, r.applications, r.contracts) for r in data["customers"]}
    assert customers == {school_a.short_name: (3, 2, 2, 1), library.short_name: (1, 1, 1, 0)}
    export = client_for(personas["observer"]).get(reverse("offers:coverage_export", args=[campaign.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Итого", 5, 4, None, 3, 3, 1] in values
    assert [f"Заказчик: {library.short_name}", None, 1, None, 1, 1, 0] in values


def test_list_pages_run_a_bounded_number_of_queries(client_for, personas, city, school_a):
    campaign = make_campaign(city)
    client = client_for(personas["committee"])

    def count(url):
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    detail = reverse("offers:campaign_detail", args=[campaign.pk])
    apps = reverse("offers:application_list", args=[campaign.pk])
    nowhere = reverse("offers:not_applied", args=[campaign.pk])
    offer = make_offer(campaign, school_a, status="approved")
    make_application(offer)
    _pupil(school_a, "Первый", "Пётр", "", datetime.date(2009, 1, 1))
    few = count(detail), count(apps), count(nowhere)
    for i in range(6):
        other = make_offer(campaign, school_a, status="approved")
        make_application(other, last_name=f"Заявитель{i}")
        _pupil(school_a, f"Ученик{i}", "Иван", "", datetime.date(2009, 2, i + 1))
    assert (count(detail), count(apps), count(nowhere)) == few


def test_targeted_pupils_who_applied_nowhere(client_for, personas, city, school_a, school_b):
    campaign = make_campaign(city)
    offer = make_offer(campaign, school_a, status="approved")
    applied = _pupil(school_a, "Соколова", "Анна", "Игоревна", datetime.date(2009, 3, 14))
    withdrew = _pupil(school_a, "Орлов", "Иван", "Петрович", datetime.date(2009, 5, 5))
    silent = _pupil(school_a, "Белова", "Ольга", "Сергеевна", datetime.date(2009, 8, 8))
    other_school = _pupil(school_b, "Зайцев", "Олег", "Ильич", datetime.date(2009, 9, 9))
    _pupil(school_a, "Прошлогодний", "Пётр", "", datetime.date(2008, 1, 1), start_year=2025)  # last year's base
    ninth = _pupil(school_a, "Девятиклассник", "Лев", "", datetime.date(2011, 1, 1))  # a university after the 11th
    ninth.grade = 9
    ninth.save()
    make_application(offer)
    make_application(offer, last_name="Орлов", first_name="Иван", middle_name="Петрович",
                     birth_date=datetime.date(2009, 5, 5), status="withdrawn")
    url = reverse("offers:not_applied", args=[campaign.pk])
    committee = client_for(personas["committee"]).get(url)
    # by school, then by name: the withdrawn application does not count
    assert [e.pupil for e in committee.context["page"].object_list] == [silent, withdrew, other_school]
    school = client_for(personas["coordinator_a"]).get(url)
    assert {e.pupil for e in school.context["page"].object_list} == {withdrew, silent}
    assert applied not in {e.pupil for e in school.context["page"].object_list}
    export = client_for(personas["coordinator_a"]).get(url + "?format=xlsx")
    assert export.status_code == 200


def test_a_directorate_sees_the_need_of_its_sector(client_for, personas, city, school_a, library):
    from orientir.offers.models import CampaignTarget

    campaign = make_campaign(city, need=3)
    CampaignTarget.objects.create(campaign=campaign, sector="culture", position="Библиотекарь", level="higher",
                                  contracts_needed=2)
    make_offer(campaign, library, status="approved", count=1, code="51.03.03")
    seen = client_for(personas["directorate"]).get(reverse("offers:coverage")).context["coverage"]
    assert [(r.label.split(":")[0], r.need, r.offered) for r in seen["targets"]] == [("Образование", 3, 0)]
    whole = client_for(personas["committee"]).get(reverse("offers:coverage")).context["coverage"]
    assert whole["total"].need == 5 and whole["total"].offered == 1


def test_applications_list_prints_per_offer_and_per_campaign(client_for, personas, city, school_a, far_school,
                                                             tmp_path, pdftotext):
    campaign = make_campaign(city)
    offer = make_offer(campaign, school_a, status="placed")
    other = make_offer(campaign, school_a, status="approved", code="44.03.05")
    _pupil(school_a, "Соколова", "Анна", "Игоревна", datetime.date(2009, 3, 14))
    make_application(offer)  # found in the targeted database
    make_application(offer, last_name="Орлов", first_name="Иван", middle_name="", status="enrolled",
                     birth_date=datetime.date(2009, 5, 5))
    make_application(offer, last_name="Белова", first_name="Ольга", middle_name="",
                     birth_date=datetime.date(2009, 8, 8))
    make_application(other, last_name="Зайцев", first_name="Олег", middle_name="",
                     birth_date=datetime.date(2009, 9, 9), status="withdrawn")
    _pupil(school_a, "Ёлкин", "Пётр", "", datetime.date(2009, 7, 1))
    make_application(other, last_name="Елкин", first_name="Петя", middle_name="", birth_date=datetime.date(2009, 7, 1))
    committee = client_for(personas["committee"])
    card = committee.get(reverse("offers:offer_detail", args=[offer.pk])).content.decode()
    url = reverse("offers:application_pdf", args=[campaign.pk])
    assert f'{url}?offer={offer.pk}' in card

    def text(query: str) -> str:
        response = committee.get(url + query)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        path = tmp_path / "applications.pdf"
        path.write_bytes(response.content)
        # one printed line per table row: the layout keeps the columns side by side
        return "\n".join(" ".join(line.split()) for line in pdftotext(path, layout=True).splitlines())

    one = text(f"?offer={offer.pk}")
    assert f"Заявки на предложение о целевом обучении № {offer.number}" in one
    assert "ЦО-100500" in one  # the offer's number on the platform
    rows = [line for line in one.splitlines() if line[:1].isdigit()]
    assert rows == ["1 Белова Ольга 08.08.2009 20.06.2027 Подана Нет в целевой базе",
                    "2 Орлов Иван 05.05.2009 20.06.2027 Зачислен Нет в целевой базе",
                    "3 Соколова Анна Игоревна 14.03.2009 20.06.2027 Подана Соколова Анна Игоревна (МБОУ СОШ № 1)"]
    assert "Зайцев" not in one
    assert "Всего заявок: 3 (подана — 2; зачислен — 1)." in one
    whole = text("")
    assert f"приём {campaign.year} года" in whole and "Зайцев Олег" in whole
    # a candidate of the targeted database is printed as one, not as the applicant
    assert "Требует подтверждения: Ёлкин Пётр" in whole
    assert "Всего заявок: 5 (подана — 3; отозвана — 1; зачислен — 1)." in whole
    enrolled = text("?status=enrolled")
    assert "Орлов Иван" in enrolled and "Белова" not in enrolled and "Всего заявок: 1 (зачислен — 1)." in enrolled
    assert AuditEntry.objects.filter(action="offers.applications.printed").count() == 3
    # another municipality's offer is not found here; a school's coordinator does not see applicants
    far = make_offer(make_campaign(far_school.municipality), _customer(far_school), status="approved")
    assert committee.get(url + f"?offer={far.pk}").status_code == 404
    assert client_for(personas["coordinator_a"]).get(url + f"?offer={offer.pk}").status_code == 403


def _customer(org):
    org.is_customer = True
    org.save()
    return org
