"""Target contracts (договоры о целевом обучении): parties, terms and the lifecycle with its history.

The state machine lives in `lifecycle.py` (allowed transitions) and `services.transition` (the only writer of
`state`); every change of state leaves a ContractEvent with date, reason and details.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from orientir.core.text import natural_key, search_blob
from orientir.directory.models import EducationLevel, Municipality, Organisation, Position, Specialty


class Regime(models.TextChoices):
    """The legal act the contract falls under: № 555 for new contracts, earlier ones for imported contracts."""

    PP555 = "pp555", "Постановление Правительства РФ от 27.04.2024 № 555"
    PP1681 = "pp1681", "Постановление Правительства РФ от 13.10.2020 № 1681"
    PP302 = "pp302", "Постановление Правительства РФ от 21.03.2019 № 302"
    PP1076 = "pp1076", "Постановление Правительства РФ от 27.11.2013 № 1076"


class State(models.TextChoices):
    DRAFT = "draft", "Проект"
    SIGNED = "signed", "Заключён"
    ADMITTED = "admitted", "Зачислен на обучение"
    NOT_ADMITTED = "not_admitted", "Не зачислен"
    STUDYING = "studying", "Обучается"
    SUSPENDED = "suspended", "Исполнение приостановлено"
    GRADUATED = "graduated", "Завершил обучение"
    EMPLOYED = "employed", "Трудоустроен"
    FULFILLED = "fulfilled", "Обязательство исполнено"
    RELEASED = "released", "Освобождён от обязательств"
    TERMINATED = "terminated", "Расторгнут"
    BREACHED = "breached", "Нарушен гражданином"


class Kind(models.TextChoices):
    GRADUATE = "graduate", "С выпускником школы (п. 2.9)"
    STUDENT = "student", "Со студентом 2-го курса и старше (п. 2.11)"


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", "Очная"
    PART_TIME = "part_time", "Очно-заочная"
    EXTRAMURAL = "extramural", "Заочная"


class Contract(models.Model):
    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование", on_delete=models.PROTECT,
                                     related_name="contracts")
    number = models.CharField("Номер договора", max_length=40)
    kind = models.CharField("Вид договора", max_length=10, choices=Kind.choices, default=Kind.GRADUATE)
    regime = models.CharField("Правовой режим", max_length=10, choices=Regime.choices, default=Regime.PP555)
    state = models.CharField("Состояние", max_length=14, choices=State.choices, default=State.DRAFT, editable=False)
    # The state before a suspension, restored when it ends.
    state_before_suspension = models.CharField(max_length=14, choices=State.choices, blank=True, editable=False)
    signed_on = models.DateField("Дата заключения", null=True, blank=True)

    # Parties. The customer is a municipal organisation, or the Committee itself when empty.
    customer = models.ForeignKey(Organisation, verbose_name="Заказчик (пусто — Комитет)", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="customer_contracts")
    employer = models.ForeignKey(Organisation, verbose_name="Работодатель (если не заказчик)", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="employer_contracts")
    pupil = models.ForeignKey("guidance.Pupil", verbose_name="Обучающийся (из реестра)", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="contracts")
    last_name = models.CharField("Фамилия гражданина", max_length=100)
    first_name = models.CharField("Имя гражданина", max_length=100)
    middle_name = models.CharField("Отчество гражданина", max_length=100, blank=True)
    birth_date = models.DateField("Дата рождения")

    # Terms of study.
    specialty = models.ForeignKey(Specialty, verbose_name="Специальность (направление подготовки)",
                                  on_delete=models.PROTECT, related_name="+")
    level = models.CharField("Уровень образования", max_length=12, choices=EducationLevel.choices)
    study_form = models.CharField("Форма обучения", max_length=12, choices=StudyForm.choices,
                                  default=StudyForm.FULL_TIME)
    education_organisation = models.CharField("Образовательная организация", max_length=300, blank=True)

    # Terms of work.
    work_organisation = models.ForeignKey(Organisation, verbose_name="Место работы", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="work_contracts")
    work_position = models.ForeignKey(Position, verbose_name="Должность", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    work_start_deadline = models.DateField("Срок трудоустройства (не позднее)", null=True, blank=True)
    work_years = models.PositiveSmallIntegerField("Срок отработки, лет", default=3)

    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(max_length=320, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField("Создан", auto_now_add=True)
    updated_at = models.DateTimeField("Изменён", auto_now=True)

    class Meta:
        verbose_name = "Договор о целевом обучении"
        verbose_name_plural = "Договоры о целевом обучении"
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["municipality", "state"], name="contract_scope_idx"),
                   models.Index(fields=["sort_name", "id"], name="contract_sort_idx")]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="contract_number_unique"),
            models.CheckConstraint(condition=Q(work_years__gte=3, work_years__lte=5), name="contract_work_3_5_years"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.citizen_name}"

    @property
    def citizen_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def customer_name(self) -> str:
        return self.customer.short_name if self.customer_id else "Комитет образования, культуры, спорта и работы с молодёжью"

    def refresh_derived(self) -> None:
        self.search_text = search_blob(self.number, self.last_name, self.first_name, self.middle_name)
        self.sort_name = natural_key(f"{self.last_name} {self.first_name} {self.middle_name}")[:320]

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class ContractEvent(models.Model):
    """One step of a contract's history: a change of state (or a note such as a supplementary agreement)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField("Из состояния", max_length=14, choices=State.choices, blank=True)
    to_state = models.CharField("В состояние", max_length=14, choices=State.choices, blank=True)
    on = models.DateField("Дата")
    reason = models.CharField("Основание", max_length=500, blank=True)
    details = models.JSONField("Подробности", default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Событие договора"
        verbose_name_plural = "История договора"
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["to_state", "on"], name="contract_event_state_idx")]
