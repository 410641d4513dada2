"""Invitation codes sent by e-mail (issue 18): Django's mail backend (locmem in tests, the console in development,
SMTP in production). The letter carries the same one-time code as the printed sheet, and that code joins; the log
keeps only a masked address; a mail server that refuses leaves the printed code valid."""

import re
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from orientir.cabinet import services
from orientir.cabinet.models import Invitation
from orientir.cabinet.tests.helpers import PERSON_PASSWORD, contract, pupil
from orientir.core.models import AuditEntry

pytestmark = pytest.mark.today("2027-03-15")
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def test_a_parents_code_goes_by_e_mail_and_joins(personas, school_a, client_for):
    p = pupil(school_a, "Почтов")
    response = client_for(personas["coordinator_a"]).post(reverse("invitations:pupil", args=[p.pk]),
                                                          {"kind": "parent", "email": "olga.pochtova@mail.ru"})
    assert response.status_code == 200
    printed = CODE.search(response.content.decode()).group(0)
    assert "Код отправлен на адрес olga.pochtova@mail.ru" in response.content.decode()
    [letter] = mail.outbox
    assert letter.to == ["olga.pochtova@mail.ru"] and letter.subject == "Приглашение в личный кабинет «Ориентир»"
    assert printed in letter.body and f"/cabinet/join/?code={printed}" in letter.body
    assert "родителя (законного представителя) обучающегося Почтов Иван" in letter.body
    assert "29.03.2027" in letter.body  # 14 days
    invitation = Invitation.objects.get(pupil=p)
    entry = AuditEntry.objects.get(action="cabinet.invitation.emailed", object_id=str(invitation.pk))
    assert entry.actor == personas["coordinator_a"]
    assert "ol***@mail.ru" in str(entry.changes) and "olga.pochtova" not in str(entry.changes)
    user = services.join(code=CODE.search(letter.body).group(0), username="pochtova", password=PERSON_PASSWORD,
                         last_name="Почтова", first_name="Ольга")
    assert user.cabinet_account.links.get().pupil == p


def test_without_an_address_no_letter_goes(personas, school_a, client_for):
    p = pupil(school_a, "Безпочтов")
    response = client_for(personas["coordinator_a"]).post(reverse("invitations:pupil", args=[p.pk]),
                                                          {"kind": "parent", "email": ""})
    assert response.status_code == 200 and mail.outbox == []
    assert not AuditEntry.objects.filter(action="cabinet.invitation.emailed").exists()


def test_a_wrong_address_issues_nothing(personas, school_a, client_for):
    p = pupil(school_a, "Ошибкин")
    response = client_for(personas["coordinator_a"]).post(reverse("invitations:pupil", args=[p.pk]),
                                                          {"kind": "parent", "email": "не-адрес"}, follow=True)
    assert "Проверьте адрес e-mail" in response.content.decode()
    assert not Invitation.objects.filter(pupil=p).exists() and mail.outbox == []


def test_a_refusing_mail_server_leaves_the_printed_code_valid(personas, school_a, client_for, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})

    monkeypatch.setattr(services, "send_mail", refuse)
    p = pupil(school_a, "Отказов")
    response = client_for(personas["coordinator_a"]).post(reverse("invitations:pupil", args=[p.pk]),
                                                          {"kind": "parent", "email": "x@example.org"})
    html = response.content.decode()
    assert response.status_code == 200 and "Письмо не отправлено" in html and CODE.search(html)
    assert Invitation.objects.get(pupil=p).revoked_at is None
    assert not AuditEntry.objects.filter(action="cabinet.invitation.emailed").exists()


def test_a_students_code_goes_to_the_address_of_the_contract(personas, school_a, client_for):
    c = contract(school_a, "К-20", "Письмова")
    page = client_for(personas["committee"]).get(reverse("contracts:contract_detail", args=[c.pk])).content.decode()
    assert 'name="email"' in page
    response = client_for(personas["committee"]).post(reverse("invitations:contract", args=[c.pk]),
                                                      {"email": "pismova@example.org"})
    assert response.status_code == 200
    [letter] = mail.outbox
    assert letter.to == ["pismova@example.org"] and CODE.search(response.content.decode()).group(0) in letter.body
    assert "студент" in letter.body.lower()
