"""Pupils of the schools with their legal representatives and consents to personal-data processing (152-ФЗ).

A pupil without an active consent keeps only a name and a school: the service refuses anything more,
and withdrawing the consent erases what was stored beyond them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.accounts.roles import Sector
from orientir.core.text import natural_key, search_blob
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
        self.search_text = search_blob(self.last_name, self.first_name, self.middle_name)
        self.sort_name = natural_key(f"{self.last_name} {self.first_name} {self.middle_name}")[:320]

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
