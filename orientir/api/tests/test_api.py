"""The region's read API through HTTP: a key issued on the administrator's page, scoped exactly like its user's
pages, aggregates only, cursor pages that add up to the registry, Russian refusals."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_org, make_user
from orientir.api.models import ApiToken
from orientir.core.models import AuditEntry


def _issue(client, admin, name, user) -> str:
    client.force_login(admin)
    response = client.post(reverse("api_keys:token_list"), {"name": name, "user": user.pk})
    assert response.status_code == 200, response.context["form"].errors
    key = response.context["key"]
    assert key.startswith("ort_") and key in response.content.decode()
    client.logout()
    return key


def _get(client, url, key, **params):
    return client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def keys(client, personas, city, other_city):
    far_observer = make_user("far_observer", "observer", other_city)
    return {"city": _issue(client, personas["admin"], "Департамент образования области", personas["observer"]),
            "other": _issue(client, personas["admin"], "Департамент культуры области", far_observer)}


def test_a_key_is_stored_only_as_its_hash_and_shown_once(client, personas, keys):
    token = ApiToken.objects.get(name="Департамент образования области")
    assert token.key_hash == ApiToken.hash_of(keys["city"]) and keys["city"] not in token.key_hash
    client.force_login(personas["admin"])
    page = client.get(reverse("api_keys:token_list")).content.decode()
    assert keys["city"] not in page and token.prefix in page
    assert not AuditEntry.objects.filter(changes__icontains=keys["city"][12:]).exists()


def test_no_key_a_wrong_key_and_a_revoked_key_are_refused_in_russian(client, personas, keys):
    url = reverse("api:customers")
    assert client.get(url).status_code == 401
    assert "Нужен действующий ключ" in client.get(url).json()["detail"]
    assert _get(client, url, keys["city"] + "x").status_code == 401
    assert _get(client, url, keys["city"]).status_code == 200
    token = ApiToken.objects.get(name="Департамент образования области")
    client.force_login(personas["admin"])
    assert client.post(reverse("api_keys:token_revoke", args=[token.pk])).status_code == 302
    client.logout()
    assert _get(client, url, keys["city"]).status_code == 401


def test_each_key_reads_its_own_municipality_only(client, keys, school_a, library, far_school, other_city):
    make_org(other_city, short_name="МБУ ДО «Спортшкола» (МО № 2)", kind="sport", sector="sport", is_customer=True)
    ours = {c["short_name"] for c in _get(client, reverse("api:customers"), keys["city"]).json()["items"]}
    theirs = {c["short_name"] for c in _get(client, reverse("api:customers"), keys["other"]).json()["items"]}
    assert ours == {"МБОУ СОШ № 1", "МБУК «Библиотека № 3»"}
    assert theirs == {"МБУ ДО «Спортшкола» (МО № 2)"}


def test_cursor_pages_add_up_to_the_whole_registry(client, keys, city):
    for n in range(7):
        make_org(city, short_name=f"Заказчик {n}", is_customer=True)
    seen, after, pages = [], 0, 0
    while True:
        page = _get(client, reverse("api:customers"), keys["city"], after=after, limit=3).json()
        seen += [c["id"] for c in page["items"]]
        pages += 1
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert len(seen) == len(set(seen)) == 9 and seen == sorted(seen) and pages == 3
    assert _get(client, reverse("api:customers"), keys["city"], limit=100_000).status_code == 422


def test_the_funnel_is_the_pages_funnel(client, keys, personas):
    api = _get(client, reverse("api:funnel"), keys["city"]).json()
    client.force_login(personas["observer"])
    page = client.get(reverse("reports:funnel")).context["rows"]
    assert [(s["key"], s["count"]) for s in api["stages"]] == [(r["key"], r["count"]) for r in page]
    assert datetime.date.fromisoformat(api["as_of"])


def test_monitoring_tables_are_the_exports_and_rights_are_the_pages(client, keys, personas):
    employment = _get(client, reverse("api:monitoring_employment"), keys["city"])
    assert employment.status_code == 200
    body = employment.json()
    assert body["title"].startswith("Мониторинг трудоустройства") and body["columns"][0]["kind"] == "text"
    assert body["rows"][-1][0].startswith("Итого")
    programmes = _get(client, reverse("api:monitoring_programmes"), keys["city"])
    assert programmes.status_code == 200 and programmes.json()["columns"][1]["kind"] == "number"
    # the observer does not see pupils on the pages, so not the 2.8.5 report either
    routes = _get(client, reverse("api:monitoring_routes"), keys["city"])
    assert routes.status_code == 403 and routes.json()["detail"] == "Недостаточно прав для этих данных."
    assert AuditEntry.objects.filter(action="api.read", actor=personas["observer"]).count() == 2


def test_a_municipality_without_a_frozen_forecast_says_so(client, keys):
    response = _get(client, reverse("api:forecast_needs"), keys["city"])
    assert response.status_code == 404 and "прогноза нет" in response.json()["detail"]


def test_only_the_administrator_issues_keys(client, personas):
    for role in ("committee", "observer", "coordinator_a"):
        client.force_login(personas[role])
        assert client.get(reverse("api_keys:token_list")).status_code == 403
    client.force_login(personas["admin"])
    refused = client.post(reverse("api_keys:token_list"), {"name": "  ", "user": personas["observer"].pk})
    assert refused.status_code == 422 and not ApiToken.objects.exists()
