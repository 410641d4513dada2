"""POST rows of the accounts pages (merged into accounts/tests/test_post_matrix.py; vocabulary in post_matrix_kit).

Login, logout and the password pages act on the requesting account only; user administration is the
administrator's (accounts.users.manage).
"""

from conftest import PASSWORD
from orientir.accounts.tests.post_matrix_kit import FOUND, KEEP, PASS, Post, _all, form_values, writes

NEW_PASSWORD = "Ориентир-2026-новый"
EVERY_ROLE = {"admin", "committee", "directorate", "methodologist", "coordinator_a", "tutor", "observer"}


def _user_form(o, kwargs):
    from orientir.accounts.forms import UserForm
    from orientir.accounts.models import User

    target = User.objects.get(pk=kwargs["pk"]) if kwargs else User()
    form = UserForm(instance=target, user=o["personas"]["admin"])
    if kwargs:
        return form_values(form, phone="+7 (4942) 31-00-00", position_title="Заместитель директора")
    return form_values(form, username="new_observer", last_name="Наблюдателева", first_name="Ольга",
                       role="observer", municipality=str(o["city"].pk), password=NEW_PASSWORD, is_active="on")


ROWS: dict = {
    # Somebody's credentials: the anonymous visitor is refused by the form (KEEP: wrong password); a logged-in user
    # is sent on (redirect_authenticated_user) — nothing is written either way (axes is off in the tests).
    "accounts:login": [Post(None, {"username": "coord_a", "password": "не-тот-пароль"}, _all(FOUND, anon=KEEP))],
    # Logging out ends one's own session only (the session table is not compared); nobody is refused.
    "accounts:logout": [Post(None, {}, _all(PASS, anon=PASS))],
    "accounts:password_change": [Post(None, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                             "new_password2": NEW_PASSWORD}, writes(EVERY_ROLE))],
    # A reset sends a letter and writes nothing (for an address that exists or not).
    "accounts:password_reset": [Post(None, {"email": "nobody@example.ru"}, _all(KEEP, anon=KEEP))],
    "accounts:password_reset_confirm": [Post(lambda o: {"uidb64": "MQ", "token": "bad-token"},
                                             {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
                                             _all(KEEP, anon=KEEP))],
    "accounts:user_create": [Post(None, _user_form, writes({"admin"}))],
    "accounts:user_edit": [Post(lambda o: {"pk": o["personas"]["coordinator_b"].pk}, _user_form, writes({"admin"}))],
}
