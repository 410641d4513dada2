"""Russian error pages that keep the layout, so a refused user still knows where they are."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string


def bad_request(request, exception=None):
    """400: a Host not in ALLOWED_HOSTS, a malformed request. Rendered without the request: it fails before the
    session and the user are set, and reading its host again would raise once more (a 500 instead of this page)."""
    return HttpResponseBadRequest(render_to_string("errors/400.html"))


def forbidden(request, exception=None):
    return render(request, "errors/403.html", {"message": str(exception or "")}, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)

