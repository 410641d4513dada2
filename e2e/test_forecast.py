"""The forecast as the committee uses it: read the baseline, move a scenario lever, freeze the forecast and
download the report for the regional bodies."""

import io
import random
import re
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import make_org

pytestmark = pytest.mark.browser


@pytest.fixture
def history(classifier, city, personas):
    """Four years of monitoring of the city's schools, library and six kindergartens (the demo's process)."""
    from orientir.core.demo import DemoContext
    from orientir.staffing.demo import build_staffing

    for n in range(1, 7):
        make_org(city, short_name=f"МБДОУ Детский сад № {n}", kind="kindergarten")
    ctx = DemoContext(scale="city", rng=random.Random(7))
    ctx.made["municipalities"] = [city]
    build_staffing(ctx)
    return city


def _charts_drawn(page) -> bool:
    return page.evaluate("""() => {
        const el = document.getElementById('gapChart');
        const chart = el && window.Chart && Chart.getChart(el);
        if (chart) { chart.stop(); chart.options.animation = false; chart.update('none'); }  // the screenshot: final lines
        return !!chart && el.width > 0 && chart.data.datasets[1].data.length > 0; }""")


def test_committee_moves_a_lever_freezes_and_downloads(personas, history, login, page, live_server, shot):
    from orientir.forecast.models import ForecastSnapshot

    login(personas["committee"])
    page.get_by_test_id("menu").get_by_role("link", name="Прогноз потребности").click()
    expect(page).to_have_url(f"{live_server.url}/forecast/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Прогноз потребности в кадрах на среднесрочный период")
    expect(page.get_by_test_id("forecast-error")).to_have_count(0)
    table = page.get_by_test_id("forecast-table")
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    header = table.locator("thead th")
    expect(header.filter(has_text="Дефицит")).to_have_count(5)  # horizon 5 years by default
    expect(page.get_by_test_id("contracts-total").locator("li")).not_to_have_count(0)
    page.wait_for_load_state("load")
    assert _charts_drawn(page)
    shot("forecast-baseline", full_page=True)

    def last_gaps() -> list[float]:
        """The last year's median shortage of every row («Дефицит <last year>» column)."""
        n_gap = header.filter(has_text="Дефицит").count()
        return [float(r.locator("td").nth(2 + n_gap).inner_text().replace(",", ".")) for r in rows.all()]

    before = last_gaps()
    expect(page.locator("#o-leaving")).to_have_text("100")

    # Leaving doubled: the results re-render in place (HTMX), the shortage grows.
    page.evaluate("window.__notReloaded = true; document.getElementById('forecast-results').dataset.stale = '1'")
    with page.expect_response(lambda r: "leaving=200" in r.url and r.request.headers.get("hx-request") == "true") \
            as response:
        page.locator("#id_leaving").fill("200")
    assert response.value.status == 200
    expect(page.locator("#o-leaving")).to_have_text("200")
    expect(page.locator("#forecast-results[data-stale]")).to_have_count(1)  # the container stays…
    expect(page.locator("#forecast-results [data-testid=forecast-table]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    after = last_gaps()
    assert page.evaluate("window.__notReloaded === true"), "the lever reloaded the whole page instead of HTMX"
    assert sum(after) > sum(before), (before, after)
    expect(page).to_have_url(re.compile(r"/forecast/\?.*leaving=200"))  # hx-push-url: the scenario is linkable
    assert _charts_drawn(page)
    shot("forecast-leaving-200", full_page=True)

    page.get_by_role("button", name="Зафиксировать прогноз с этими параметрами").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/forecast/snapshots/") + r"\d+/$"))
    snapshot = ForecastSnapshot.objects.get()
    assert page.url.endswith(f"/forecast/snapshots/{snapshot.pk}/")
    assert snapshot.levers["leaving_multiplier"] == 2.0
    assert snapshot.created_by == personas["committee"]
    expect(page.get_by_role("alert")).to_contain_text("Прогноз зафиксирован")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Прогноз по данным мониторинга {snapshot.base_year}")
    expect(page.locator("body")).to_contain_text("выбытие 200 % от оценки")
    shot("forecast-snapshot", full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    data = Path(download.path()).read_bytes()
    assert data[:2] == b"PK", "not an XLSX (zip) file"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert "Прогноз потребности в кадрах" in text
    assert "Учитель начальных классов" in text or "Воспитатель" in text


@pytest.fixture
def long_history(classifier, city, personas, monkeypatch):
    """Seven years of monitoring (six closed campaigns): forecasts 3 years ahead can already be checked."""
    from orientir.core.demo import DemoContext
    from orientir.staffing import demo

    monkeypatch.setattr(demo, "YEARS_BACK", 7)
    for n in range(1, 7):
        make_org(city, short_name=f"МБДОУ Детский сад № {n}", kind="kindergarten")
    ctx = DemoContext(scale="city", rng=random.Random(7))
    ctx.made["municipalities"] = [city]
    demo.build_staffing(ctx)
    return city


def test_contract_numbers_carry_their_band_and_past_record(personas, long_history, login, page, live_server, shot):
    from orientir.forecast import services

    past = services.backtest(municipality_id=long_history.pk)
    login(personas["committee"])
    page.goto(f"{live_server.url}/forecast/")
    expect(page.get_by_test_id("forecast-error")).to_have_count(0)
    contracts = page.get_by_test_id("contracts-table").get_by_test_id("contract")
    expect(contracts.first).to_be_visible()
    sentences = [s.strip() for s in page.get_by_test_id("contract-trust").all_inner_texts()]
    assert len(sentences) == contracts.count() > 0
    # the sentence as the issue words it, with the share counted here from the backtest's own observations
    three = (past.lead == 3) & np.array([past.keys[c][0] == "education" for c in past.cell])
    assert three.sum() >= 10
    inside = np.mean((past.actual[three] >= past.p10[three]) & (past.actual[three] <= past.p90[three]))
    k = round(inside * 10)
    expected = f"В прошлые годы фактическое значение попадало в этот диапазон в {k} {'случае' if k == 1 else 'случаях'} из 10"
    education_three = contracts.filter(has_text="Образование").filter(
        has=page.get_by_test_id("contract-length").get_by_text("3 г.", exact=True))
    assert education_three.count() > 0  # vocational posts of education: 3-year programmes
    for i in range(education_three.count()):
        expect(education_three.nth(i).get_by_test_id("contract-trust")).to_have_text(expected)
    # beyond the history: said plainly, no number
    assert any(s == "Истории пока мало: прогнозы на 5 лет вперёд ещё не с чем сравнить" for s in sentences) or \
        (past.lead == 5).sum() >= 10
    band = contracts.first.get_by_test_id("contract-band").inner_text()
    assert re.fullmatch(r"\d+–\d+", band.strip()), band
    shot("forecast-contract-trust", full_page=True)

    page.goto(f"{live_server.url}/forecast/backtest/")
    expect(page.get_by_test_id("backtest")).to_contain_text("В P10–P90")
    with page.expect_download() as info:
        page.get_by_test_id("backtest-export").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True).active
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    assert "Интервальная оценка" in text
    shot("forecast-backtest", full_page=True)
