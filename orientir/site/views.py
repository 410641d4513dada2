"""The home page: the directory's figures in the user's scope and the panels the apps put there."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from orientir.accounts import access
from orientir.accounts.roles import ORGANISATION_ONLY
from orientir.core import deadlines
from orientir.core.home_panels import panels_for
from orientir.directory import selectors as directory_selectors
from orientir.directory.models import Organisation


@login_required
def home(request):
    access.require(request.user, "dashboard.view")
    today = timezone.localdate()
    # one grouped count of the whole scope (100,000 organisations for a regional specialist): kept until the next
    # audited change, as the panels are (core.deadlines.data_key, decision 70)
    key = deadlines.data_key("home-counts", request.user, today)
    counts = cache.get(key)
    if counts is None:
        counts = directory_selectors.dashboard_counts(request.user)
        cache.set(key, counts, deadlines.KEEP_SECONDS)
    kinds = [(label, counts[f"kind_{value}"]) for value, label in Organisation.Kind.choices]
    sectors = [(label, counts.get(f"sector_{value}", 0)) for value, label in access.sectors_for(request.user)]
    chart = {"labels": [k for k, _ in kinds], "values": [v for _, v in kinds]}
    ctx = {"counts": counts, "kinds": kinds, "sectors": sectors, "chart": chart,
           "own_org": request.user.organisation if request.user.organisation_id else None,
           # One organisation needs no statistics of organisations: its card is the dashboard.
           "show_stats": request.user.role not in ORGANISATION_ONLY,
           "panels": panels_for(request.user, today)}
    return render(request, "core/home.html", ctx)
