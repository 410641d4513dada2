"""Trust on real files and real people, in the browser: a crafted workbook is refused on the page with its cause
and the server serves on; a consent entered by mistake is annulled on the contract card and shown struck out."""

import datetime

import pytest
from playwright.sync_api import expect

from orientir.core.tests import hostile_workbooks as hostile

pytestmark = pytest.mark.browser


def test_a_crafted_workbook_is_refused_on_the_page_and_the_next_page_opens(personas, login, page, shot, tmp_path):
    login(personas["coordinator_a"])
    page.goto("/guidance/pupils/import/")
    crafted = tmp_path / "pupils.xlsx"
    crafted.write_bytes(hostile.far_corner())
    page.locator("input[type=file]").set_input_files(crafted)
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("заполнена ячейка XFD1048576")
    expect(errors).to_contain_text("Удалите лишние ячейки")
    shot("pupil-import-crafted-file-refused")
    page.get_by_role("link", name="Обучающиеся").first.click()
    expect(page.locator("h1")).to_contain_text("Обучающиеся")


def test_a_wrong_consent_is_annulled_on_the_card(personas, login, page, shot, city, classifier):
    from orientir.contracts import services
    from orientir.contracts.models import RepresentativeConsent
    from orientir.directory.models import Specialty

    specialty = Specialty.objects.filter(level="bachelor").order_by("code").first()
    contract = services.contract_create(actor=None, municipality=city, data={
        "number": "ЦО-77/2026", "last_name": "Ёлкина", "first_name": "Анна", "middle_name": "Сергеевна",
        "birth_date": datetime.date(2010, 3, 1), "specialty": specialty, "level": specialty.level,
        "work_years": 3})
    RepresentativeConsent.objects.create(contract=contract, last_name="Ёлкина", first_name="Ольга",
                                         middle_name="Петровна", relation="mother",
                                         document="паспорт 34 12 345678", given_on=datetime.date(2026, 11, 2))
    consent = contract.representative_consents.get()
    login(personas["committee"])
    page.goto(f"/contracts/{contract.pk}/")
    form = page.get_by_test_id(f"consent-annul-{consent.pk}")
    form.get_by_label("Причина аннулирования").fill("внесено не тому договору")
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Аннулировать").click()
    card = page.get_by_test_id(f"consent-{consent.pk}")
    expect(card).to_contain_text("аннулировано")
    expect(card).to_contain_text("внесено не тому договору")
    shot("contract-consent-annulled", full_page=True)
    consent.refresh_from_db()
    assert consent.annulled_on is not None
