"""Mentoring (plan items 2.6, 3.2, 3.2.1, 3.2.2): programmes, mentors, pairs with their goals and meetings.

One module serves every model of the methodology: «студент – школьник» (a student of a college or university
mentors a pupil), «работодатель – студент» and «работодатель – молодой специалист» (a staff member of a customer
organisation mentors a person under a target contract). A pair's mentee is either a pupil or a contract, never
both; which one follows from the programme's model. The pair's state changes only through
`services.pair_transition`, which leaves a PairEvent with the date and the reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.accounts.roles import Sector
from orientir.core.text import full_name, natural_key, search_blob
from orientir.directory.models import Municipality, Organisation, Specialty


class MentoringModel(models.TextChoices):
    STUDENT_PUPIL = "student_pupil", "«Студент – школьник» (п. 2.6)"
    EMPLOYER_STUDENT = "employer_student", "«Работодатель – студент» (п. 3.2.1)"
    EMPLOYER_YOUNG_SPECIALIST = "employer_young_specialist", "«Работодатель – молодой специалист» (п. 3.2.2)"


# Which models take a pupil as the mentee; the others take a target contract.
PUPIL_MODELS = {MentoringModel.STUDENT_PUPIL}


class Programme(models.Model):
    """A mentoring programme of an organisation for a period (a school year for 2.6 and 3.2.1, a year for 3.2.2)."""

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    model = models.CharField("Модель наставничества", max_length=30, choices=MentoringModel.choices)
    title = models.CharField("Наименование программы", max_length=300)
    organisation = models.ForeignKey(Organisation, verbose_name="Организация-организатор", on_delete=models.PROTECT,
                                     related_name="mentoring_programmes")
    start_year = models.PositiveIntegerField("Учебный год (год начала)")
    starts_on = models.DateField("Начало реализации", null=True, blank=True)
    ends_on = models.DateField("Окончание реализации", null=True, blank=True)
    goals = models.TextField("Цели и задачи программы", blank=True)
    description = models.TextField("Описание (формы работы, ожидаемые результаты)", blank=True)
    coordinator = models.CharField("Куратор программы (ФИО, должность)", max_length=300, blank=True)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    created_at = models.DateTimeField("Создана", auto_now_add=True)

    class Meta:
        verbose_name = "Программа наставничества"
        verbose_name_plural = "Программы наставничества"
        ordering = ["-start_year", "title", "id"]
        indexes = [models.Index(fields=["organisation", "start_year"], name="mentoring_prog_org_idx"),
                   models.Index(fields=["municipality", "model", "start_year"], name="mentoring_prog_scope_idx")]
        constraints = [models.CheckConstraint(
            condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            name="mentoring_programme_dates", violation_error_message="Окончание реализации не может быть раньше начала.")]

    def __str__(self) -> str:
        return self.title

    @property
    def takes_pupils(self) -> bool:
        return self.model in PUPIL_MODELS

    @property
    def period_label(self) -> str:
        if self.model == MentoringModel.EMPLOYER_YOUNG_SPECIALIST:
            return f"{self.start_year} год"
        return f"{self.start_year}/{self.start_year + 1} учебный год"

    def refresh_derived(self) -> None:
        self.search_text = search_blob(self.title, self.coordinator)

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if self.organisation_id and not self.municipality_id:
            self.municipality_id = self.organisation.municipality_id
        super().save(*args, **kwargs)


class Mentor(models.Model):
    """A mentor: a student of a college or university (2.6) or a staff member of a municipal organisation (3.2)."""

    class Kind(models.TextChoices):
        STUDENT = "student", "Студент колледжа (вуза)"
        STAFF = "staff", "Работник муниципальной организации"

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    kind = models.CharField("Категория наставника", max_length=10, choices=Kind.choices)
    last_name = models.CharField("Фамилия", max_length=100)
    first_name = models.CharField("Имя", max_length=100)
    middle_name = models.CharField("Отчество", max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="Организация", on_delete=models.PROTECT, related_name="mentors",
        help_text="Для работника — место работы; для студента — организация, привлёкшая его к наставничеству")
    position = models.CharField("Должность", max_length=200, blank=True)
    education_organisation = models.CharField("Колледж (вуз)", max_length=300, blank=True)
    course = models.PositiveSmallIntegerField("Курс", null=True, blank=True)
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность (направление подготовки)", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="Учётная запись (роль «Тьютор / наставник»)",
                                null=True, blank=True, on_delete=models.SET_NULL, related_name="mentor_profile")
    contract = models.ForeignKey("contracts.Contract", verbose_name="Договор о целевом обучении наставника",
                                 null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    phone = models.CharField("Телефон", max_length=30, blank=True)
    email = models.EmailField("Электронная почта", blank=True)
    capacity = models.PositiveSmallIntegerField("Наибольшее число наставляемых", default=3)
    is_active = models.BooleanField("Готов вести пары", default=True)
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=320, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("Добавлен", auto_now_add=True)

    class Meta:
        verbose_name = "Наставник"
        verbose_name_plural = "Наставники"
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["organisation", "kind"], name="mentoring_mentor_org_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(course__isnull=True) | Q(course__gte=1, course__lte=6),
                                   name="mentoring_mentor_course_1_6", violation_error_message="Курс — от 1 до 6."),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=20), name="mentoring_mentor_capacity",
                                   violation_error_message="Число наставляемых — от 1 до 20."),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    @property
    def affiliation(self) -> str:
        """Where the mentor comes from, as a list shows it."""
        if self.kind == self.Kind.STUDENT:
            parts = [self.education_organisation, f"{self.course} курс" if self.course else ""]
        else:
            parts = [self.organisation.short_name, self.position]
        return ", ".join(p for p in parts if p)

    def refresh_derived(self) -> None:
        self.search_text = search_blob(self.last_name, self.first_name, self.middle_name, self.education_organisation,
                                       self.position)
        self.sort_name = natural_key(f"{self.last_name} {self.first_name} {self.middle_name}")[:320]

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if self.organisation_id and not self.municipality_id:
            self.municipality_id = self.organisation.municipality_id
        super().save(*args, **kwargs)


class PairState(models.TextChoices):
    PROPOSED = "proposed", "Предложена"
    ACTIVE = "active", "Действует"
    COMPLETED = "completed", "Завершена"
    CANCELLED = "cancelled", "Отменена"


OPEN_STATES = (PairState.PROPOSED, PairState.ACTIVE)


class Pair(models.Model):
    """A mentor and a mentee in a programme: a pupil (2.6) or the person under a target contract (3.2)."""

    programme = models.ForeignKey(Programme, verbose_name="Программа", on_delete=models.PROTECT, related_name="pairs")
    mentor = models.ForeignKey(Mentor, verbose_name="Наставник", on_delete=models.PROTECT, related_name="pairs")
    # The pupil's pairs are data processed under the consent: they go with its withdrawal (see services).
    pupil = models.ForeignKey("guidance.Pupil", verbose_name="Обучающийся", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="mentoring_pairs")
    contract = models.ForeignKey("contracts.Contract", verbose_name="Договор о целевом обучении", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="mentoring_pairs")
    state = models.CharField("Состояние", max_length=10, choices=PairState.choices, default=PairState.PROPOSED,
                             editable=False)
    proposed_on = models.DateField("Предложена")
    started_on = models.DateField("Начало", null=True, blank=True)
    completed_on = models.DateField("Завершена", null=True, blank=True)
    cancelled_on = models.DateField("Отменена", null=True, blank=True)
    cancel_reason = models.CharField("Причина отмены", max_length=500, blank=True)
    outcome = models.TextField("Результат наставничества", blank=True)
    match_score = models.SmallIntegerField("Баллы подбора", null=True, blank=True)
    match_reasons = models.JSONField("Основания подбора", default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Пара наставничества"
        verbose_name_plural = "Пары наставничества"
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["programme", "state"], name="mentoring_pair_state_idx")]
        constraints = [
            # The mentee is a pupil or a contract, exactly one of them.
            models.CheckConstraint(condition=(Q(pupil__isnull=False) & Q(contract__isnull=True))
                                   | (Q(pupil__isnull=True) & Q(contract__isnull=False)),
                                   name="mentoring_pair_one_mentee"),
            # A mentee has at most one open pair in a programme.
            models.UniqueConstraint(fields=["programme", "pupil"], condition=Q(state__in=["proposed", "active"]),
                                    name="mentoring_pair_open_pupil"),
            models.UniqueConstraint(fields=["programme", "contract"], condition=Q(state__in=["proposed", "active"]),
                                    name="mentoring_pair_open_contract"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.full_name} — {self.mentee_name}"

    @property
    def mentee_name(self) -> str:
        if self.pupil_id:
            return self.pupil.full_name
        return self.contract.citizen_name if self.contract_id else ""

    @property
    def mentee_kind(self) -> str:
        return "Обучающийся" if self.pupil_id else "Гражданин по договору о целевом обучении"


class PairEvent(models.Model):
    """One change of a pair's state, with its date and reason: the pair's own history."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField("Из состояния", max_length=10, choices=PairState.choices, blank=True)
    to_state = models.CharField("В состояние", max_length=10, choices=PairState.choices)
    on = models.DateField("Дата")
    reason = models.CharField("Основание", max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Событие пары наставничества"
        verbose_name_plural = "История пары наставничества"
        ordering = ["on", "id"]


class Goal(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField("Цель", max_length=500)
    due_on = models.DateField("Срок", null=True, blank=True)
    achieved = models.BooleanField("Достигнута", default=False)
    achieved_on = models.DateField("Дата достижения", null=True, blank=True)

    class Meta:
        verbose_name = "Цель пары наставничества"
        verbose_name_plural = "Цели пары наставничества"
        ordering = ["due_on", "id"]


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Очная встреча"
        ONLINE = "online", "Дистанционно"
        EVENT = "event", "Совместное мероприятие"
        WORKPLACE = "workplace", "На рабочем месте"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("Дата")
    format = models.CharField("Формат", max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    hours = models.DecimalField("Часов", max_digits=4, decimal_places=1)
    topic = models.CharField("Тема", max_length=300)
    notes = models.TextField("Заметки", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "Встреча пары наставничества"
        verbose_name_plural = "Журнал встреч"
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="mentoring_meeting_hours",
                                              violation_error_message="Продолжительность — от 0,1 до 24 часов.")]
