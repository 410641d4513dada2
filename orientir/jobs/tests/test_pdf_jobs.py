"""Long PDFs off the request (decision 66): a PDF of more than JOBS_PDF_THRESHOLD rows is laid out by a task worker
(the frozen forecast's rows are a generator: the view gives their number); a shorter one is answered at once."""

import pytest
from django.urls import reverse

from orientir.forecast.models import ForecastSnapshot
from orientir.jobs.models import Job

POSITIONS = ["Учитель математики", "Учитель физики", "Воспитатель", "Педагог дополнительного образования"]


@pytest.fixture
def snapshot(city):
    rows = [{"sector": "education", "position": position, "level": "higher", "year": year, "demand": 10.0,
             "supply_p50": 8.0, "outflow": 1.0, "other_inflow": 0.5, "pipeline_inflow": 0.5, "gap_p50": 2.0,
             "gap_p10": 1.0, "gap_p90": 3.0} for position in POSITIONS for year in (2028, 2029, 2030)]
    return ForecastSnapshot.objects.create(municipality=city, base_year=2027, horizon=3, rows=rows)


def _url(snapshot):
    return reverse("forecast:snapshot_report", kwargs={"pk": snapshot.pk, "kind": "forecast", "fmt": "pdf"})


@pytest.mark.today("2027-03-15")
def test_a_short_pdf_is_answered_at_once(personas, client_for, settings, snapshot):
    settings.JOBS_PDF_THRESHOLD = 12  # the forecast has 4 positions × 3 years = 12 rows
    response = client_for(personas["committee"]).get(_url(snapshot))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert not Job.objects.exists()


@pytest.mark.today("2027-03-15")
def test_a_long_pdf_is_laid_out_by_a_worker(personas, client_for, settings, snapshot, backend, tmp_path, pdftotext,
                                            django_capture_on_commit_callbacks):
    settings.JOBS_PDF_THRESHOLD = 11
    client = client_for(personas["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_url(snapshot))
    assert (response.status_code, response["Location"]) == (302, "/jobs/")
    job = Job.objects.get()
    assert job.title == ("Отчёт в PDF: Прогноз потребности в кадрах для организаций социальной сферы на "
                         "среднесрочный период")
    assert (job.params["fmt"], job.params["total"]) == ("pdf", 12)
    assert "в PDF (12 строк) готовится в фоне" in client.get("/jobs/").content.decode()

    backend.drain()
    job.refresh_from_db()
    assert (job.status, job.filename) == ("done", "forecast-2027-2027-03-15.pdf")
    download = client.get(reverse("jobs:download", args=[job.pk]))
    path = tmp_path / "forecast.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    text = " ".join(pdftotext(path).split())  # a long name wraps in its column
    for position in POSITIONS:
        assert position in text


@pytest.mark.today("2027-03-15")
def test_a_long_pdf_of_another_municipality_is_not_found_and_starts_nothing(personas, client_for, settings,
                                                                            other_city):
    settings.JOBS_PDF_THRESHOLD = 0
    theirs = ForecastSnapshot.objects.create(municipality=other_city, base_year=2027, horizon=3, rows=[])
    assert client_for(personas["committee"]).get(_url(theirs)).status_code == 404
    assert not Job.objects.exists()
