"""The forecast through HTTP: page with levers, freezing, reports, submissions closing plan task 1.2, backtest."""

import io
import random

import numpy as np
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_org
from orientir.core.demo import DemoContext
from orientir.forecast.models import ForecastSnapshot, ReportSubmission
from orientir.plan import services as plan_services
from orientir.plan.models import Task
from orientir.staffing.demo import build_staffing


@pytest.fixture
def history(personas, city):
    for n in range(3, 9):
        make_org(city, short_name=f"МБДОУ «Детский сад № {n}»", kind="kindergarten")
    make_org(city, short_name="МБУ СШ № 1", kind="sport", sector="sport")
    ctx = DemoContext(scale="city", rng=random.Random(7))
    ctx.made["municipalities"] = [city]
    build_staffing(ctx)
    return city


def _total_need(response):
    return sum(r["gaps"][-1] for r in response.context["rows"])


def test_forecast_page_and_levers(history, personas, client_for):
    client = client_for(personas["committee"])
    base = client.get(reverse("forecast:index"))
    assert base.status_code == 200 and base.context["rows"]
    year = base.context["base_year"]
    more_leaving = client.get(reverse("forecast:index"), {"base_year": year, "horizon": 5, "leaving": 200,
                                                          "growth": 0}, HTTP_HX_REQUEST="true")
    assert "<html" not in more_leaving.content.decode()
    assert _total_need(more_leaving) > _total_need(base)
    bad = client.get(reverse("forecast:index"), {"horizon": 9})
    assert "Проверьте параметры" in bad.content.decode()


def test_freeze_report_and_submission_close_plan_task(history, personas, client_for, city, tmp_path):
    client = client_for(personas["committee"])
    year = timezone.localdate().year
    version = plan_services.version_create(actor=None, municipality=city, year=year)
    plan_services.tasks_generate(actor=None, version=version)
    response = client.post(reverse("forecast:snapshot_create"), {"horizon": 3, "leaving": 100, "growth": 0})
    snapshot = ForecastSnapshot.objects.get()
    assert response.status_code == 302 and snapshot.horizon == 3 and snapshot.rows
    for kind in ("forecast", "contracts"):
        xlsx = client.get(reverse("forecast:snapshot_report", args=[snapshot.pk, kind, "xlsx"]))
        rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
                    .iter_rows(values_only=True))
        assert "целевом обучении" in rows[0][0] or "Прогноз" in rows[0][0]
        pdf = client.get(reverse("forecast:snapshot_report", args=[snapshot.pk, kind, "pdf"]))
        assert pdf.content[:4] == b"%PDF"
    url = reverse("forecast:snapshot_detail", args=[snapshot.pk])
    assert client.post(url, {"kind": "forecast", "recipient": "", "submitted_on": f"{year}-06-20"}).status_code == 422
    assert client.post(url, {"kind": "forecast", "recipient": "Департамент образования и науки Костромской области",
                             "submitted_on": f"{year}-06-20", "outgoing_number": "01-15/123"}).status_code == 302
    submission = ReportSubmission.objects.get()
    assert submission.file.read()[:2] == b"PK"
    task = Task.objects.get(version=version, item__number="1.2", unit__short_name="ОЮКО")
    assert task.status == "done" and task.evidence_url == reverse("forecast:snapshots")
    assert client.get(reverse("forecast:submission_file", args=[submission.pk])).status_code == 200


def test_observer_reads_but_cannot_freeze(history, personas, client_for):
    client = client_for(personas["observer"])
    assert client.get(reverse("forecast:index")).status_code == 200
    assert client.post(reverse("forecast:snapshot_create"), {"horizon": 3}).status_code == 403
    assert client_for(personas["coordinator_a"]).get(reverse("forecast:index")).status_code == 403


def test_backtest_page_and_command_show_wape_beside_baseline(history, personas, client_for, capsys):
    response = client_for(personas["committee"]).get(reverse("forecast:backtest"))
    overall = response.context["rows"][0]
    assert overall["group"] == "всего" and overall["n"] > 0
    assert overall["wape"] >= 0 and overall["baseline_wape"] >= 0
    call_command("backtest_forecast")
    out = capsys.readouterr().out
    assert "WAPE прогноза" in out and "WAPE наивного" in out


def test_no_history_gives_a_clear_page(personas, client_for):
    response = client_for(personas["committee"]).get(reverse("forecast:index"))
    assert "Прогноз строить не из чего" in response.content.decode()


def test_reports_open_in_libreoffice(history, personas, client_for, tmp_path, soffice):
    client = client_for(personas["committee"])
    client.post(reverse("forecast:snapshot_create"), {"horizon": 2})
    snapshot = ForecastSnapshot.objects.get()
    for kind in ("forecast", "contracts"):
        data = b"".join(client.get(reverse("forecast:snapshot_report", args=[snapshot.pk, kind, "xlsx"]))
                        .streaming_content)
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(data)
        assert soffice(path), f"LibreOffice could not open the {kind} report"


def test_culture_directorate_sees_its_sector_only(history, personas, client_for):
    response = client_for(personas["culture_directorate"]).get(reverse("forecast:index"))
    sectors = {r["sector"] for r in response.context.get("rows", [])}
    assert sectors <= {"Культура"}


def test_page_says_which_conversion_rates_it_used(history, personas, client_for, city):
    """The closed loop: with too little contract history the defaults are used and the page says so; with a
    history the sliders start from the measured rates and the page names the source."""
    import datetime

    from orientir.contracts import services as contract_services
    from orientir.contracts.models import Contract
    from orientir.directory.models import Specialty

    client = client_for(personas["committee"])
    page = client.get(reverse("forecast:index"))
    sources = {r.key: r for r in page.context["conversion"]}
    assert sources["completion_rate"].source == "по умолчанию"
    assert 'data-testid="conversion-sources"' in page.content.decode()
    spo = Specialty.objects.get(code="44.02.02")
    for n in range(10):
        c = Contract.objects.create(municipality=city, number=f"К-{n}", kind="student", last_name="Иванов",
                                    first_name="Иван", birth_date=datetime.date(2003, 1, 1), specialty=spo, level="spo",
                                    regime="pp1681", course_at_signing=2)
        for state in ("signed", "studying"):
            c = contract_services.transition(actor=None, contract=c, to_state=state, on=datetime.date(2022, 9, 1))
        if n < 5:
            contract_services.transition(actor=None, contract=c, to_state="terminated", on=datetime.date(2023, 2, 1),
                                         reason="отчислен")
        else:
            contract_services.transition(actor=None, contract=c, to_state="graduated", on=datetime.date(2024, 6, 30))
    page = client.get(reverse("forecast:index"))
    completion = {r.key: r for r in page.context["conversion"]}["completion_rate"]
    assert completion.source == "история договоров" and (completion.successes, completion.trials) == (5, 10)
    assert page.context["form"]["completion"].value() == round(completion.value * 100)
    assert "история договоров" in page.content.decode()


def test_a_regional_administrator_chooses_the_municipality(history, other_city, client_for):
    from conftest import make_user

    regional = make_user("region_admin", "admin")  # no municipality: sees them all
    client = client_for(regional)
    page = client.get(reverse("forecast:index"), {"municipality": history.pk})
    assert page.status_code == 200 and page.context["municipality"] == history
    assert list(page.context["municipalities"]) == sorted([history, other_city], key=lambda m: m.name)
    other = client.get(reverse("forecast:index"), {"municipality": other_city.pk})
    # no returns there yet: the page says so and still lets the administrator switch back
    assert other.status_code == 200 and "Прогноз строить не из чего" in other.content.decode()
    assert other.context["municipality"] == other_city and 'id="id_municipality"' in other.content.decode()


def test_backtest_page_and_export_show_band_coverage_by_lead_and_sector(history, personas, client_for):
    from orientir.core.models import AuditEntry

    client = client_for(personas["committee"])
    response = client.get(reverse("forecast:backtest"))
    rows = response.context["rows"]
    leads = {r["lead"] for r in rows}
    assert 1 in leads and len(leads) >= 2  # scored more than one year ahead
    for r in rows:
        assert 0 <= r["inside80"] <= 1 and r["inside80"] + r["below"] + r["above"] == pytest.approx(1)
        assert r["inside50"] <= r["inside80"] and r["interval_score"] >= 0
    page = response.content.decode()
    assert "В P10–P90" in page and "Интервальная оценка" in page and reverse("forecast:backtest_export") in page
    export = client.get(reverse("forecast:backtest_export"))
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in cells if r and r[0] == "Группа")
    assert "В диапазоне P10–P90, %" in header and "Интервальная оценка" in header
    data = cells[cells.index(header) + 1:]
    first = data[0]
    assert first[0] == "всего" and first[1] == rows[0]["lead"] and first[2] == rows[0]["n"]
    assert first[header.index("В диапазоне P10–P90, %")] == pytest.approx(round(rows[0]["inside80"] * 100, 1))
    assert AuditEntry.objects.filter(action="forecast.backtest.exported").count() == 1


def test_each_contract_number_shows_its_band_and_how_often_such_bands_held(history, personas, client_for):
    from orientir.forecast import services

    client = client_for(personas["committee"])
    response = client.get(reverse("forecast:index"))
    result = response.context["result"]
    past = services.backtest(municipality_id=history.pk)
    rows_by_key = {(r["position"], r["level"]): r for r in response.context["rows"]}
    for i, (sector, position, level) in enumerate(result.keys):
        row = rows_by_key[(position, {"higher": "ВО", "vocational": "СПО"}[level])]
        for c in row["contracts"]:
            j = result.study_lengths.index(c["length"])
            assert c["low"] <= c["n"] <= c["high"]
            assert (c["low"], c["high"]) == (result.contracts_needed_p10[i, j], result.contracts_needed_p90[i, j])
            # the record counted here from the backtest's observations, not from its scores
            mine = (np.array([past.keys[k][0] for k in past.cell]) == sector) & (past.lead == c["length"])
            n = int(mine.sum())
            if n >= 10:
                inside = np.mean((past.actual[mine] >= past.p10[mine]) & (past.actual[mine] <= past.p90[mine]))
                k = round(inside * 10)
                assert c["record"].sentence == ("в прошлые годы фактическое значение попадало в этот диапазон в "
                                                f"{k} {'случае' if k == 1 else 'случаях'} из 10")
            else:
                assert c["record"].sentence.startswith("истории пока мало")
    page = response.content.decode()
    assert 'data-testid="contract-trust"' in page and 'data-testid="contracts-table"' in page


def test_frozen_forecast_pdf_carries_the_backtest_as_it_stood(history, personas, client_for, tmp_path, pdftotext):
    from orientir.forecast import services

    client = client_for(personas["committee"])
    client.post(reverse("forecast:snapshot_create"), {"horizon": 3, "leaving": 100, "growth": 0})
    snapshot = ForecastSnapshot.objects.get()
    past = services.backtest(municipality_id=history.pk)
    frozen = snapshot.rates["backtest"]
    assert frozen["origins"] == sorted(set(past.origin.tolist()))
    overall = frozen["rows"][0]
    assert overall["group"] == "всего" and overall["lead"] == 1 and overall["n"] == past.overall[1].n
    assert overall["inside80"] == pytest.approx(past.overall[1].inside80)
    # its bands were read at the levels the city's backtest learned, kept with it
    assert snapshot.rates["band_levels"] == past.levels.tolist()
    assert np.array(snapshot.rates["band_levels"]).shape == (5, 5, 5)
    pdf = client.get(reverse("forecast:snapshot_report", args=[snapshot.pk, "forecast", "pdf"]))
    path = tmp_path / "forecast.pdf"
    path.write_bytes(pdf.content)
    text = " ".join(pdftotext(path).split())
    assert "Прогноз потребности в кадрах" in text
    assert "Проверка прогноза кадровой потребности на истории" in text
    assert "В диапазоне P10–P90, %" in text
    assert f"{round(past.overall[1].inside80 * 100, 1):.1f}".replace(".", ",").rstrip("0").rstrip(",") in text


def test_horizon_is_declined_on_the_page_the_list_and_the_report(history, personas, client_for):
    """The table header read «прогноз … на 2 лет»; numerals go through one helper everywhere."""
    client = client_for(personas["committee"])
    year = client.get(reverse("forecast:index")).context["base_year"]
    for horizon, words in ((1, "на 1 год"), (2, "на 2 года"), (5, "на 5 лет")):
        page = client.get(reverse("forecast:index"), {"base_year": year, "horizon": horizon, "leaving": 100,
                                                      "growth": 0}, HTTP_HX_REQUEST="true").content.decode()
        assert f"года {words})" in page
        assert "('" not in page  # no cell shown as a Python tuple
    client.post(reverse("forecast:snapshot_create"), {"horizon": 2, "leaving": 100, "growth": 0})
    snapshot = ForecastSnapshot.objects.get()
    assert "на 2 года от" in str(snapshot)
    assert "<td>2 года</td>" in client.get(reverse("forecast:snapshots")).content.decode()
    assert "на 2 года</h1>" in client.get(reverse("forecast:snapshot_detail", args=[snapshot.pk])).content.decode()
    xlsx = client.get(reverse("forecast:snapshot_report", args=[snapshot.pk, "forecast", "xlsx"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))
    assert any(isinstance(c, str) and "год, на 2 года;" in c for r in rows[:3] for c in r)


def test_a_cell_with_too_little_history_says_so_beside_its_contracts(history, personas, client_for):
    """A position whose returns go back two years only: its contracts say so instead of the sector's record."""
    from orientir.staffing.models import ReturnLine

    from orientir.forecast.services import default_base_year

    base = default_base_year(history.pk)  # the year the page forecasts from
    lines = ReturnLine.objects.filter(ret__campaign__municipality=history, ret__status="submitted",
                                      ret__campaign__year__lte=base)
    years = sorted(set(lines.values_list("ret__campaign__year", flat=True)))
    assert len(years) >= 3
    position = lines.filter(position__name="Учитель математики").values_list("position", flat=True).first()
    lines.filter(position=position, ret__campaign__year__lt=base - 1).delete()  # returns for base − 1 and base
    response = client_for(personas["committee"]).get(reverse("forecast:index"))
    result = response.context["result"]
    thin = [r for r in response.context["rows"] if r["position"] == "Учитель математики"]
    assert thin and all(c["record"].sentence == "истории пока мало: по этой должности отчёты есть лишь за 2 года, "
                        "прогноз опирается в основном на средние по городу" for r in thin for c in r["contracts"])
    others = [c for r in response.context["rows"] if r["position"] != "Учитель математики" for c in r["contracts"]]
    assert others and not any("по этой должности" in c["record"].sentence for c in others)
    assert sorted(set(result.returns.tolist())) == [2, len(years)]
    page = response.content.decode()
    assert "по этой должности отчёты есть лишь за 2 года" in page
