"""Deadlines of people and contracts that belong in «Мои задачи» beside the plan's tasks.

Apps register a source: `source(user, today) -> iterable of Deadline`, returning only what the user answers
for (access decides). The plan app shows them without importing the apps that know them.

The sections are read on every home page (the pipeline panel) and on «Мои задачи», and every source walks its own
registry: they are kept in Django's cache under the user and their scope, the day and the newest change in the
audit log (`data_key`). Every write is audited, so a new or moved deadline gives a new key and is seen at once
(decision 70).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    title: str  # what must be done: «Трудоустройство выпускника»
    subject: str  # about whom: «Договор № 12/2026 — Иванова М. П.»
    url: str = ""
    overdue: bool = False


Source = Callable[[object, datetime.date], Iterable[Deadline]]
SOURCES: list[tuple[str, str, Source]] = []  # (section title, url of the full list, source)


def deadline_source(title: str, full_list_url_name: str):
    """Register a source under a section title, with the page that lists all of them."""

    def wrap(func: Source) -> Source:
        if all(f is not func for _, _, f in SOURCES):
            SOURCES.append((title, full_list_url_name, func))
        return func

    return wrap


KEEP_SECONDS = 600  # a bound on the memory and on a race with a write not yet committed; the key does the rest


def data_key(prefix: str, user, today: datetime.date) -> str:
    """A cache key for what is computed from the data a user sees on a day: it changes with the user's scope, the
    day and every audited write (`audit.last_change_id`, one index probe)."""
    from orientir.core import audit

    return (f"{prefix}:{user.pk}:{user.role}:{user.municipality_id}:{user.sector}:{user.organisation_id}:"
            f"{user.unit_id}:{today.isoformat()}:{audit.last_change_id()}")


def sections(user, today: datetime.date, limit: int = 10) -> list[dict]:
    """[{title, url, items (first `limit`, soonest first), total, overdue}] for the sources with something due."""
    from django.core.cache import cache

    key = data_key(f"deadlines:{limit}", user, today)
    found = cache.get(key)
    if found is None:
        found = _sections(user, today, limit)
        cache.set(key, found, KEEP_SECONDS)
    return found


def _sections(user, today: datetime.date, limit: int) -> list[dict]:
    from django.urls import reverse

    out = []
    for title, url_name, source in SOURCES:
        items = sorted(source(user, today) or (), key=lambda d: d.due)
        if items:
            out.append({"title": title, "url": reverse(url_name), "items": items[:limit], "total": len(items),
                        "overdue": sum(1 for d in items if d.overdue)})
    return out
