"""The system's artifacts that prove plan items done: a plain dict, extended as modules arrive.

Key → (what it is, URL name). An item whose artifact is not here yet is proved by an uploaded file.
"""

from django.urls import NoReverseMatch, reverse

ARTIFACTS: dict[str, tuple[str, str, str]] = {
    "directory.customers": ("Реестр организаций — заказчиков целевого обучения", "directory:customer_registry",
                            "directory.customers.view"),
    "directory.organisations": ("Реестр организаций", "directory:organisation_list", "directory.org.view"),
    "plan.execution": ("Исполнение плана", "plan:dashboard", "plan.dashboard"),
    "reports.funnel": ("Воронка целевого обучения", "reports:funnel", "reports.view"),
    "staffing.monitoring": ("Мониторинг кадровой обеспеченности", "staffing:campaigns", "staffing.view"),
    "forecast.report": ("Прогноз потребности в кадрах и отчёты", "forecast:snapshots", "forecast.view"),
    "guidance.profile_classes": ("Профильные классы, классы и группы профессиональной направленности",
                                 "pupils:class_list", "pupils.view"),
    "guidance.profile_class_lists": ("Перечень профильных классов и групп с планируемой численностью",
                                     "pupils:class_list", "pupils.view"),
    "guidance.profile_class_rosters": ("Комплектование профильных классов и групп (план и факт)",
                                       "pupils:class_list", "pupils.view"),
    "guidance.profile_class_activities": ("Журнал совместных мероприятий профильных классов",
                                          "pupils:class_activity_list", "pupils.view"),
    "guidance.profile_class_monitoring": ("Мониторинг деятельности профильных классов (Excel, PDF)",
                                          "pupils:class_monitoring", "pupils.view"),
    "guidance.motivated_pupils": ("Списки мотивированных обучающихся 9-х и 11-х классов", "pupils:motivated_list",
                                  "pupils.view"),
    "guidance.targeted_work": ("Адресная работа с обучающимися 9-х, 11-х классов: база данных и маршрутные листы",
                               "pupils:targeted_list", "pupils.view"),
    "guidance.targeted_database": ("База данных обучающихся 9-х, 11-х классов для целевого обучения",
                                   "pupils:targeted_list", "pupils.view"),
    "guidance.tutoring": ("Тьюторы, индивидуальные образовательные маршруты и профессиональные планы",
                          "pupils:motivated_list", "pupils.view"),
    "guidance.route_sheets": ("Маршрутные листы адресной работы", "pupils:route_sheet_list", "pupils.view"),
    "guidance.route_sheet_marks": ("Отметки о выполнении мероприятий маршрутных листов", "pupils:route_sheet_list",
                                   "pupils.view"),
    "guidance.route_sheet_monitoring": ("Мониторинг выполнения маршрутных листов (Excel, PDF)",
                                        "pupils:route_monitoring", "pupils.view"),
}

# Each app adds its artifacts below with ARTIFACTS.update({...}) in its own block.

# careers app
ARTIFACTS.update({
    "guidance.events": ("Практикоориентированные профориентационные мероприятия с участниками",
                        "careers:event_list", "careers.view"),
    "guidance.programme_bank": ("Муниципальный банк профориентационных программ", "careers:programme_list",
                                "careers.view"),
    "guidance.programme_delivery": ("Реализация профориентационных программ: занятия, участники, посещаемость",
                                    "careers:run_list", "careers.view"),
    "guidance.programme_monitoring": ("Мониторинг разработки и реализации профориентационных программ (Excel, PDF)",
                                      "careers:monitoring", "careers.report"),
    "guidance.professional_days": ("Участие в Днях профессионального образования", "careers:event_list",
                                   "careers.view"),
    "guidance.parent_consultations": ("Журнал консультаций родителей по целевому обучению", "careers:parent_list",
                                      "careers.view"),
    "guidance.prep_courses": ("Подготовительные курсы к ЕГЭ: слушатели, посещаемость, результаты",
                              "careers:course_list", "careers.view"),
})


# mentoring app
ARTIFACTS.update({
    "mentoring.student_pupil": ("Программы и пары наставничества «студент – школьник», встречи", "mentoring:programme_list",
                                "mentoring.view"),
    "mentoring.employer_student": ("Наставничество «работодатель – студент (молодой специалист)»: сводный отчёт",
                                   "mentoring:summary", "mentoring.report"),
    "mentoring.students": ("Пары наставничества над студентами — целевиками и журнал встреч", "mentoring:pair_list",
                           "mentoring.view"),
    "mentoring.young_specialists": ("Пары наставничества над молодыми специалистами на рабочем месте",
                                    "mentoring:pair_list", "mentoring.view"),
})


# contracts app
ARTIFACTS.update({
    "contracts.graduates": ("Реестр договоров о целевом обучении с выпускниками школ (п. 2.9)",
                            "contracts:contract_list", "contracts.view"),
    "contracts.students": ("Реестр договоров о целевом обучении со студентами 2-го курса и старше (п. 2.11)",
                           "contracts:contract_list", "contracts.view"),
})


# students app
ARTIFACTS.update({
    "contracts.admission_monitoring": ("Еженедельный мониторинг поступления выпускников (Excel, PDF)",
                                       "students:admission", "students.view"),
    "contracts.student_support": ("Студенты, обучающиеся по договорам о целевом обучении", "students:student_list",
                                  "students.view"),
    "contracts.support_plans": ("Индивидуальные планы сопровождения студентов", "students:plans", "students.view"),
    "contracts.support_activities": ("Журнал сопровождения студентов", "students:support_log", "students.view"),
    "contracts.placements": ("Практика студентов в организациях — заказчиках", "students:placement_list",
                             "students.view"),
    "contracts.payments": ("Меры материальной поддержки: начисления и выплаты", "students:payments",
                           "students.payments"),
    "contracts.employment_monitoring": ("Мониторинг трудоустройства выпускников (Excel, PDF)", "students:employment",
                                        "students.report"),
})


# offers app
ARTIFACTS.update({
    "offers.campaigns": ("Предложения о целевом обучении: потребность, согласование, размещение на «Работа в России»",
                         "offers:campaign_list", "offers.view"),
})


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
