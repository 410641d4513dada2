"""The edit page written once: bind, save through a service, put a refusal on the form (422), or message and redirect.

Plumbing only: it knows forms, messages and redirects, never a domain app. The view still resolves the object
through accounts.access and names the service; these functions only spare it the control flow around them.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .errors import DomainError

# What a message or a redirect may be: fixed, or computed from what the service returned.
Given = Any | Callable[[Any], Any]


def apply_errors(form, exc: Exception) -> None:
    """Put a service's refusal next to the field it concerns (or on top of the form)."""
    if isinstance(exc, DomainError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
    elif isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)


def in_scope_or_new(pk, *, load: Callable[[], Any], require: Callable[[], None]):
    """The record being edited (`load()` answers 404/403 outside the scope), or None for a new one once
    `require()` has let the role create."""
    if pk:
        return load()
    require()
    return None


def _given(value: Given, result):
    return value(result) if callable(value) else value


def submit(request, form, save: Callable[[], Any], *, success: Given, redirect_to: Given,
           page: str | Callable[[int], HttpResponse], context: dict | None = None) -> HttpResponse:
    """Save a bound form through `save()` and redirect with `success`; otherwise show the form again.

    `save` runs only on a valid POST; a DomainError or ValidationError it raises goes onto the form. `success`
    and `redirect_to` are fixed or take what `save` returned (`redirect_to` is anything `redirect()` takes).
    `page` is a template shown with {"form": form, **context}, or a callable taking the status: 200 for the first
    GET, 422 for a POST that did not save (the form carries why).
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except (DomainError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _given(success, result))
            return redirect(_given(redirect_to, result))
    status = 422 if request.method == "POST" else 200
    if callable(page):
        return page(status)
    return render(request, page, {"form": form, **(context or {})}, status=status)


def act(request, do: Callable[[], Any], *, success: Given, redirect_to: Given, refused_to: Any = None,
        refused_prefix: str = "") -> HttpResponse:
    """Run a formless write (delete, submit, a transition): a success message, or the refusal as an error message;
    then redirect. After a refusal the way is `refused_to`, or `redirect_to` when that is fixed."""
    try:
        result = do()
    except DomainError as exc:
        messages.error(request, refused_prefix + exc.message)
        return redirect(refused_to if refused_to is not None else redirect_to)
    messages.success(request, _given(success, result))
    return redirect(_given(redirect_to, result))
