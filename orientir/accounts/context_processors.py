"""The navigation menu, built from the user's permissions so every role sees only what it may open."""

from django.urls import reverse

from . import access

MENU = [
    # (title, url name, permission, icon)
    ("Главная", "core:home", "dashboard.view", "house"),
    ("Мои задачи", "plan:my_tasks", "plan.view", "check2-square"),
    ("План на год", "plan:year_grid", "plan.view", "calendar3-range"),
    ("Календарь", "plan:calendar", "plan.view", "calendar-week"),
    ("Задачи плана", "plan:task_list", "plan.view", "list-check"),
    ("Исполнение плана", "plan:dashboard", "plan.dashboard", "bar-chart-line"),
    ("Кадровый мониторинг", "staffing:campaigns", "staffing.view", "people-fill"),
    ("Сводные данные кадров", "staffing:consolidation", "staffing.consolidate", "table"),
    ("Прогноз потребности", "forecast:index", "forecast.view", "graph-up-arrow"),
    ("Обучающиеся", "guidance:pupil_list", "pupils.view", "mortarboard"),
    ("Организации", "directory:organisation_list", "directory.org.view", "building"),
    ("Заказчики (п. 1.3)", "directory:customer_registry", "directory.customers.view", "briefcase"),
    ("Справочники", "directory:reference_index", "directory.reference.view", "journal-bookmark"),
    ("Мероприятия плана", "plan:plan_items", "plan.view", "journal-text"),
    ("Проверка плана", "plan:plan_check", "plan.edit", "exclamation-triangle"),
    ("Пользователи", "accounts:user_list", "accounts.users.manage", "people"),
    ("Журнал действий", "core:audit_log", "core.audit.view", "clock-history"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"menu": []}
    path = request.path
    items = []
    for title, name, perm, icon in MENU:
        if access.has_perm(user, perm):
            items.append({"title": title, "url": reverse(name), "icon": icon, "active": False})
    # Only the most specific matching entry is highlighted (/staffing/consolidation/ is not /staffing/).
    matches = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"menu": items}
