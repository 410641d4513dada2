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


# --- What people send from the cabinet (issue 18, part 3; decision 65) -------------------------------------------

class DocumentKind(models.TextChoices):
    STUDY = "study", "Справка об обучении (за семестр)"
    EMPLOYMENT = "employment", "Сведения о трудовой деятельности (выписка) или приказ о приёме"
    OTHER = "other", "Иной документ по договору"


class DocumentState(models.TextChoices):
    SUBMITTED = "submitted", "На проверке"
    ACCEPTED = "accepted", "Принят"
    RETURNED = "returned", "Возвращён"


class Document(models.Model):
    """A document the citizen of a contract sends from the cabinet; the official checks it, accepts or returns it
    with a reason. The file is kept in the table (bounded by size and type before it is read), so it is served
    only through the access gate and goes with the row."""

    contract = models.ForeignKey("contracts.Contract", verbose_name="Договор", on_delete=models.CASCADE,
                                 related_name="cabinet_documents")
    kind = models.CharField("Документ", max_length=12, choices=DocumentKind.choices)
    note = models.CharField("Комментарий отправителя", max_length=500, blank=True)
    filename = models.CharField("Имя файла", max_length=200)
    content_type = models.CharField("Тип файла", max_length=40)
    size = models.PositiveIntegerField("Размер, байт")
    content = models.BinaryField("Файл")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Отправил", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("Отправлен")
    due_on = models.DateField("Проверить до")
    state = models.CharField("Состояние", max_length=12, choices=DocumentState.choices,
                             default=DocumentState.SUBMITTED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Проверил", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("Проверен", null=True, blank=True)
    return_reason = models.CharField("Причина возврата", max_length=500, blank=True)

    class Meta:
        verbose_name = "Документ из личного кабинета"
        verbose_name_plural = "Документы из личного кабинета"
        ordering = ["-uploaded_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(state="returned") | ~Q(return_reason=""),
                                              name="cabinet_document_returned_with_reason")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} от {self.uploaded_at:%d.%m.%Y}"


class Question(models.Model):
    """A question a pupil or a parent asks the pupil's tutor, and the answer. Only the pupil's current tutor (or the
    school's coordinator) sees it on the officials' side."""

    pupil = models.ForeignKey("guidance.Pupil", verbose_name="Обучающийся", on_delete=models.CASCADE,
                              related_name="cabinet_questions")
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Тьютор", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто спросил", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("Вопрос", max_length=2000)
    asked_at = models.DateTimeField("Задан")
    due_on = models.DateField("Ответить до")
    answer = models.TextField("Ответ", max_length=4000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Ответил", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField("Дан ответ", null=True, blank=True)

    class Meta:
        verbose_name = "Вопрос тьютору из личного кабинета"
        verbose_name_plural = "Вопросы тьютору из личного кабинета"
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"Вопрос от {self.asked_at:%d.%m.%Y}"
