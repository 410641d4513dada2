"""The answer of a page that started a job: a message and «Мои задания», where the new job is the first row."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse


def to_jobs(request, message: str) -> HttpResponse:
    messages.info(request, message)
    url = reverse("jobs:list")
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def number(value: int) -> str:
    """12 345 with a no-break space, as the pages print numbers."""
    return f"{value:,}".replace(",", "\N{NO-BREAK SPACE}")
