"""Signing in to Ориентир with a requests session (locust's client is one): shared by the load and its preflight."""


def plain(session) -> None:
    """The server marks its cookies Secure and sets them again on every answer (in production it stands behind TLS);
    the load runs over plain HTTP on the loopback, so before each request the client is told to send them anyway."""
    for cookie in session.cookies:
        cookie.secure = False


def login_in(session, host: str, login: str, password: str) -> None:
    """Sign in through the login form as a browser does."""
    session.get(host + "/accounts/login/", name="вход")
    plain(session)
    answer = session.post(host + "/accounts/login/",
                          {"username": login, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                          headers={"Referer": host + "/accounts/login/"}, allow_redirects=False, name="вход")
    if answer.status_code != 302:
        raise RuntimeError(f"{login}: the login form answered {answer.status_code}")
