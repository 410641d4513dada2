"""Staffing monitoring (plan item 1.1): yearly campaigns, each organisation's return, a line per position."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.directory.models import Municipality, Organisation, Position

# Age bands of the state statistical forms (85-К, ОО-1); field name → label.
AGE_BANDS = [
    ("age_lt25", "до 25"), ("age_25_29", "25–29"), ("age_30_34", "30–34"), ("age_35_39", "35–39"),
    ("age_40_44", "40–44"), ("age_45_49", "45–49"), ("age_50_54", "50–54"), ("age_55_59", "55–59"),
    ("age_60_64", "60–64"), ("age_65p", "65 и старше"),
]
EDUCATION = [
    ("edu_higher_ped", "высшее педагогическое"), ("edu_higher_other", "высшее иное"),
    ("edu_voc_ped", "СПО педагогическое"), ("edu_voc_other", "СПО иное"), ("edu_none", "без проф. образования"),
]
UNIT_FIELDS = [("staff_units", "Штатных единиц"), ("filled_main", "Занято основными работниками"),
               ("filled_internal", "Занято внутренними совместителями"),
               ("filled_external", "Занято внешними совместителями")]
COUNT_FIELDS = [("pension_age", "Пенсионного возраста"), ("young_specialists", "Молодых специалистов (стаж до 3 лет)"),
                ("leavers_retirement", "Ожидаемое выбытие: на пенсию"),
                ("leavers_moving", "Ожидаемое выбытие: переезд"), ("leavers_other", "Ожидаемое выбытие: иное"),
                ("left_last_year", "Уволилось за прошедший год"),
                ("left_retirement_last_year", "Из них на пенсию"),
                ("hired_last_year", "Принято за прошедший год"),
                ("hired_target_last_year", "Из них по договорам о целевом обучении")]


class StaffingCampaign(models.Model):
    """The yearly monitoring the legal and HR department opens with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", "Идёт сбор"
        CLOSED = "closed", "Завершена"

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="staffing_campaigns")
    year = models.PositiveIntegerField("Год мониторинга")
    deadline = models.DateField("Срок представления (включительно)")
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Открыл", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Создана", auto_now_add=True)

    class Meta:
        verbose_name = "Мониторинг кадровой обеспеченности"
        verbose_name_plural = "Мониторинги кадровой обеспеченности"
        ordering = ["municipality", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="one_campaign_per_year")]

    def __str__(self) -> str:
        return f"Мониторинг кадровой обеспеченности {self.year} года"


class StaffingReturn(models.Model):
    """One organisation's return in a campaign."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Заполняется"
        SUBMITTED = "submitted", "Представлен"
        RETURNED = "returned", "Возвращён на доработку"

    campaign = models.ForeignKey(StaffingCampaign, on_delete=models.CASCADE, related_name="returns")
    organisation = models.ForeignKey(Organisation, verbose_name="Организация", on_delete=models.PROTECT,
                                     related_name="staffing_returns")
    status = models.CharField("Состояние", max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("Представлен", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Представил", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField("Замечания Комитета", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("Изменён", auto_now=True)

    class Meta:
        verbose_name = "Сведения организации"
        verbose_name_plural = "Сведения организаций"
        ordering = ["campaign", "organisation__sort_name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organisation"], name="one_return_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation.short_name}: сведения за {self.campaign.year} год"

    @property
    def is_overdue(self) -> bool:
        """Not submitted and the deadline (inclusive) has passed, counted in Moscow days."""
        from django.utils import timezone

        return self.status != self.Status.SUBMITTED and timezone.localdate() > self.campaign.deadline

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


def _units():
    return models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))


def _count():
    return models.PositiveIntegerField(default=0)


class ReturnLine(models.Model):
    """Staffing of one position in one organisation's return."""

    ret = models.ForeignKey(StaffingReturn, on_delete=models.CASCADE, related_name="lines")
    position = models.ForeignKey(Position, verbose_name="Должность", on_delete=models.PROTECT, related_name="+")
    staff_units = models.DecimalField("Штатных единиц", max_digits=8, decimal_places=2, default=Decimal("0"))
    filled_main = models.DecimalField("Занято основными работниками", max_digits=8, decimal_places=2,
                                      default=Decimal("0"))
    filled_internal = models.DecimalField("Занято внутренними совместителями", max_digits=8, decimal_places=2,
                                          default=Decimal("0"))
    filled_external = models.DecimalField("Занято внешними совместителями", max_digits=8, decimal_places=2,
                                          default=Decimal("0"))
    # Stored, though derivable, so that consolidation sums it in SQL; kept equal by the service.
    vacancies = models.DecimalField("Вакансий", max_digits=8, decimal_places=2, default=Decimal("0"))
    age_lt25 = models.PositiveIntegerField("до 25", default=0)
    age_25_29 = models.PositiveIntegerField("25–29", default=0)
    age_30_34 = models.PositiveIntegerField("30–34", default=0)
    age_35_39 = models.PositiveIntegerField("35–39", default=0)
    age_40_44 = models.PositiveIntegerField("40–44", default=0)
    age_45_49 = models.PositiveIntegerField("45–49", default=0)
    age_50_54 = models.PositiveIntegerField("50–54", default=0)
    age_55_59 = models.PositiveIntegerField("55–59", default=0)
    age_60_64 = models.PositiveIntegerField("60–64", default=0)
    age_65p = models.PositiveIntegerField("65 и старше", default=0)
    pension_age = models.PositiveIntegerField("Пенсионного возраста", default=0)
    edu_higher_ped = models.PositiveIntegerField("Высшее педагогическое", default=0)
    edu_higher_other = models.PositiveIntegerField("Высшее иное", default=0)
    edu_voc_ped = models.PositiveIntegerField("СПО педагогическое", default=0)
    edu_voc_other = models.PositiveIntegerField("СПО иное", default=0)
    edu_none = models.PositiveIntegerField("Без профессионального образования", default=0)
    young_specialists = models.PositiveIntegerField("Молодых специалистов (стаж до 3 лет)", default=0)
    leavers_retirement = models.PositiveIntegerField("Ожидаемое выбытие: на пенсию", default=0)
    leavers_moving = models.PositiveIntegerField("Ожидаемое выбытие: переезд", default=0)
    leavers_other = models.PositiveIntegerField("Ожидаемое выбытие: иное", default=0)
    left_last_year = models.PositiveIntegerField("Уволилось за прошедший год", default=0)
    left_retirement_last_year = models.PositiveIntegerField("Из них на пенсию", default=0)
    hired_last_year = models.PositiveIntegerField("Принято за прошедший год", default=0)
    hired_target_last_year = models.PositiveIntegerField("Из них по договорам о целевом обучении", default=0)
    planned_new_units = models.DecimalField("Планируется новых штатных единиц", max_digits=8, decimal_places=2,
                                            default=Decimal("0"))

    class Meta:
        verbose_name = "Строка сведений"
        verbose_name_plural = "Строки сведений"
        ordering = ["ret", "position__name"]
        constraints = [
            models.UniqueConstraint(fields=["ret", "position"], name="one_line_per_position"),
            models.CheckConstraint(
                condition=Q(staff_units__gte=0) & Q(filled_main__gte=0) & Q(filled_internal__gte=0)
                & Q(filled_external__gte=0) & Q(planned_new_units__gte=0),
                name="line_units_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.position.name}"

    @property
    def headcount(self) -> int:
        return sum(getattr(self, name) for name, _ in AGE_BANDS)

    @property
    def filled(self) -> Decimal:
        return self.filled_main + self.filled_internal + self.filled_external


LINE_NUMBER_FIELDS = ([n for n, _ in UNIT_FIELDS] + [n for n, _ in AGE_BANDS] + ["pension_age"]
                      + [n for n, _ in EDUCATION]
                      + ["young_specialists", "leavers_retirement", "leavers_moving", "leavers_other",
                         "left_last_year", "left_retirement_last_year", "hired_last_year", "hired_target_last_year",
                         "planned_new_units"])
DECIMAL_FIELDS = {"staff_units", "filled_main", "filled_internal", "filled_external", "planned_new_units"}
