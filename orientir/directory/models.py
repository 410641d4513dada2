"""The data spine: municipalities, organisations, committee units, positions, specialties, years."""

import datetime

from django.db import models
from django.db.models import Q

from orientir.core.text import natural_key, search_blob
from orientir.core.validators import validate_ogrn, validate_org_inn


class Sector(models.TextChoices):
    """Sector of the social sphere; it fixes the supervising directorate of an organisation."""

    EDUCATION = "education", "Образование"
    CULTURE = "culture", "Культура"
    SPORT = "sport", "Спорт и молодёжная политика"


class Municipality(models.Model):
    """A municipal formation; one deployment may serve several (a region)."""

    name = models.CharField("Наименование", max_length=200, unique=True)
    short_name = models.CharField("Краткое наименование", max_length=100, blank=True)
    oktmo = models.CharField("Код ОКТМО", max_length=11, blank=True)

    class Meta:
        verbose_name = "Муниципальное образование"
        verbose_name_plural = "Муниципальные образования"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class CommitteeUnit(models.Model):
    """A unit of the Committee that the plan names as a responsible executor."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Отдел Комитета"
        DIRECTORATE = "directorate", "Управление Комитета"
        INSTITUTION = "institution", "Муниципальное учреждение"

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="units")
    name = models.CharField("Наименование", max_length=300)
    short_name = models.CharField("Сокращение", max_length=50)
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices)
    # A directorate supervises the organisations of one sector.
    sector = models.CharField("Курируемая отрасль", max_length=20, choices=Sector.choices, blank=True)
    head_name = models.CharField("Руководитель", max_length=200, blank=True)
    email = models.EmailField("Электронная почта", blank=True)
    phone = models.CharField("Телефон", max_length=30, blank=True)
    is_active = models.BooleanField("Действует", default=True)

    class Meta:
        verbose_name = "Подразделение Комитета"
        verbose_name_plural = "Подразделения Комитета"
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "short_name"], name="unit_short_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A municipal organisation of the social sphere."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "Школа"
        KINDERGARTEN = "kindergarten", "Детский сад"
        ADDITIONAL = "additional", "Организация дополнительного образования"
        CULTURE = "culture", "Учреждение культуры"
        SPORT = "sport", "Спортивная организация"
        OTHER = "other", "Другое"

    class Status(models.TextChoices):
        ACTIVE = "active", "Действует"
        CLOSED = "closed", "Закрыта"

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="organisations")
    full_name = models.CharField("Полное наименование", max_length=500)
    short_name = models.CharField("Краткое наименование", max_length=200)
    kind = models.CharField("Тип", max_length=20, choices=Kind.choices)
    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices)
    inn = models.CharField("ИНН", max_length=10, validators=[validate_org_inn], unique=True)
    ogrn = models.CharField("ОГРН", max_length=13, validators=[validate_ogrn], unique=True)
    address = models.CharField("Адрес", max_length=500, blank=True)
    head_position = models.CharField("Должность руководителя", max_length=200, blank=True, default="Директор")
    head_last_name = models.CharField("Фамилия руководителя", max_length=100, blank=True)
    head_first_name = models.CharField("Имя руководителя", max_length=100, blank=True)
    head_middle_name = models.CharField("Отчество руководителя", max_length=100, blank=True)
    phone = models.CharField("Телефон", max_length=30, blank=True)
    email = models.EmailField("Электронная почта", blank=True)
    website = models.URLField("Сайт", blank=True)
    is_customer = models.BooleanField("Заказчик целевого обучения", default=False)
    customer_since = models.DateField("Заказчик с", null=True, blank=True)
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField("Дата закрытия", null=True, blank=True)
    # Normalised name, ИНН and address (ё→е, lower case) so that search is index-friendly on any DB.
    search_text = models.TextField(editable=False, default="")
    # Name with numbers zero-padded, so «№ 2» sorts before «№ 10» as people expect.
    sort_name = models.CharField(max_length=300, editable=False, default="")
    # Optimistic locking: an edit based on an older version is refused, not silently overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("Создана", auto_now_add=True)
    updated_at = models.DateTimeField("Изменена", auto_now=True)

    class Meta:
        verbose_name = "Организация"
        verbose_name_plural = "Организации"
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["municipality", "sector", "kind"], name="org_scope_idx"),
            models.Index(fields=["sort_name", "id", "status"], name="org_sort_name_idx"),
            # Filters by kind or sector in name order: without these a «schools only» page walks every
            # kindergarten in the name index first (measured in bench/run.py at 100,000 organisations).
            models.Index(fields=["kind", "sort_name", "id"], name="org_kind_sort_idx"),
            models.Index(fields=["sector", "sort_name", "id"], name="org_sector_sort_idx"),
            models.Index(fields=["kind", "sector", "is_customer", "status"], name="org_counts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="org_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def refresh_derived(self) -> None:
        """Recompute the search and sort columns from the fields people edit."""
        self.search_text = search_blob(self.short_name, self.full_name, self.inn, self.ogrn, self.address,
                                       self.head_full_name)
        self.sort_name = natural_key(self.short_name)[:300]

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)

    @property
    def head_full_name(self) -> str:
        return " ".join(p for p in (self.head_last_name, self.head_first_name, self.head_middle_name) if p)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class SpecialtyGroup(models.Model):
    """An enlarged group of specialties (УГС/УГСН), code NN.00.00."""

    code = models.CharField("Код группы", max_length=8, unique=True)
    name = models.CharField("Наименование группы", max_length=300)

    class Meta:
        verbose_name = "Укрупнённая группа специальностей"
        verbose_name_plural = "Укрупнённые группы специальностей"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EducationLevel(models.TextChoices):
    SPO_WORKER = "spo_worker", "СПО (квалифицированные рабочие)"
    SPO = "spo", "СПО (специалисты среднего звена)"
    BACHELOR = "bachelor", "Бакалавриат"
    SPECIALIST = "specialist", "Специалитет"
    MASTER = "master", "Магистратура"


class Specialty(models.Model):
    """A specialty or field of study of the classifier (ОКСО), editable data with validity dates."""

    code = models.CharField("Код", max_length=8)
    name = models.CharField("Наименование", max_length=300)
    level = models.CharField("Уровень образования", max_length=20, choices=EducationLevel.choices)
    group = models.ForeignKey(SpecialtyGroup, verbose_name="Укрупнённая группа", on_delete=models.PROTECT,
                              related_name="specialties")
    valid_from = models.DateField("Действует с", default=datetime.date(2013, 9, 1))
    valid_to = models.DateField("Действует по", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "Специальность (направление подготовки)"
        verbose_name_plural = "Классификатор специальностей"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="specialty_code_from_unique"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="specialty_valid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Position(models.Model):
    """A position of the staff list (учитель математики, воспитатель…) with what it requires."""

    class RequiredLevel(models.TextChoices):
        SPO = "spo", "Среднее профессиональное"
        HIGHER = "higher", "Высшее"
        SPO_OR_HIGHER = "spo_or_higher", "Среднее профессиональное или высшее"

    name = models.CharField("Должность", max_length=200, unique=True)
    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices)
    required_level = models.CharField("Требуемый уровень образования", max_length=20,
                                      choices=RequiredLevel.choices, default=RequiredLevel.SPO_OR_HIGHER)
    specialty_groups = models.ManyToManyField(SpecialtyGroup, verbose_name="Укрупнённые группы специальностей",
                                              blank=True, related_name="positions")
    is_active = models.BooleanField("Используется", default=True)

    class Meta:
        verbose_name = "Должность"
        verbose_name_plural = "Каталог должностей"
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return self.name


class AcademicYear(models.Model):
    """A school year «2026/2027», 1 September – 31 August."""

    start_year = models.PositiveIntegerField("Год начала", unique=True)
    starts_on = models.DateField("Начало")
    ends_on = models.DateField("Окончание")
    is_current = models.BooleanField("Текущий", default=False)

    class Meta:
        verbose_name = "Учебный год"
        verbose_name_plural = "Учебные годы"
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_year"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def name(self) -> str:
        return str(self)
