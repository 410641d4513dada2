"""The audit log: one table for every change of a domain record and every read of personal data."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


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
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx")]

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
