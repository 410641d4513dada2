"""The home page's directory figures are kept in the cache until the next audited change (decision 70)."""

from django.urls import reverse

from conftest import make_inn10, make_ogrn
from orientir.directory import services


def _total(client) -> int:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.context["counts"]["total"]


def test_a_new_organisation_is_counted_on_the_home_page_at_once(city, personas, client_for, school_a, school_b,
                                                                 library, far_school):
    client = client_for(personas["committee"])
    # the committee of the city sees the city's active organisations: schools A and B and the library
    assert _total(client) == _total(client) == 3
    services.organisation_create(actor=personas["committee"], data={
        "municipality": city, "short_name": "МБОУ СОШ № 40", "full_name": "Средняя школа № 40", "kind": "school",
        "sector": "education", "inn": make_inn10("440140404"), "ogrn": make_ogrn("102440140404")})
    assert _total(client) == 4
