"""Password-reset requests are limited per client address (5 an hour) and per e-mail (3 an hour).

Over a limit the answer is the very one of success, so nobody learns whether an account exists, but no letter goes
and the refusal is in the audit log. The address is the person's behind the proxy (accounts/client_ip.py).
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from orientir.accounts import throttle
from orientir.core.models import AuditEntry

RESET = "/accounts/password/reset/"
DONE = "/accounts/password/reset/done/"
PROXY = "127.0.0.1"


@pytest.fixture
def owners(personas):
    """Two staff members with e-mails (the reset form finds accounts by e-mail)."""
    for key, email in (("committee", "anna@example.ru"), ("coordinator_a", "olga@example.ru")):
        personas[key].email = email
        personas[key].save()
    return personas


def _reset(client, email, person="203.0.113.50"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=person)


def _throttled():
    return AuditEntry.objects.filter(action="accounts.password_reset.throttled")


def test_the_limits_are_as_documented():
    assert (throttle.PER_ADDRESS, throttle.PER_ACCOUNT, throttle.WINDOW_SECONDS) == (5, 3, 3600)


def test_an_account_gets_three_letters_an_hour_then_the_same_answer_without_mail(client, owners):
    answers = [_reset(client, "anna@example.ru", person=f"198.51.100.{i}") for i in range(1, 6)]
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, DONE)] * 5
    assert len(mail.outbox) == 3 and {m.to[0] for m in mail.outbox} == {"anna@example.ru"}
    done = client.get(answers[-1]["Location"])
    assert done.status_code == 200 and "Если адрес есть в системе" in done.content.decode()
    # the refusal is logged once an hour, not once a request: a flood does not flood the log
    entry = _throttled().get()
    assert entry.actor is None and entry.changes["Эл. почта"] == [None, "anna@example.ru"]
    assert entry.changes["Адрес клиента"] == [None, "198.51.100.4"]
    # the same e-mail typed differently is the same account
    _reset(client, "  ANNA@example.RU ", person="198.51.100.9")
    assert len(mail.outbox) == 3
    # another account is not affected
    _reset(client, "olga@example.ru", person="198.51.100.10")
    assert len(mail.outbox) == 4 and mail.outbox[-1].to == ["olga@example.ru"]


def test_an_address_gets_five_requests_an_hour_whatever_the_e_mails(client, owners):
    emails = ["nobody1@example.ru", "nobody2@example.ru", "nobody3@example.ru", "nobody4@example.ru",
              "olga@example.ru", "anna@example.ru", "anna@example.ru"]
    answers = [_reset(client, email) for email in emails]
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, DONE)] * len(emails)
    assert [m.to for m in mail.outbox] == [["olga@example.ru"]]  # the fifth request; the sixth and on: none
    entry = _throttled().get()
    assert entry.changes["Адрес клиента"] == [None, "203.0.113.50"] and "Эл. почта" not in entry.changes
    # the flood from that address did not use up Anna's letters: from her own address she still gets one
    _reset(client, "anna@example.ru", person="192.0.2.7")
    assert mail.outbox[-1].to == ["anna@example.ru"]


def test_an_unknown_and_a_known_e_mail_over_the_limit_answer_alike(client, owners):
    for _ in range(3):
        _reset(client, "anna@example.ru", person="198.51.100.1")
        _reset(client, "ghost@example.ru", person="198.51.100.2")
    sent = len(mail.outbox)
    known = _reset(client, "anna@example.ru", person="198.51.100.3")
    unknown = _reset(client, "ghost@example.ru", person="198.51.100.4")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (302, DONE)
    assert len(mail.outbox) == sent == 3


def test_the_address_behind_the_proxy_counts_not_the_proxy(client, owners):
    for i in range(1, 9):  # eight people behind the one proxy, each asking once
        _reset(client, f"person{i}@example.ru", person=f"198.51.100.{i}")
    _reset(client, "anna@example.ru", person="198.51.100.20")
    assert mail.outbox[-1].to == ["anna@example.ru"] and not _throttled().exists()


def test_the_limit_ends_with_the_hour(client, owners):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            _reset(client, "anna@example.ru", person="198.51.100.1")
        assert len(mail.outbox) == 3
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        _reset(client, "anna@example.ru", person="198.51.100.1")
    assert len(mail.outbox) == 4


def test_a_form_with_errors_is_not_counted_and_sends_nothing(client, owners):
    for _ in range(6):
        response = _reset(client, "not-an-e-mail")
        assert response.status_code == 200 and "email" in response.context["form"].errors
    _reset(client, "anna@example.ru")
    assert mail.outbox[-1].to == ["anna@example.ru"]


def test_a_shared_file_cache_keeps_the_hour(client, owners, tmp_path):
    """The cache docs/deploy.md advises for several gunicorn workers: its incr() would restart the expiry at 5
    minutes; the counter keeps its window's end itself."""
    from django.test import override_settings

    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(tmp_path / "cache")}}
    start = timezone.now()
    with override_settings(CACHES=shared):
        with time_machine.travel(start, tick=False):
            for _ in range(3):
                _reset(client, "anna@example.ru", person="198.51.100.1")
        with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
            _reset(client, "anna@example.ru", person="198.51.100.2")
        assert len(mail.outbox) == 3 and _throttled().exists()
        with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
            _reset(client, "anna@example.ru", person="198.51.100.3")
        assert len(mail.outbox) == 4
