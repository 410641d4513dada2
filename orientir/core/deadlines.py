"""Deadlines of people and contracts that belong in «Мои задачи» beside the plan's tasks.

Apps register a source: `source(user, today) -> iterable of Deadline`, returning only what the user answers
for (access decides). The plan app shows them without importing the apps that know them.
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


def sections(user, today: datetime.date, limit: int = 10) -> list[dict]:
    """[{title, url, items (first `limit`, soonest first), total, overdue}] for the sources with something due."""
    from django.urls import reverse

    out = []
    for title, url_name, source in SOURCES:
        items = sorted(source(user, today) or (), key=lambda d: d.due)
        if items:
            out.append({"title": title, "url": reverse(url_name), "items": items[:limit], "total": len(items),
                        "overdue": sum(1 for d in items if d.overdue)})
    return out
