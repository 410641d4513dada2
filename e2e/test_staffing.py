"""The staffing monitoring as the schools fill it in: by hand in the table, or through the Excel template;
inconsistent numbers are refused as a whole with the reason shown; the committee sees the consolidation."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

POSITION = "Учитель математики"


@pytest.fixture
def campaign(classifier, city, personas):
    """This year's monitoring, opened after the personas' organisations exist (each gets a return)."""
    from orientir.staffing import services

    today = timezone.localdate()
    return services.campaign_open(actor=None, municipality=city, year=today.year,
                                  deadline=today + datetime.timedelta(days=20))


def _line(campaign, organisation):
    return campaign.returns.get(organisation=organisation).lines.select_related("ret").get(position__name=POSITION)


def test_coordinator_fills_in_by_hand_and_submits(personas, campaign, school_a, login, page, live_server, shot):
    from orientir.staffing.models import StaffingReturn

    line = _line(campaign, school_a)
    ret = line.ret
    login(personas["coordinator_a"])
    page.get_by_test_id("menu").get_by_role("link", name="Кадровый мониторинг").click()
    expect(page).to_have_url(f"{live_server.url}/staffing/returns/{ret.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Сведения о кадровой обеспеченности за {campaign.year} год")
    expect(page.get_by_test_id("return-status")).to_have_text("Заполняются")
    table = page.get_by_test_id("return-table")
    expect(table).to_contain_text(POSITION)

    def cell(field):
        return page.locator(f'input[name="l-{line.pk}-{field}"]')

    # Five posts filled out of three: refused, nothing saved, the typed numbers stay on the screen.
    for field, value in [("staff_units", "3"), ("filled_main", "5"), ("age_30_34", "2"), ("edu_higher_ped", "2")]:
        cell(field).fill(value)
    page.get_by_role("button", name=re.compile(r"Сохранить$")).click()
    expect(page.get_by_role("alert")).to_contain_text("Сведения не сохранены: ошибок — 1.")
    error = table.get_by_test_id("line-error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("Занято ставок")
    expect(error).to_contain_text("больше, чем штатных единиц")
    expect(table.locator("tr.table-danger")).to_contain_text(POSITION)
    expect(cell("filled_main")).to_have_value("5")
    expect(page.locator("td.cell-error").locator(f'input[name="l-{line.pk}-filled_main"]')).to_have_count(1)
    shot("staffing-return-error", full_page=True)
    line.refresh_from_db()
    assert (line.staff_units, line.filled_main, line.age_30_34) == (0, 0, 0)
    assert StaffingReturn.objects.get(pk=ret.pk).status == "draft"

    # Corrected: saved and submitted to the committee (after the browser's confirmation).
    cell("filled_main").fill("2")
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.get_by_role("button", name="Сохранить и представить в Комитет").click()
    expect(page.get_by_test_id("return-status")).to_contain_text("Представлены")
    assert dialogs and "Представить сведения в Комитет?" in dialogs[0]
    expect(page.get_by_role("alert")).to_contain_text("Сведения представлены в Комитет.")
    expect(page.locator("input.num")).to_have_count(0)  # locked now: read-only numbers
    expect(page.get_by_role("button", name="Сохранить и представить в Комитет")).to_have_count(0)
    shot("staffing-return-submitted", full_page=True)

    line.refresh_from_db()
    assert (line.staff_units, line.filled_main, line.vacancies, line.age_30_34, line.edu_higher_ped) == (3, 2, 1, 2, 2)
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.submitted_by == personas["coordinator_a"]

    # The committee's consolidation counts the submitted return.
    page.context.clear_cookies()
    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Сводные данные кадров").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/staffing/consolidation/")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"сводные данные {campaign.year} года")
    rows = page.get_by_test_id("consolidation").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Образование")
    page.wait_for_load_state("load")
    drawn = page.evaluate("""() => ['pyramidChart', 'vacancyChart'].map(id => {
        const chart = window.Chart && Chart.getChart(document.getElementById(id));
        if (chart) { chart.stop(); chart.options.animation = false; chart.update('none'); }  // the screenshot: final bars
        return !!chart && chart.data.datasets[0].data.some(v => v > 0); })""")
    assert drawn == [True, True], drawn
    shot("staffing-consolidation", full_page=True)


def test_coordinator_loads_the_excel_template(personas, campaign, school_b, login, page, tmp_path, shot):
    line = _line(campaign, school_b)
    ret = line.ret
    lines_before = list(ret.lines.order_by("position__name").values_list("position__name", "staff_units"))
    login(personas["coordinator_b"])
    page.get_by_test_id("menu").get_by_role("link", name="Кадровый мониторинг").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Скачать шаблон Excel").click()
    download = info.value
    assert download.suggested_filename == f"staffing-{campaign.year}-{school_b.inn}.xlsx"
    template = Path(download.path()).read_bytes()
    assert template[:2] == b"PK"

    book = load_workbook(io.BytesIO(template))
    sheet = book["Сведения"]
    codes = [c.value for c in sheet[5]]
    assert codes[0] == "position"
    col = {code: i + 1 for i, code in enumerate(codes) if code}
    row = next(r for r in range(6, sheet.max_row + 1) if sheet.cell(r, 1).value == POSITION)
    letter = sheet.cell(row, col["staff_units"]).column_letter

    # A negative number and an unknown position: the whole file is refused, every error with its place.
    sheet.cell(row, col["staff_units"], -1)
    bad_row = sheet.max_row + 1
    sheet.cell(bad_row, 1, "Космонавт")
    sheet.cell(bad_row, col["staff_units"], 1)
    bad = tmp_path / "staffing-bad.xlsx"
    book.save(bad)

    import_form = page.locator("form[action$='/import/']")
    import_form.locator("input[type=file]").set_input_files(bad)
    import_form.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_role("alert").first).to_contain_text("Файл не загружен: найдено ошибок — 2.")
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("ничего не сохранено")
    error_rows = errors.locator("tbody tr")
    expect(error_rows).to_have_count(2)
    expect(error_rows.filter(has_text="Космонавт").locator("td").nth(0)).to_have_text(str(bad_row))
    expect(error_rows.filter(has_text="Космонавт").locator("td").nth(1)).to_have_text("A «Должность»")
    expect(error_rows.filter(has_text="не может быть отрицательным").locator("td").nth(0)).to_have_text(str(row))
    expect(error_rows.filter(has_text="не может быть отрицательным").locator("td").nth(1)).to_contain_text(
        f"{letter} «")
    with page.expect_download() as marked:
        errors.get_by_test_id("import-marked").click()
    assert marked.value.suggested_filename == "staffing-bad — ошибки.xlsx"
    shot("staffing-import-errors", full_page=True)
    assert list(ret.lines.order_by("position__name").values_list("position__name", "staff_units")) == lines_before

    # The corrected file replaces the return's lines.
    book = load_workbook(io.BytesIO(template))
    sheet = book["Сведения"]
    for field, value in [("staff_units", 3), ("filled_main", 2), ("age_30_34", 2), ("edu_higher_ped", 2)]:
        sheet.cell(row, col[field], value)
    good = tmp_path / "staffing-good.xlsx"
    book.save(good)
    import_form = page.locator("form[action$='/import/']")
    import_form.locator("input[type=file]").set_input_files(good)
    import_form.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_role("alert")).to_contain_text("Файл загружен: сведения заменены данными файла.")
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    line = ret.lines.get(position__name=POSITION)
    expect(page.locator(f'input[name="l-{line.pk}-staff_units"]')).to_have_value(re.compile(r"^3([.,]00?)?$"))
    expect(page.locator(f'input[name="l-{line.pk}-age_30_34"]')).to_have_value("2")
    shot("staffing-return-imported", full_page=True)
    assert (line.staff_units, line.filled_main, line.vacancies, line.age_30_34, line.edu_higher_ped) == (3, 2, 1, 2, 2)
    assert ret.lines.count() == len(lines_before)
    ret.refresh_from_db()
    assert ret.status == "draft"  # loaded, not yet submitted


def test_table_can_be_saved_right_after_a_refused_import(personas, campaign, school_b, login, page, tmp_path):
    line = _line(campaign, school_b)
    login(personas["coordinator_b"])
    page.get_by_test_id("menu").get_by_role("link", name="Кадровый мониторинг").click()
    not_excel = tmp_path / "staffing.xlsx"
    not_excel.write_bytes(b"this is not a workbook")
    import_form = page.locator("form[action$='/import/']")
    import_form.locator("input[type=file]").set_input_files(not_excel)
    import_form.get_by_role("button", name="Загрузить").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("Файл не является книгой Excel")
    # a file-level error is the file's, not «Строка 0»; a refresh opens the return instead of resending the file
    expect(page.get_by_test_id("import-errors").locator("tbody td").first).to_have_text("Файл")
    expect(page).to_have_url(re.compile(r"/staffing/returns/\d+/$"))

    # The person gives up on the file and types the numbers into the table instead.
    page.locator(f'input[name="l-{line.pk}-staff_units"]').fill("3")
    page.locator(f'input[name="l-{line.pk}-filled_main"]').fill("2")
    page.get_by_role("button", name=re.compile(r"Сохранить$")).click()
    expect(page.get_by_role("alert")).to_contain_text("Сведения сохранены.", timeout=3000)
    line.refresh_from_db()
    assert (line.staff_units, line.filled_main) == (3, 2)
