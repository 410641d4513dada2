"""The navigation menu, built from the user's permissions so every role sees only what it may open."""

from django.urls import get_script_prefix, reverse

from . import access

MENU = [
    # (section, [(title, url name, permission, icon), …]); a section without visible items is not shown.
    ("", [
        ("Главная", "core:home", "dashboard.view", "house"),
        ("Мои задачи", "plan:my_tasks", "plan.view", "check2-square"),
    ]),
    ("Итоги", [
        ("Воронка целевого обучения", "reports:funnel", "reports.view", "funnel"),
        ("Книга отчётов", "reports:book", "reports.view", "book"),
    ]),
    ("План мероприятий", [
        ("План на год", "plan:year_grid", "plan.view", "calendar3-range"),
        ("Календарь", "plan:calendar", "plan.view", "calendar-week"),
        ("Задачи плана", "plan:task_list", "plan.view", "list-check"),
        ("Исполнение плана", "plan:dashboard", "plan.dashboard", "bar-chart-line"),
        ("Мероприятия плана", "plan:plan_items", "plan.view", "journal-text"),
        ("Проверка плана", "plan:plan_check", "plan.edit", "exclamation-triangle"),
    ]),
    ("Кадры и прогноз", [
        ("Кадровый мониторинг", "staffing:campaigns", "staffing.view", "people-fill"),
        ("Сводные данные кадров", "staffing:consolidation", "staffing.consolidate", "table"),
        ("Прогноз потребности", "forecast:index", "forecast.view", "graph-up-arrow"),
    ]),
    ("Обучающиеся", [
        ("Обучающиеся", "pupils:pupil_list", "pupils.view", "mortarboard"),
        ("Профильные классы (п. 2.1)", "pupils:class_list", "guidance.view", "easel"),
        ("Мотивированные (п. 2.2)", "pupils:motivated_list", "guidance.view", "person-check"),
        ("Целевая база (п. 2.8.1)", "pupils:targeted_list", "pupils.view", "bullseye"),
        ("Маршрутные листы (п. 2.8)", "pupils:route_sheet_list", "pupils.view", "signpost-2"),
        ("Мониторинг маршрутов (п. 2.8.5)", "pupils:route_monitoring", "pupils.view", "clipboard-data"),
        ("Вопросы из личного кабинета", "inbox:question_list", "cabinet.answer", "chat-left-text"),
    ]),
    ("Профориентация", [
        # careers app entries
        ("Банк программ (п. 2.4.1)", "careers:programme_list", "careers.view", "collection"),
        ("Реализация программ (п. 2.4.2)", "careers:run_list", "careers.view", "compass"),
        ("Мероприятия (п. 2.4, 2.5)", "careers:event_list", "careers.view", "stars"),
        ("Работа с родителями (п. 2.7)", "careers:parent_list", "careers.view", "people"),
        ("Подготовительные курсы (п. 2.8.4)", "careers:course_list", "careers.view", "journal-check"),
        ("Мониторинг программ (п. 2.4.3)", "careers:monitoring", "careers.report", "clipboard-data"),
        ("Результаты курсов (п. 2.8.4)", "careers:prep_report", "careers.report", "bar-chart"),
    ]),
    ("Наставничество", [
        ("Программы наставничества", "mentoring:programme_list", "mentoring.view", "diagram-3"),
        ("Пары и встречи", "mentoring:pair_list", "mentoring.view", "people"),
        ("Наставники", "mentoring:mentor_list", "mentoring.view", "person-video3"),
        ("Подбор наставника", "mentoring:match", "mentoring.manage", "magic"),
        ("Отчёт по наставничеству", "mentoring:summary", "mentoring.report", "clipboard-data"),
    ]),
    ("Целевые договоры", [
        ("Предложения (ПП № 555)", "offers:campaign_list", "offers.view", "megaphone"),
        ("Потребность → предложения → договоры", "offers:coverage", "offers.report", "bar-chart-steps"),
        # contracts app entries
        ("Договоры (п. 2.9, 2.11)", "contracts:contract_list", "contracts.view", "file-earmark-text"),
        ("Сроки по договорам", "contracts:deadlines", "contracts.view", "alarm"),
        ("Отчёт по договорам", "contracts:report", "contracts.report", "bar-chart"),
        ("Правила ответственности", "contracts:rule_list", "contracts.view", "cash-coin"),
    ]),
    ("Студенты и выпускники", [
        ("Студенты (п. 3.1)", "students:student_list", "students.view", "person-video3"),
        ("Мониторинг поступления (п. 2.10)", "students:admission", "students.view", "door-open"),
        ("Индивидуальные планы (п. 3.1.1)", "students:plans", "students.view", "list-check"),
        ("Журнал сопровождения (п. 3.1.2)", "students:support_log", "students.view", "journal-check"),
        ("Практика (п. 3.1.3)", "students:placement_list", "students.view", "briefcase"),
        ("Меры поддержки (п. 3.1.4)", "students:payments", "students.payments", "cash-coin"),
        ("Трудоустройство (п. 3.3)", "students:employment", "students.report", "building-check"),
        ("Контроль сроков сопровождения", "students:alerts", "students.view", "alarm"),
        ("Документы из личного кабинета", "inbox:document_list", "students.support", "inbox"),
    ]),
    ("Справочники и администрирование", [
        ("Организации", "directory:organisation_list", "directory.org.view", "building"),
        ("Заказчики (п. 1.3)", "directory:customer_registry", "directory.customers.view", "briefcase"),
        ("Справочники", "directory:reference_index", "directory.reference.view", "journal-bookmark"),
        ("Пользователи", "accounts:user_list", "accounts.users.manage", "people"),
        ("Ключи API для области", "api_keys:token_list", "accounts.users.manage", "key"),
        ("Журнал действий", "core:audit_log", "core.audit.view", "clock-history"),
        ("Сроки хранения персональных данных", "core:retention", "core.retention.view", "trash3"),
    ]),
]


# The menu of each set of rights, built once per process: the entries a role sees and their addresses do not change
# while the process runs, and building them asked every entry's right and reversed its URL on every page (decision 70).
_MENUS: dict[tuple[frozenset, str], list[tuple[str, list[tuple[str, str, str]]]]] = {}


def _menu_for(user) -> list[tuple[str, list[tuple[str, str, str]]]]:
    key = (user.permissions, get_script_prefix())
    menu = _MENUS.get(key)
    if menu is None:
        built = [(section, [(title, reverse(name), icon) for title, name, perm, icon in entries
                            if access.has_perm(user, perm)]) for section, entries in MENU]
        menu = _MENUS[key] = [(section, entries) for section, entries in built if entries]
    return menu


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"menu": []}
    path = request.path
    items, sections = [], []
    for section, entries in _menu_for(user):
        visible = [{"title": title, "url": url, "icon": icon, "active": False} for title, url, icon in entries]
        sections.append({"title": section, "items": visible})
        items += visible
    # Only the most specific matching entry is highlighted (/staffing/consolidation/ is not /staffing/).
    matches = [i for i in items if (path == i["url"] if i["url"] == "/" else path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"menu": items, "menu_sections": sections}
