"""The plan (циклограмма) as data: a version per year, its items, the dated tasks they generate."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from orientir.directory.models import CommitteeUnit, Municipality, Organisation

from . import rules


class PlanVersion(models.Model):
    """The plan of one municipality for one calendar year; editing one year never touches another."""

    municipality = models.ForeignKey(Municipality, verbose_name="Муниципальное образование",
                                     on_delete=models.PROTECT, related_name="plan_versions")
    year = models.PositiveIntegerField("Год")
    title = models.CharField("Наименование", max_length=500)
    source = models.CharField("Основание", max_length=500, blank=True)
    based_on = models.ForeignKey("self", verbose_name="Создан на основе", null=True, blank=True,
                                 on_delete=models.SET_NULL)
    tasks_generated_at = models.DateTimeField("Задачи сформированы", null=True, blank=True)
    created_at = models.DateTimeField("Создан", auto_now_add=True)

    class Meta:
        verbose_name = "План на год"
        verbose_name_plural = "Планы по годам"
        ordering = ["municipality", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="one_plan_per_year")]

    def __str__(self) -> str:
        return f"План на {self.year} год"


class PlanItem(models.Model):
    """An item of the plan (1.1, 2.8.5…): what, by when, who, with what result and proof."""

    class Participation(models.TextChoices):
        NONE = "none", "Только подразделения Комитета"
        ALL = "all", "Все муниципальные организации"
        EDUCATION = "education", "Муниципальные образовательные организации"
        SCHOOLS = "schools", "Общеобразовательные организации (школы)"
        CUSTOMERS = "customers", "Организации — заказчики целевого обучения"

    class Cadence(models.TextChoices):
        NONE = "", "—"
        WEEKLY = "weekly", "еженедельно"
        MONTHLY = "monthly", "ежемесячно"
        QUARTERLY = "quarterly", "ежеквартально"
        HALF_YEARLY = "half_yearly", "раз в полгода"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    number = models.CharField("Номер", max_length=10)
    parent = models.ForeignKey("self", verbose_name="Раздел", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    sort_key = models.CharField(max_length=40, editable=False, default="")
    title = models.TextField("Наименование мероприятия")
    deadline_text = models.CharField("Срок по тексту плана", max_length=300, blank=True)
    rule = models.JSONField("Правило срока", null=True, blank=True)
    units = models.ManyToManyField(CommitteeUnit, verbose_name="Ответственные подразделения", blank=True,
                                   related_name="plan_items")
    participation = models.CharField("Участие организаций", max_length=20, choices=Participation.choices,
                                     default=Participation.NONE)
    expected_result = models.TextField("Ожидаемый результат", blank=True)
    artifact = models.CharField("Подтверждающий результат в системе", max_length=60, blank=True)
    depends_on = models.JSONField("Зависит от пунктов", default=list, blank=True)
    promised_cadence = models.CharField("Периодичность по тексту результата", max_length=20,
                                        choices=Cadence.choices, blank=True, default="")
    is_retired = models.BooleanField("Исключён из плана", default=False)

    class Meta:
        verbose_name = "Мероприятие плана"
        verbose_name_plural = "Мероприятия плана"
        ordering = ["version", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 90 else self.title[:87].rstrip() + "…"

    @property
    def is_section(self) -> bool:
        return self.parent_id is None and not self.rule

    @property
    def section_number(self) -> str:
        return self.number.split(".")[0]

    @property
    def rule_text(self) -> str:
        return rules.describe(self.rule)

    def save(self, *args, **kwargs):
        self.sort_key = number_sort_key(self.number)
        super().save(*args, **kwargs)


def number_sort_key(number: str) -> str:
    """«2.10» after «2.9»: each part zero-padded."""
    return ".".join(part.zfill(3) for part in number.strip(".").split("."))


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Task.Status.DONE)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_on__lt=today)


class Task(models.Model):
    """One dated obligation of a unit or an organisation, generated from a plan item for a year."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланирована"
        IN_PROGRESS = "in_progress", "Выполняется"
        DONE = "done", "Выполнена"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(PlanItem, verbose_name="Мероприятие", on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(CommitteeUnit, verbose_name="Подразделение", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="tasks")
    organisation = models.ForeignKey(Organisation, verbose_name="Организация", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="tasks")
    label = models.CharField("Этап", max_length=100, blank=True)
    starts_on = models.DateField("Начало", null=True, blank=True)
    due_on = models.DateField("Срок")
    status = models.CharField("Состояние", max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_at = models.DateTimeField("Выполнена", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Закрыл", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="closed_tasks")
    evidence_url = models.CharField("Ссылка на результат в системе", max_length=500, blank=True)
    evidence_file = models.FileField("Файл-подтверждение", upload_to="plan/evidence/%Y/", blank=True)
    note = models.TextField("Комментарий", blank=True)
    version_no = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "Задача плана"
        verbose_name_plural = "Задачи плана"
        ordering = ["due_on", "item__sort_key", "id"]
        indexes = [
            models.Index(fields=["version", "due_on"], name="task_version_due_idx"),
            models.Index(fields=["unit", "status", "due_on"], name="task_unit_idx"),
            models.Index(fields=["organisation", "status", "due_on"], name="task_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False) | Q(organisation__isnull=False),
                                   name="task_has_an_executor"),
            models.CheckConstraint(condition=~Q(status="done") | Q(done_at__isnull=False), name="done_has_date"),
        ]

    def __str__(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"{self.item.number}{label} — {self.executor_name}, срок {self.due_on:%d.%m.%Y}"

    @property
    def executor_name(self) -> str:
        return self.organisation.short_name if self.organisation_id else self.unit.short_name

    def state(self, today: datetime.date | None = None) -> str:
        """planned / in_progress / overdue / done_on_time / done_late: what a dashboard counts."""
        today = today or timezone.localdate()
        if self.status == self.Status.DONE:
            return "done_late" if timezone.localdate(self.done_at) > self.due_on else "done_on_time"
        if self.due_on < today:
            return "overdue"
        return self.status

    STATE_LABELS = {
        "planned": ("Запланирована", "secondary"),
        "in_progress": ("Выполняется", "primary"),
        "overdue": ("Просрочена", "danger"),
        "done_on_time": ("Выполнена в срок", "success"),
        "done_late": ("Выполнена с опозданием", "warning"),
    }

    @property
    def state_label(self) -> tuple[str, str]:
        return self.STATE_LABELS[self.state()]

    @property
    def due_is_non_working(self) -> bool:
        from .calendar import is_working_day

        return not is_working_day(self.due_on)


class ReminderLog(models.Model):
    """A reminder sent about a task to a person on a day: at most one per task, person and day."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "user", "sent_on"], name="one_reminder_a_day")]


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address of a person's iCalendar feed, for calendar programs that cannot log in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)
