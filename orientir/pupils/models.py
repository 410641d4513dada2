"""Pupils of the schools with their legal representatives and consents to personal-data processing (152-ФЗ).

A pupil without an active consent keeps only a name and a school: the service refuses anything more,
and withdrawing the consent erases what was stored beyond them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.accounts.roles import Sector
from orientir.core.text import natural_key_of_search, search_blob
from orientir.directory.models import Organisation, Specialty

# Fields that are personal data beyond name and school: stored only under an active consent.
PERSONAL_FIELDS = ["birth_date", "grade", "class_letter", "phone", "email", "interest_sector"]


class Pupil(models.Model):
    class Status(models.TextChoices):
        STUDYING = "studying", "Обучается"
        GRADUATED = "graduated", "Выпускник"
        LEFT = "left", "Выбыл"

    organisation = models.ForeignKey(Organisation, verbose_name="Школа", on_delete=models.PROTECT,
                                     related_name="pupils")
    last_name = models.CharField("Фамилия", max_length=100)
    first_name = models.CharField("Имя", max_length=100)
    middle_name = models.CharField("Отчество", max_length=100, blank=True)
    birth_date = models.DateField("Дата рождения", null=True, blank=True)
    grade = models.PositiveSmallIntegerField("Класс", null=True, blank=True)
    class_letter = models.CharField("Литера класса", max_length=3, blank=True)
    phone = models.CharField("Телефон", max_length=30, blank=True)
    email = models.EmailField("Электронная почта", blank=True)
    interest_sector = models.CharField("Интерес: отрасль", max_length=20, choices=Sector.choices, blank=True)
    interest_specialties = models.ManyToManyField(Specialty, verbose_name="Интерес: специальности", blank=True,
                                                  related_name="+")
    status = models.CharField("Состояние", max_length=12, choices=Status.choices, default=Status.STUDYING)
    left_on = models.DateField("Дата выбытия / выпуска", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=320, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("Добавлен", auto_now_add=True)
    updated_at = models.DateTimeField("Изменён", auto_now=True)

    class Meta:
        verbose_name = "Обучающийся"
        verbose_name_plural = "Обучающиеся"
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["organisation", "status", "grade"], name="pupil_school_idx"),
                   models.Index(fields=["sort_name", "id"], name="pupil_sort_idx")]
        constraints = [models.CheckConstraint(condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=11),
                                              name="pupil_grade_1_11")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def class_label(self) -> str:
        """«9 «А»» as schools write it."""
        if not self.grade:
            return ""
        return f"{self.grade} «{self.class_letter}»" if self.class_letter else str(self.grade)

    def refresh_derived(self) -> None:
        self.search_text, self.sort_name = Pupil.derived(self.last_name, self.first_name, self.middle_name)

    @staticmethod
    def derived(last_name: str, first_name: str, middle_name: str) -> tuple[str, str]:
        """(search text, sort key) of a name; the import calls it for rows it builds no instance for. One
        normalisation feeds both: the search text is the name normalised, the sort key that text with its numbers
        padded (the name joined with its empty parts normalises to the same text)."""
        search = search_blob(last_name, first_name, middle_name)
        return search, natural_key_of_search(search)[:320]

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class Representative(models.Model):
    """A legal representative of a minor pupil."""

    class Relation(models.TextChoices):
        MOTHER = "mother", "Мать"
        FATHER = "father", "Отец"
        GUARDIAN = "guardian", "Опекун (попечитель)"
        OTHER = "other", "Иной законный представитель"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="representatives")
    full_name = models.CharField("ФИО представителя", max_length=300)
    relation = models.CharField("Кем приходится", max_length=10, choices=Relation.choices, default=Relation.MOTHER)
    phone = models.CharField("Телефон", max_length=30, blank=True)
    email = models.EmailField("Электронная почта", blank=True)

    class Meta:
        verbose_name = "Законный представитель"
        verbose_name_plural = "Законные представители"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


class Consent(models.Model):
    """Consent to the processing of a pupil's personal data: who gave it, when, for what, its withdrawal."""

    class GivenBy(models.TextChoices):
        REPRESENTATIVE = "representative", "Законный представитель"
        PUPIL = "pupil", "Обучающийся (с 18 лет)"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField("Кем дано", max_length=20, choices=GivenBy.choices,
                                default=GivenBy.REPRESENTATIVE)
    given_by_name = models.CharField("ФИО давшего согласие", max_length=300)
    given_on = models.DateField("Дата согласия")
    scope = models.TextField("Объём и цель обработки",
                             default="Обработка персональных данных для организации профориентационной работы и "
                                     "целевого обучения (ФИО, дата рождения, класс, контакты, интересы)")
    document_ref = models.CharField("Реквизиты документа", max_length=200, blank=True)
    withdrawn_on = models.DateField("Отозвано", null=True, blank=True)
    withdrawal_reason = models.CharField("Причина отзыва", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Внёс", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Согласие на обработку персональных данных"
        verbose_name_plural = "Согласия на обработку персональных данных"
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Согласие от {self.given_on:%d.%m.%Y} ({self.given_by_name})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class TutorAssignment(models.Model):
    """A tutor attached to a pupil for a school year (plan item 2.3); a tutor sees only these pupils."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="tutor_assignments")
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Тьютор", on_delete=models.PROTECT,
                              related_name="tutored")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Закрепление тьютора"
        verbose_name_plural = "Закрепления тьюторов"
        constraints = [models.UniqueConstraint(fields=["pupil", "tutor", "start_year"], name="one_tutor_link")]


# --- Profile classes (plan items 2.1–2.1.4) --------------------------------------------------------

class ProfileClass(models.Model):
    """A profile class, or a class/group of professional orientation, of a school in a school year."""

    class Orientation(models.TextChoices):
        PEDAGOGICAL = "pedagogical", "Педагогический"
        MEDICAL = "medical", "Медицинский"
        SPORT = "sport", "Спортивный"
        CULTURE = "culture", "Культурный"
        ENGINEERING = "engineering", "Инженерный"
        OTHER = "other", "Другой"

    class Kind(models.TextChoices):
        PROFILE_CLASS = "class", "Профильный класс"
        ORIENTATION_CLASS = "orientation_class", "Класс профессиональной направленности"
        GROUP = "group", "Группа профессиональной направленности"

    organisation = models.ForeignKey(Organisation, verbose_name="Организация", on_delete=models.PROTECT,
                                     related_name="profile_classes")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    name = models.CharField("Наименование", max_length=100, help_text="Например: 10 «П»")
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices, default=Kind.PROFILE_CLASS)
    orientation = models.CharField("Направленность", max_length=20, choices=Orientation.choices)
    grade = models.PositiveSmallIntegerField("Класс (параллель)", null=True, blank=True)
    planned_headcount = models.PositiveSmallIntegerField("Планируемая численность", default=0)
    partners = models.TextField("Партнёры (колледжи, вузы, организации социальной сферы)", blank=True)
    description = models.TextField("Описание", blank=True)
    members = models.ManyToManyField(Pupil, through="ProfileClassMember", related_name="profile_classes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Профильный класс (группа)"
        verbose_name_plural = "Профильные классы и группы"
        ordering = ["organisation", "-start_year", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "start_year", "name"],
                                               name="profile_class_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_orientation_display().lower()}), {self.start_year}/{self.start_year + 1}"


class ProfileClassMember(models.Model):
    profile_class = models.ForeignKey(ProfileClass, on_delete=models.CASCADE, related_name="memberships")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="class_memberships")
    joined_on = models.DateField("Зачислен")
    left_on = models.DateField("Выбыл", null=True, blank=True)

    class Meta:
        verbose_name = "Обучающийся профильного класса"
        verbose_name_plural = "Состав профильного класса"
        constraints = [models.UniqueConstraint(fields=["profile_class", "pupil"], name="one_membership")]


class ClassActivity(models.Model):
    """A joint activity of a profile class with a college, university or social-sphere organisation (2.1.3)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Встреча"
        BRIEFING = "briefing", "Брифинг"
        EXCURSION = "excursion", "Экскурсия"
        MASTER_CLASS = "master_class", "Мастер-класс"
        OTHER = "other", "Другое"

    profile_class = models.ForeignKey(ProfileClass, on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField("Дата")
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices)
    title = models.CharField("Тема", max_length=300)
    partner = models.CharField("Партнёр", max_length=300, blank=True)
    participants = models.PositiveSmallIntegerField("Участников", default=0)
    notes = models.TextField("Примечание", blank=True)

    class Meta:
        verbose_name = "Совместное мероприятие профильного класса"
        verbose_name_plural = "Совместные мероприятия профильных классов"
        ordering = ["-held_on", "-id"]


# --- Motivated pupils (2.2), tutoring routes and plans (2.3) -----------------------------------------

class MotivatedPupil(models.Model):
    """A pupil of grade 9 or 11 identified in September–October as a potential participant (2.2)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="motivations")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices)
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    note = models.CharField("Примечание", max_length=300, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Мотивированный обучающийся"
        verbose_name_plural = "Мотивированные обучающиеся"
        constraints = [models.UniqueConstraint(fields=["pupil", "start_year"], name="one_motivation_a_year")]


class EducationalRoute(models.Model):
    """An individual educational route (2.3): goals and dated steps."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="routes")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    goals = models.TextField("Цели")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Индивидуальный образовательный маршрут"
        verbose_name_plural = "Индивидуальные образовательные маршруты"
        constraints = [models.UniqueConstraint(fields=["pupil", "start_year"], name="one_route_a_year")]


class RouteStep(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Запланирован"
        DONE = "done", "Выполнен"
        CANCELLED = "cancelled", "Отменён"

    route = models.ForeignKey(EducationalRoute, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField("Шаг", max_length=300)
    due_on = models.DateField("Срок")
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField("Выполнен", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class ProfessionalPlan(models.Model):
    """A personal professional plan (2.3): target specialty, college or university, exams, steps."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="professional_plans")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    target_specialty = models.ForeignKey(Specialty, verbose_name="Специальность", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    institution = models.CharField("Колледж или вуз", max_length=300, blank=True)
    exams = models.CharField("Экзамены (ОГЭ/ЕГЭ)", max_length=300, blank=True)
    steps = models.TextField("Шаги", blank=True)

    class Meta:
        verbose_name = "Личный профессиональный план"
        verbose_name_plural = "Личные профессиональные планы"
        constraints = [models.UniqueConstraint(fields=["pupil", "start_year"], name="one_plan_a_year")]


# --- Targeted database (2.8.1) and route sheets (2.8.2, 2.8.3) --------------------------------------

class EducationLevelChoice(models.TextChoices):
    SPO = "spo", "СПО"
    BACHELOR = "bachelor", "Бакалавриат"
    SPECIALIST = "specialist", "Специалитет"


class TargetedEntry(models.Model):
    """A pupil of grade 9 or 11 who wants a target contract, in the municipal targeted database."""

    class Status(models.TextChoices):
        DECLARED = "declared", "Заявил о желании"
        IN_WORK = "in_work", "Ведётся работа"
        CONTRACT = "contract", "Заключён договор"
        DECLINED = "declined", "Отказался"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="targeted_entries")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность", on_delete=models.PROTECT,
                                  related_name="+")
    level = models.CharField("Уровень образования", max_length=12, choices=EducationLevelChoice.choices)
    desired_institution = models.CharField("Желаемая образовательная организация", max_length=300, blank=True)
    customer = models.ForeignKey(Organisation, verbose_name="Организация-заказчик", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = models.CharField("Состояние", max_length=12, choices=Status.choices, default=Status.DECLARED)
    note = models.CharField("Примечание", max_length=300, blank=True)
    updated_at = models.DateTimeField("Изменено", auto_now=True)

    class Meta:
        verbose_name = "Запись базы данных для целевого обучения"
        verbose_name_plural = "База данных обучающихся для целевого обучения"
        constraints = [models.UniqueConstraint(fields=["pupil", "start_year"], name="one_targeted_entry_a_year")]


class RouteSheetTemplate(models.Model):
    """A typical route sheet of a sector, copied into each pupil's sheet and adjusted there."""

    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices)
    name = models.CharField("Наименование", max_length=200)
    is_active = models.BooleanField("Используется", default=True)

    class Meta:
        verbose_name = "Типовой маршрутный лист"
        verbose_name_plural = "Типовые маршрутные листы"

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    CONSULTATION = "consultation", "Консультация"
    CAREER_EVENT = "career_event", "Профориентационное мероприятие"
    TRIAL = "trial", "Профессиональная проба"
    PREP_COURSE = "prep_course", "Подготовительные курсы"
    CUSTOMER_MEETING = "customer_meeting", "Встреча с организацией-заказчиком"
    PRACTICE_DAY = "practice_day", "День практики"


class RouteSheetTemplateItem(models.Model):
    template = models.ForeignKey(RouteSheetTemplate, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("Вид", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("Мероприятие", max_length=300)
    month = models.PositiveSmallIntegerField("Месяц учебного года (1 — сентябрь)")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "month", "order", "id"]


class RouteSheet(models.Model):
    """The route sheet of a pupil in the targeted database (2.8.2)."""

    entry = models.OneToOneField(TargetedEntry, on_delete=models.CASCADE, related_name="route_sheet")
    template = models.ForeignKey(RouteSheetTemplate, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Маршрутный лист"
        verbose_name_plural = "Маршрутные листы"


class RouteSheetItem(models.Model):
    """An activity of a route sheet with its planned date and completion mark (2.8.3)."""

    sheet = models.ForeignKey(RouteSheet, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField("Вид", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("Мероприятие", max_length=300)
    planned_on = models.DateField("Планируемая дата")
    done_on = models.DateField("Выполнено", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    note = models.CharField("Отметка", max_length=300, blank=True)
    # The template's date, when the sheet was composed after it had passed and the item was moved forward.
    moved_from = models.DateField("Перенесено с", null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
