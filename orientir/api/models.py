"""Tokens of the read API: one per regional body, carrying the rights of a user of the system."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """The key is shown once, when issued; only its SHA-256 is kept, so a copy of the database opens nothing."""

    name = models.CharField("Кому выдан", max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Права пользователя", on_delete=models.PROTECT,
                             related_name="api_tokens")
    prefix = models.CharField("Начало ключа", max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Выдал", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Выдан", auto_now_add=True)
    last_used_at = models.DateTimeField("Последнее обращение", null=True, blank=True)
    revoked_at = models.DateTimeField("Отозван", null=True, blank=True)

    class Meta:
        verbose_name = "Ключ API"
        verbose_name_plural = "Ключи API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "ort_" + secrets.token_urlsafe(32)
