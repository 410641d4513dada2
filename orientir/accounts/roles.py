"""Roles of DOMAIN.md and the permission strings each one holds. Code, not columns: one place to read."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    COMMITTEE = "committee", "Специалист ОЮКО Комитета"
    DIRECTORATE = "directorate", "Специалист управления Комитета"
    METHODOLOGIST = "methodologist", "Методист ГЦОКО"
    COORDINATOR = "coordinator", "Координатор организации"
    TUTOR = "tutor", "Тьютор / наставник"
    OBSERVER = "observer", "Наблюдатель (орган власти области)"


# Permission strings: "<area>.<verb>". A view asks access.require(user, "directory.org.change").
ALL_PERMISSIONS = {
    "dashboard.view": "Главная страница",
    "directory.org.view": "Просмотр организаций",
    "directory.org.change": "Создание и изменение организаций",
    "directory.org.export": "Выгрузка реестра организаций",
    "directory.customers.view": "Реестр заказчиков целевого обучения",
    "directory.reference.view": "Просмотр справочников",
    "directory.reference.change": "Изменение справочников",
    "accounts.users.manage": "Управление пользователями",
    "core.audit.view": "Журнал действий",
    "plan.view": "Просмотр плана и задач",
    "plan.task.work": "Выполнение задач плана",
    "plan.dashboard": "Контроль исполнения плана",
    "plan.edit": "Изменение плана",
    "staffing.view": "Просмотр мониторинга кадровой обеспеченности",
    "staffing.fill": "Заполнение сведений организации",
    "staffing.manage": "Проведение мониторинга (открытие, возврат на доработку)",
    "staffing.consolidate": "Сводные данные мониторинга",
    "forecast.view": "Прогноз потребности в кадрах",
    "forecast.manage": "Фиксация прогноза и направление отчётов",
    "pupils.view": "Просмотр обучающихся (персональные данные)",
    "pupils.change": "Ведение сведений об обучающихся и согласий",
    "pupils.export": "Выгрузка персональных данных обучающихся",
    "guidance.view": "Профильные классы и мотивированные обучающиеся",
}

_READ_DIRECTORY = {
    "dashboard.view",
    "directory.org.view",
    "directory.org.export",
    "directory.customers.view",
    "directory.reference.view",
    "plan.view",
    "plan.dashboard",
    "staffing.view",
    "staffing.consolidate",
    "forecast.view",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(ALL_PERMISSIONS),
    Role.COMMITTEE: frozenset(_READ_DIRECTORY | {"directory.org.change", "core.audit.view", "plan.task.work",
                                                 "staffing.manage", "forecast.manage", "pupils.view",
                                                 "guidance.view"}),
    Role.DIRECTORATE: frozenset(_READ_DIRECTORY | {"directory.org.change", "plan.task.work", "pupils.view",
                                                   "guidance.view"}),
    Role.METHODOLOGIST: frozenset(_READ_DIRECTORY | {"plan.task.work", "pupils.view", "pupils.export",
                                                     "guidance.view"}),
    # A coordinator edits the card of their own organisation only (scope does the rest).
    Role.COORDINATOR: frozenset({"dashboard.view", "directory.org.view", "directory.org.change",
                                 "directory.reference.view", "plan.view", "plan.task.work", "staffing.view",
                                 "staffing.fill", "pupils.view", "pupils.change", "pupils.export",
                                 "guidance.view"}),
    Role.TUTOR: frozenset({"dashboard.view", "directory.org.view", "directory.reference.view", "pupils.view"}),
    Role.OBSERVER: frozenset({"dashboard.view", "directory.org.view", "directory.org.export",
                              "directory.customers.view", "directory.reference.view", "plan.view",
                              "plan.dashboard", "staffing.view", "staffing.consolidate", "forecast.view"}),
}

# Which roles see every organisation of their municipality, which only their sector, which one org.
MUNICIPALITY_WIDE = {Role.ADMIN, Role.COMMITTEE, Role.OBSERVER}
SECTOR_WIDE = {Role.DIRECTORATE}
EDUCATION_WIDE = {Role.METHODOLOGIST}
ORGANISATION_ONLY = {Role.COORDINATOR, Role.TUTOR}


class Sector(models.TextChoices):
    """Sector of the social sphere; it fixes the supervising directorate of an organisation."""

    EDUCATION = "education", "Образование"
    CULTURE = "culture", "Культура"
    SPORT = "sport", "Спорт и молодёжная политика"
