"""What guidance keeps about a pupil, on which basis, and what a withdrawal of consent does to it
(the inventory: orientir.core.personal_data)."""

from orientir.core.personal_data import CLEAR, DELETE, KEEP, Holding, Read, Subject, register, register_reads, \
    register_subject

from .models import PERSONAL_FIELDS

NAME_AND_SCHOOL = ("ФИО и школа — исполнение полномочий в сфере образования (п. 2 ч. 1 ст. 6 152-ФЗ); "
                   "остальное — согласие законного представителя, с 18 лет — самого обучающегося (ст. 9 152-ФЗ)")
CONSENT = "Согласие законного представителя, с 18 лет — самого обучающегося (ст. 9 152-ФЗ)"

register_subject(Subject("pupil", "guidance.Pupil", "Обучающийся (в том числе несовершеннолетний)", minor=True))
register(
    Holding("guidance.Pupil", "pupil", "", ("last_name", "first_name", "middle_name", "organisation",
                                             *PERSONAL_FIELDS, "interest_specialties"),
            NAME_AND_SCHOOL, CLEAR, cleared=tuple(PERSONAL_FIELDS)),
    Holding("guidance.Pupil_interest_specialties", "pupil", "pupil", ("specialty",), CONSENT, DELETE),
    Holding("guidance.Representative", "pupil", "pupil", ("full_name", "relation", "phone", "email"), CONSENT,
            DELETE),
    Holding("guidance.Consent", "pupil", "pupil", ("given_by", "given_by_name", "given_on", "document_ref",
                                                   "withdrawn_on", "withdrawal_reason"),
            "Доказательство получения согласия (ч. 3 ст. 9 152-ФЗ)", KEEP,
            why_kept="доказательство, что обработка до отзыва была законной: кто, когда дал и отозвал согласие"),
    Holding("guidance.TutorAssignment", "pupil", "pupil", ("tutor", "start_year"), CONSENT, DELETE),
    Holding("guidance.ProfileClassMember", "pupil", "pupil", ("profile_class", "joined_on", "left_on"), CONSENT,
            DELETE),
    Holding("guidance.MotivatedPupil", "pupil", "pupil", ("sector", "specialty", "note"), CONSENT, DELETE),
    Holding("guidance.EducationalRoute", "pupil", "pupil", ("goals",), CONSENT, DELETE),
    Holding("guidance.RouteStep", "pupil", "route__pupil", ("title", "due_on", "status", "done_on"), CONSENT,
            DELETE),
    Holding("guidance.ProfessionalPlan", "pupil", "pupil", ("target_specialty", "institution", "exams", "steps"),
            CONSENT, DELETE),
    Holding("guidance.TargetedEntry", "pupil", "pupil", ("specialty", "customer", "level", "desired_institution",
                                                         "status", "note"), CONSENT, DELETE),
    Holding("guidance.RouteSheet", "pupil", "entry__pupil", ("template",), CONSENT, DELETE),
    Holding("guidance.RouteSheetItem", "pupil", "sheet__entry__pupil", ("title", "planned_on", "done_on", "note", "moved_from"),
            CONSENT, DELETE),
)

register_reads(
    Read("guidance:pupil_detail", "Карточка обучающегося", "guidance.Pupil", logged_by_view=True),
    Read("guidance:pupil_edit", "Изменение сведений об обучающемся", "guidance.Pupil"),
    Read("guidance:pupil_list", "Список обучающихся"),
    Read("guidance:pupil_export", "Выгрузка списка обучающихся"),
    Read("guidance:tutoring", "Тьюторское сопровождение обучающегося", "guidance.Pupil"),
    Read("guidance:class_detail", "Состав профильного класса", "guidance.ProfileClass"),
    Read("guidance:motivated_list", "Мотивированные обучающиеся"),
    Read("guidance:motivated_create", "Отметка мотивированного обучающегося (выбор из списка)"),
    Read("guidance:motivated_edit", "Изменение отметки мотивированного обучающегося", "guidance.MotivatedPupil"),
    Read("guidance:targeted_list", "База данных для целевого обучения"),
    Read("guidance:targeted_create", "Внесение в базу данных для целевого обучения (выбор из списка)"),
    Read("guidance:targeted_edit", "Изменение записи базы данных для целевого обучения", "guidance.TargetedEntry"),
    Read("guidance:route_sheet_list", "Маршрутные листы"),
    Read("guidance:route_item_edit", "Изменение мероприятия маршрутного листа", "guidance.RouteSheetItem", "item"),
    Read("guidance:route_monitoring", "Мониторинг маршрутных листов"),
)
