"""The two scopes never mix (decision 57): a person's account opens nothing outside /cabinet/, an official's opens
nothing inside it but the entrance pages. Checked before any view runs, whatever the view itself checks."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from orientir.accounts import access

CABINET = "/cabinet/"
# Open to anyone: the cabinet's entrance (an official who opens it signs out of nothing; signing in replaces the
# session).
ENTRANCE = ("/cabinet/login/", "/cabinet/join/", "/cabinet/logout/")


class ScopeSeparationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        # No session cookie, no signed-in user: nothing to check, and no query spent on finding that out.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not request.path_info.startswith(self.static):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        response = self.get_response(request)
        if response.status_code == 404 and request.path_info.startswith(CABINET) and access.is_cabinet_user(
                request.user):
            # another family's record, or none: the cabinet's own page, not the officials' layout and menu
            return render(request, "cabinet/not_found.html", status=404)
        return response

    def _refusal(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        path = request.path_info
        inside = path.startswith(CABINET)
        if access.is_cabinet_user(user):
            if inside:
                return None
            if path == "/" and request.method in ("GET", "HEAD"):
                return redirect("cabinet:home")
            return render(request, "cabinet/forbidden.html", status=403)
        if inside and path not in ENTRANCE:
            raise PermissionDenied("Личный кабинет — для обучающихся, родителей и студентов.")
        return None
