"""Panels other apps put on the home page (core does not import them): `panel(user, today) -> dict | None`.

A panel returns {"template": ..., **context} or None when it has nothing for the user; panels show in the
order they were registered after the home page's own cards.
"""

from collections.abc import Callable

PANELS: list[Callable] = []


def home_panel(func):
    if func not in PANELS:
        PANELS.append(func)
    return func


def panels_for(user, today) -> list[dict]:
    return [p for p in (panel(user, today) for panel in PANELS) if p]
