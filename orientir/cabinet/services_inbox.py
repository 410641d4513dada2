"""What people send from the cabinet (decision 65): a contract's document for the official to check, a question to
the pupil's tutor. Every write is audited on the row it makes, so that a withdrawal of consent strips its log with
it (core.personal_data.complete_erasure)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orientir.contracts.services import add_working_days
from orientir.core import audit
from orientir.core.errors import DomainError
from orientir.pupils import services as pupil_services
from orientir.pupils.models import TutorAssignment

from .models import Account, Document, DocumentKind, DocumentState, Question

MB = 1024 * 1024
DOCUMENT_MAX_BYTES = 5 * MB  # a scanned certificate or a phone photo of it; anything larger is not such a document
# What a document may be, told by its first bytes (the name and the browser's type are the sender's word only).
SIGNATURES = ((b"%PDF-", "application/pdf", ".pdf"), (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
              (b"\x89PNG\r\n\x1a\n", "image/png", ".png"))
MAX_ON_CHECK = 10  # documents of one contract waiting for the check at a time
MAX_OPEN_QUESTIONS = 5  # unanswered questions about one pupil at a time
TOO_BIG = f"Файл больше {DOCUMENT_MAX_BYTES // MB} МБ. Сфотографируйте или отсканируйте документ с меньшим разрешением."
NOT_A_DOCUMENT = "Принимаются только PDF, JPEG и PNG: сохраните документ в одном из этих форматов."


def read_document(upload) -> tuple[bytes, str, str]:
    """(bytes, content type, extension) of an uploaded document: refused by its declared size before a byte of it
    is read, then read no further than the limit, then told apart by its first bytes."""
    if upload is None or upload.size is None or upload.size > DOCUMENT_MAX_BYTES:
        raise DomainError(TOO_BIG, field="file")
    data = upload.read(DOCUMENT_MAX_BYTES + 1)
    if len(data) > DOCUMENT_MAX_BYTES:
        raise DomainError(TOO_BIG, field="file")
    for magic, content_type, ext in SIGNATURES:
        if data.startswith(magic):
            return data, content_type, ext
    raise DomainError(NOT_A_DOCUMENT, field="file")


def clean_filename(name: str, ext: str) -> str:
    """The sender's file name without a path or control characters, with the extension its content has."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return (stem[:150] or "document") + ext


@transaction.atomic
def document_upload(*, user, contract, kind: str, note: str, data: bytes, filename: str, content_type: str,
                    today: datetime.date | None = None) -> Document:
    """A document of the citizen's contract, sent for the check; due in CABINET_DOCUMENT_CHECK_DAYS working days."""
    today = today or timezone.localdate()
    if kind not in DocumentKind.values:
        raise DomainError("Выберите, какой это документ.", field="kind")
    if not data:
        raise DomainError("Файл пуст.", field="file")
    waiting = Document.objects.select_for_update().filter(contract=contract, state=DocumentState.SUBMITTED)
    if len(list(waiting.values_list("pk", flat=True))) >= MAX_ON_CHECK:
        raise DomainError(f"На проверке уже {MAX_ON_CHECK} документов по договору: дождитесь проверки.",
                          field="file")
    document = Document.objects.create(
        contract=contract, kind=kind, note=note.strip(), filename=filename[:200], content_type=content_type,
        size=len(data), content=data, uploaded_by=user, uploaded_at=timezone.now(),
        due_on=add_working_days(today, settings.CABINET_DOCUMENT_CHECK_DAYS))
    audit.record(actor=user, action="cabinet.document.uploaded", instance=document, object_repr=str(contract),
                 changes={"Документ": [None, document.get_kind_display()], "Файл": [None, document.filename],
                          "Комментарий": [None, document.note], "Проверить до": [None, f"{document.due_on:%d.%m.%Y}"]})
    return document


@transaction.atomic
def document_review(*, actor, document: Document, accept: bool, reason: str = "") -> Document:
    """The official's check: accepted, or returned with a reason the citizen reads in the cabinet."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.state != DocumentState.SUBMITTED:
        raise DomainError(f"Документ уже проверен: {document.get_state_display().lower()}.")
    reason = reason.strip()
    if not accept and not reason:
        raise DomainError("Укажите причину возврата: её прочтёт отправитель.", field="reason")
    document.state = DocumentState.ACCEPTED if accept else DocumentState.RETURNED
    document.return_reason = "" if accept else reason[:500]
    document.reviewed_by, document.reviewed_at = actor, timezone.now()
    document.save(update_fields=["state", "return_reason", "reviewed_by", "reviewed_at"])
    changes = {"Состояние": [DocumentState.SUBMITTED.label, document.get_state_display()]}
    if not accept:
        changes["Причина возврата"] = [None, document.return_reason]
    audit.record(actor=actor, action="cabinet.document." + ("accepted" if accept else "returned"), instance=document,
                 object_repr=str(document.contract), changes=changes)
    return document


def current_tutor(pupil):
    """The pupil's tutor of the latest school year, or None (the school's coordinator answers then)."""
    assignment = (TutorAssignment.objects.filter(pupil=pupil).select_related("tutor")
                  .order_by("-start_year", "-id").first())
    return assignment.tutor if assignment else None


@transaction.atomic
def question_ask(*, user, pupil, text: str, today: datetime.date | None = None) -> Question:
    """A question of the pupil or their parent to the pupil's tutor; due in CABINET_ANSWER_DAYS working days."""
    today = today or timezone.localdate()
    Account.objects.get(user=user)  # a person's account, never an official's
    text = text.strip()
    if not text:
        raise DomainError("Напишите вопрос.", field="text")
    if not pupil_services.has_active_consent(pupil):
        raise DomainError("Без согласия на обработку персональных данных школа не ведёт переписку об обучающемся: "
                          "сначала дайте согласие.", field="text")
    open_now = Question.objects.select_for_update().filter(pupil=pupil, answered_at__isnull=True)
    if len(list(open_now.values_list("pk", flat=True))) >= MAX_OPEN_QUESTIONS:
        raise DomainError(f"Без ответа уже {MAX_OPEN_QUESTIONS} вопросов: дождитесь ответа на них.", field="text")
    question = Question.objects.create(pupil=pupil, tutor=current_tutor(pupil), asked_by=user, text=text[:2000],
                                       asked_at=timezone.now(),
                                       due_on=add_working_days(today, settings.CABINET_ANSWER_DAYS))
    audit.record(actor=user, action="cabinet.question.asked", instance=question, object_repr=pupil.full_name,
                 changes={"Вопрос": [None, question.text], "Ответить до": [None, f"{question.due_on:%d.%m.%Y}"]})
    return question


@transaction.atomic
def question_answer(*, actor, question: Question, answer: str) -> Question:
    """The tutor's (or the coordinator's) answer, which the person reads in the cabinet."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answered_at is not None:
        raise DomainError("На вопрос уже ответили.")
    answer = answer.strip()
    if not answer:
        raise DomainError("Напишите ответ.", field="answer")
    question.answer, question.answered_by, question.answered_at = answer[:4000], actor, timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(actor=actor, action="cabinet.question.answered", instance=question,
                 object_repr=question.pupil.full_name, changes={"Ответ": [None, question.answer]})
    return question
