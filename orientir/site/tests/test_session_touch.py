"""The idle session's clock moves once a minute, not on every request (orientir.site.middleware, decision 70)."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

MOSCOW = datetime.timezone(datetime.timedelta(hours=3))


def _at(hour, minute, second=0):
    return time_machine.travel(datetime.datetime(2027, 3, 15, hour, minute, second, tzinfo=MOSCOW), tick=False)


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries.captured_queries if "django_session" in q["sql"]
               and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")))


def _expires(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_requests_within_a_minute_write_no_session_and_the_next_minute_moves_the_idle_clock(client_for, personas,
                                                                                             settings):
    settings.SESSION_COOKIE_AGE, settings.SESSION_TOUCH_SECONDS = 3600, 60
    home = reverse("core:home")
    with _at(9, 0):
        client = client_for(personas["committee"])
        assert _session_writes(client, home) == 1  # the first answer after the login stamps the clock
        first = _expires(client)
    with _at(9, 0, 40):
        assert _session_writes(client, home) == 0
        assert _expires(client) == first
    with _at(9, 1, 5):
        assert _session_writes(client, home) == 1
        assert _expires(client) == first + datetime.timedelta(seconds=65)


@pytest.mark.django_db
def test_an_idle_hour_still_ends_the_session_and_a_busy_one_does_not(personas, settings):
    settings.SESSION_COOKIE_AGE, settings.SESSION_TOUCH_SECONDS = 3600, 60
    home = reverse("core:home")
    with _at(9, 0):
        busy, idle = Client(), Client()
        busy.force_login(personas["committee"])
        idle.force_login(personas["admin"])
        busy.get(home), idle.get(home)
    for minute in range(10, 70, 10):  # a page every ten minutes, each within the minute after a write or not
        with _at(9 + minute // 60, minute % 60, 30):
            assert busy.get(home).status_code == 200
    with _at(10, 0, 31):
        assert idle.get(home).status_code == 302  # an hour without a request: signed out
        assert busy.get(home).status_code == 200
