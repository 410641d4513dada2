"""The system's artifacts that prove plan items done: a plain dict, extended as modules arrive.

Key → (what it is, URL name). An item whose artifact is not here yet is proved by an uploaded file.
"""

from django.urls import NoReverseMatch, reverse

ARTIFACTS: dict[str, tuple[str, str, str]] = {
    "directory.customers": ("Реестр организаций — заказчиков целевого обучения", "directory:customer_registry",
                            "directory.customers.view"),
    "directory.organisations": ("Реестр организаций", "directory:organisation_list", "directory.org.view"),
    "plan.execution": ("Исполнение плана", "plan:dashboard", "plan.dashboard"),
    "staffing.monitoring": ("Мониторинг кадровой обеспеченности", "staffing:campaigns", "staffing.view"),
    "forecast.report": ("Прогноз потребности в кадрах и отчёты", "forecast:snapshots", "forecast.view"),
}


def artifact_link(key: str, user=None) -> tuple[str, str] | None:
    """(title, url) of an artifact the system already produces and the user may open, else None."""
    from orientir.accounts.access import has_perm

    entry = ARTIFACTS.get(key)
    if not entry or (user is not None and not has_perm(user, entry[2])):
        return None
    try:
        return entry[0], reverse(entry[1])
    except NoReverseMatch:
        return None
