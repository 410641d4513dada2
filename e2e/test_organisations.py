"""The organisations registry as a committee specialist uses it: add a card, search, export to Excel."""

import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from orientir.core.validators import make_inn10, make_ogrn

pytestmark = pytest.mark.browser

INVALID_INN = "4401000000"  # right length, wrong check digit


def test_committee_adds_organisation_after_fixing_the_inn(personas, login, page, live_server, shot):
    from orientir.core.models import AuditEntry
    from orientir.directory.models import Organisation

    before = Organisation.objects.count()
    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Организации").click()
    page.get_by_role("link", name="Добавить организацию").click()
    expect(page).to_have_url(f"{live_server.url}/directory/organisations/new/")

    form = page.get_by_test_id("org-form")
    page.locator("#id_full_name").fill("Муниципальное бюджетное общеобразовательное учреждение «Лицей № 17»")
    page.locator("#id_short_name").fill("МБОУ Лицей № 17")
    page.locator("#id_kind").select_option("school")
    page.locator("#id_sector").select_option("education")
    page.locator("#id_inn").fill(INVALID_INN)
    page.locator("#id_ogrn").fill(make_ogrn("102440123456"))
    page.locator("#id_address").fill("г. Кострома, ул. Советская, д. 17")
    page.locator("#id_phone").fill("84942311234")
    shot("organisation-form-new", full_page=True)
    form.get_by_role("button", name="Сохранить").click()

    error = page.locator(".invalid-feedback[data-field=inn]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("ИНН не прошёл проверку контрольной цифры")
    expect(page.locator("#id_inn")).to_have_class(_has("is-invalid"))
    expect(page.locator(".invalid-feedback")).to_have_count(1)  # only the ИНН is wrong
    expect(page.locator("#id_short_name")).to_have_value("МБОУ Лицей № 17")  # nothing typed is lost
    shot("organisation-form-invalid-inn", full_page=True)
    assert Organisation.objects.count() == before

    valid_inn = make_inn10("440123456")
    page.locator("#id_inn").fill(valid_inn)
    form.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("МБОУ Лицей № 17")
    expect(page.get_by_role("alert")).to_contain_text("Организация «МБОУ Лицей № 17» добавлена в реестр.")
    org = Organisation.objects.get(inn=valid_inn)
    expect(page).to_have_url(f"{live_server.url}/directory/organisations/{org.pk}/")
    assert Organisation.objects.count() == before + 1
    assert (org.short_name, org.kind, org.sector, org.municipality_id) == (
        "МБОУ Лицей № 17", "school", "education", personas["committee"].municipality_id)
    assert org.phone == "+7 (4942) 31-12-34"  # Kostroma's code by its real length
    assert AuditEntry.objects.filter(action="directory.organisation.created", object_id=str(org.pk),
                                     actor=personas["committee"]).count() == 1
    shot("organisation-card-created")


def test_search_filters_the_list_in_place_and_export_downloads_xlsx(personas, school_a, school_b, library,
                                                                     far_school, login, page, live_server, shot):
    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Организации").click()
    rows = page.get_by_test_id("org-table").locator("tbody tr")
    count = page.get_by_test_id("result-count")
    expect(count).to_have_text("Найдено: 3 организации")  # far_school is in another municipality
    expect(rows).to_have_count(3)
    shot("organisation-list")

    page.evaluate("window.__notReloaded = true")
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true") as resp:
        page.locator("#f-q").fill("библиотека")
    assert resp.value.status == 200
    expect(count).to_have_text("Найдено: 1 организация")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(library.short_name)
    assert page.evaluate("window.__notReloaded === true"), "the search reloaded the whole page instead of HTMX"
    # The address follows the search (hx-push-url): it can be bookmarked and sent to a colleague.
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/directory/organisations/?") + r"(.*&)?q="
                                        + re.escape(quote("библиотека")) + r"(&|$)"))
    shot("organisation-list-search")

    page.locator("#f-q").fill("нет такой организации")
    expect(rows).to_have_text(["Ничего не найдено. Измените условия поиска."])

    # The export of the whole list (as the page was opened).
    page.goto("/directory/organisations/")
    names = _export(page)
    assert sorted(names) == sorted([school_a.short_name, school_b.short_name, library.short_name])


def test_export_after_search_has_only_the_found_organisations(personas, school_a, library, login, page):
    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Организации").click()
    page.locator("#f-q").fill("библиотека")
    expect(page.get_by_test_id("result-count")).to_have_text("Найдено: 1 организация")
    assert _export(page) == [library.short_name]


def _export(page) -> list[str]:
    """Click the Excel export link, check the download is a real .xlsx, return the short names in it."""
    link = page.locator("#export-link")
    expect(link).to_contain_text("Excel")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    data = Path(download.path()).read_bytes()
    assert data[:2] == b"PK", "not an XLSX (zip) file"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "№")
    col = rows[header].index("Краткое наименование")
    return [row[col] for row in rows[header + 1:] if row and row[col]]


def _has(css_class: str):
    return re.compile(rf"(^|\s){css_class}(\s|$)")
