"""Password spraying: 20 failed logins from one address within the cool-off lock the address for every username.

The per-username lockout (5 at one address) stays as it was; people at other addresses are not affected, and an
office behind one address survives a few typos of several people (accounts/lockout.py).
"""

import datetime

import time_machine
from django.utils import timezone

from conftest import PASSWORD

LOGIN = "/accounts/login/"
PROXY = "127.0.0.1"
SPRAYER = "203.0.113.66"


def _login(client, username, password, person):
    client.cookies.clear()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY,
                       HTTP_X_REAL_IP=person)


def _spray(client, count, person=SPRAYER, start=0):
    return [_login(client, f"user{i:02d}", "Winter2026!", person) for i in range(start, start + count)]


def test_twenty_usernames_from_one_address_lock_the_address(client, personas, settings):
    settings.AXES_ENABLED = True
    assert (settings.LOGIN_ADDRESS_FAILURE_LIMIT, settings.AXES_FAILURE_LIMIT) == (20, 5)
    answers = _spray(client, 19)
    assert {a.status_code for a in answers} == {200}  # the form again, with its error: not yet locked
    assert _login(client, "coord_a", PASSWORD, SPRAYER).status_code == 302  # the right password still works
    client.logout()
    assert _spray(client, 1, start=19)[0].status_code == 429  # the twentieth failure locks the address
    for username, password in (("coord_a", PASSWORD), ("committee", PASSWORD), ("user77", "x")):
        locked = _login(client, username, password, SPRAYER)
        assert locked.status_code == 429, username  # any username, even with its right password
        assert "Вход временно заблокирован" in locked.content.decode()
    other = _login(client, "coord_a", PASSWORD, "198.51.100.7")  # the same user from another address
    assert other.status_code == 302 and other["Location"] == "/"


def test_an_office_with_a_few_typos_is_not_locked(client, personas, settings):
    settings.AXES_ENABLED = True
    office = "192.0.2.10"  # many people behind one NAT address
    for username in ("coord_a", "coord_b", "committee", "tutor", "observer", "methodologist"):
        for _ in range(3):
            assert _login(client, username, "typo", office).status_code == 200
    # 18 failures of six people: nobody is locked, each logs in with the right password
    for username in ("coord_a", "coord_b", "committee"):
        assert _login(client, username, PASSWORD, office).status_code == 302


def test_the_per_username_lockout_still_comes_first(client, personas, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        _login(client, "coord_a", "wrong", SPRAYER)
    assert _login(client, "coord_a", PASSWORD, SPRAYER).status_code == 429
    assert _login(client, "coord_b", PASSWORD, SPRAYER).status_code == 302  # 5 failures: the address is not locked


def test_the_address_lock_ends_with_the_cool_off(client, personas, settings):
    settings.AXES_ENABLED = True
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _spray(client, 20)
        assert _login(client, "coord_a", PASSWORD, SPRAYER).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1), tick=False):
        assert _login(client, "coord_a", PASSWORD, SPRAYER).status_code == 302
