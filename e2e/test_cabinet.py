"""Issue 18 «Done when», the parent's journey: a school's coordinator prints an invitation from the pupil card; the
parent opens the cabinet's own entrance with the code, sets a password, sees the child's route sheet on a phone-width
screen (no horizontal scrolling), then withdraws the consent after a confirmation, and the route sheet is gone — the
same erasure as an official's. The parent's account opens no official's page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.today("2026-11-16")]

PHONE = {"width": 375, "height": 800}
ITEM = "Профессиональная проба «Воспитатель»"


@pytest.fixture
def child(school_a, classifier):
    """A pupil of 16 at school A with the parent's consent and a route sheet of one activity."""
    from orientir.directory.models import Specialty
    from orientir.pupils.models import RouteSheet, RouteSheetItem, TargetedEntry
    from orientir.pupils.services import pupil_create

    pupil = pupil_create(actor=None, organisation=school_a,
                         data={"last_name": "Орлов", "first_name": "Никита", "birth_date": datetime.date(2010, 3, 1),
                               "grade": 10, "class_letter": "А"},
                         consent={"given_by_name": "Орлова Ирина Сергеевна", "given_on": datetime.date(2026, 9, 1)})
    entry = TargetedEntry.objects.create(pupil=pupil, start_year=2026, level="spo",
                                         specialty=Specialty.objects.filter(code="44.02.01").first())
    sheet = RouteSheet.objects.create(entry=entry)
    RouteSheetItem.objects.create(sheet=sheet, kind="trial", title=ITEM, planned_on=datetime.date(2026, 12, 10))
    return pupil


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_parent_joins_sees_the_route_sheet_and_withdraws_consent(personas, child, login, page, shot, live_server):
    from orientir.pupils.models import Pupil, RouteSheetItem

    login(personas["coordinator_a"])
    page.goto(f"/guidance/pupils/{child.pk}/")
    invite = page.locator("#cabinet-invite")
    invite.get_by_label("Кого пригласить").select_option("parent")
    invite.get_by_role("button", name="Выдать приглашение").click()
    expect(page.get_by_role("heading", name="Приглашение в личный кабинет «Ориентир»")).to_be_visible()
    expect(page.locator(".invitation-qr svg")).to_be_visible()
    code = page.locator(".invitation-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    shot("cabinet-invitation")

    # The parent, on a phone, with nobody signed in.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto("/cabinet/join/")
    page.get_by_label("Код приглашения").fill(code)
    page.get_by_label("Фамилия").fill("Орлова")
    page.get_by_label("Имя", exact=True).fill("Ирина")
    page.get_by_label("Отчество").fill("Сергеевна")
    page.get_by_label("Имя пользователя (придумайте)").fill("orlova")
    page.get_by_label("Пароль", exact=True).fill("Надёжный-пароль-2026")
    page.get_by_label("Пароль ещё раз").fill("Надёжный-пароль-2026")
    page.get_by_role("button", name="Создать учётную запись").click()
    expect(page).to_have_url(f"{live_server.url}/cabinet/")
    expect(page.get_by_text("Учётная запись создана")).to_be_visible()
    _no_sideways_scroll(page)
    shot("cabinet-home-phone", full_page=True)

    page.get_by_role("link", name="Орлов Никита").click()
    expect(page.locator("#route-sheet")).to_contain_text(ITEM)
    expect(page.locator("#route-sheet")).to_contain_text("срок 10.12.2026")
    _no_sideways_scroll(page)
    shot("cabinet-route-sheet-phone", full_page=True)

    # The officials' pages stay shut to this account.
    response = page.goto(f"/guidance/pupils/{child.pk}/")
    assert response.status == 403
    expect(page.get_by_role("link", name="В личный кабинет")).to_be_visible()
    page.get_by_role("link", name="В личный кабинет").click()

    page.get_by_role("link", name="Согласие действует").click()
    withdraw = page.get_by_role("button", name="Отозвать согласие")
    withdraw.click()  # without the confirmation nothing happens
    expect(page.get_by_text("Подтвердите, что понимаете последствия отзыва.")).to_be_visible()
    assert RouteSheetItem.objects.filter(sheet__entry__pupil=child).exists()
    page.get_by_label("Понимаю: сведения, кроме ФИО и школы, будут удалены сразу и восстановить их нельзя").check()
    page.get_by_role("button", name="Отозвать согласие").click()
    expect(page.get_by_text("Согласие отозвано.")).to_be_visible()
    expect(page.get_by_role("button", name="Дать согласие")).to_be_visible()
    _no_sideways_scroll(page)
    shot("cabinet-consent-withdrawn-phone", full_page=True)

    pupil = Pupil.objects.get(pk=child.pk)
    assert pupil.birth_date is None and not RouteSheetItem.objects.filter(sheet__entry__pupil=child).exists()
    page.goto(f"/cabinet/pupils/{child.pk}/")
    expect(page.locator("#route-sheet")).to_contain_text("Маршрутного листа пока нет.")
