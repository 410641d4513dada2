"""A coordinator sees their own organisation only: another school's card is «not found», not «forbidden»."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coordinator_opens_own_card_but_not_another_schools(personas, school_a, school_b, login, page, shot):
    login(personas["coordinator_a"])

    response = page.goto(f"/directory/organisations/{school_a.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(school_a.short_name)
    expect(page.get_by_text(school_a.inn, exact=True)).to_be_visible()
    shot("organisation-card-coordinator")

    response = page.goto(f"/directory/organisations/{school_b.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(school_b.short_name)
    expect(page.locator("body")).not_to_contain_text(school_b.inn)
    expect(page.get_by_test_id("menu")).to_be_visible()  # the layout stays: the user knows where they are
    shot("error-404-other-school")

    # Nor can it be changed by URL, and a missing id looks exactly the same.
    assert page.goto(f"/directory/organisations/{school_b.pk}/edit/").status == 404
    assert page.goto(f"/directory/organisations/{school_b.pk + 100000}/").status == 404
    expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()


def test_coordinator_list_shows_only_own_organisation(personas, school_a, school_b, login, page):
    login(personas["coordinator_a"])
    page.get_by_test_id("menu").get_by_role("link", name="Организации").click()
    table = page.get_by_test_id("org-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(school_a.short_name)
    expect(table).not_to_contain_text(school_b.short_name)
    expect(page.get_by_role("link", name="Добавить организацию")).to_have_count(0)
