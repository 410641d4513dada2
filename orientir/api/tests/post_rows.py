"""POST rows of the administrator's API keys page (merged into accounts/tests/test_post_matrix.py)."""

from orientir.accounts.tests.post_matrix_kit import FORBIDDEN, MISSING, Post, _all, writes


def _token(o) -> dict:
    """A key issued to the observer, to be revoked."""
    from orientir.api.services import token_issue

    token, _ = token_issue(actor=o["personas"]["admin"], name="Департамент образования области",
                           user=o["personas"]["observer"])
    return {"pk": token.pk}


ROWS: dict = {
    "api_keys:token_list": [Post(None, lambda o, kwargs: {"name": "Департамент образования области",
                                                          "user": str(o["personas"]["observer"].pk)},
                                 writes({"admin"}))],
    "api_keys:token_revoke": [Post(_token, {}, writes({"admin"})),
                              # a key that does not exist: the administrator gets 404, the others are refused first
                              Post(lambda o: {"pk": 987654}, {}, _all(FORBIDDEN, admin=MISSING))],
}
