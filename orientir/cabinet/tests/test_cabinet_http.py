"""The personal cabinet through HTTP: invitations issued and printed, joining with a one-time code, each person's
own records (another family's answer 404 on every cabinet URL), reads logged, consent given and withdrawn from the
cabinet with the same erasure as an official's, the two entrances kept apart."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from orientir.accounts.access import CABINET_ROLE
from orientir.cabinet import services
from orientir.cabinet.models import Account, Invitation, Link
from orientir.cabinet.tests.helpers import PERSON_PASSWORD, consent_active, contract, join, pupil, representatives
from orientir.core.models import AuditEntry
from orientir.pupils.models import Pupil, RouteSheet, RouteSheetItem, TargetedEntry

pytestmark = pytest.mark.today("2026-11-16")
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def family(personas, school_a):
    """Two families of school A: Ивановы (a pupil of 16 with a route sheet item) and Петровы."""
    from orientir.directory.models import Specialty

    ivanov, petrov = pupil(school_a, "Иванов"), pupil(school_a, "Петров")
    entry = TargetedEntry.objects.create(pupil=ivanov, start_year=2026, specialty=Specialty.objects.get(code="44.02.02"),
                                         level="spo")
    sheet = RouteSheet.objects.create(entry=entry)
    RouteSheetItem.objects.create(sheet=sheet, kind="trial", title="Профессиональная проба «Воспитатель»",
                                  planned_on=datetime.date(2026, 10, 20), done_on=datetime.date(2026, 10, 20))
    RouteSheetItem.objects.create(sheet=sheet, kind="excursion", title="Экскурсия в детский сад",
                                  planned_on=datetime.date(2027, 2, 10))
    coordinator = personas["coordinator_a"]
    return {"ivanov": ivanov, "petrov": petrov,
            "parent": join(coordinator, "parent", "ivanova", pupil=ivanov, name=("Иванова", "Ольга", "Петровна")),
            "child": join(coordinator, "pupil", "ivanov16", pupil=ivanov),
            "other_parent": join(coordinator, "parent", "petrova", pupil=petrov, name=("Петрова", "Анна", ""))}


def _as(client, user):
    client.force_login(user)
    return client


# --- Invitations -----------------------------------------------------------------------------------------------

def test_a_coordinator_prints_a_parent_invitation_whose_code_is_stored_only_hashed(personas, school_a, client):
    p = pupil(school_a, "Сидоров")
    response = _as(client, personas["coordinator_a"]).post(reverse("invitations:pupil", args=[p.pk]),
                                                           {"kind": "parent"})
    assert response.status_code == 200
    html = response.content.decode()
    code = CODE.search(html).group(0)
    assert "<svg" in html and "/cabinet/join/" in html
    invitation = Invitation.objects.get(pupil=p)
    assert invitation.kind == "parent" and invitation.used_at is None
    assert invitation.code_hash == services.code_hash(code) and code.replace("-", "") not in invitation.code_hash
    assert invitation.expires_at.date() == datetime.date(2026, 11, 30)  # 14 days
    entry = AuditEntry.objects.get(action="cabinet.invitation.invited", object_id=str(p.pk))
    assert entry.actor == personas["coordinator_a"] and code not in str(entry.changes)


def test_a_pupil_under_14_gets_no_account_of_their_own(personas, school_a, client):
    young = pupil(school_a, "Малышев", born=datetime.date(2013, 5, 1))  # 13 on the test's date
    response = _as(client, personas["coordinator_a"]).post(reverse("invitations:pupil", args=[young.pk]),
                                                           {"kind": "pupil"}, follow=True)
    assert "до 14 лет своей учётной записи нет" in response.content.decode()
    assert not Invitation.objects.filter(pupil=young).exists()
    # the parent is invited instead
    response = client.post(reverse("invitations:pupil", args=[young.pk]), {"kind": "parent"})
    assert response.status_code == 200 and Invitation.objects.filter(pupil=young, kind="parent").exists()


def test_a_new_code_revokes_the_unused_one(personas, school_a, client):
    p = pupil(school_a, "Кодов")
    _, first = services.invitation_issue(actor=personas["coordinator_a"], kind="parent", pupil=p)
    _, second = services.invitation_issue(actor=personas["coordinator_a"], kind="parent", pupil=p)
    response = client.post(reverse("cabinet:join"), {"code": first, "username": "kodova", "last_name": "Кодова",
                                                     "first_name": "Анна", "password1": PERSON_PASSWORD,
                                                     "password2": PERSON_PASSWORD})
    assert response.status_code == 422 and "Код не подходит" in response.content.decode()
    response = client.post(reverse("cabinet:join"), {"code": second.lower(), "username": "kodova",
                                                     "last_name": "Кодова", "first_name": "Анна",
                                                     "password1": PERSON_PASSWORD, "password2": PERSON_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:home")


# --- Joining ---------------------------------------------------------------------------------------------------

def test_joining_makes_a_person_account_linked_to_the_child_and_uses_the_code_up(personas, school_a, client):
    p = pupil(school_a, "Новиков")
    _, code = services.invitation_issue(actor=personas["coordinator_a"], kind="parent", pupil=p)
    form = {"code": code, "username": "novikova", "last_name": "Новикова", "first_name": "Елена",
            "middle_name": "Ивановна", "password1": PERSON_PASSWORD, "password2": PERSON_PASSWORD}
    response = client.post(reverse("cabinet:join"), form)
    assert response.status_code == 302
    account = Account.objects.get(user__username="novikova")
    assert account.kind == "parent" and account.user.role == CABINET_ROLE and account.user.permissions == frozenset()
    assert list(Link.objects.filter(account=account).values_list("pupil_id", flat=True)) == [p.pk]
    assert Invitation.objects.get(pupil=p).used_at is not None
    assert client.get(reverse("cabinet:home")).status_code == 200  # signed in at once
    client.logout()
    # single use: the same code again is refused, and nothing is made
    again = client.post(reverse("cabinet:join"), {**form, "username": "novikova2"})
    assert again.status_code == 422 and "Код не подходит" in again.content.decode()
    assert not Account.objects.filter(user__username="novikova2").exists()


def test_an_expired_code_is_refused(personas, school_a, client):
    p = pupil(school_a, "Старов")
    invitation, code = services.invitation_issue(actor=personas["coordinator_a"], kind="parent", pupil=p)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.issued_at - datetime.timedelta(1))
    response = client.post(reverse("cabinet:join"), {"code": code, "username": "starova", "last_name": "Старова",
                                                     "first_name": "Анна", "password1": PERSON_PASSWORD,
                                                     "password2": PERSON_PASSWORD})
    assert response.status_code == 422 and not Account.objects.exists()


def test_codes_typed_from_one_address_are_limited(db, client):
    form = {"code": "AAAA-BBBB-CCCC", "username": "guess", "last_name": "Г", "first_name": "Г",
            "password1": PERSON_PASSWORD, "password2": PERSON_PASSWORD}
    for _ in range(10):
        assert "Код не подходит" in client.post(reverse("cabinet:join"), form).content.decode()
    assert "Слишком много попыток" in client.post(reverse("cabinet:join"), form).content.decode()


def test_a_parent_adds_a_second_child_with_its_code(personas, school_a, family, client):
    second = pupil(school_a, "Иванова-младшая")
    _, code = services.invitation_issue(actor=personas["coordinator_a"], kind="parent", pupil=second)
    _as(client, family["parent"]).post(reverse("cabinet:link"), {"code": code})
    assert set(Link.objects.filter(account__user=family["parent"]).values_list("pupil_id", flat=True)) == {
        family["ivanov"].pk, second.pk}
    assert client.get(reverse("cabinet:pupil", args=[second.pk])).status_code == 200


# --- What each person sees ---------------------------------------------------------------------------------------

def test_a_parent_sees_the_childs_route_sheet_hours_and_consent(family, client):
    c = _as(client, family["parent"])
    home = c.get(reverse("cabinet:home")).content.decode()
    assert "Иванов Иван" in home and "Петров Иван" not in home
    page = c.get(reverse("cabinet:pupil", args=[family["ivanov"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Профессиональная проба «Воспитатель»" in html and "Экскурсия в детский сад" in html
    assert "Выполнено 1 из 2" in html and "Часы профориентации" in html
    assert c.get(reverse("cabinet:consent", args=[family["ivanov"].pk])).status_code == 200


def test_every_read_is_logged_with_the_person_and_the_record(family, client):
    _as(client, family["parent"]).get(reverse("cabinet:pupil", args=[family["ivanov"].pk]))
    entry = AuditEntry.objects.filter(action="cabinet.pupil.viewed").get()
    assert entry.actor == family["parent"] and entry.object_id == str(family["ivanov"].pk)


@pytest.mark.parametrize("name", ["cabinet:pupil", "cabinet:consent"])
def test_another_familys_child_is_not_found(family, client, name):
    c = _as(client, family["other_parent"])
    response = c.get(reverse(name, args=[family["ivanov"].pk]))
    assert response.status_code == 404 and "В вашем кабинете нет такой записи" in response.content.decode()
    assert "Иванов" not in response.content.decode()
    assert c.get(reverse(name, args=[987654])).status_code == 404
    assert c.get(reverse(name, args=[family["petrov"].pk])).status_code == 200


@pytest.mark.parametrize("name,data", [("cabinet:consent", {"agree": "on"}),
                                       ("cabinet:consent_withdraw", {"confirm": "on"})])
def test_another_familys_child_cannot_be_written_to(family, client, name, data):
    response = _as(client, family["other_parent"]).post(reverse(name, args=[family["ivanov"].pk]), data)
    assert response.status_code == 404
    assert consent_active(family["ivanov"])


def test_a_student_sees_obligations_payments_and_the_work_clock(personas, school_a, client):
    from orientir.students.models import Payment, PaymentPlan

    mine = contract(school_a, "К-1", "Студентова")
    theirs = contract(school_a, "К-2", "Чужова")
    for month in (datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)):
        PaymentPlan.objects.create(contract=mine, month=month, amount=Decimal("5000"))
    Payment.objects.create(contract=mine, month=datetime.date(2026, 9, 1), paid_on=datetime.date(2026, 9, 25),
                           amount=Decimal("5000"), document="п/п 17")
    user = join(personas["committee"], "", "studentova", contract=mine)
    assert Account.objects.get(user=user).kind == "student"
    c = _as(client, user)
    html = c.get(reverse("cabinet:contract", args=[mine.pk])).content.decode()
    assert "Что обязуетесь вы" in html and "не позднее 01.09.2027" in html and "отработать не менее 3 лет" in html
    assert "Запланировано 10" in html and "выплачено 5" in html  # 10 000,00 and 5 000,00 as the page groups them
    assert "задолженность 5" in html  # October was due by 16 November and is unpaid
    assert c.get(reverse("cabinet:contract", args=[theirs.pk])).status_code == 404
    AuditEntry.objects.get(action="cabinet.contract.viewed", object_id=str(mine.pk))


def test_a_young_specialist_sees_how_far_the_clock_has_run(personas, school_a, client):
    from orientir.students.models import Employment

    mine = contract(school_a, "К-3", "Специалистова", state="employed", work_started_on=datetime.date(2025, 11, 16))
    Employment.objects.create(contract=mine, organisation=school_a, started_on=datetime.date(2025, 11, 16))
    user = join(personas["committee"], "", "spec", contract=mine)
    assert Account.objects.get(user=user).kind == "specialist"
    html = _as(client, user).get(reverse("cabinet:contract", args=[mine.pk])).content.decode()
    # 16.11.2025 → 16.11.2026: 365 days worked of 3 × 365.25 = 1095; 730 left; the term ends 16.11.2028
    assert "<dd class=\"col-5\">365</dd>" in html and "730 из 1095" in html and "16.11.2028" in html


# --- Consent from the cabinet -------------------------------------------------------------------------------------

def test_a_parent_gives_consent_with_a_checkbox_and_the_date(personas, school_a, client):
    p = pupil(school_a, "Безсогласиев", consent=False)
    parent = join(personas["coordinator_a"], "parent", "bezs", pupil=p, name=("Безсогласиева", "Мария", "Ивановна"))
    c = _as(client, parent)
    assert c.post(reverse("cabinet:consent", args=[p.pk]), {}).status_code == 422  # the box not ticked
    assert not consent_active(p)
    assert c.post(reverse("cabinet:consent", args=[p.pk]), {"agree": "on"}).status_code == 302
    consent = p.consents.get()
    assert (consent.given_by, consent.given_by_name, consent.given_on) == (
        "representative", "Безсогласиева Мария Ивановна", datetime.date(2026, 11, 16))
    entry = AuditEntry.objects.get(action="guidance.pupil.updated", object_id=str(p.pk))
    assert entry.actor == parent


def test_withdrawal_from_the_cabinet_erases_as_an_officials_does(family, client):
    ivanov = family["ivanov"]
    c = _as(client, family["parent"])
    # no confirmation: nothing happens
    assert c.post(reverse("cabinet:consent_withdraw", args=[ivanov.pk]), {}).status_code == 422
    assert consent_active(ivanov) and RouteSheetItem.objects.filter(sheet__entry__pupil=ivanov).count() == 2
    response = c.post(reverse("cabinet:consent_withdraw", args=[ivanov.pk]), {"confirm": "on", "reason": "Переезд"})
    assert response.status_code == 302
    ivanov = Pupil.objects.get(pk=ivanov.pk)
    assert not consent_active(ivanov) and ivanov.birth_date is None and ivanov.grade is None
    assert representatives(ivanov) == 0
    assert not TargetedEntry.objects.filter(pupil=ivanov).exists()
    assert not RouteSheetItem.objects.filter(sheet__entry__pupil=ivanov).exists()
    entry = AuditEntry.objects.get(action="guidance.pupil.consent_withdrawn", object_id=str(ivanov.pk))
    assert entry.actor == family["parent"]
    # the parent still has the account and sees the child's name, and may consent again
    assert c.get(reverse("cabinet:pupil", args=[ivanov.pk])).status_code == 200


def test_a_minor_pupil_cannot_withdraw_the_parents_consent(family, client):
    response = _as(client, family["child"]).post(reverse("cabinet:consent_withdraw", args=[family["ivanov"].pk]),
                                                 {"confirm": "on"})
    assert response.status_code == 422 and consent_active(family["ivanov"])


# --- Two entrances ---------------------------------------------------------------------------------------------

def test_a_person_cannot_sign_in_at_the_officials_entrance(family, client):
    response = client.post(reverse("accounts:login"), {"username": "ivanova", "password": PERSON_PASSWORD})
    assert response.status_code == 200 and "Это вход для сотрудников" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("cabinet:login"), {"username": "ivanova", "password": PERSON_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:home")


def test_an_official_cannot_sign_in_at_the_cabinet(personas, client):
    from conftest import PASSWORD

    response = client.post(reverse("cabinet:login"), {"username": "coord_a", "password": PASSWORD})
    assert response.status_code == 200 and "Это вход в личный кабинет" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_sign_in_a_person_is_never_sent_into_the_officials_part(family, client):
    response = client.post(reverse("cabinet:login") + "?next=/guidance/pupils/",
                           {"username": "ivanova", "password": PERSON_PASSWORD, "next": "/guidance/pupils/"})
    assert response["Location"] == reverse("cabinet:home")
    assert client.get("/").url == reverse("cabinet:home")
    assert client.get(reverse("pupils:pupil_detail", args=[family["ivanov"].pk])).status_code == 403


def test_the_officials_user_list_leaves_cabinet_accounts_out(family, personas):
    from orientir.accounts import access

    assert not access.users_for(personas["admin"]).filter(username="ivanova").exists()
    assert access.users_for(personas["admin"]).filter(username="coord_a").exists()


def test_a_person_changes_their_password_in_the_cabinet(family, client):
    c = _as(client, family["parent"])
    assert c.get(reverse("cabinet:password_change")).status_code == 200
    response = c.post(reverse("cabinet:password_change"), {"old_password": PERSON_PASSWORD,
                                                           "new_password1": "Другой-пароль-2027",
                                                           "new_password2": "Другой-пароль-2027"})
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:home")
    family["parent"].refresh_from_db()
    assert family["parent"].check_password("Другой-пароль-2027")
