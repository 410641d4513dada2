"""Behind the proxy the lockout counts by user and the person's address, never by the proxy's address alone."""

from django.test import RequestFactory

from conftest import PASSWORD
from orientir.accounts.client_ip import client_ip

LOGIN = "/accounts/login/"
PROXY = "127.0.0.1"


def _login(client, password, person, proxy=PROXY):
    return client.post(LOGIN, {"username": "coord_a", "password": password}, REMOTE_ADDR=proxy, HTTP_X_REAL_IP=person)


def test_a_guesser_behind_the_proxy_does_not_lock_out_the_owner(client, personas, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, "wrong", person="203.0.113.50")
    assert _login(client, PASSWORD, person="203.0.113.50").status_code == 429  # the guesser is locked out
    client.logout()
    owner = _login(client, PASSWORD, person="198.51.100.7")
    assert owner.status_code == 302 and owner["Location"] == "/"  # the owner, from their own address, is not


def test_a_client_cannot_choose_its_address_by_a_header():
    factory = RequestFactory()
    direct = factory.get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_REAL_IP="198.51.100.7")
    assert client_ip(direct) == "203.0.113.50"  # not from a trusted proxy: the header is ignored
    proxied = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7")
    assert client_ip(proxied) == "198.51.100.7"
    garbage = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7, 10.0.0.1")
    assert client_ip(garbage) == PROXY
    assert client_ip(factory.get("/", REMOTE_ADDR="::1", HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"
