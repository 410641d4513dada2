"""A request for a host the server does not serve answers a Russian 400 page, not Django's English one.

DisallowedHost is raised by the first middleware that reads the host (SecurityMiddleware when it redirects to
HTTPS, else CommonMiddleware), before the session and the user exist: the page must render without them.
"""

import pytest
from django.test import Client, override_settings

ENGLISH = ("Bad Request", "DisallowedHost", "Invalid HTTP_HOST", "ALLOWED_HOSTS", "You may need to add")


def _russian_400(response) -> str:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode("utf-8")
    assert "Неверный запрос" in body and 'lang="ru"' in body
    assert not [word for word in ENGLISH if word in body], body
    return body


@pytest.mark.parametrize("ssl_redirect", [False, True], ids=["behind-tls-proxy", "redirecting-to-https"])
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no/such/page/", "/static/css/orientir.css"])
def test_a_foreign_host_gets_the_russian_400_page(path, ssl_redirect, db):
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, SECURE_SSL_REDIRECT=ssl_redirect):
        _russian_400(Client(HTTP_HOST="evil.example").get(path))


def test_a_signed_in_session_and_a_post_with_a_foreign_host_get_it_too(client_for, personas):
    client = client_for(personas["committee"])
    cookie = client.cookies["sessionid"].value
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        foreign = Client(HTTP_HOST="evil.example")
        foreign.cookies["sessionid"] = cookie
        _russian_400(foreign.get("/"))
        body = _russian_400(Client(HTTP_HOST="evil.example", enforce_csrf_checks=True).post(
            "/accounts/login/", {"username": "committee", "password": "x"}))
        assert "Тестова" not in body  # nothing of the signed-in user's page
        assert Client().get("/").status_code == 302  # the served host still works (to the login page)


def test_a_malformed_host_gets_it_too(db):
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        _russian_400(Client(HTTP_HOST="evil.example:bad:port").get("/"))
        _russian_400(Client(HTTP_HOST="testserver/../etc").get("/"))
