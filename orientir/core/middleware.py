"""Headers that keep personal data where it belongs: out of caches, away from browser features nobody uses."""

from django.conf import settings

from . import audit, params, personal_data


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


class ReadLogMiddleware:
    """Writes «Просмотр персональных данных» for every page and file the inventory lists in READS, when it answered
    200 to a signed-in user and the view did not log the read itself. The entry names the page and the record;
    the filters go in without the text typed into search (it may be a name)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.read_logged.set(False)
        refused = params.ignored.set(())  # a filter value refused while serving an earlier request is not this one's
        try:
            response = self.get_response(request)
            match = getattr(request, "resolver_match", None)
            read = personal_data.READS.get(match.view_name) if match else None
            if (read is not None and response.status_code == 200 and request.method in ("GET", "HEAD")
                    and request.user.is_authenticated and not audit.read_logged.get()):
                audit.record_read(actor=request.user, view=match.view_name, label=read.label, model=read.model,
                                  object_id=match.kwargs.get(read.kwarg), filters=audit.filters_repr(request.GET))
            return response
        finally:
            audit.read_logged.reset(token)
            params.ignored.reset(refused)
