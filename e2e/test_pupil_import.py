"""A school coordinator moves the school's own list into the system: the template is downloaded, a file with a
mistake is refused with the mistake marked in the coordinator's own file, the fixed file is checked, previewed and
imported, and the pupils are on the list."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coordinator_imports_a_list_after_fixing_the_marked_mistake(personas, login, page, shot, tmp_path):
    login(personas["coordinator_a"])
    page.goto("/guidance/pupils/")
    page.get_by_role("link", name="Загрузить из Excel").click()
    with page.expect_download() as template:
        page.get_by_role("link", name="Скачайте шаблон").click()
    book = openpyxl.load_workbook(io.BytesIO(open(template.value.path(), "rb").read()))
    sheet = book.active
    sheet.append(["  Берёзкина ", "Алиса"])
    sheet.append(["Соколов", None, "Игоревич"])  # the first name forgotten
    sheet.append(["Ёжиков", "Матвей", "Андреевич"])
    wrong = tmp_path / "Список класса.xlsx"
    book.save(wrong)

    page.locator("input[type=file]").set_input_files(wrong)
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("B «Имя»")
    expect(errors).to_contain_text("обязательное поле не заполнено")
    shot("pupil-import-errors")
    with page.expect_download() as marked:
        page.get_by_test_id("import-marked").click()
    assert marked.value.suggested_filename == "Список класса — ошибки.xlsx"
    copy = openpyxl.load_workbook(io.BytesIO(open(marked.value.path(), "rb").read())).active
    assert copy.cell(5, 1).value == "Соколов" and copy.cell(5, 13).value == "B «Имя»: обязательное поле не заполнено"

    sheet.cell(5, 2).value = "Пётр"
    fixed = tmp_path / "Список класса (исправлен).xlsx"
    book.save(fixed)
    page.locator("input[type=file]").set_input_files(fixed)
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_test_id("preview-add")).to_have_text("3")
    shot("pupil-import-preview")
    page.get_by_role("button", name="Загрузить", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Загружено: добавлено обучающихся — 3.")
    for name in ("Берёзкина Алиса", "Соколов Пётр Игоревич", "Ёжиков Матвей Андреевич"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
