"""Offers of targeted education under ПП РФ № 555: a campaign per year and municipality, its targets taken from a
frozen forecast, the customers' offers with their approval and placement on «Работа в России», the applications.

Offers sit above contracts: a contract keeps a nullable link to its offer and application (contracts.Contract.offer,
.application), the text numbers it had before stay as they were.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from orientir.accounts.roles import Sector
from orientir.contracts.models import StudyForm
from orientir.core.text import natural_key, search_blob
from orientir.directory.models import EducationLevel, Municipality, Organisation, Specialty, SpecialtyGroup

# The forecast speaks of two levels; the classifier of five. An offer counts against the target of its family.
FORECAST_LEVELS = {"vocational": "СПО", "higher": "ВО"}
LEVEL_FAMILY = {EducationLevel.SPO_WORKER: "vocational", EducationLevel.SPO: "vocational",
                EducationLevel.BACHELOR: "higher", EducationLevel.SPECIALIST: "higher", EducationLevel.MASTER: "higher"}


class OfferCampaign(models.Model):
    """The offers of one municipality for one admission year."""

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование", on_delete=models.PROTECT,
                                     related_name="offer_campaigns")
    year = models.PositiveIntegerField("Год приёма")
    snapshot = models.ForeignKey("forecast.ForecastSnapshot", verbose_name="Зафиксированный прогноз", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="offer_campaigns")
    # ПП № 555: offers within the quota are placed by 10 June; kept as data, editable per campaign.
    placement_deadline = models.DateField("Срок размещения предложений (квота)")
    note = models.CharField("Комментарий", max_length=500, blank=True)
    created_at = models.DateTimeField("Создана", auto_now_add=True)

    class Meta:
        verbose_name = "Кампания предложений о целевом обучении"
        verbose_name_plural = "Кампании предложений о целевом обучении"
        ordering = ["-year", "municipality__name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="offer_campaign_one_a_year")]

    def __str__(self) -> str:
        return f"Предложения о целевом обучении на {self.year} год"

    def days_left(self, today: datetime.date) -> int:
        return (self.placement_deadline - today).days


class CampaignTarget(models.Model):
    """The need of the frozen forecast for one cell: sector, position, level → contracts to offer."""

    campaign = models.ForeignKey(OfferCampaign, on_delete=models.CASCADE, related_name="targets")
    sector = models.CharField("Отрасль", max_length=20, choices=Sector.choices)
    position = models.CharField("Должность", max_length=200)
    level = models.CharField("Уровень", max_length=12, choices=list(FORECAST_LEVELS.items()))
    specialty_group = models.ForeignKey(SpecialtyGroup, verbose_name="Укрупнённая группа", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    contracts_needed = models.PositiveIntegerField("Потребность в договорах")

    class Meta:
        verbose_name = "Потребность кампании"
        verbose_name_plural = "Потребность кампании"
        ordering = ["sector", "position", "level"]
        constraints = [models.UniqueConstraint(fields=["campaign", "sector", "position", "level"],
                                               name="offer_target_one_per_cell")]

    def __str__(self) -> str:
        group = f", {self.specialty_group.code}" if self.specialty_group_id else ""
        return f"{self.get_sector_display()}: {self.position} ({self.get_level_display()}{group}) — {self.contracts_needed}"


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "На согласовании"
        RETURNED = "returned", "Возвращено на доработку"
        APPROVED = "approved", "Согласовано"
        PLACED = "placed", "Размещено на «Работа в России»"

    campaign = models.ForeignKey(OfferCampaign, verbose_name="Кампания", on_delete=models.PROTECT,
                                 related_name="offers")
    number = models.CharField("Номер предложения", max_length=20, editable=False)
    status = models.CharField("Состояние", max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    customer = models.ForeignKey(Organisation, verbose_name="Заказчик", on_delete=models.PROTECT,
                                 related_name="offers")
    target = models.ForeignKey(CampaignTarget, verbose_name="Потребность по прогнозу", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="offers")
    education_organisation = models.CharField("Образовательная организация", max_length=300)
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность (направление подготовки)",
                                  on_delete=models.PROTECT, related_name="+")
    level = models.CharField("Уровень образования", max_length=12, choices=EducationLevel.choices)
    study_form = models.CharField("Форма обучения", max_length=12, choices=StudyForm.choices,
                                  default=StudyForm.FULL_TIME)
    is_quota = models.BooleanField("В пределах квоты приёма на целевое обучение", default=True)
    contracts_count = models.PositiveSmallIntegerField("Количество договоров",
                                                       validators=[MinValueValidator(1), MaxValueValidator(100)])
    support_measures = models.TextField("Меры поддержки")
    # The measure that goes into the contract as a line of its own (the rest stays in the text above).
    monthly_payment = models.DecimalField("Ежемесячная выплата, руб.", max_digits=10, decimal_places=2, null=True,
                                          blank=True, validators=[MinValueValidator(0)])
    work_place = models.CharField("Место осуществления трудовой деятельности", max_length=500)
    work_position = models.CharField("Должность (профессия)", max_length=200, blank=True)
    work_years = models.PositiveSmallIntegerField("Срок трудовой деятельности, лет", default=3,
                                                  validators=[MinValueValidator(3), MaxValueValidator(5)])
    requirements = models.TextField("Требования к кандидатам", blank=True)
    contact = models.CharField("Контактное лицо и телефон", max_length=300)
    return_reason = models.CharField("Причина возврата", max_length=500, blank=True, editable=False)
    platform_number = models.CharField("Номер на «Работа в России»", max_length=60, blank=True, editable=False)
    placed_on = models.DateField("Дата размещения", null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Составил", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField("Создано", auto_now_add=True)
    updated_at = models.DateTimeField("Изменено", auto_now=True)

    class Meta:
        verbose_name = "Предложение о целевом обучении"
        verbose_name_plural = "Предложения о целевом обучении"
        ordering = ["campaign", "number"]
        indexes = [models.Index(fields=["campaign", "status"], name="offer_scope_idx")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="offer_number_unique"),
            models.CheckConstraint(condition=Q(work_years__gte=3, work_years__lte=5), name="offer_work_3_5_years"),
            models.CheckConstraint(condition=Q(contracts_count__gte=1), name="offer_at_least_one_contract"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.specialty.code} {self.customer.short_name}"

    @property
    def level_family(self) -> str:
        return LEVEL_FAMILY.get(self.level, "")

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def approved(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PLACED)

    def save(self, *args, **kwargs):
        self.search_text = search_blob(self.number, self.education_organisation, self.work_place,
                                       self.platform_number)
        super().save(*args, **kwargs)


class Application(models.Model):
    """An applicant's application to an offer, as the platform lists it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Подана"
        WITHDRAWN = "withdrawn", "Отозвана"
        ALLOWED = "allowed", "Допущен"
        ENROLLED = "enrolled", "Зачислен"
        NOT_ENROLLED = "not_enrolled", "Не зачислен"

    class Match(models.TextChoices):
        NONE = "none", "Нет в целевой базе"
        FOUND = "found", "Найден в целевой базе"
        UNCERTAIN = "uncertain", "Требует подтверждения"
        CONFIRMED = "confirmed", "Подтверждён"
        REJECTED = "rejected", "Не тот обучающийся"

    offer = models.ForeignKey(Offer, verbose_name="Предложение", on_delete=models.PROTECT,
                              related_name="applications")
    last_name = models.CharField("Фамилия", max_length=100)
    first_name = models.CharField("Имя", max_length=100)
    middle_name = models.CharField("Отчество", max_length=100, blank=True)
    birth_date = models.DateField("Дата рождения")
    applied_on = models.DateField("Дата подачи")
    status = models.CharField("Статус", max_length=14, choices=Status.choices, default=Status.SUBMITTED)
    platform_number = models.CharField("Номер заявки на «Работа в России»", max_length=60, blank=True)
    pupil = models.ForeignKey("guidance.Pupil", verbose_name="Обучающийся (целевая база)", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="offer_applications")
    match = models.CharField("Сопоставление", max_length=10, choices=Match.choices, default=Match.NONE,
                             editable=False)
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=320, editable=False, default="")
    created_at = models.DateTimeField("Внесена", auto_now_add=True)
    updated_at = models.DateTimeField("Изменена", auto_now=True)

    class Meta:
        verbose_name = "Заявка на предложение о целевом обучении"
        verbose_name_plural = "Заявки на предложения о целевом обучении"
        ordering = ["sort_name", "id"]
        constraints = [models.UniqueConstraint(fields=["offer", "last_name", "first_name", "middle_name", "birth_date"],
                                               name="application_once_per_offer")]

    def __str__(self) -> str:
        return f"{self.full_name} → № {self.offer.number}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def save(self, *args, **kwargs):
        self.search_text = search_blob(self.last_name, self.first_name, self.middle_name, self.platform_number)
        self.sort_name = natural_key(f"{self.last_name} {self.first_name} {self.middle_name}")[:320]
        super().save(*args, **kwargs)


class ApplicationStatusChange(models.Model):
    """One status of an application and the day it took effect: the admission monitoring (2.10) reads a past week's
    status from here. Written by services.application_save with every change of status; the first row of an
    application entered before this history is its status on its submission date."""

    application = models.ForeignKey(Application, verbose_name="Заявка", on_delete=models.CASCADE,
                                    related_name="status_history")
    on = models.DateField("Дата")
    status = models.CharField("Статус", max_length=14, choices=Application.Status.choices)
    previous_status = models.CharField("Прежний статус", max_length=14, choices=Application.Status.choices,
                                       blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто изменил", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Статус заявки на предложение"
        verbose_name_plural = "История статусов заявок на предложения"
        ordering = ["application", "on", "id"]
        indexes = [models.Index(fields=["application", "on"], name="offers_app_status_on")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} с {self.on:%d.%m.%Y}"
