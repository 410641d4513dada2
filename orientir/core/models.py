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
