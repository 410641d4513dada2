"""Career guidance (plan items 2.4–2.5, 2.7, 2.8.4): the municipal programme bank, runs of programmes with
sessions and attendance, career events (incl. the regional Days of professional education), work with
parents, exam-prep courses and exam results.

Everything about a named pupil (enrolment, attendance, event participation, exam results) is stored only
under an active consent (pupils.services.has_active_consent) and erased when the consent is withdrawn.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from orientir.accounts.roles import Sector
from orientir.directory.models import Municipality, Organisation
from orientir.pupils.models import Pupil

HOURS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(0.5), MaxValueValidator(24)]}


# --- The municipal programme bank (2.4.1) ----------------------------------------------------------

class Programme(models.Model):
    """A network, practice-oriented guidance programme proposed to the bank and approved by the quality centre."""

    class Kind(models.TextChoices):
        TRIALS = "trials", "Профессиональные пробы"
        MASTER_CLASSES = "master_classes", "Мастер-классы"
        PROJECT = "project", "Проектно-исследовательская деятельность"
        CONTESTS = "contests", "Конкурсы"
        MEETINGS = "meetings", "Встречи с профессионалами"
        EXCURSIONS = "excursions", "Экскурсии"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "На рассмотрении"
        APPROVED = "approved", "Одобрена"
        RETURNED = "returned", "Возвращена на доработку"

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование", on_delete=models.PROTECT,
                                     related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name="Организация-разработчик", on_delete=models.PROTECT,
                                     related_name="career_programmes")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    title = models.CharField("Название программы", max_length=300)
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices)
    sector = models.CharField("Отрасль социальной сферы", max_length=20, choices=Sector.choices)
    authors = models.CharField("Авторы (составители)", max_length=500)
    partners_text = models.TextField("Организации-партнёры", blank=True,
                                     help_text="Колледжи, вузы, организации социальной сферы — по одному в строке")
    partners = models.ManyToManyField(Organisation, verbose_name="Партнёры из реестра организаций", blank=True,
                                      related_name="+")
    grade_from = models.PositiveSmallIntegerField("Классы: с", validators=[MinValueValidator(1),
                                                                           MaxValueValidator(11)])
    grade_to = models.PositiveSmallIntegerField("Классы: по", validators=[MinValueValidator(1),
                                                                          MaxValueValidator(11)])
    hours = models.DecimalField("Объём, часов", max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(1), MaxValueValidator(500)])
    description = models.TextField("Описание", blank=True)
    status = models.CharField("Состояние", max_length=12, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField("Замечания ГЦОКО", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Рассмотрел", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("Рассмотрена", null=True, blank=True)
    submitted_at = models.DateTimeField("Представлена", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("Внесена", auto_now_add=True)
    updated_at = models.DateTimeField("Изменена", auto_now=True)

    class Meta:
        verbose_name = "Профориентационная программа"
        verbose_name_plural = "Муниципальный банк профориентационных программ"
        ordering = ["-start_year", "title", "id"]
        indexes = [models.Index(fields=["municipality", "status", "start_year"], name="programme_bank_idx")]
        constraints = [models.CheckConstraint(condition=Q(grade_from__lte=models.F("grade_to")),
                                              name="programme_grades_ordered",
                                              violation_error_message="Класс «с» не может быть больше класса «по».")]

    def __str__(self) -> str:
        return self.title

    @property
    def grades_label(self) -> str:
        return f"{self.grade_from}–{self.grade_to}" if self.grade_from != self.grade_to else str(self.grade_from)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ProgrammeFile(models.Model):
    """A document attached to a programme (the programme text, a schedule, materials)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="files")
    title = models.CharField("Название документа", max_length=200)
    file = models.FileField("Файл", upload_to="careers/programmes/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("Загружен", auto_now_add=True)

    class Meta:
        verbose_name = "Файл программы"
        verbose_name_plural = "Файлы программ"
        ordering = ["uploaded_at", "id"]

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


# --- Delivery (2.4.2) -----------------------------------------------------------------------------

class ProgrammeRun(models.Model):
    """A run of an approved programme at an organisation in a school year."""

    programme = models.ForeignKey(Programme, verbose_name="Программа", on_delete=models.PROTECT, related_name="runs")
    organisation = models.ForeignKey(Organisation, verbose_name="Организация", on_delete=models.PROTECT,
                                     related_name="career_runs")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    leader = models.CharField("Руководитель (ФИО)", max_length=300, blank=True)
    notes = models.TextField("Примечание", blank=True)
    created_at = models.DateTimeField("Внесена", auto_now_add=True)

    class Meta:
        verbose_name = "Реализация программы"
        verbose_name_plural = "Реализация программ"
        ordering = ["-start_year", "organisation__sort_name", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "organisation", "start_year"],
                                               name="one_run_a_year")]

    def __str__(self) -> str:
        return f"{self.programme.title} — {self.organisation.short_name}, {self.start_year}/{self.start_year + 1}"


class RunSession(models.Model):
    run = models.ForeignKey(ProgrammeRun, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("Дата")
    topic = models.CharField("Тема занятия", max_length=300)
    hours = models.DecimalField("Часов", **HOURS)

    class Meta:
        verbose_name = "Занятие"
        verbose_name_plural = "Занятия"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} — {self.topic}"


class RunParticipant(models.Model):
    run = models.ForeignKey(ProgrammeRun, on_delete=models.CASCADE, related_name="participants")
    pupil = models.ForeignKey(Pupil, verbose_name="Обучающийся", on_delete=models.CASCADE,
                              related_name="career_runs")
    enrolled_on = models.DateField("Зачислен")

    class Meta:
        verbose_name = "Участник программы"
        verbose_name_plural = "Участники программы"
        constraints = [models.UniqueConstraint(fields=["run", "pupil"], name="one_run_participant")]


class SessionAttendance(models.Model):
    """A participant attended a session: the row exists only when they did."""

    session = models.ForeignKey(RunSession, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(RunParticipant, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="one_session_mark")]


# --- Career events (2.4, 2.5) ---------------------------------------------------------------------

class CareerEvent(models.Model):
    """A practice-oriented career event an organisation's pupils took part in."""

    class Kind(models.TextChoices):
        TRIAL = "trial", "Профессиональная проба"
        MASTER_CLASS = "master_class", "Мастер-класс"
        PROJECT = "project", "Проектно-исследовательская работа"
        CONTEST = "contest", "Конкурс"
        MEETING = "meeting", "Встреча с профессионалами"
        EXCURSION = "excursion", "Экскурсия в организацию социальной сферы"
        SATURDAY = "saturday", "«Профессиональная суббота»"
        SEASONAL_SCHOOL = "seasonal_school", "Сезонная профориентационная школа"
        CHAMPIONSHIP = "championship", "Встреча с участниками регионального чемпионата"
        OTHER = "other", "Другое"

    # Kinds that only happen within the regional Days of professional education (plan item 2.5).
    PRO_DAYS_KINDS = (Kind.SATURDAY, Kind.SEASONAL_SCHOOL, Kind.CHAMPIONSHIP)

    organisation = models.ForeignKey(Organisation, verbose_name="Организация (чьи обучающиеся участвуют)",
                                     on_delete=models.PROTECT, related_name="career_events")
    held_on = models.DateField("Дата")
    start_year = models.PositiveIntegerField("Учебный год (год начала)", editable=False)
    title = models.CharField("Название", max_length=300)
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices)
    pro_days = models.BooleanField("В рамках Дней профессионального образования", default=False)
    place = models.CharField("Место проведения", max_length=300)
    organiser = models.CharField("Организатор", max_length=300)
    hours = models.DecimalField("Часов", **HOURS)
    description = models.TextField("Описание", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Профориентационное мероприятие"
        verbose_name_plural = "Профориентационные мероприятия"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "start_year"], name="career_event_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} — {self.title}"


class EventParticipant(models.Model):
    event = models.ForeignKey(CareerEvent, on_delete=models.CASCADE, related_name="participants")
    pupil = models.ForeignKey(Pupil, verbose_name="Обучающийся", on_delete=models.CASCADE,
                              related_name="career_events")
    attended = models.BooleanField("Присутствовал", default=False)

    class Meta:
        verbose_name = "Участник мероприятия"
        verbose_name_plural = "Участники мероприятия"
        constraints = [models.UniqueConstraint(fields=["event", "pupil"], name="one_event_participant")]


# --- Parents (2.7) --------------------------------------------------------------------------------

class ParentConsultation(models.Model):
    """A consultation or programme session for parents, logged by the school."""

    class Topic(models.TextChoices):
        TARGETED = "targeted", "Условия и преимущества целевого обучения"
        CHOICE = "choice", "Выбор профессии и профиля обучения"
        EXAMS = "exams", "Подготовка к экзаменам (ОГЭ, ЕГЭ)"
        ADMISSION = "admission", "Поступление в колледжи и вузы"
        SOCIAL_SPHERE = "social_sphere", "Профессии социальной сферы города"
        OTHER = "other", "Другое"

    class Form(models.TextChoices):
        INDIVIDUAL = "individual", "Индивидуальная консультация"
        GROUP = "group", "Групповая консультация"
        MEETING = "meeting", "Родительское собрание"

    organisation = models.ForeignKey(Organisation, verbose_name="Школа", on_delete=models.PROTECT,
                                     related_name="parent_consultations")
    held_on = models.DateField("Дата")
    start_year = models.PositiveIntegerField("Учебный год (год начала)", editable=False)
    consultant = models.CharField("Кто консультировал (ФИО, должность)", max_length=300)
    parent_name = models.CharField("ФИО родителя", max_length=300, blank=True)
    pupil = models.ForeignKey(Pupil, verbose_name="Обучающийся", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="parent_consultations")
    topic = models.CharField("Тема", max_length=20, choices=Topic.choices)
    form = models.CharField("Форма", max_length=12, choices=Form.choices)
    participants = models.PositiveSmallIntegerField("Число участников", default=1,
                                                    validators=[MinValueValidator(1), MaxValueValidator(1000)])
    outcome = models.TextField("Результат", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Консультация для родителей"
        verbose_name_plural = "Работа с родителями"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "start_year"], name="parent_consult_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} — {self.get_topic_display()}"


# --- Exam-prep courses (2.8.4) and exam results ------------------------------------------------------

class ExamSubject(models.TextChoices):
    RUSSIAN = "russian", "Русский язык"
    MATH = "math", "Математика (профильный уровень)"
    PHYSICS = "physics", "Физика"
    CHEMISTRY = "chemistry", "Химия"
    INFORMATICS = "informatics", "Информатика"
    BIOLOGY = "biology", "Биология"
    HISTORY = "history", "История"
    GEOGRAPHY = "geography", "География"
    SOCIAL = "social", "Обществознание"
    LITERATURE = "literature", "Литература"
    ENGLISH = "english", "Английский язык"


class PrepCourse(models.Model):
    """A free short course preparing 11th-graders for the ЕГЭ in a profile subject."""

    organisation = models.ForeignKey(Organisation, verbose_name="Организация", on_delete=models.PROTECT,
                                     related_name="prep_courses")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    subject = models.CharField("Предмет ЕГЭ", max_length=20, choices=ExamSubject.choices)
    teacher = models.CharField("Преподаватель (ФИО)", max_length=300)
    title = models.CharField("Название курса", max_length=300, blank=True)
    schedule = models.CharField("Расписание", max_length=300, blank=True, help_text="Например: по субботам, 10:00")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Подготовительный курс"
        verbose_name_plural = "Подготовительные курсы"
        ordering = ["-start_year", "organisation__sort_name", "subject", "id"]

    def __str__(self) -> str:
        return self.title or f"Подготовка к ЕГЭ: {self.get_subject_display()}"


class PrepSession(models.Model):
    course = models.ForeignKey(PrepCourse, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("Дата")
    topic = models.CharField("Тема занятия", max_length=300)
    hours = models.DecimalField("Часов", **HOURS)

    class Meta:
        ordering = ["held_on", "id"]


class PrepEnrolment(models.Model):
    course = models.ForeignKey(PrepCourse, on_delete=models.CASCADE, related_name="enrolments")
    pupil = models.ForeignKey(Pupil, verbose_name="Обучающийся", on_delete=models.CASCADE,
                              related_name="prep_enrolments")
    enrolled_on = models.DateField("Зачислен")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "pupil"], name="one_prep_enrolment")]


class PrepAttendance(models.Model):
    session = models.ForeignKey(PrepSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(PrepEnrolment, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_prep_mark")]


class ExamResult(models.Model):
    """A pupil's mock or final ЕГЭ score in a subject: course attendees and other pupils alike."""

    class Kind(models.TextChoices):
        MOCK = "mock", "Пробный экзамен"
        FINAL = "final", "ЕГЭ"

    pupil = models.ForeignKey(Pupil, verbose_name="Обучающийся", on_delete=models.CASCADE,
                              related_name="exam_results")
    subject = models.CharField("Предмет", max_length=20, choices=ExamSubject.choices)
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    kind = models.CharField("Вид", max_length=8, choices=Kind.choices)
    score = models.PositiveSmallIntegerField("Баллы", validators=[MinValueValidator(0), MaxValueValidator(100)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Результат экзамена"
        verbose_name_plural = "Результаты экзаменов"
        ordering = ["-start_year", "subject", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "subject", "start_year", "kind"], name="one_exam_result"),
            models.CheckConstraint(condition=Q(score__lte=100), name="exam_score_0_100"),
        ]
