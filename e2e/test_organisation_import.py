"""The committee moves the city's registry of organisations into the system: the template is downloaded, a file whose
ОГРН Excel cut to 1,02440E+12 is refused with what to do, the fixed file is previewed — one organisation added, one
updated by its ИНН — and imported, and both are on their pages."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from orientir.core.validators import make_inn10, make_ogrn

pytestmark = pytest.mark.browser


def test_committee_imports_the_registry_after_fixing_a_cut_ogrn(personas, school_a, login, page, shot, tmp_path):
    login(personas["committee"])
    page.goto("/directory/organisations/")
    page.get_by_role("link", name="Загрузка из Excel").click()
    expect(page.get_by_role("heading", name="Загрузка организаций из Excel")).to_be_visible()
    with page.expect_download() as template:
        page.get_by_role("link", name="Скачайте шаблон").click()
    book = openpyxl.load_workbook(io.BytesIO(open(template.value.path(), "rb").read()))
    sheet = book.active
    titles = [cell.value for cell in sheet[3]]
    inn, ogrn = make_inn10("440199950"), make_ogrn("102440199950")

    def row(**values):
        return [values.get(title) for title in titles]

    sheet.append(row(**{"Полное наименование*": "Муниципальное бюджетное учреждение культуры «Дом  культуры Якорь»",
                        "Краткое наименование": "МБУК ДК «Якорь»", "Тип": "учреждение культуры", "ИНН*": int(inn),
                        "ОГРН*": 1024400000000.0}))  # as Excel keeps a value copied from «1,02440E+12»
    sheet.append(row(**{"Полное наименование*": school_a.full_name, "ИНН*": school_a.inn, "ОГРН*": school_a.ogrn,
                        "Телефон": "8 (4942) 45-67-89"}))
    wrong = tmp_path / "Реестр.xlsx"
    book.save(wrong)

    page.locator("input[type=file]").set_input_files(wrong)
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("«ОГРН»")
    expect(errors).to_contain_text("экспоненциальной форме")
    shot("organisation-import-errors")

    sheet.cell(4, titles.index("ОГРН*") + 1).value = ogrn
    fixed = tmp_path / "Реестр (исправлен).xlsx"
    book.save(fixed)
    page.locator("input[type=file]").set_input_files(fixed)
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_test_id("preview-add")).to_have_text("1")
    expect(page.get_by_test_id("preview-update")).to_have_text("1")
    shot("organisation-import-preview")
    page.get_by_role("button", name="Загрузить", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Загружено: добавлено организаций — 1, обновлено — 1.")
    page.get_by_role("link", name="МБУК ДК «Якорь»").click()
    expect(page.get_by_text(ogrn).first).to_be_visible()
    page.goto(f"/directory/organisations/{school_a.pk}/")
    expect(page.get_by_text("+7 (4942) 45-67-89").first).to_be_visible()
