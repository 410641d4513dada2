"""What the pupils app keeps about a pupil, on which basis, and what a withdrawal of consent does to it
(the inventory: orientir.core.personal_data)."""

from django.db.models import F

from orientir.core.personal_data import CLEAR, DELETE, KEEP, Holding, Read, Retention, Subject, register, \
    register_reads, register_retention, register_subject

from .models import PERSONAL_FIELDS

NAME_AND_SCHOOL = ("ФИО и школа — исполнение полномочий в сфере образования (п. 2 ч. 1 ст. 6 152-ФЗ); "
                   "остальное — согласие законного представителя, с 18 лет — самого обучающегося (ст. 9 152-ФЗ)")
CONSENT = "Согласие законного представителя, с 18 лет — самого обучающегося (ст. 9 152-ФЗ)"

register_subject(Subject("pupil", "guidance.Pupil", "Обучающийся (в том числе несовершеннолетний)", minor=True))
register(
    Holding("guidance.Pupil", "pupil", "", ("last_name", "first_name", "middle_name", "organisation",
                                             *PERSONAL_FIELDS, "interest_specialties"),
            NAME_AND_SCHOOL, CLEAR, cleared=tuple(PERSONAL_FIELDS), on_destruction=DELETE),
    Holding("guidance.Pupil_interest_specialties", "pupil", "pupil", ("specialty",), CONSENT, DELETE),
    Holding("guidance.Representative", "pupil", "pupil", ("full_name", "relation", "phone", "email"), CONSENT,
            DELETE),
    Holding("guidance.Consent", "pupil", "pupil", ("given_by", "given_by_name", "given_on", "document_ref",
                                                   "withdrawn_on", "withdrawal_reason"),
            "Доказательство получения согласия (ч. 3 ст. 9 152-ФЗ)", KEEP,
            why_kept="доказательство, что обработка до отзыва была законной: кто, когда дал и отозвал согласие; "
                     "уничтожается вместе с записью обучающегося, когда цель обработки достигнута (акт об "
                     "уничтожении подтверждает, что и когда уничтожено)"),
    Holding("guidance.TutorAssignment", "pupil", "pupil", ("tutor", "start_year"), CONSENT, DELETE),
    Holding("guidance.ProfileClassMember", "pupil", "pupil", ("profile_class", "joined_on", "left_on"), CONSENT,
            DELETE),
    Holding("guidance.MotivatedPupil", "pupil", "pupil", ("sector", "specialty", "note"), CONSENT, DELETE),
    Holding("guidance.EducationalRoute", "pupil", "pupil", ("goals",), CONSENT, DELETE),
    Holding("guidance.RouteStep", "pupil", "route__pupil", ("title", "due_on", "status", "done_on"), CONSENT,
            DELETE, label="Шаги образовательных маршрутов"),
    Holding("guidance.ProfessionalPlan", "pupil", "pupil", ("target_specialty", "institution", "exams", "steps"),
            CONSENT, DELETE),
    Holding("guidance.TargetedEntry", "pupil", "pupil", ("specialty", "customer", "level", "desired_institution",
                                                         "status", "note"), CONSENT, DELETE),
    Holding("guidance.RouteSheet", "pupil", "entry__pupil", ("template",), CONSENT, DELETE),
    Holding("guidance.RouteSheetItem", "pupil", "sheet__entry__pupil", ("title", "planned_on", "done_on", "note", "moved_from"),
            CONSENT, DELETE, label="Мероприятия маршрутных листов"),
)

register_reads(
    Read("pupils:pupil_detail", "Карточка обучающегося", "guidance.Pupil", logged_by_view=True),
    Read("pupils:pupil_edit", "Изменение сведений об обучающемся", "guidance.Pupil"),
    Read("pupils:pupil_list", "Список обучающихся"),
    Read("pupils:pupil_export", "Выгрузка списка обучающихся"),
    Read("pupils:tutoring", "Тьюторское сопровождение обучающегося", "guidance.Pupil"),
    Read("pupils:class_detail", "Состав профильного класса", "guidance.ProfileClass"),
    Read("pupils:motivated_list", "Мотивированные обучающиеся"),
    Read("pupils:motivated_create", "Отметка мотивированного обучающегося (выбор из списка)"),
    Read("pupils:motivated_edit", "Изменение отметки мотивированного обучающегося", "guidance.MotivatedPupil"),
    Read("pupils:targeted_list", "База данных для целевого обучения"),
    Read("pupils:targeted_create", "Внесение в базу данных для целевого обучения (выбор из списка)"),
    Read("pupils:targeted_edit", "Изменение записи базы данных для целевого обучения", "guidance.TargetedEntry"),
    Read("pupils:route_sheet_list", "Маршрутные листы"),
    Read("pupils:route_item_edit", "Изменение мероприятия маршрутного листа", "guidance.RouteSheetItem", "item"),
    Read("pupils:route_monitoring", "Мониторинг маршрутных листов"),
)


# Destruction when the purpose is reached (152-ФЗ, ст. 21 ч. 4–5; decision 59). The purpose — career guidance and
# the choice of targeted training — ends when the pupil leaves school. A pupil with a target contract is kept: the
# contract is its own basis, and its period (contracts/personal_data.py) covers the pupil once it runs out.
PUPIL_YEARS = 3
PUPIL_REASON = (
    "Цель — профориентация и отбор для целевого обучения — достигается, когда обучающийся покидает школу. "
    "Сведения ещё нужны три приёмные кампании: выпускник может заключить договор в год выпуска и в два следующих "
    "(после службы в армии или колледжа), и воронка целевого обучения считает когорту выпуска до поступления; "
    "три года — и общий срок исковой давности (ст. 196 ГК РФ) по спорам об обработке.")


def _pupils_due(pupils, cutoff):
    from .models import Pupil

    return (pupils.filter(status__in=[Pupil.Status.GRADUATED, Pupil.Status.LEFT], left_on__isnull=False,
                          left_on__lte=cutoff, contracts__isnull=True)
            .annotate(ended_on=F("left_on")).select_related("organisation").order_by("left_on", "id"))


def _pupils_in_scope(user):
    from orientir.accounts import access

    return access.pupils_for(user)


def _pupil_row(pupil):
    return (f"Обучающийся, запись № {pupil.pk}", str(pupil.organisation), pupil.get_status_display())


def _pupil_names(pupil):
    return [pupil.full_name]


register_retention(Retention(
    "pupil", "Обучающиеся без договора о целевом обучении", PUPIL_YEARS, "обучающийся выбыл или окончил школу",
    PUPIL_REASON, due=_pupils_due, scope=_pupils_in_scope, describe=_pupil_row, names=_pupil_names, order=1))
