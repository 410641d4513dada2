"""Roles of DOMAIN.md and the permission strings each one holds. Code, not columns: one place to read."""

from django.db import models

# The sectors of the social sphere belong to the directory (an organisation's sector); the roles read them from there.
from orientir.directory.models import Sector  # noqa: F401 - imported from here by the apps that read roles too
from orientir.directory.scope import Reach


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
    "core.retention.view": "Персональные данные с истёкшим сроком хранения, акты об уничтожении",
    "core.retention.destroy": "Уничтожение персональных данных по достижении цели обработки",
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
    # Career guidance (2.4–2.5, 2.7, 2.8.4)
    "careers.view": "Программы профориентации, мероприятия, курсы, работа с родителями",
    "careers.bank.propose": "Внесение программ в муниципальный банк",
    "careers.bank.approve": "Одобрение программ банка (ГЦОКО)",
    "careers.deliver": "Реализация программ, мероприятия, консультации, курсы организации",
    "careers.report": "Мониторинг профориентационных программ и курсов",
    # Mentoring (2.6, 3.2)
    "mentoring.view": "Наставничество: программы, пары, встречи",
    "mentoring.manage": "Ведение программ и пар наставничества",
    "mentoring.report": "Отчёты по наставничеству",
    # Target contracts (2.9, 2.11)
    "contracts.view": "Просмотр договоров о целевом обучении",
    "contracts.manage": "Оформление и ведение договоров о целевом обучении",
    "contracts.export": "Выгрузка реестра договоров (персональные данные)",
    "contracts.documents": "Документы договора и согласия представителя (DOCX, PDF)",
    "contracts.report": "Отчёты по договорам о целевом обучении",
    "contracts.exception": "Исключение из проверки дат жизненного цикла договора (с указанием причины)",
    # Contracted students and graduates (2.10, 3.1, 3.3)
    "students.view": "Студенты-целевики: обучение, сопровождение, трудоустройство",
    "students.support": "Ведение сопровождения, практики, трудоустройства",
    "students.payments": "Меры поддержки: начисления и выплаты",
    "students.report": "Мониторинг поступления и трудоустройства",
    # The whole pipeline
    "reports.view": "Воронка целевого обучения и книга отчётов",
    # Offers of targeted education under ПП № 555 (between the forecast 1.2 and the contracts 2.9)
    "offers.view": "Предложения о целевом обучении",
    "offers.draft": "Составление предложений заказчика",
    "offers.approve": "Согласование предложений, кампания, размещение на «Работа в России»",
    "offers.applications": "Заявки на предложения (персональные данные поступающих)",
    "offers.report": "Потребность, предложения, заявки, договоры (сводные цифры)",
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

_CAREERS_READ = {"careers.view", "careers.report", "mentoring.view", "mentoring.report", "reports.view"}

# A justified exception to the lifecycle's date rules is a decision of the committee's legal & HR department, not of
# IT: the administrator holds every other permission, not this one.
COMMITTEE_DECISIONS = {"contracts.exception"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(set(ALL_PERMISSIONS) - COMMITTEE_DECISIONS),
    Role.COMMITTEE: frozenset(_READ_DIRECTORY | _CAREERS_READ | {
        "directory.org.change", "core.audit.view", "plan.task.work", "staffing.manage", "forecast.manage",
        "pupils.view", "guidance.view", "mentoring.manage", "contracts.view", "contracts.manage", "contracts.export",
        # the list of records past their period is the committee's to check; destruction is the administrator's
        "core.retention.view",
        # contract documents carry a minor's and a representative's data: only for those who conclude contracts
        "contracts.documents", "contracts.report", "contracts.exception", "students.view", "students.support",
        "students.payments", "students.report"}),
    # A directorate supervises its sector (decision 50): it changes the organisations' cards and marks its plan
    # tasks; the records of pupils, parents, students and contracts it reads, never writes.
    Role.DIRECTORATE: frozenset(_READ_DIRECTORY | _CAREERS_READ | {
        "directory.org.change", "plan.task.work", "pupils.view", "guidance.view", "contracts.view",
        "contracts.report", "students.view", "students.report"}),
    Role.METHODOLOGIST: frozenset(_READ_DIRECTORY | _CAREERS_READ | {
        "plan.task.work", "pupils.view", "pupils.export", "guidance.view", "careers.bank.propose",
        "careers.bank.approve", "careers.deliver", "mentoring.manage"}),
    # A coordinator edits the card of their own organisation only (scope does the rest).
    Role.COORDINATOR: frozenset({"dashboard.view", "directory.org.view", "directory.org.change",
                                 "directory.reference.view", "plan.view", "plan.task.work", "staffing.view",
                                 "staffing.fill", "pupils.view", "pupils.change", "pupils.export",
                                 "guidance.view", "careers.view", "careers.bank.propose", "careers.deliver",
                                 "mentoring.view", "mentoring.manage", "contracts.view", "students.view",
                                 "students.support", "reports.view"}),
    # A tutor or workplace mentor sees the pupils and mentoring pairs assigned to them.
    Role.TUTOR: frozenset({"dashboard.view", "directory.org.view", "directory.reference.view", "pupils.view",
                           "mentoring.view"}),
    # Observers read aggregated reports only: no personal data.
    Role.OBSERVER: frozenset({"dashboard.view", "directory.org.view", "directory.org.export",
                              "directory.customers.view", "directory.reference.view", "plan.view",
                              "plan.dashboard", "staffing.view", "staffing.consolidate", "forecast.view",
                              "careers.report", "mentoring.report", "contracts.report", "students.report",
                              "reports.view"}),
}

# Offers (ПП № 555): the committee runs the campaign and approves; a customer's coordinator drafts its own offers;
# a directorate reads its sector's; observers see the figures only. Applicants' data: the committee's alone.
_OFFERS = {
    Role.COMMITTEE: {"offers.view", "offers.draft", "offers.approve", "offers.applications", "offers.report"},
    Role.DIRECTORATE: {"offers.view", "offers.report"},
    Role.COORDINATOR: {"offers.view", "offers.draft"},
    Role.OBSERVER: {"offers.report"},
}
ROLE_PERMISSIONS = {role: perms | frozenset(_OFFERS.get(role, ())) for role, perms in ROLE_PERMISSIONS.items()}

# Which roles see every organisation of their municipality, which only their sector, which one org.
MUNICIPALITY_WIDE = {Role.ADMIN, Role.COMMITTEE, Role.OBSERVER}
SECTOR_WIDE = {Role.DIRECTORATE}
EDUCATION_WIDE = {Role.METHODOLOGIST}
ORGANISATION_ONLY = {Role.COORDINATOR, Role.TUTOR}

# How far each role reaches in the directory (orientir.directory.scope, which knows no roles, asks `user.reach`).
ROLE_REACH = {
    **{role: Reach.MUNICIPALITY for role in MUNICIPALITY_WIDE},
    **{role: Reach.SECTOR for role in SECTOR_WIDE},
    **{role: Reach.EDUCATION for role in EDUCATION_WIDE},
    **{role: Reach.ORGANISATION for role in ORGANISATION_ONLY},
}


# The personal cabinet (issue 18, decision 57): a school's coordinator, a pupil's tutor and the committee hand out
# one-time codes to pupils from 14, parents, contracted students and young specialists, each within their own scope.
# The people themselves hold no permission at all (accounts.access.CABINET_ROLE is in no role's table).
ALL_PERMISSIONS["cabinet.invite"] = "Приглашения в личный кабинет (одноразовые коды)"
_CABINET_INVITE = {Role.ADMIN, Role.COMMITTEE, Role.COORDINATOR, Role.TUTOR}
ROLE_PERMISSIONS = {role: perms | frozenset({"cabinet.invite"} if role in _CABINET_INVITE else ())
                    for role, perms in ROLE_PERMISSIONS.items()}
# A question from the cabinet is answered by the pupil's tutor, or by the school's coordinator when the tutor is away
# (decision 65); documents from the cabinet are checked with students.support.
ALL_PERMISSIONS["cabinet.answer"] = "Ответы на вопросы из личного кабинета"
_CABINET_ANSWER = {Role.ADMIN, Role.COORDINATOR, Role.TUTOR}
ROLE_PERMISSIONS = {role: perms | frozenset({"cabinet.answer"} if role in _CABINET_ANSWER else ())
                    for role, perms in ROLE_PERMISSIONS.items()}
