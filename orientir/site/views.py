"""The home page: the directory's figures in the user's scope and the panels the apps put there."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from orientir.accounts import access
from orientir.accounts.roles import ORGANISATION_ONLY
from orientir.core.home_panels import panels_for
from orientir.directory import selectors as directory_selectors
from orientir.directory.models import Organisation


@login_required
def home(request):
    access.require(request.user, "dashboard.view")
    counts = directory_selectors.dashboard_counts(request.user)
    kinds = [(label, counts[f"kind_{value}"]) for value, label in Organisation.Kind.choices]
    sectors = [(label, counts.get(f"sector_{value}", 0)) for value, label in access.sectors_for(request.user)]
    chart = {"labels": [k for k, _ in kinds], "values": [v for _, v in kinds]}
    ctx = {"counts": counts, "kinds": kinds, "sectors": sectors, "chart": chart,
           "own_org": request.user.organisation if request.user.organisation_id else None,
           # One organisation needs no statistics of organisations: its card is the dashboard.
           "show_stats": request.user.role not in ORGANISATION_ONLY,
           "panels": panels_for(request.user, timezone.localdate())}
    return render(request, "core/home.html", ctx)
