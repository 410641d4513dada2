"""Shared view helpers and the plumbing pages (audit log, health, a refused upload marked); the home page is
orientir.site's."""


from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render

from . import audit
from .models import AuditEntry
from .paging import BothEndsPaginator
from .permissions import require


def paginate(request, queryset, per_page: int | None = None, *, exact: bool = False):
    """One page of a queryset; a bad page number shows the nearest page instead of an error. A page past the middle
    is read from the end (orientir.core.paging).

    A searched list (every list's search is `q`) is counted up to ORIENTIR_SEARCH_COUNT_CAP: a search that broad is
    refined, not paged through (decision 75). `exact` keeps the whole count where a number past the cap is acted on."""
    searched = not exact and bool(request.GET.get("q", "").strip())
    paginator = BothEndsPaginator(queryset, per_page or settings.ORIENTIR_PAGE_SIZE,
                                  count_cap=settings.ORIENTIR_SEARCH_COUNT_CAP if searched else None)
    return paginator.get_page(request.GET.get("page"))


@login_required
def audit_log(request):
    require(request.user, "core.audit.view")
    qs = AuditEntry.objects.select_related("content_type").order_by("-at", "-id")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(action__fold_contains=q) | Q(object_repr__fold_contains=q) | Q(actor_name__fold_contains=q))
    if request.user.municipality_id:
        # Entries are written by people; a municipal auditor sees those of their municipality's users.
        qs = qs.filter(actor__municipality_id=request.user.municipality_id)
    page = paginate(request, qs, per_page=50)
    rows = [(e, audit.action_label(e.action)) for e in page.object_list]
    return render(request, "core/audit_log.html", {"page": page, "rows": rows, "q": q})


def health(request):
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def import_marked(request, kind: str, token: str):
    """The user's own refused file with its errors marked (orientir.core.imports.marked); its owner's only."""
    from django.http import Http404, HttpResponse

    from .downloads import attachment
    from .imports import marked, staging

    upload = staging.fetch(owner=request.user, token=token, kind=kind)
    check = staging.CHECKS.get(kind)
    if check is None:
        raise Http404("Нет такой загрузки")
    data = staging.data_of(upload)
    reading = check(data, upload.context)
    response = HttpResponse(marked.marked_copy(data, reading),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stem = (upload.filename or "файл").rsplit(".", 1)[0]
    response["Content-Disposition"] = attachment(f"{stem} — ошибки.xlsx")
    response["Cache-Control"] = "no-store"
    return response
