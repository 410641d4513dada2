"""Behaviours the pages declare in data attributes (the Content-Security-Policy allows no inline handlers): a
confirmation that can be declined, a filter that sends itself when changed."""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def consenting_pupil(school_a):
    from orientir.pupils.services import pupil_create

    return pupil_create(actor=None, organisation=school_a,
                        data={"last_name": "Ёлкина", "first_name": "Мария", "grade": 9, "class_letter": "А"},
                        consent={"given_by_name": "Ёлкина Ольга Петровна", "given_on": datetime.date(2026, 9, 2)})


def test_withdrawal_asks_first_and_a_no_keeps_everything(page, login, personas, consenting_pupil):
    login(personas["coordinator_a"])
    page.goto(f"/guidance/pupils/{consenting_pupil.pk}/")
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.get_by_role("button", name="Отозвать согласие").click()
    expect(page.get_by_role("button", name="Отозвать согласие")).to_be_visible()
    consenting_pupil.refresh_from_db()
    assert consenting_pupil.grade == 9 and asked == ["Отозвать согласие? Все сведения, кроме ФИО и школы, будут удалены."]

    page.once("dialog", lambda d: answer(d, True))
    page.get_by_role("button", name="Отозвать согласие").click()
    expect(page.get_by_role("button", name="Отозвать согласие")).to_have_count(0)
    consenting_pupil.refresh_from_db()
    assert consenting_pupil.grade is None and len(asked) == 2


def test_a_filter_select_sends_its_form(page, login, personas):
    login(personas["committee"])
    page.goto("/contracts/deadlines/")
    page.locator("#d-days").select_option("90")
    expect(page).to_have_url(re.compile(r"/contracts/deadlines/\?(.*&)?days=90(&|$)"))
    expect(page.locator("#d-days")).to_have_value("90")


def test_choosing_a_professional_saturday_ticks_the_days_box(page, login, personas, shot):
    login(personas["coordinator_a"])
    page.goto("/careers/events/new/")
    box = page.get_by_label("В рамках Дней профессионального образования")
    expect(box).not_to_be_checked()
    page.get_by_label(re.compile("^Вид")).select_option(label="«Профессиональная суббота»")
    expect(box).to_be_checked()
    shot("career-event-saturday-ticks-the-days")
