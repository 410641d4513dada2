"""The system's artifacts that prove plan items done: a plain dict, extended as modules arrive.

Key → (what it is, URL name). An item whose artifact is not here yet is proved by an uploaded file.
"""

from django.urls import NoReverseMatch, reverse

ARTIFACTS: dict[str, tuple[str, str]] = {
    "directory.customers": ("Реестр организаций — заказчиков целевого обучения", "directory:customer_registry"),
    "directory.organisations": ("Реестр организаций", "directory:organisation_list"),
    "plan.execution": ("Исполнение плана", "plan:dashboard"),
    "staffing.monitoring": ("Мониторинг кадровой обеспеченности", "staffing:campaigns"),
}


def artifact_link(key: str) -> tuple[str, str] | None:
    """(title, url) of an artifact the system already produces, else None."""
    entry = ARTIFACTS.get(key)
    if not entry:
        return None
    try:
        return entry[0], reverse(entry[1])
    except NoReverseMatch:
        return None
