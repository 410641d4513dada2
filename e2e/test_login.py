"""Signing in: every role lands on its home page and sees only its own menu; a wrong password is refused."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD  # the root conftest: every persona's password

pytestmark = pytest.mark.browser

HOME, ORGS, CUSTOMERS, REFS, USERS, AUDIT = (
    "Главная", "Организации", "Заказчики (п. 1.3)", "Справочники", "Пользователи", "Журнал действий")
DIRECTORY_MENU = [HOME, ORGS, CUSTOMERS, REFS, USERS, AUDIT]

# persona -> (which of DIRECTORY_MENU the sidebar offers, role shown in the header, scope shown in the header).
# Written out, not derived from roles.py: this is what each person is supposed to see. Items of other
# sections (the plan, ...) may come and go; these six must be exactly as listed, the rest absent.
EXPECTED = {
    "admin": ([HOME, ORGS, CUSTOMERS, REFS, USERS, AUDIT], "Администратор", "Все муниципальные образования"),
    "committee": ([HOME, ORGS, CUSTOMERS, REFS, AUDIT], "Специалист ОЮКО Комитета", "г. Кострома"),
    "directorate": ([HOME, ORGS, CUSTOMERS, REFS], "Специалист управления Комитета", "Отрасль: Образование"),
    "culture_directorate": ([HOME, ORGS, CUSTOMERS, REFS], "Специалист управления Комитета", "Отрасль: Культура"),
    "methodologist": ([HOME, ORGS, CUSTOMERS, REFS], "Методист ГЦОКО", "Образовательные организации"),
    "coordinator_a": ([HOME, ORGS, REFS], "Координатор организации", "МБОУ СОШ № 1"),
    "coordinator_b": ([HOME, ORGS, REFS], "Координатор организации", "МБОУ СОШ № 2"),
    "tutor": ([HOME, ORGS, REFS], "Тьютор / наставник", "МБОУ СОШ № 1"),
    "observer": ([HOME, ORGS, CUSTOMERS, REFS], "Наблюдатель (орган власти области)", "г. Кострома"),
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_sees_its_own_menu(persona, personas, login, page, shot):
    offered, role_label, scope_label = EXPECTED[persona]
    user = personas[persona]
    login(user)

    links = page.get_by_test_id("menu").locator("a")
    titles = [t.strip() for t in links.all_inner_texts()]
    assert [t for t in titles if t in DIRECTORY_MENU] == offered, f"{persona} sees {titles}"
    assert titles[0] == HOME
    header = page.locator("nav.navbar")
    expect(header.get_by_test_id("user-name")).to_have_text(user.get_full_name())
    expect(header).to_contain_text(f"{role_label} · {scope_label}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте")
    shot(f"home-{persona}")

    # Everything the menu offers opens for this role (no 403 behind a visible link), and is the one highlighted.
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for title, href in zip(titles, hrefs, strict=True):
        response = page.goto(href, wait_until="domcontentloaded")
        assert response is not None and response.status == 200, f"{persona}: «{title}» ({href}) answered {response.status}"
        expect(page.get_by_test_id("menu").locator("a.active")).to_have_text([title])
        if persona == "admin":  # the administrator's menu has nearly every page: one screenshot each
            shot("page-" + (href.strip("/").replace("/", "-") or "home"))


def test_coordinator_typing_a_hidden_address_gets_the_russian_403_page(personas, login, page, shot):
    login(personas["coordinator_a"])
    for url in ("/accounts/users/", "/directory/customers/", "/audit/"):
        response = page.goto(url)
        assert response.status == 403, url
        expect(page.get_by_role("heading", name="Нет доступа")).to_be_visible()
    shot("error-403-coordinator")


def test_wrong_password_is_refused_in_russian(personas, page, live_server, shot):
    page.goto("/accounts/login/")
    expect(page).to_have_title("Вход · Ориентир")
    shot("login")
    page.locator("#id_username").fill(personas["committee"].username)
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name="Войти").click()

    expect(page.locator(".alert-danger")).to_contain_text("Неверное имя пользователя или пароль")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_test_id("menu")).to_have_count(0)
    expect(page.locator("#id_username")).to_have_value("committee")
    shot("login-wrong-password")


def test_anonymous_visitor_is_sent_to_login_and_back_after_signing_in(personas, page, live_server, school_a):
    page.goto(f"/directory/organisations/{school_a.pk}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/directory/organisations/{school_a.pk}/")
    page.locator("#id_username").fill("committee")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{live_server.url}/directory/organisations/{school_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(school_a.short_name)


def test_logout_ends_the_session(personas, login, page, live_server):
    login(personas["admin"])
    page.get_by_role("button", name="Учётная запись").click()
    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
