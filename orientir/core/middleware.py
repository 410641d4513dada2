"""Headers that keep personal data where it belongs: out of caches, away from browser features nobody uses."""

from django.conf import settings


class PrivacyHeadersMiddleware:
    """Every answer to a signed-in user says `Cache-Control: no-store` (pages and files about pupils and students
    must not stay in a shared computer's or a proxy's cache), and every answer sends the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        static = "/" + settings.STATIC_URL.lstrip("/")
        if user is not None and user.is_authenticated and not request.path.startswith(static):
            response["Cache-Control"] = "no-store, private"
        return response
