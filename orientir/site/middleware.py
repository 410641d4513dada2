"""The idle session's clock, moved once a minute instead of on every request (decision 70).

A session ends after SESSION_COOKIE_AGE without a request (settings: SESSION_IDLE_MINUTES). Django's
SESSION_SAVE_EVERY_REQUEST keeps that by writing the session row on every answer: an UPDATE and a commit on each
page, the most frequent write of the whole system. Here the session is written when it was last written
SESSION_TOUCH_SECONDS ago or more, so the idle limit holds to within that minute and the other requests write
nothing. Must sit below SessionMiddleware (its answer is seen first, before the session is saved).
"""

import time

from django.conf import settings

TOUCHED = "_touched"


class SessionTouchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if session.modified or now - session.get(TOUCHED, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[TOUCHED] = now  # marks the session modified: SessionMiddleware saves it with a new expiry
        return response
