"""The audit log: one table for every change of a domain record and every read of personal data."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

# The entries that record a change, not a read (audit.READ_ACTIONS: a page or file of personal data seen, exported,
# a document generated). The newest of them stamps "the data as they are now" for caches (audit.last_change_id);
# the partial index below finds it at once however many reads were logged after it.
CHANGE_ENTRIES = (~Q(action__endswith=".viewed") & ~Q(action__endswith=".exported")
                  & ~Q(action__endswith=".document_generated"))


class AuditEntry(models.Model):
    """Who did what to which record, when, with the values before and after."""

    at = models.DateTimeField("Когда", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Кто", null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too, so the log still names the person after the account is removed.
    actor_name = models.CharField("Пользователь", max_length=300, blank=True)
    action = models.CharField("Действие", max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField("Идентификатор записи", max_length=64, blank=True)
    object_repr = models.CharField("Запись", max_length=500, blank=True)
    changes = models.JSONField("Изменения", default=dict, blank=True)

    class Meta:
        verbose_name = "Запись журнала"
        verbose_name_plural = "Журнал действий"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx"),
                   models.Index(fields=["id"], condition=CHANGE_ENTRIES, name="audit_change_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_name}: {self.action} {self.object_repr}"


class ImportUpload(models.Model):
    """A file uploaded for import, kept between its check and its import (the preview) and for the copy with its
    errors marked. Only its owner reads it; it is deleted once imported, and any upload older than a day is
    deleted at the next upload (orientir.core.imports.staging)."""

    id = models.UUIDField(primary_key=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто загрузил", on_delete=models.CASCADE)
    kind = models.CharField("Что загружается", max_length=50)
    filename = models.CharField("Имя файла", max_length=255, blank=True)
    data = models.BinaryField("Файл")
    context = models.JSONField("Куда загружается", default=dict, blank=True)
    created_at = models.DateTimeField("Загружен", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "Загруженный файл"
        verbose_name_plural = "Загруженные файлы"

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"


class DestructionAct(models.Model):
    """An act of destruction of personal data whose purpose of processing is reached (152-ФЗ, ст. 21 ч. 4–5;
    requirements to the act: приказ Роскомнадзора от 28.10.2022 № 179). It names the group of people and what was
    destroyed by table and count — never the data themselves."""

    municipality = models.ForeignKey("directory.Municipality", verbose_name="Муниципальное образование", null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("Номер акта", max_length=20)
    made_on = models.DateField("Дата уничтожения")
    subject = models.CharField("Категория субъектов", max_length=20)
    group = models.CharField("Чьи данные уничтожены", max_length=500)
    period = models.CharField("Срок хранения", max_length=300)
    reason = models.TextField("Основание")
    people = models.PositiveIntegerField("Записей (субъектов)")
    tables = models.JSONField("Уничтожено по таблицам", default=list)
    commission = models.TextField("Комиссия", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Уничтожил", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("Уничтожил (ФИО, должность)", max_length=300)
    created_at = models.DateTimeField("Составлен", auto_now_add=True)

    class Meta:
        verbose_name = "Акт об уничтожении персональных данных"
        verbose_name_plural = "Акты об уничтожении персональных данных"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Акт № {self.number} от {self.made_on:%d.%m.%Y}"
