"""An administrator clicks through the directory pages and their forms: each renders with its layout."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_admin_walks_every_main_page(personas, school_a, login, page, shot):
    login(personas["admin"])
    menu = page.get_by_test_id("menu")
    pages = [  # menu title, heading of the page it opens (screenshots of these: test_login's menu walk)
        ("Организации", "Реестр организаций"),
        ("Заказчики (п. 1.3)", "Заказчики целевого обучения"),
        ("Справочники", "Справочники"),
        ("Пользователи", "Пользователи"),
        ("Журнал действий", "Журнал действий"),
        ("Главная", "Здравствуйте"),
    ]
    for title, heading in pages:
        menu.locator("a").filter(has_text=title).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(menu.locator("a.active")).to_have_text([title])

    menu.locator("a").filter(has_text="Справочники").click()
    first_reference = page.locator("main a.card").first
    title = first_reference.locator(".h5").inner_text()
    first_reference.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    shot("page-reference-list")

    page.goto(f"/directory/organisations/{school_a.pk}/")
    page.get_by_role("link", name="Изменить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Изменение карточки организации")
    shot("organisation-form-edit", full_page=True)

    page.get_by_role("link", name="Пользователи").first.click()
    page.get_by_role("link", name="Добавить пользователя").click()
    expect(page.locator("main form")).to_be_visible()
    shot("user-form-new", full_page=True)
