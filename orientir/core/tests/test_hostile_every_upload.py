"""The 1.5 KB workbook of issue 13 (two cells, A1 and XFD1048576: a dense reader asks for 512 GB) and the other
crafted files, POSTed to every upload endpoint of the project — the URL names are read from the URL patterns, so a
new import without a row here fails: a 4xx within 5 seconds, nothing written, the process serving the next request.
(test_hostile_uploads.py feeds every crafted file to the pupils' and the staffing imports with the messages.)"""

import datetime
import time

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from orientir.core.tests import hostile_workbooks as hostile
from orientir.staffing import services as staffing
from orientir.staffing.models import StaffingReturn

pytestmark = pytest.mark.dateless


def _return_of(o):
    staffing.campaign_open(actor=o["personas"]["committee"], municipality=o["city"], year=2027,
                           deadline=datetime.date(2027, 7, 14))
    return {"pk": StaffingReturn.objects.get(campaign__year=2027, organisation=o["school_a"]).pk}


def _campaign_of(o):
    from orientir.offers import services as offers

    campaign = offers.campaign_create(actor=o["personas"]["committee"], municipality=o["city"], year=2027,
                                      snapshot=None, placement_deadline=datetime.date(2027, 5, 1))
    return {"pk": campaign.pk}


# URL name → (who uploads, the URL's arguments)
UPLOADS = {
    "pupils:pupil_import": ("coordinator_a", None),
    "staffing:return_import": ("coordinator_a", _return_of),
    "directory:organisation_import": ("committee", None),
    "contracts:contract_import": ("committee", None),
    "students:study_import": ("committee", None),
    "students:admission_import": ("committee", None),
    "students:employment_import": ("committee", None),
    "offers:application_import": ("committee", _campaign_of),
}


def _names(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _names(entry, prefix + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def _state():
    """Rows of every table (the session and log tables aside: a login writes them)."""
    skip = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.label not in skip}


def test_every_upload_endpoint_has_a_row_here():
    imports = {name for name in _names() if name.endswith("_import")}
    assert imports == set(UPLOADS), f"an upload endpoint without a row: {sorted(imports - set(UPLOADS))}"


@pytest.mark.parametrize("name", sorted(UPLOADS))
def test_the_crafted_workbooks_get_a_4xx_within_5_seconds_and_nothing_is_written(
        name, personas, city, school_a, client_for):
    role, kwargs_of = UPLOADS[name]
    kwargs = kwargs_of({"personas": personas, "city": city, "school_a": school_a}) if kwargs_of else None
    client = client_for(personas[role])
    url = reverse(name, kwargs=kwargs)
    for crafted in ["far_corner", *sorted(set(hostile.HOSTILE) - {"far_corner"})]:
        upload = SimpleUploadedFile("svedeniya.xlsx", hostile.made(crafted))  # built before the clock starts
        before = _state()
        started = time.monotonic()
        response = client.post(url, {"file": upload})
        elapsed = time.monotonic() - started
        assert 400 <= response.status_code < 500, (crafted, response.status_code)
        assert elapsed < 5, f"{crafted}: {elapsed:.1f} s"
        assert "Traceback" not in response.content.decode()
        assert _state() == before, crafted
        assert client.get(reverse("core:home")).status_code == 200  # the same process serves on
