"""The committee moves past years' contracts into the system: the template is downloaded and filled, the file is
checked and previewed, «Загрузить» adds the contract, and its card shows the history that led to its state."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.today("2026-10-15")
def test_committee_loads_a_past_contract_with_its_history(personas, classifier, school_a, login, page, shot, tmp_path):
    login(personas["committee"])
    page.goto("/contracts/")
    page.get_by_role("link", name="Загрузка договоров прошлых лет").click()
    expect(page.get_by_role("heading", name="Загрузка договоров прошлых лет из Excel")).to_be_visible()
    with page.expect_download() as template:
        page.get_by_role("link", name="Скачайте шаблон").click()
    book = openpyxl.load_workbook(io.BytesIO(open(template.value.path(), "rb").read()))
    sheet = book.active
    titles = [cell.value for cell in sheet[3]]
    values = {"Номер договора*": "ЦД-2022/15", "Дата заключения*": "20.06.2022", "Фамилия*": "Берёзкина",
              "Имя*": "Алиса", "Отчество": "Олеговна", "Дата рождения*": "12.03.2004",
              "Заказчик (ИНН или наименование)": school_a.inn,
              "Специальность (код и наименование)*": "44.02.02 Преподавание в начальных классах",
              "В пределах квоты (да/нет)": "да", "Ежемесячная выплата, руб.": "2 500,00",
              "Состояние*": "Обучается", "Дата зачисления": "10.08.2022", "Дата начала обучения": "01.09.2022"}
    sheet.append([values.get(title) for title in titles])
    filled = tmp_path / "Договоры 2022.xlsx"
    book.save(filled)

    page.locator("input[type=file]").set_input_files(filled)
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_test_id("preview-add")).to_have_text("1")
    shot("contract-import-preview")
    page.get_by_role("button", name="Загрузить", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Загружено: добавлено договоров — 1.")
    page.get_by_role("link", name="Берёзкина Алиса Олеговна").first.click()
    expect(page.get_by_text("ЦД-2022/15").first).to_be_visible()
    for text in ("Зачислен на обучение", "Обучается", "10.08.2022", "01.09.2022"):
        expect(page.get_by_text(text).first).to_be_visible()
    shot("contract-import-card")
