"""Contracted students and graduates after the contract is signed: admission monitoring (2.10), study records
(3.1), individual support plans and the support log (3.1.1, 3.1.2), practice placements (3.1.3), support
payments (3.1.4) and employment (3.3).

Every record hangs off a target contract; the contract's state is changed only by contracts.services.transition.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.contracts.models import Contract
from orientir.directory.models import Organisation, Position, Specialty


class AdmissionStatus(models.TextChoices):
    APPLIED = "applied", "Подал заявление"
    RANKED = "ranked", "В конкурсном списке"
    ADMITTED_QUOTA = "admitted_quota", "Зачислен в пределах квоты"
    ADMITTED_GENERAL = "admitted_general", "Зачислен вне квоты"
    NOT_ADMITTED = "not_admitted", "Не зачислен"


ADMITTED_STATUSES = {AdmissionStatus.ADMITTED_QUOTA, AdmissionStatus.ADMITTED_GENERAL}


def week_monday(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week that contains the day: weekly snapshots are keyed by it."""
    return day - datetime.timedelta(days=day.weekday())


class AdmissionRecord(models.Model):
    """One weekly snapshot of a contracted graduate's application and admission (2.10)."""

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE,
                                 related_name="admission_records")
    week = models.DateField("Неделя (понедельник)")
    status = models.CharField("Статус", max_length=20, choices=AdmissionStatus.choices)
    education_organisation = models.CharField("Образовательная организация", max_length=300, blank=True)
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность (направление)", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    on = models.DateField("Дата")
    note = models.CharField("Примечание", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Внесено", auto_now_add=True)
    updated_at = models.DateTimeField("Изменено", auto_now=True)

    class Meta:
        verbose_name = "Статус поступления"
        verbose_name_plural = "Мониторинг поступления"
        ordering = ["-week", "contract_id"]
        constraints = [models.UniqueConstraint(fields=["contract", "week"], name="admission_one_per_week")]
        indexes = [models.Index(fields=["week", "status"], name="admission_week_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.week:%d.%m.%Y})"


class StudyStatus(models.TextChoices):
    GOOD = "good", "Успевает"
    DEBT = "debt", "Академическая задолженность"
    LEAVE = "leave", "Академический отпуск"
    EXPELLED = "expelled", "Отчислен"
    TRANSFERRED = "transferred", "Переведён"


class StudyRecord(models.Model):
    """A student's course and academic status in one semester (3.1)."""

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE,
                                 related_name="study_records")
    academic_year = models.PositiveSmallIntegerField("Учебный год (начало)")
    semester = models.PositiveSmallIntegerField("Семестр", choices=[(1, "1-й (осенний)"), (2, "2-й (весенний)")])
    course = models.PositiveSmallIntegerField("Курс")
    status = models.CharField("Академический статус", max_length=12, choices=StudyStatus.choices,
                              default=StudyStatus.GOOD)
    average_mark = models.DecimalField("Средний балл", max_digits=3, decimal_places=2, null=True, blank=True)
    note = models.CharField("Примечание", max_length=500, blank=True)
    created_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Сведения об обучении"
        verbose_name_plural = "Сведения об обучении"
        ordering = ["-academic_year", "-semester"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "academic_year", "semester"], name="study_one_per_semester"),
            models.CheckConstraint(condition=Q(course__gte=1, course__lte=6), name="study_course_1_6"),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}, {self.semester}-й семестр, {self.course} курс"


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "Встреча с руководством"
    HOLIDAY = "holiday", "Привлечение в каникулярный период"
    COURSEWORK = "coursework", "Курсовая / ВКР по заказу муниципальной организации"
    CONTROL = "control", "Контроль исполнения обязательств"
    PRACTICE = "practice", "Практика"
    OTHER = "other", "Иное"


class SupportActivity(models.Model):
    """An activity of the individual support plan (3.1.1) or an ad-hoc entry of the support log (3.1.2).

    A control of obligations (kind «контроль») carries the outcome for both sides of the contract.
    """

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE,
                                 related_name="support_activities")
    academic_year = models.PositiveSmallIntegerField("Учебный год (начало)")
    kind = models.CharField("Вид мероприятия", max_length=12, choices=ActivityKind.choices)
    title = models.CharField("Содержание", max_length=300)
    in_plan = models.BooleanField("По индивидуальному плану", default=True)
    planned_on = models.DateField("Планируемая дата", null=True, blank=True)
    responsible = models.CharField("Ответственный", max_length=200, blank=True)
    done_on = models.DateField("Дата выполнения", null=True, blank=True)
    result = models.TextField("Результат", blank=True)
    semester = models.PositiveSmallIntegerField("Семестр", null=True, blank=True,
                                                choices=[(1, "1-й (осенний)"), (2, "2-й (весенний)")])
    citizen_fulfils = models.BooleanField("Гражданин исполняет обязательства", null=True, blank=True)
    customer_fulfils = models.BooleanField("Заказчик исполняет обязательства", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Мероприятие сопровождения"
        verbose_name_plural = "Мероприятия сопровождения"
        ordering = ["academic_year", "planned_on", "id"]
        indexes = [models.Index(fields=["academic_year", "in_plan"], name="support_year_idx")]
        constraints = [models.CheckConstraint(condition=Q(in_plan=False) | Q(planned_on__isnull=False),
                                              name="support_planned_has_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"



class PracticeKind(models.TextChoices):
    EDUCATIONAL = "educational", "Учебная практика"
    INDUSTRIAL = "industrial", "Производственная практика"
    PREDIPLOMA = "prediploma", "Преддипломная практика"


class PlacementState(models.TextChoices):
    REQUESTED = "requested", "Заявка"
    AGREED = "agreed", "Согласовано"
    DONE = "done", "Пройдена"
    CANCELLED = "cancelled", "Отменена"


class Placement(models.Model):
    """A practice placement at a customer organisation (3.1.3): requested → agreed → done, or cancelled."""

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE, related_name="placements")
    requested_on = models.DateField("Дата заявки")
    practice_kind = models.CharField("Вид практики", max_length=12, choices=PracticeKind.choices)
    organisation = models.ForeignKey(Organisation, verbose_name="Место практики", on_delete=models.PROTECT,
                                     related_name="student_placements")
    supervisor = models.CharField("Руководитель практики от организации", max_length=200, blank=True)
    starts_on = models.DateField("Начало")
    ends_on = models.DateField("Окончание")
    state = models.CharField("Состояние", max_length=10, choices=PlacementState.choices,
                             default=PlacementState.REQUESTED)
    grade = models.CharField("Оценка", max_length=40, blank=True)
    result = models.TextField("Результат", blank=True)
    cancel_reason = models.CharField("Причина отмены", max_length=300, blank=True)
    created_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Практика"
        verbose_name_plural = "Практика студентов"
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="placement_dates_order")]

    def __str__(self) -> str:
        return f"{self.get_practice_kind_display()}: {self.organisation.short_name}"


class PaymentPlan(models.Model):
    """The planned support amount of one month of a contract (3.1.4)."""

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE,
                                 related_name="payment_plan")
    month = models.DateField("Месяц")  # always the 1st day of the month
    amount = models.DecimalField("Сумма по плану, ₽", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "Начисление меры поддержки"
        verbose_name_plural = "План выплат"
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["contract", "month"], name="payment_plan_month_unique"),
                       models.CheckConstraint(condition=Q(amount__gte=0), name="payment_plan_amount_positive")]


class Payment(models.Model):
    """A support payment made (3.1.4)."""

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE, related_name="payments")
    month = models.DateField("За месяц")
    paid_on = models.DateField("Дата выплаты")
    amount = models.DecimalField("Сумма, ₽", max_digits=12, decimal_places=2)
    document = models.CharField("Номер платёжного документа", max_length=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Выплата меры поддержки"
        verbose_name_plural = "Выплаты мер поддержки"
        ordering = ["month", "paid_on", "id"]
        indexes = [models.Index(fields=["paid_on"], name="payment_paid_on_idx")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount} ₽ за {self.month:%m.%Y} (док. {self.document})"


class Employment(models.Model):
    """A graduate's work under the contract (3.3): where, from when, and a dismissal if it ended."""

    contract = models.ForeignKey(Contract, verbose_name="Договор", on_delete=models.CASCADE,
                                 related_name="employments")
    organisation = models.ForeignKey(Organisation, verbose_name="Организация", on_delete=models.PROTECT,
                                     related_name="contract_employments")
    position = models.ForeignKey(Position, verbose_name="Должность", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    started_on = models.DateField("Дата трудоустройства")
    order_number = models.CharField("Приказ о приёме", max_length=60, blank=True)
    dismissed_on = models.DateField("Дата увольнения", null=True, blank=True)
    dismissal_reason = models.CharField("Основание увольнения", max_length=300, blank=True)
    created_at = models.DateTimeField("Внесено", auto_now_add=True)

    class Meta:
        verbose_name = "Трудоустройство"
        verbose_name_plural = "Трудоустройство выпускников"
        ordering = ["started_on", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(dismissed_on__isnull=True) | Q(dismissed_on__gte=models.F("started_on")),
            name="employment_dates_order")]

    def __str__(self) -> str:
        return f"{self.organisation.short_name} с {self.started_on:%d.%m.%Y}"
