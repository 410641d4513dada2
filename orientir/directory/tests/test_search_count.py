"""A broad search of the registry is counted only up to a cap (decision 75): past it the page says «более N —
уточните поиск» and its pages end at the cap; a narrower search and the unsearched list count exactly, as before."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.core.validators import make_inn10, make_ogrn
from orientir.directory.models import Organisation

LIST = reverse("directory:organisation_list")
CAP = 20
SIZE = 5
# 30 springs and 8 kindergartens in the committee's city, next to the conftest's own four organisations
SPRINGS, GARDENS = 30, 8


@pytest.fixture
def registry(settings, personas, city):
    settings.ORIENTIR_SEARCH_COUNT_CAP = CAP
    settings.ORIENTIR_PAGE_SIZE = SIZE
    orgs = []
    for n in range(1, SPRINGS + GARDENS + 1):
        name = f"Родничок № {n}" if n <= SPRINGS else f"Детский сад Берёзка № {n - SPRINGS}"
        org = Organisation(municipality=city, short_name=name, full_name=name, kind="school", sector="education",
                           inn=make_inn10(f"44{n + 8000000:07d}"), ogrn=make_ogrn(f"10244{n + 8000000:07d}"))
        org.refresh_derived()
        orgs.append(org)
    Organisation.objects.bulk_create(orgs)
    return personas["committee"]


def _count_text(response) -> str:
    match = re.search(r'data-testid="result-count">([^<]*)<', response.content.decode())
    return " ".join(match.group(1).split())  # the thousands separator and line breaks as plain spaces


def _names(response):
    return [o.short_name for o in response.context["page"].object_list]


def test_a_search_past_the_cap_says_more_than_and_offers_no_last_page(client_for, registry):
    response = client_for(registry).get(LIST, {"q": "родничок"})
    assert response.status_code == 200
    assert _count_text(response) == "Найдено: более 20 организаций — уточните поиск"
    html = response.content.decode()
    assert "Последняя" not in html and "Страница 1 из 4 (первые 20 найденных)" in html
    assert _names(response) == [f"Родничок № {n}" for n in range(1, 6)]


def test_the_noun_after_more_than_is_in_the_genitive(client_for, registry, settings):
    settings.ORIENTIR_SEARCH_COUNT_CAP = 21
    assert _count_text(client_for(registry).get(LIST, {"q": "родничок"})) == \
        "Найдено: более 21 организации — уточните поиск"


def test_a_search_under_the_cap_shows_the_exact_number(client_for, registry):
    response = client_for(registry).get(LIST, {"q": "берёзка"})
    assert _count_text(response) == "Найдено: 8 организаций"
    html = response.content.decode()
    assert "более" not in html and "Последняя" in html and "Страница 1 из 2</span>" in html


def test_a_search_of_exactly_the_cap_is_exact(client_for, registry, settings):
    settings.ORIENTIR_SEARCH_COUNT_CAP = SPRINGS
    assert _count_text(client_for(registry).get(LIST, {"q": "родничок"})) == "Найдено: 30 организаций"


@pytest.mark.parametrize("page", ["4", "5", "999999999"])
def test_a_page_past_the_cap_shows_the_last_counted_page(client_for, registry, page):
    response = client_for(registry).get(LIST, {"q": "родничок", "page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 4
    # rows 16–20 of the springs by name: counted from the start, not from the list's unknown end
    assert _names(response) == [f"Родничок № {n}" for n in range(16, 21)]
    html = response.content.decode()
    assert "Вперёд" not in html and "Последняя" not in html


def test_the_searched_page_counts_only_up_to_the_cap(client_for, registry, django_assert_max_num_queries):
    client = client_for(registry)
    with django_assert_max_num_queries(9), CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, {"q": "родничок"})
    assert response.status_code == 200
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")]
    assert len(counts) == 1 and f"LIMIT {CAP + 1}" in counts[0].upper()


def test_the_unsearched_list_keeps_its_exact_count_and_last_page(client_for, registry, school_a, school_b, library):
    client = client_for(registry)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    # 38 of the fixture and the committee's own three active organisations (far_school is another city's)
    assert _count_text(response) == "Найдено: 41 организация"
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")]
    assert len(counts) == 1 and "LIMIT" not in counts[0].upper()
    html = response.content.decode()
    assert "Последняя" in html and "Страница 1 из 9</span>" in html
    last = client.get(LIST, {"page": "999"})
    assert last.status_code == 200 and last.context["page"].number == 9
    # the nine pages hold every organisation once, the last one alone on page 9
    pages = [_names(client.get(LIST, {"page": str(n)})) for n in range(1, 10)]
    expected = {f"Родничок № {n}" for n in range(1, SPRINGS + 1)} | {
        f"Детский сад Берёзка № {n}" for n in range(1, GARDENS + 1)} | {
        school_a.short_name, school_b.short_name, library.short_name}
    assert [len(p) for p in pages] == [5] * 8 + [1] and set(sum(pages, [])) == expected
    assert pages[8] == _names(last)
