"""Offers under ПП № 555 as the city uses them: the committee opens a campaign from a frozen forecast, a school drafts
an offer, the committee approves and exports it for «Работа в России», imports the week's applications (one matched
to a pupil of the targeted database, admitted), drafts the contract from the offer and checks the coverage table."""

import datetime
import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.today("2027-05-20")]


@pytest.fixture
def setting(classifier, city, school_a):
    from orientir.forecast.models import ForecastSnapshot
    from orientir.pupils.models import Pupil, TargetedEntry
    from orientir.offers.tests.kit import specialty

    snapshot = ForecastSnapshot.objects.create(municipality=city, base_year=2026, horizon=5, contract_rows=[
        {"sector": "education", "position": "Учитель начальных классов", "level": "higher", "study_length": 4,
         "contracts_needed": 2},
        {"sector": "sport", "position": "Тренер-преподаватель", "level": "vocational", "study_length": 3,
         "contracts_needed": 1}])
    pupil = Pupil.objects.create(organisation=school_a, last_name="Соколова", first_name="Анна",
                                 middle_name="Игоревна", birth_date=datetime.date(2009, 3, 14), grade=11)
    TargetedEntry.objects.create(pupil=pupil, start_year=2026, specialty=specialty(), level="bachelor")
    return snapshot, pupil


def _applications_file(number: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Заявки"
    sheet.append(["Фамилия*", "Имя*", "Отчество", "Дата рождения*", "Номер предложения*", "Дата подачи*", "Статус*",
                  "Номер заявки"])
    sheet.append(["Соколова", "Анна", "Игоревна", "14.03.2009", number, "20.06.2027", "зачислен", "З-77"])
    sheet.append(["Гостев", "Пётр", "", "01.02.2009", number, "21.06.2027", "подана", "З-78"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_from_the_frozen_forecast_to_a_contract_draft(personas, setting, login, page, live_server, shot, tmp_path):
    from orientir.contracts.models import Contract
    from orientir.offers.models import Application, Offer, OfferCampaign

    snapshot, pupil = setting
    # the committee opens the campaign of the year against the frozen forecast
    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Предложения (ПП № 555)").click()
    page.get_by_role("link", name="Открыть кампанию").click()
    page.get_by_label("Зафиксированный прогноз").select_option(str(snapshot.pk))
    page.get_by_label("Год приёма").fill("2027")
    page.get_by_role("button", name="Открыть кампанию").click()
    expect(page.get_by_test_id("placement-deadline")).to_contain_text("10.06.2027")
    campaign = OfferCampaign.objects.get()
    shot("offers-campaign")

    # school A's coordinator drafts an offer and sends it to the committee
    page.context.clear_cookies()
    login(personas["coordinator_a"])
    page.goto(f"/offers/campaigns/{campaign.pk}/offers/new/")
    page.get_by_label("Образовательная организация").fill("ФГБОУ ВО «Костромской государственный университет»")
    page.get_by_label("Специальность (направление подготовки)").select_option(label="44.03.01 Педагогическое образование")
    page.get_by_label("Количество договоров").fill("2")
    page.get_by_label("Меры поддержки").fill("Ежемесячная выплата 3 000 ₽")
    page.get_by_label("Ежемесячная выплата, руб.").fill("3000")
    page.get_by_label("Место осуществления трудовой деятельности").fill("МБОУ СОШ № 1")
    page.get_by_label("Должность (профессия)").fill("Учитель начальных классов")
    page.get_by_label("Контактное лицо и телефон").fill("Иванова И. И., 8 (4942) 00-00-00")
    shot("offers-offer-form")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name="Направить на согласование").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("На согласовании")
    offer = Offer.objects.get()

    # the committee approves and downloads the file for the platform
    page.context.clear_cookies()
    login(personas["committee"])
    page.goto(f"/offers/{offer.pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Согласовано")
    shot("offers-offer-approved")
    page.goto(f"/offers/campaigns/{campaign.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("platform-export").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[0] == offer.number and row[6] == "44.03.01" and row[11] == 2 for row in rows)

    # the week's applications from the platform, through the import page
    path = tmp_path / "applications.xlsx"
    path.write_bytes(_applications_file(offer.number))
    page.goto(f"/offers/campaigns/{campaign.pk}/applications/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_test_id("preview-add")).to_have_text("2")
    page.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_test_id("application-table")).to_contain_text("Найден в целевой базе")
    admitted = Application.objects.get(last_name="Соколова")
    assert (admitted.pupil, admitted.status) == (pupil, "enrolled")
    shot("offers-applications")

    # the contract draft from the offer and the person
    page.get_by_test_id("contract-from-application").click()
    contract = Contract.objects.get()
    expect(page).to_have_url(f"{live_server.url}/contracts/{contract.pk}/")
    expect(page.get_by_test_id("contract-offer")).to_have_text(f"№ {offer.number}")
    assert (contract.pupil, contract.customer, contract.specialty.code, contract.offer, contract.application) == \
        (pupil, offer.customer, "44.03.01", offer, admitted)
    assert [(m.kind, int(m.amount)) for m in contract.support_measures.all()] == [("stipend", 3000)]

    # the coverage table against the registry: need 2 teachers and 1 coach; offered 2; 2 applications; 0 signed
    page.goto("/offers/coverage/")
    table = page.get_by_test_id("coverage-table")
    total = table.locator("tr", has_text="Итого").locator("td")
    expect(total).to_have_text(["Итого", "3", "2", "", "1", "2", "0"])
    coach = table.locator("tr", has_text="Тренер-преподаватель").locator("td")
    expect(coach.nth(3)).to_have_text("1")  # the coaches' need is not covered
    assert Application.objects.exclude(status="withdrawn").count() == 2
    assert Contract.objects.filter(offer__isnull=False, signed_on__isnull=False).count() == 0
    shot("offers-coverage", full_page=True)
