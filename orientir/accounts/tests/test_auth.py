"""Login, lockout, logout, password reset, session expiry, user administration."""

from django.conf import settings
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD
from orientir.accounts.models import User
from orientir.core.models import AuditEntry

LOGIN = reverse("accounts:login")


def test_login_with_right_password_lands_on_dashboard(client, personas):
    response = client.post(LOGIN, {"username": "coord_a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    page = response.content.decode()
    assert "МБОУ СОШ № 1" in page and "Координатор организации" in page


def test_wrong_password_gives_russian_message(client, personas):
    response = client.post(LOGIN, {"username": "coord_a", "password": "nope"})
    assert response.status_code == 200
    assert "Неверное имя пользователя или пароль" in response.content.decode()


def test_lockout_after_repeated_failures(client, personas, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "coord_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(LOGIN, {"username": "coord_a", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "заблокирован" in response.content.decode()


def test_logout_is_post_and_ends_session(client_for, personas):
    client = client_for(personas["committee"])
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_session_expires_when_idle_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    # the idle clock moves at least once a minute (orientir.site.middleware), not on every request
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_TOUCH_SECONDS <= 60
    assert "orientir.site.middleware.SessionTouchMiddleware" in settings.MIDDLEWARE


def test_password_reset_sends_russian_mail(client, personas):
    personas["committee"].email = "anna@example.ru"
    personas["committee"].save()
    client.post(reverse("accounts:password_reset"), {"email": "anna@example.ru"})
    assert len(mail.outbox) == 1
    assert "Восстановление пароля" in mail.outbox[0].subject
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_password_change_refuses_weak_password(client_for, personas):
    client = client_for(personas["committee"])
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert "слишком" in response.content.decode().lower() or "коротк" in response.content.decode()


def test_admin_creates_coordinator_and_scope_is_required(client_for, personas, school_b, city):
    client = client_for(personas["admin"])
    data = {"username": "new_coord", "last_name": "Орлова", "first_name": "Дарья", "role": "coordinator",
            "municipality": city.pk, "password": "Kostroma-2026!", "is_active": "on"}
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 422 and "укажите организацию" in response.content.decode()
    assert not User.objects.filter(username="new_coord").exists()
    data["organisation"] = school_b.pk
    assert client.post(reverse("accounts:user_create"), data).status_code == 302
    user = User.objects.get(username="new_coord")
    assert user.check_password("Kostroma-2026!") and user.organisation == school_b
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert "password" not in entry.changes


def test_user_list_search(client_for, personas):
    response = client_for(personas["admin"]).get(reverse("accounts:user_list"), {"role": "coordinator"})
    assert {u.username for u in response.context["page"].object_list} == {"coord_a", "coord_b"}


def test_menu_follows_role(client_for, personas):
    page = client_for(personas["coordinator_a"]).get(reverse("core:home")).content.decode()
    assert "Организации" in page and "Пользователи" not in page and "Заказчики" not in page
    page = client_for(personas["admin"]).get(reverse("core:home")).content.decode()
    assert "Пользователи" in page and "Журнал действий" in page
