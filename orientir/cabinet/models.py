"""Accounts of people who are not staff: a pupil from 14, a legal representative, a contracted student or a young
specialist. The sign-in itself is an accounts.User whose role is the cabinet's (accounts.access.CABINET_ROLE: it holds
no permission string); what the person may see is the rows of `Link`, and nothing else."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    PUPIL = "pupil", "Обучающийся (с 14 лет)"
    PARENT = "parent", "Родитель (законный представитель)"
    STUDENT = "student", "Студент — гражданин по договору о целевом обучении"
    SPECIALIST = "specialist", "Молодой специалист — выпускник по договору"


PUPIL_KINDS = {Kind.PUPIL, Kind.PARENT}
CONTRACT_KINDS = {Kind.STUDENT, Kind.SPECIALIST}


class Account(models.Model):
    """The cabinet side of a user: who the person is to the records they see."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cabinet_account")
    kind = models.CharField("Кто", max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField("Зарегистрирован", auto_now_add=True)

    class Meta:
        verbose_name = "Учётная запись личного кабинета"
        verbose_name_plural = "Учётные записи личного кабинета"

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.get_kind_display()})"


class Link(models.Model):
    """One record the account may see: a pupil (their own, or their child) or a contract (their own)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="links")
    pupil = models.ForeignKey("guidance.Pupil", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="cabinet_links")
    contract = models.ForeignKey("contracts.Contract", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="cabinet_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Доступ личного кабинета"
        verbose_name_plural = "Доступы личного кабинета"
        constraints = [
            models.CheckConstraint(condition=Q(pupil__isnull=True) ^ Q(contract__isnull=True),
                                   name="cabinet_link_one_record"),
            models.UniqueConstraint(fields=["account", "pupil"], name="cabinet_link_pupil_once"),
            models.UniqueConstraint(fields=["account", "contract"], name="cabinet_link_contract_once"),
        ]


class Invitation(models.Model):
    """A one-time code. Only its keyed hash is kept: the code itself is shown once, on the printed sheet."""

    kind = models.CharField("Кому", max_length=12, choices=Kind.choices)
    pupil = models.ForeignKey("guidance.Pupil", verbose_name="Обучающийся", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="cabinet_invitations")
    contract = models.ForeignKey("contracts.Contract", verbose_name="Договор", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="cabinet_invitations")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Выдал", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("Выдано", auto_now_add=True)
    expires_at = models.DateTimeField("Действует до")
    used_at = models.DateTimeField("Использовано", null=True, blank=True)
    revoked_at = models.DateTimeField("Отменено", null=True, blank=True)
    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "Приглашение в личный кабинет"
        verbose_name_plural = "Приглашения в личный кабинет"
        ordering = ["-issued_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(pupil__isnull=True) ^ Q(contract__isnull=True),
                                              name="cabinet_invitation_one_record")]

    def __str__(self) -> str:
        return f"Приглашение № {self.pk} ({self.get_kind_display()})"
